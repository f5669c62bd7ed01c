"""What the studio says when a turn asks for no picture: thanks, greetings, questions about the
studio itself ("how do I undo?", "do you keep my photos?", "what can you do?"), "where were we?".

The interpreter has already decided the turn is chat; these patterns only choose the answer.
"""

from __future__ import annotations

import re

from studio.references import RouterContext


# what a voice assistant is asked, not an image studio ("Hey Studio, set a timer for ten minutes")
NOT_FOR_PICTURES = re.compile(r"\b(?:set\s+(?:a|an|the|my)\s+(?:timer|alarm|reminder)|remind\s+me\s+(?:to|at|in)|what'?s\s+the\s+weather|"
                              r"play\s+(?:some\s+)?(?:music|songs?)|turn\s+(?:on|off)\s+the\s+(?:lights?|tv))\b")


def chat_reply_for(core: str, ctx: RouterContext) -> str:
    """The answer to a chat turn (`core`: its lower-cased words, politeness cut)."""
    if re.search(r"\bwhere (?:were|are|was) (?:we|i)\b|\bwhat (?:were|was) (?:we|i) (?:doing|working on|making)\b", core):
        if ctx.current is None:
            return "Nothing yet in this session: describe an image to create, or attach one."
        made = ctx.descriptions.get(ctx.current, "")
        return f"We were working on #{ctx.current}" + (f" ({made})" if made else "") + ". Say what to change next, or “go back to image N”."
    if re.match(r"^(?:let'?s\s+)?(?:start|begin)\s+(?:over|again|afresh|fresh|anew)\b", core):
        return "Sure, a fresh start: describe the new picture, or attach a photo to work on."
    greeted = re.sub(r"^(?:(?:hi|hello|hey|hiya|yo|ok|okay|so|um+|quick question)\b[\s!,.:]*)+", "", core)
    about = next((reply for pattern, reply in ABOUT_THE_STUDIO if pattern.search(greeted)), None)
    if about is not None:
        return about
    if HELP.match(core) or HELP.match(greeted):
        return HELP_TEXT
    if re.search(r"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+help\b", core):  # "... a sign for my kiddos. Can you help?"
        return "Happy to help! Describe the picture you have in mind (what it shows, any words on it), or attach a photo to start from."
    if re.match(r"^(?:i'?ll |let'?s |we'?ll |i'?d like to |i want to )?(?:keep|stick with|go with) (?:that|this|it)(?: one)?\b", core) \
            and ctx.current is not None:
        return f"Great, #{ctx.current} stays the current image."
    return chat_reply(core)


def chat_reply(core: str) -> str:
    if re.match(r"^(?:thanks?|thank you|thx|ty|cheers)", core):
        return "You're welcome! Tell me what to change next, or describe a new image."
    if re.match(r"^(?:hello|hi|hey|hiya|good (?:morning|afternoon|evening))", core):
        return "Hello! Describe an image to create, attach one to edit, or ask about an image."
    if re.match(r"^(?:bye|goodbye|see you)", core):
        return "Bye! This session is saved; you can resume it any time."
    return "Glad you like it. What next?"


HELP = re.compile(
    r"^(?:help|\?|what can you do|how does (?:this|it) work|what are you|who are you|how do i use)"
    # questions about the studio itself: "can you edit photos?", "do you also make logos?"
    r"|^(?:can|could|do|will|are) (?:you|u) (?:also |even |able to |really )*(?:edit|make|create|generate|draw|do|"
    r"change|fix|restyle|inpaint|describe|handle|work with|read|see|understand|retouch|paint)\s+(?:photos?|pictures?|"
    r"images?|pics?|selfies?|portraits?|logos?|styles?|anything|things|videos?|gifs?|drawings?|paintings?)"
    r"(?:\s+(?:that\s+)?(?:i|we)\s+(?:upload|send|have|take|give you))?(?:\s+(?:too|as well|also))?\s*\??$"
)
# the studio asked about itself: "Do you ever get tired, answering folks all day long?", "where do this machine live?"
# (not "where does it live?": the animal in the picture)
_STUDIO = r"(?:you|u|ye|this\s+(?:machine|thing|app|computer|program|studio)|the\s+(?:machine|computer|app|studio))"
_ITSELF = (rf"\b(?:do|does|did|are|is|were|have|will|would)\s+{_STUDIO}\s+(?:ever\s+|still\s+|really\s+|even\s+)?"
           r"(?:get\s+(?:tired|bored|lonely|sleepy|paid|a\s+(?:break|rest|day\s+off))|tired|bored|lonely|sleep|dream|rest|"
           r"enjoy\s+(?:your|this|it)|like\s+(?:your|this)\s+(?:job|work)|have\s+(?:a\s+)?(?:family|name|holidays?|days?\s+off|"
           r"weekends?|friends|feelings)|feel\s+(?:tired|lonely|bored))\b|"
           rf"\bwhere\s+(?:do|does|did|is|are)\s+{_STUDIO}\s+(?:live|come\s+from|stay|sit|kept|based)\b|"
           rf"\bwho\s+(?:made|built|owns|programmed|trained)\s+{_STUDIO}\b")
# a question about who or what makes the pictures: "is it a real person doing this, or one of them computer things?",
# "how you know what is in my photo?", "how d'yer do that so quick"; and about the studio itself (above)
ABOUT_THE_MAKER = re.compile(_ITSELF + "|" + 
    r"\b(?:(?:a\s+)?real\s+(?:person|human|artist)|(?:some|a)\s*(?:one|body|fella|fellow|bloke|guy|man|woman|person|human|artist)\s+"
    r"(?:in\s+there|there|back\s+there|at\s+the\s+other\s+end|doing\s+(?:this|these|it|them)|drawing|painting\s+(?:these|them|this))|"
    r"(?:are|r)\s+(?:you|u|ye)\s+(?:a\s+)?(?:computer|robot|machine|ai|human|person|real|lass|lad|man|woman|girl|boy|bloke|fella)\b|(?:you|u)\s+(?:are|r)\s+(?:a\s+)?(?:computer|robot|machine)|"
    r"(?:computer|robot|machine|ai)\s+(?:things?|doing|program)|\b(?:does|can|will|could)\s+(?:this|the)\s+(?:thing|app|studio|tool|program|yoke)\s+"
    r"(?:know|do|make|understand|read|use)\b|how\s+(?:do|d'?yer|d'?you|does|did)?\s*(?:you|ye|yer|u|it)\s+"
    r"(?:know\s+what|do\s+(?:that|it|this)\s+so|make\s+(?:them|these|it)\s+so))"
    r"|\b(?:curious|wonder(?:ing)?)\s+how\s+(?:you|u|ye|it)\s+(?:do|does|make)\s+(?:it|that|this|them)\b")  # "just curious how u do it"


# questions about the studio itself, not about an image, and their answers
ABOUT_THE_STUDIO = [
    (re.compile(r"^how (?:do|can|would) (?:i|we|you)\s+(?:\w+\s+)?(?:undo|redo|go back|start over|branch|revert)\b"),
     "Say “undo” (or “go back”) to step back one change and “redo” to step forward again; “go back to "
     "image 3” picks any earlier image, and a new request from there starts a branch. Nothing is lost."),
    (re.compile(r"^how (?:do|can) (?:i|we)\s+(?:\w+\s+)?(?:save|download|export|keep|get)\b.*\b(?:images?|pictures?|photos?|it|them)\b"),
     "Every image is saved in this session as it is made; download any of them from the gallery "
     "(the PNG carries its recipe), or find the files under the studio home folder."),
    (re.compile(r"\b(?:do|will|would|can) (?:you|u) (?:\w+ )?(?:keep|store|save|delete|remember|share|upload|send)\b.*"
                r"\b(?:my )?(?:photos?|images?|pictures?|pics?|data|files?|uploads?)\b|\bprivacy\b|\bprivate\b"),
     "Your images and chats are kept only in this studio's own folder on the machine it runs on, so that "
     "sessions can be resumed; nothing is sent elsewhere. Delete a session to remove them."),
    (re.compile(r"\b(?:is there|are there|any) (?:a |any )?(?:limits?|cap|quota|maximum)(?:\s+(?:on|to|for)\b|\s*\??$)|"
                r"\bhow many (?:images|pictures|edits) can (?:i|we)\b"),
     "There is no quota: the only limit is the time the models take on this machine."),
    (re.compile(r"\b(?:which|what) (?:ai |a\.i\. )?(?:models?|ai|engine|tech)\b.*\b(?:use|using|run|running|behind|power)\b"),
     "Each tool has its model: DreamOmni2 (FLUX Kontext) edits and generates with references, StyleKeeper "
     "(SDXL) does style transfer, Lumina-DiMOO can do all five, and Qwen2.5-VL answers questions. "
     "`studio models` lists the ones this preset runs."),
    (NOT_STILLS := re.compile(r"(?:^|[.!?:]\s+)(?:(?:can|could|do|will) (?:you|u) )?(?:also |even )?(?:make|do|create|generate|edit) (?:an? )?"
                              r"(?:small |short |little |quick )?(?:videos?|gifs?|animations?|music|audio|reels?)\b(?!\s+(?:style|look|frame|still|cover|thumbnail|poster))"),
     "Not videos, animation or sound: this studio makes and edits still images."),
    (ABOUT_THE_MAKER,
     "No person draws them: image models make and change the pictures on this machine, and a vision model "
     "reads them when you ask about one. That is why it's quick."),
    (NOT_FOR_PICTURES,
     "I can't do that here: this studio only makes, edits and answers questions about images."),
]

HELP_TEXT = (
    "I create and edit images by chat. Try: “a lighthouse at dusk” (generate), “make the sky stormy” "
    "(edit the current image), “put this hat on the dog” with a photo attached (edit with a reference), "
    "“paint image 3 in the style of image 1” (style), a mask + “replace this area with a fireplace” "
    "(inpaint), “what breed is it?” (describe). Refer to images as “image 3” or “#3”; say “undo”, "
    "“redo” or “try again” any time."
)
