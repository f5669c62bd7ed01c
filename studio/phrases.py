"""The rule router's vocabulary: the phrases people use for each intent, and small text helpers.

Kept apart from the decisions in router.py so that adding a phrasing touches one place. Every
pattern here runs on lower-cased text with curly quotes straightened.
"""

from __future__ import annotations

import re

from studio.references import Mention

# -- cue phrases ---------------------------------------------------------------------------------
POLITE = re.compile(
    r"^(?:(?:please|pls|plz|kindly|ok(?:ay)?|k|kk|alright|all right|now|and|then|so|also|next|great|nice|cool|"
    r"actually|hmm+|um+|uh+|oh well|ah|no wait|wait|on second thought|lol|haha|"
    r"perfect|awesome|good|hmm+|well|yes|yeah|yep|sure|thanks|thank you|wow|oh|hey|right|lovely|"
    r"would you mind|can you|could you|would you|will you|can u|could u|i want you to|i'd like you to|"
    r"i would like you to|i need you to|let's|lets|let us|go ahead and|try to|just|maybe|"
    r"is it possible to|is possible to|it is possible to|could you possibly|can you please|could you please|"
    r"would it be possible to|(?:i was|i'm|i am) wondering if (?:you|u) (?:could|might|would|can)|"
    r"(?:would|could|will) you be so (?:kind|good) as to|(?:please )?be so (?:kind|good) as to|might i trouble you to|"
    r"i (?:would|should|'d) be (?:grateful|obliged) if (?:you|u) (?:could|would|might)|dear (?:studio|sir|madam)|"
    r"if you (?:would|could|please)|would you kindly|could you kindly|i should like to|i would like to|"
    r"i wonder if (?:you|u) (?:could|might|would|can)|do you think (?:you|u) could|any chance (?:you|u) (?:could|can)|"
    r"can we|could we|shall we|should we|can ya|could ya|g'day|gday|hiya|mate|bet|fr|ngl|lowkey|highkey|nvm|"
    r"no worries|cheers|bro|fam)\b[\s,.!:;-]*)+"
)
EDIT_VERBS = (
    "make", "add", "remove", "delete", "erase", "change", "replace", "put", "place", "turn", "give", "move",
    "swap", "set", "color", "colour", "recolor", "recolour", "paint", "fill", "brighten", "darken", "lighten",
    "zoom", "crop", "rotate", "flip", "mirror", "blur", "sharpen", "enhance", "let", "have", "keep", "increase",
    "decrease", "reduce", "shrink", "enlarge", "extend", "expand", "convert", "transform", "dress", "age",
    "fix", "clean", "get rid", "take out", "take away", "include", "insert", "apply", "use", "modify",
    "adjust", "tweak", "edit", "switch", "raise", "lower", "widen", "narrow", "straighten", "restore",
    "saturate", "desaturate", "tint", "shift", "bring", "cover", "hide", "show", "transfer", "copy",
    "match", "dye", "wrap", "attach", "stick", "drop", "shorten", "lengthen", "thicken", "soften",
    "warm", "cool down", "redo the", "redraw", "retouch", "upscale", "outpaint", "colorize", "colourize",
    "render", "restyle", "stylize", "stylise", "remake", "rework", "update", "alter", "improve",
    "cut", "trim", "resize", "scale", "duplicate", "multiply", "clone", "open", "close", "light",
    "throw in", "throw", "pop", "toss", "sprinkle", "slap", "chuck", "plop", "drop in", "bring in", "put in",
    "stick", "slip", "swap in", "paste", "overlay", "splash", "scatter", "build", "rebuild", "cover", "coat", "wrap",
    "frame", "line", "plant", "fit", "furnish", "decorate", "style it", "prop", "lean", "hang", "perch", "mount",
    "position", "arrange", "seat",
)
GENERATE_VERBS = (
    "draw", "generate", "create", "imagine", "sketch", "illustrate", "design", "produce", "compose",
    "visualize", "visualise", "depict", "dream up", "come up with", "whip up", "cook up", "conjure",
    "conjure up", "invent", "envision", "picture me",
)
DETERMINER_START = re.compile(
    r"^(?:a|an|some|two|three|four|five|several|many|the\s+(?:word|text)|photo of|picture of|image of|"
    r"portrait of|painting of|drawing of|illustration of|render of|sketch of|close-?up of|logo|poster|"
    r"landscape of|view of|scene of|shot of|still life|watercolou?r of|oil painting of|pixel art of|"
    r"cartoon of|3d render of|an? )\b"
)
NEW_IMAGE = re.compile(
    r"\b(?:new|another|fresh|separate|different)\s+(?:image|picture|photo|drawing|painting|one)\s+(?:of|with|showing)\b"
    r"|\b(?:totally\s+|completely\s+|entirely\s+)?(?:different|new|another|fresh)\s+idea\b[^:,-]*[:,-]\s*(?:a|an|some)\b"
    r"|\bfrom scratch\b|\bstart (?:over|fresh)\b|^(?:a\s+)?new (?:image|picture|photo|pic|img|one|drawing|illustration)\s*[:,-]"
    r"|^(?:next|new|another) (?:page|scene|panel|slide|spread|illustration|image|picture)\s*[:,-]|^(?:gen|generate|img|new|create)\s*:"
    r"|^(?:page|scene|panel|slide|spread)\s*(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|last|final|next)\s*)?[:,-]"
    r"|^(?:the\s+)?(?:last|final|next|first|new)\s+(?:page|scene|panel|slide|spread)\s*[:,-]"
    r"|^(?:the\s+)?next one(?:\s+is)?(?:\s+for\s+[^:,]+)?\s*[:,-]\s*(?:a|an|some)\b"  # "Next one is for the reading corner: a bakery"
    r"|^one(?:\s+is)?\s+for\s+[^:,]+\s*:\s*(?:a|an|some)\b"  # the same with "next" taken as a filler word
    # a label, then a scene: "second piece for the series: a snowy owl", "hero illustration: a person reading"
    r"|^(?:[a-z0-9']+\s+){0,4}(?:piece|one|option\s+[a-z0-9]|version\s+[a-z0-9]|poster|card|image|picture|design|idea|"
    r"concept|page|panel|slide|scene|shot|draft|illustration|banner|cover|icon|logo|header|thumbnail)"
    r"(?:\s+for\s+[^:]{1,40})?\s*:\s*(?:a|an|some|two|three)\b"
)
QUESTION_START = re.compile(
    r"^(?:(?:roughly|approximately|quick question|just curious|i wonder|i'm wondering|curious)[\s,:]+)?"
    r"(?:what|what's|whats|wats|wat|wut|which|who|who's|whose|where|when|why|how|is|are|was|were|desc|"
    r"does|did|do\s+(?:you|they|we|i|these|those|any|all|both)\b|"
    r"has|have|any|describe|describing|caption|compare|tell me|telling me|explain|explaining|identify|count|list|name the|read|transcribe|"
    r"rate|guess|can you see|do you see|could you describe|can you describe|can you tell|could you tell|"
    r"(?:can|could) (?:you|u) (?:still|even|really) (?:tell|see)|"
    r"would you say|in what|in which|between)\b"
)
CHAT_ONLY = re.compile(
    r"^(?:thanks?|thank you|thx|ty|great|cool|nice|ok|okay|awesome|perfect|lovely|beautiful|wow|amazing|"
    r"hello|hi|hey|hiya|good (?:morning|afternoon|evening|night|job|work)|bye|goodbye|see you|lol|haha|"
    r"love it|i love it|that'?s (?:great|nice|perfect|cool|awesome|good|beautiful|lovely|amazing|it)|"
    r"looks (?:great|good|nice|amazing|perfect)|well done|nice work|great job|yes|no|yeah|nope|sure|"
    r"cheers|excellent|brilliant|fantastic|neat|sweet|fine|good|not bad|hmm+|oh)(?:[\s,.!]+(?:thanks?|thank you|"
    r"so much|a lot|very much|again|there|studio|man|mate|buddy|!+))*[\s.!?]*$"
)
CHAT_WORDS = frozenset("""
    thanks thank thx ty tysm cheers you so much a lot very really great cool nice ok okay k kk awesome perfect
    lovely beautiful wow amazing hello hi hey hiya good morning afternoon evening night job work bye goodbye see
    lol haha hahaha lmao omg yay yes yeah yep no nope sure excellent brilliant fantastic neat sweet fine not bad
    hmm oh love it i that thats that's this is looks look it's its wonderful gorgeous stunning pretty superb
    incredible exactly super impressive well done nailed appreciate appreciated indeed definitely totally
    mate man buddy dude again there studio ah aw aww whoa woah sick dope rad fab fabulous epic better way
    friend my dear done for today now all finished enough loves likes she he they we all set works
    nvm nevermind jk gg ggs ok lmk tyvm nah meh ugh hm mate fr bet ngl lowkey highkey worries no g'day gday
    splendid quite ever much ta legend ace slaps vibes innit hilarious funny cute adorable bro bruh fam
    indeed kind kindly you're youre the best wicked brill never mind one u ya thankyou thanx thnx
""".split())


# things a turn borrows from another image: "the texture of image 2" lends, "the sky of image 2" is edited
BORROWED = (
    r"texture|style|colou?rs?|colou?r scheme|pattern|material|pose|posture|lighting|light|look|palette|fabric|"
    r"finish|mood|vibe|feel|shape|expression|hair(?:style|cut)?|outfit|clothes|clothing|hat|jacket|shoes|"
    r"dress|shirt|glasses|sunglasses|necklace|logo|object|thing|person|face|one|wood|metal|glass|stone|marble|"
    r"leather|gold|silver|brick|fur|paint|surface"
)


def names_an_image_number(text: str) -> bool:
    """Whether a clause names an image by number ("image 2", "#3")."""
    return bool(re.search(r"#\s*\d+|\b(?:image|picture|photo|pic|img)\s*#?\s*\d+", text))


def split_clauses(text: str, polite_stripped: bool = True) -> list[str]:
    parts = (c.strip(" ,.;:!?-\"'") for c in re.split(r"[,.;:!?]+", text))
    return [c for c in ((strip_polite(p) if polite_stripped else p) for p in parts) if c]


def instructs(clause: str) -> bool:
    if re.match(r"^let me (?:send|show|upload|share|attach|explain|know|see|think)\b", clause):
        return False  # "let me send the same photo again" presents, "let the woman smile" asks
    return starts_with(clause, EDIT_VERBS + GENERATE_VERBS) or bool(re.match(r"^(?:can|could|would|will) (?:you|u)\b", clause))


def is_thanks(text: str) -> bool:
    """Thanks or praise first, then only remarks: "thank you so much, she loves it!!"."""
    # plans for later are not requests: "I'll be back tomorrow to make the rest of the banners"
    text = re.sub(r"\b(?:i'll|i will|i'm going to|i am going to|gonna|we'll|we will)\b[^,.;!?]*", "", text)
    text = re.sub(r"\b(?:would|could|should|will|must|might)(?:n'?t)? have\b", "", text)  # "grandma would have loved these"
    clauses = split_clauses(text, polite_stripped=False)
    verbs = rf"\b(?:{'|'.join(EDIT_VERBS + GENERATE_VERBS)}|do (?:that|it|this|the|a|an|another|same)|try)\b"
    return bool(clauses) and (is_chat(clauses[0]) or bool(THANKS.match(clauses[0]))) and bool(THANKS.search(text)) \
        and "?" not in text \
        and not any(re.search(verbs, c) for c in clauses[1:]) and not names_an_image_number(text)


THANKS = re.compile(r"\b(?:thanks?|thank (?:you|u)|thankyou|thanx|thnx|thx|ty|tysm|cheers|love it|perfect|great|awesome|amazing|nice|cool|"
                    r"wonderful|beautiful|lovely|excellent|brilliant|fantastic|gorgeous|stunning|done)\b")


def is_upload_note(text: str) -> bool:
    """Presenting attachments: "hi! I shoot product photos ..., here's the first one"."""
    clauses = split_clauses(text)
    return any(re.match(r"^(?:here'?s|here is|here are|this is|these are|attached|i'?m sending|sending|meet|"
                        r"i (?:shoot|took|made|drew|painted|have)|it'?s my|my \w+|"
                        r"(?:the )?(?:first|second|third|1st|2nd|3rd|last)(?: one| pic| photo| image| picture)? is\b|"
                        r"(?:a )?(?:photo|picture|pic|shot|snap|image) of (?:my|our|me|us)\b|"
                        r"(?:let me|i'll|i will) (?:re)?send|(?:re)?sending|here it is(?: again)?|"
                        r"(?:(?:a|one|two|three|four|a few|some|couple(?: of)?|\d+)\s+)?(?:more\s+)?(?:pics?|photos?|pictures?|images?|"
                        r"shots?|snaps?)\s+(?:from|off|for|i)\b)", c) for c in clauses) \
        and not any(instructs(c) for c in clauses) \
        and not (text.rstrip().endswith("?") and any(QUESTION_START.match(c) for c in re.split(r"\s+-\s+|[,.;:!]+\s*", text)[1:]))


def is_chat(text: str) -> bool:
    """Small talk: every word is a greeting, a thanks or praise ("wow thats really cool", "k thx")."""
    words = re.findall(r"[a-z']+", text)
    return bool(words) and all(w in CHAT_WORDS for w in words)


CHAT_STATEMENT = re.compile(
    r"^(?:he|she|it|that|this|they|the \w+)(?:'s| is| are| looks?| seems?| reminds?)\b"
    r"(?!.*\b(?:should|needs?|must|could|would|too|more|less|instead|but|wrong|bigger|smaller|brighter|darker)\b)"
)
HELP = re.compile(
    r"^(?:help|\?|what can you do|how does (?:this|it) work|what are you|who are you|how do i use)"
    # questions about the studio itself: "can you edit photos?", "do you also make logos?"
    r"|^(?:can|could|do|will|are) (?:you|u) (?:also |even |able to |really )*(?:edit|make|create|generate|draw|do|"
    r"change|fix|restyle|inpaint|describe|handle|work with|read|see|understand|retouch|paint)\s+(?:photos?|pictures?|"
    r"images?|pics?|selfies?|portraits?|logos?|styles?|anything|things|videos?|gifs?|drawings?|paintings?)"
    r"(?:\s+(?:that\s+)?(?:i|we)\s+(?:upload|send|have|take|give you))?(?:\s+(?:too|as well|also))?\s*\??$"
)
UNDO_COUNT = re.compile(
    r"^(?:undo|revert|go back|step back|roll back)\s+(?:(?:the\s+)?(?:last\s+)?(\d+|two|three|four|five)\s+(?:changes|edits|steps|times|turns)\b"
    r"|x\s*(\d)\b|(\d)\s*x\b|(twice)\b)"  # "undo x2", "undo 2x", "undo twice"
)
UNDO = re.compile(
    r"^(?:undo|undo (?:that|this|it|the last (?:one|step|change|edit|thing|turn)|last (?:step|change|edit))|"
    r"undo(?: (?:that|it))? (?:once more|one more time|again|one more)|"
    r"undo (?:that|this|the|my) (?:last |latest |previous )?(?:step|change|edit|one|thing)|"
    r"take me back(?: (?:one|a) step| once)?|undo it|"
    r"(?:scrap|ditch|drop|lose|bin|trash|kill) (?:that|this|the|my) (?:last |latest )?(?:change|edit|step|one)|"
    r"take (?:it|that) away again|"
    r"take (?:that|the|my) (?:last |latest )?(?:change|edit|step) back|"
    r"revert(?: (?:that|it|the last (?:change|edit)))?|go back(?: (?:one|a))?(?: more)?(?: step)?|step back(?: again)?|"
    r"(?:go|step) back (?:once more|one more (?:time|step)|again)|one more step back|"
    r"take (?:that|it) back|scratch that|back up|(?:go|come) back to (?:before|how it was(?: before)?)|roll (?:that|it|this) back|roll back(?: (?:that|it|the last (?:change|edit)))?|one step back|cancel (?:that|the last (?:change|edit))|"
    r"i don'?t like (?:that|it)[,. ]*undo(?: it| that)?)[\s.!]*(?:please)?[\s.!]*$"
)
REDO = re.compile(
    r"^(?:redo|redo (?:that|it|the last (?:one|step|change|edit))|undo the undo|bring (?:that|it|the last one) back|"
    r"redo (?:that|this|the|my) (?:last )?(?:change|edit|step|one)|"
    r"bring back (?:that|it|the last one)|i want (?:that|it) back|bring (?:that|the) last one back|"
    r"put (?:that|it) back|go forward(?: (?:one|a) step)?|step forward)[\s.!]*(?:please)?[\s.!]*$"
)
AGAIN = re.compile(
    r"^(?:(?:gimme|give me|get me|show me|make|generate|draw|do|try|let'?s (?:see|have|try)|i'?d like|i want|"
    r"(?:can|could|may) (?:i|we) (?:get|have|see|try)|have|take)\s+)?"
    r"(?:try (?:it |that |this )?(?:again|agian|agin|againn)|(?:do (?:it|that|this) )?(?:again|agian)|one more(?: time)?|another(?: one)?|run it back|"
    r"another (?:version|variation|take|try|go|attempt|shot|stab)(?: at (?:it|that|this))?|(?:one )?more try|"
    r"give it (?:another|one more) (?:go|shot|try)|"
    r"have another go|take another (?:shot|stab)|give me another (?:version|one|take|variation)(?: of (?:it|that|this))?|"
    r"do (?:it|that) again|redo it with a new seed|new seed|different seed|re-?roll(?: (?:it|that|this))?|regenerate|"
    r"give me another(?: one)?|once more|retry|a different (?:one|version|variation)|"
    r"(?:make|show me|give me|generate) (?:another|a different) (?:one|version|variation)|"
    r"more variations?|variation|shuffle)[\s,.!?]*(?:please|pls|plz)?[\s.!?]*$"
)
STYLE_PHRASE = re.compile(
    r"(?:in|with|using|into|to)\s+(?:the\s+)?(?:same\s+)?(?:art\s+)?style\s+(?:of|from|as)\s+(?P<of>[^,;.]+)"
    r"|(?:in|with|using|into)\s+(?P<det>this|that|the same|same|its|their|his|her|the)\s+(?:[a-z]+\s+)?style\b"
    r"|\bin\s+my\s+(?:own\s+)?(?:[a-z]+\s+)?style\b"
    r"|\b(?:try|use|apply|put)\s+(?:the|that|this|same)\s+style\s+(?:on|to|for)\b"
    r"|\b(?P<same>same style|that style|this style|the style of|style of|styled (?:like|after)|"
    r"in the manner of|painted like|looking like|that look|this look)\b"
    r"|\b(?:re-?style|styli[sz]e|style transfer)\b"
    r"|'s\s+(?:art\s+|painting\s+|visual\s+)?(?:style|look|aesthetic|vibe)\b"
    r"|\b(?:same|similar|that|this)\s+(?:vibe|aesthetic|mood|feel|look|art style)\s+(?:as|of|like)\b"
    r"|^(?:the\s+)?same\s+(?:look|vibe|aesthetic|feel|mood|treatment)\b"
    r"|\b(?:the\s+)?same\s+[a-z]+\s+style\b"  # "the same watercolour style"
    r"|\bin\s+the\s+(?:vibe|aesthetic|manner)\s+of\b"
    r"|\b(?:in|with)\s+(?:teh|th|da)\s+style\s+of\b"
    r"|\b(?:paint|painted|draw|drawn|render|rendered|redo|redone)\b[^,.;]{0,30}?\blike\s+(?=(?:this|that|image|pic|the|#|\d))"
    r"|(?<!not )\bas\s+(?:the\s+|a\s+|my\s+)?style(?:\s+reference|\s+image|\s+source)?\b"
    r"|\bmatch(?:es|ing)?\s+(?:the\s+)?(?:\w+\s+)?(?:style|look|aesthetic|vibe)\s+(?:of|from|in)\b"
    r"|\b(?:look|looks|looking)\s+like\s+(?=(?:this|that|the|my|image|picture|photo|pic|#|\d))"
    r"|\bgive\s+(?:it|this|that|him|her|them|the \w+)\s+the\s+(?:look|feel|vibe|aesthetic|style)\s+of\b"
)
SELECT = re.compile(
    r"^(?:go back to|back to|return to|switch to|switch back to|use|let's use|continue (?:from|with)|"
    r"(?:let's |lets |i'll )?go with|i (?:choose|pick|prefer|like)|keep|stick with|"
    r"show me|show|select|pick|choose|open|start from|work on|take)\b"
)


# frequent misspellings, fixed before anything else reads the text ("plz make teh sky bluer", "undoo")
TYPOS = {
    "teh": "the", "hte": "the", "undoo": "undo", "undo0": "undo", "redoo": "redo", "agian": "again", "agin": "again",
    "wat": "what", "wut": "what", "wich": "which", "whcih": "which", "compair": "compare", "comapre": "compare",
    "beter": "better", "nite": "night", "mak": "make", "maek": "make", "remvoe": "remove", "remov": "remove",
    "romove": "remove", "backgroud": "background", "bakground": "background", "colur": "colour", "pic's": "pics",
    "imgae": "image", "iamge": "image", "pleas": "please", "thnks": "thanks", "brigther": "brighter", "darkr": "darker",
}


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text.strip().lower())
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)  # "yaaay", "noooo", "sooo": one letter
    text = re.sub(r"[a-z']+", lambda w: TYPOS.get(w.group(0), w.group(0)), text)
    text = re.sub(r"\b(can|could|may) (i|we) become (?=a |an |some )", r"\1 \2 get ", text)  # German "bekommen"
    return re.sub(r"\b(please|pls|must|can|could) to (?=[a-z])", r"\1 ", text)  # "please to make it bigger"


def strip_polite(text: str) -> str:
    return POLITE.sub("", text).strip(" ,.;:-")


def starts_with(text: str, words: tuple[str, ...]) -> bool:
    return any(re.match(rf"^{re.escape(w)}\b", text) for w in words)


def cut_mentions(text: str, mentions: list[Mention], replacement: str | None = None) -> str:
    out, last = [], 0
    for m in mentions:
        out.append(text[last:m.start])
        out.append(replacement if replacement is not None else ("it" if len(m.handles) == 1 else "them"))
        last = m.end
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,;:")


# -- request shapes, prompt clean-up and canned answers (words; the decisions stay in router.py) --
def has_edit_cue(core: str) -> bool:
    if re.search(r"\b(?:needs?|should (?:wear|have|get|be|hold)|wants?|gets?|wear(?:s|ing)?|with|holding|in|if only \w+ (?:had|wore|was|were))\b.*"
                 r"\b(?:this|these|those|that)\b", core) or re.search(
                 r"\b(?:this|these|those)\s+\w+\s+(?:on|onto|for|in)\s+(?:his|her|its|their|the|it)\b", core):
        return True  # "now he also needs this jacket": the attachment goes onto the current image
    return bool(re.search(r"\b(?:on|onto|into|with|instead|wearing|wear|texture|color|colour|like this|this)\b", core)) and \
        bool(re.search(r"\b(?:" + "|".join(re.escape(v) for v in EDIT_VERBS) + r")\b", core))


def has_content(text: str) -> bool:
    words = [w for w in re.findall(r"[a-z']+", text) if w not in
             {"edit", "change", "modify", "it", "this", "that", "the", "image", "picture", "photo", "please", "one", "fix", "tweak", "alter", "update", "improve"}]
    return bool(words)


# roles of this turn's attachments given by position: "the first three are references, the last is what to change"
ATTACHMENT_ROLES = re.compile(
    r"(?:\bthe\s+(?:first|last)\s+(?:\w+\s+)?(?:are|is)\s+(?:the\s+|just\s+|only\s+)?(?:references?|refs?)[\s,;]*"
    r"(?:and\s+)?)?\bthe\s+(?P<src>first|last)(?:\s+(?:one|image|photo|pic|picture))?\s+is\s+(?:the\s+one\s+|what\s+|the\s+"
    r"(?:image|photo|picture|pic)\s+)?(?:to\s+(?:change|edit)|i\s+want\s+(?:changed|edited)|the\s+(?:source|target|base))\b"
)
# "oops, I meant image 8", "wait, not that one - the dog one", "wrong picture, use #2 instead"
CORRECTION = re.compile(
    r"^(?:(?:oops|sorry|wait|no|nope|actually|my bad|oh|argh|ugh|hmm+)\b[\s,!.-]*)*"
    r"(?:i meant|i mean\b|not (?:that|this) one|wrong (?:one|image|picture|photo|pic)|(?:do|use|try|apply)\b.*\binstead\s*[.!]*$|"
    r"(?:do|apply|make) (?:the same(?: thing)?|that|it)(?: (?:change|edit))? (?:with|to|for|on)\b)"  # "do the same with the bakery picture"
)


# sentences that ask for a picture without a command verb: "Can I see it with ...?", "How would it look if ...?"
REQUEST_SENTENCE = re.compile(
    r"^(?:(?:can|could|may) (?:i|we) (?:see|get|have|try)|show me|how would (?:it|this|that|they|the \w+) look|"
    r"what would (?:it|this|that|they|the \w+) look like|let'?s (?:try|see|add|make|put|give|go|have|do)|"
    r"(?:maybe|perhaps) (?:a|an|some|add|make|try|put|give)|what about|how about|(?:do|try) (?:that|the|this|it|same)|"
    r"(?:can|could|would|will) (?:you|u) (?!tell|describe|explain|say|identify|count|read)\w+)\b"
)
HYPOTHETICAL = re.compile(r"^(?:how would (?:it|this|that) look(?: like)?\s+(?:if\s+)?|what would (?:it|this|that) look like\s+)")


def generation_prompt(text: str) -> str:
    text = re.sub(
        r"^(?:(?:please|now|ok|okay|can you|could you|would you|i want to see|i'd like to see|i want|i'd like|"
        r"i would like|i'd love|i would love|i need|show me|give me|gimme|get me|let me see|how about|can i see|"
        r"can i get|could i get|can i have|let's have|lets have|what about)\s+)*"
        r"(?:(?:" + "|".join(GENERATE_VERBS) + r"|make|render|paint|get|build|bring|show)\s+(?:me\s+|us\s+)?)?"
        r"(?:(?:a|an)\s+(?:new\s+)?(?:image|picture|photo|drawing|painting|illustration|render)\s+(?:of|with|showing)\s+)?",
        "", text.strip(),
    )
    text = re.sub(r"^(?:a\s+)?(?:new|another|fresh|separate|different)\s+(?:image|picture|photo|one)\s+(?:of|with|showing)\s+", "", text)
    text = re.sub(r"^(?:a\s+)?new\s+(?:image|picture|photo|pic|img|one|drawing|illustration)\s*[:,-]\s*", "", text)
    text = re.sub(r"^(?:mood ?board|(?:new |next )?idea|concept|next up)(?: time)?\s*[:-]\s*", "", text)
    text = re.sub(r"^.{0,40}?\b(?:different|new|another|fresh)\s+idea\b[^:,-]*[:,-]\s*(?=(?:a|an|some)\b)", "", text)
    text = re.sub(r"^(?:(?:the\s+)?next )?one(?:\s+is)?\s+for\s+[^:,]+\s*[:,-]\s*|^(?:the\s+)?next one\s*[:,-]\s*", "", text)
    text = re.sub(r"^(?:[a-z0-9']+\s+){0,4}(?:piece|option\s+[a-z0-9]|version\s+[a-z0-9]|poster|card|image|picture|design|idea|"
                  r"concept|page|panel|slide|scene|shot|draft|illustration|banner|cover|icon|logo|header|thumbnail)"
                  r"(?:\s+for\s+[^:]{1,40})?\s*:\s*(?=(?:a|an|some|two|three)\b)", "", text)
    return text.strip(" ,;:.?!")


def strip_style_leftovers(text: str) -> str:
    text = re.sub(r"\b(?:but|and|now|then|please)\b\s*", " ", text)
    text = re.sub(r"^(?:(?:re)?(?:render|paint|draw|redraw|make|do|turn|convert|transform|restyle|apply)\s*)?"
                  r"(?:it|this|that|this one|them)?\s*$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,;:.")


def inpaint_prompt(text: str) -> str:
    text = re.sub(
        r"\b(?:in|inside|within|on|at)?\s*(?:this|the|that|my)\s+(?:masked\s+|marked\s+|selected\s+|highlighted\s+|painted\s+|white\s+)?"
        r"(?:area|region|part|spot|bit|section|mask|zone|selection|patch)\b", " ", text)
    text = re.sub(r"^(?:here'?s|here is|this is|attached is|i'?ve attached|sending)\b\s*", "", text.strip())  # "here's the mask"
    text = re.sub(r"^(?:replace|fill|inpaint|paint|put|change|turn|make)\s+(?:it\s+)?(?:with|into|to|in)?\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,;:.") or text


def chat_reply(core: str) -> str:
    if re.match(r"^(?:thanks?|thank you|thx|ty|cheers)", core):
        return "You're welcome! Tell me what to change next, or describe a new image."
    if re.match(r"^(?:hello|hi|hey|hiya|good (?:morning|afternoon|evening))", core):
        return "Hello! Describe an image to create, attach one to edit, or ask about an image."
    if re.match(r"^(?:bye|goodbye|see you)", core):
        return "Bye! This session is saved; you can resume it any time."
    return "Glad you like it. What next?"


# questions about the studio itself, not about an image: answered, never routed to describe
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
    (re.compile(r"^(?:can|could|do|will) (?:you|u) (?:also |even )?(?:make|do|create|generate|edit) (?:videos?|gifs?|animations?|music|audio|3d)\b"),
     "Not videos, animation or sound: this studio makes and edits still images."),
]

HELP_TEXT = (
    "I create and edit images by chat. Try: “a lighthouse at dusk” (generate), “make the sky stormy” "
    "(edit the current image), “put this hat on the dog” with a photo attached (edit with a reference), "
    "“paint image 3 in the style of image 1” (style), a mask + “replace this area with a fireplace” "
    "(inpaint), “what breed is it?” (describe). Refer to images as “image 3” or “#3”; say “undo”, "
    "“redo” or “try again” any time."
)


UNDO_THEN = re.compile(
    r"^(?:(?:ok|okay|no|nah|hmm+|actually|sorry|ugh|oops)[\s,.!]+)*(?:please\s+|pls\s+)?"
    r"(?:undo|revert|scratch|cancel|take\s+back|go\s+back(?:\s+one|\s+a\s+step)?)"
    r"(?:\s+(?:that|this|it|the\s+last(?:\s+(?:one|step|change|edit))?|one\s+step|a\s+step|one))?"
    r"(?:\s+please)?\s*(?:,\s*|\.\s*|;\s*|\s+)(?:and\s+(?:then\s+)?|then\s+|&\s*|and\s+instead\s+|instead\s+)?(.+)$")


def undo_then(text: str) -> str | None:
    """ "undo that and make it blue" -> "make it blue": a request to run after undoing the last step."""
    found = UNDO_THEN.match(normalise(text.strip()))
    if found is None or not has_content(found.group(1)) or UNDO_THEN.match(found.group(1)):
        return None
    if not instructs(strip_polite(found.group(1)) or found.group(1)):
        return None  # "undo again please", "ok undo once more": an undo, nothing after it
    if re.match(r"^(?:to|back|that|this|it|#?\d+|image|picture|the\s+(?:first|original|previous|last)\b)", found.group(1)):
        return None  # "go back to #2", "go back to the original": a select, not an undo and a request
    return found.group(1)
UNDO_ONLY = re.compile(r"^(?:undo|redo|revert|go back)\b")
