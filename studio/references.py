"""Image references in a turn's text, resolved to session handles.

"image 3", "#3", "images 2 and 5", "the first one", "the previous picture", "the original", "the
second one I sent", "the photo I just uploaded", "both" — each found with its span (so the router
can tell the image to change from the images to borrow from) and resolved against the session. A
reference that names no image raises `Unresolved`, whose message is the question to ask back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.schemas import ToolCall


@dataclass
class RouterContext:
    """What the router may know about the session (handles only, no pixels)."""

    handles: list[int]  # every image of the session, ascending
    path_handles: list[int]  # images along the head path, in order of appearance
    uploads: list[int]  # uploaded images (session-wide, ascending), this turn's attachments included
    attached: list[int]  # this turn's attachments, in order
    current: int | None
    parents: dict[int, list[int]] = field(default_factory=dict)  # output -> its inputs (source first)
    has_mask: bool = False
    last_call: ToolCall | None = None  # the last tool call along the head path
    last_style_image: int | None = None
    descriptions: dict[int, str] = field(default_factory=dict)  # handle -> how it was made (model router)
    captions: dict[int, str] = field(default_factory=dict)  # handle -> what the person said it shows
    current_path: list[int] = field(default_factory=list)  # images that were current, in turn order
    recent_uploads: list[int] = field(default_factory=list)  # uploads by when they were last sent
    previous_text: str = ""  # the person's previous turn, on any branch ("" at the start)
    previous_action: str = ""  # what it did: an interpreter action (studio/interpreter.py ACTIONS) or "clarify"
    names: dict[int, str] = field(default_factory=dict)  # upload -> the name its file came with ("hat.png")
    recent: list[str] = field(default_factory=list)  # the head path's last turns, one line each (for the agent)


class Unresolved(Exception):
    """A reference the router cannot map to an image; the message is the question to ask."""


# -- vocabulary --------------------------------------------------------------------------------
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "tenth": 10, "10th": 10,
}
IMAGE_NOUN = r"(?:image|img|picture|pic|photo|photograph|one|version|result|output|render|drawing|painting|shot|attachment|upload|file|logo|scan)s?"
NUM = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
SENT = (r"(?:i|you)\s+(?:just\s+)?(?:sent|re-?sent|uploaded|attached|shared|gave\s+you|added|posted|provided|dropped|"
        r"kept\s+(?:re-?)?sending|sent\s+again)")


# -- references -----------------------------------------------------------------------------------
@dataclass
class Mention:
    start: int
    end: int
    handles: list[int]


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _lineage_root(handle: int, ctx: RouterContext) -> int:
    seen = set()
    while ctx.parents.get(handle) and handle not in seen:
        seen.add(handle)
        handle = ctx.parents[handle][0]
    return handle


def find_mentions(text: str, ctx: RouterContext) -> list[Mention]:
    """Every image reference in `text`, resolved; raises Unresolved with the question to ask."""
    from studio.content import add_by_content, add_upload_by_content, without  # it reads RouterContext from here
    # words inside quotes are text to draw ("a sign saying 'the first one is free'"), not references
    text = re.sub(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)", lambda q: " " * len(q.group(0)), text)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, handles: list[int]) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        mentions.append(Mention(match.start(), match.end(), handles))

    def free(match: re.Match) -> bool:
        return not any(s < match.end() and match.start() < e for s, e in taken)

    def existing(n: int, what: str) -> int:
        if n not in ctx.handles:
            if not ctx.handles:
                raise Unresolved(f"There is no {what} yet — this session has no images. "
                                 "Describe what to create, or attach an image.")
            raise Unresolved(f"I can't find {what}: this session has images "
                             f"{_list(ctx.handles)}. Which one did you mean?")
        return n

    # "the last thing you generated": the latest image a tool made along the head path
    for m in re.finditer(r"\bthe\s+(?:last|latest|most recent)\s+(?:thing|one|image|picture|pic)\s+(?:(?:that\s+)?(?:you|u)\s+)?"
                         r"(?:generated|made|created|drew|did|produced|painted)\b|\bthe\s+(?:thing|one|image|picture|pic)\s+(?:that\s+)?"
                         r"(?:you|u)\s+(?:generated|made|created|drew|did|produced|painted)\s+(?:most\s+recently|last)\b", text):
        made = [h for h in reversed(ctx.path_handles) if h in ctx.parents] or [h for h in reversed(ctx.handles) if h in ctx.parents]
        if made:
            add(m, [made[0]])
    # "my original photo", "my very first upload": the first image the person sent
    for m in re.finditer(r"\bmy\s+(?:very\s+)?(?:original|first)\s+(?:[a-z]+\s+)?(?:photo|picture|pic|image|upload|shot|scan|file)\b", text):
        if ctx.uploads:
            add(m, [ctx.uploads[0]])
    # two or more attachments named by place: "the left one", "the former", "the top photo"
    if len(ctx.attached) >= 2:
        for m in re.finditer(r"\bthe\s+(?:(former|latter)|(left|right|top|bottom|upper|lower)(?:\s+(?:one|photo|picture|pic|image))?|"
                             r"(?:one|photo|picture|pic|image)\s+on\s+the\s+(left|right))\b", text):
            word = m.group(1) or m.group(2) or m.group(3)
            add(m, [ctx.attached[0] if word in ("former", "left", "top", "upper") else ctx.attached[-1]])
    # a comic's "panel 2", "panels 1 and 2": the latest image whose words began "panel N"
    for m in re.finditer(rf"\b(?:panels?|pages?)\s+(\d{{1,3}}|{'|'.join(NUMBER_WORDS)})(?:\s*(?:and|&|,|or|vs)\s*(\d{{1,3}}))?\b", text):
        found = [_panel(_number(n), ctx) for n in (m.group(1), m.group(2)) if n]
        if found and all(h is not None for h in found):
            add(m, found)
    # A/B variants: "option B", and a bare "A" or "B" once an image was made as "option A: ..."
    for m in re.finditer(r"\b(?:option|variant|version)\s+([a-d])\b|(?<![\w'])([a-d])(?=\s*(?:or\b|vs\b|and\b|,|\?|!|\.|$|"
                         r"\s+the\b|\s+but\b|\s+with\b|\s+again\b))", text):
        letter = m.group(1) or m.group(2)
        found = _labelled(f"(?:option|variant|version) {letter}", ctx)
        if found is not None:
            add(m, [found])
    # "before vs after": where the current image started, and the current image
    for m in re.finditer(r"\bbefore\s+(?:vs\.?|versus|and|&|or)\s+after\b", text):
        if ctx.current is not None:
            add(m, [_lineage_root(ctx.current, ctx), ctx.current])
    # "in the style of my flash sheet", "in my linework style": the person's own upload
    for m in re.finditer(r"\b(?:style\s+of\s+my\s+(?:[a-z]+\s+)?(?:sheet|work|art|artwork|drawings?|sketch(?:es)?|linework|flash|"
                         r"portfolio|painting|illustrations?)|in\s+my\s+(?:own\s+)?(?:[a-z]+\s+)?style)\b", text):
        own = [h for h in reversed(ctx.recent_uploads or ctx.uploads)]
        if ctx.attached:
            own = list(reversed(ctx.attached))
        if own:
            add(m, [own[0]])
    # "back in the living room, ...", "in the kitchen, put ...": the image the words describe
    for m in re.finditer(r"^(?:(?:ok|so|now|and)\s+)?(?:back\s+)?(?:in|to|at|on)\s+the\s+((?:[a-z]+\s+){0,2}[a-z]+)\s*,", text):
        if not re.search(r"\b(?:mask|masked|marked|selected|area|spot|region|part|bit|zone|corner|middle|centre|center|"
                         r"background|foreground|left|right|top|bottom)\b", m.group(1)):
            add_by_content(m, m.group(1).split(), ctx, add)
    # "the enclosed painting", "the attached photo": this turn's attachment
    for m in re.finditer(r"\b(?:the|this|my)\s+(?:enclosed|attached|included)\s+(?:[a-z]+\s+)?(?:photo|photograph|picture|image|pic|painting|"
                         r"drawing|file|one|sketch|hat|jacket|shoes)\b", text):
        if ctx.attached:
            add(m, [ctx.attached[-1]])
    # "the second one I sent", "the photo I just uploaded", "my last upload"
    for m in re.finditer(rf"\b(?:the\s+|my\s+)?(?:(\w+)\s+)?{IMAGE_NOUN}\s+{SENT}\b(?:\s+(first|second|third|last))?", text):
        word = m.group(1) or m.group(2) or ""  # "the second one I sent", "the photo i uploaded first"
        uploads = ctx.uploads
        if not uploads:
            raise Unresolved("You haven't uploaded any image in this session yet. Attach one and say what to do.")
        if word in ORDINALS:
            idx = ORDINALS[word]
            if idx > len(uploads):
                raise Unresolved(f"You've uploaded {len(uploads)} image(s) so far ({_list(uploads)}); "
                                 f"which one did you mean?")
            add(m, [uploads[idx - 1]])
        elif word in ("last", "latest", "most", "newest"):
            add(m, [ctx.attached[-1] if ctx.attached else (ctx.recent_uploads or uploads)[-1]])
        elif word in ("both", "two"):
            add(m, uploads[-2:])
        elif add_upload_by_content(m, word, ctx, add):  # "the jacket photo I sent you earlier"
            pass
        else:  # "the photo I just uploaded": this turn's attachment, else the last one sent
            add(m, [ctx.attached[-1] if ctx.attached else (ctx.recent_uploads or uploads)[-1]])
    # "the hat I uploaded", "the shoes you got from me": an upload named by what it shows
    for m in re.finditer(rf"\b(?:the|my)\s+([a-z]+)\s+{SENT}\b", text):
        if m.group(1) not in NOT_CONTENT and not re.fullmatch(IMAGE_NOUN, m.group(1)):
            add_upload_by_content(m, m.group(1), ctx, add)
    for m in re.finditer(rf"\b(?:my|the)\s+(?:({'|'.join(ORDINALS)}|last|latest|previous|new|newest)\s+)?(?:upload|attachment)s?\b", text):
        word = m.group(1) or "last"
        if not ctx.uploads:
            raise Unresolved("You haven't uploaded any image in this session yet. Attach one and say what to do.")
        if word in ORDINALS:
            if ORDINALS[word] > len(ctx.uploads):
                raise Unresolved(f"You've uploaded {len(ctx.uploads)} image(s) ({_list(ctx.uploads)}); which one?")
            add(m, [ctx.uploads[ORDINALS[word] - 1]])
        else:
            add(m, [ctx.uploads[-1]])

    # "image 3", "#3", "picture number 3", "img3", "images 2 and 5"
    for m in re.finditer(rf"#\s*(\d+)\b|\b(?:{IMAGE_NOUN})\s*(?:#|no\.?|number|nr\.?)?\s*{NUM}\b(?!\s*(?:steps|px|x\d))", text):
        token = m.group(1) or m.group(2)
        if m.group(0).startswith(("one", "ones")) and not token.isdigit():
            continue  # "one two" is not a reference
        add(m, [existing(_number(token), f"image {_number(token)}")])
    # "let's go with number 2", "make number 1 green" (not "the jersey number 7")
    for m in re.finditer(r"(?:^|\b(?:with|take|use|choose|pick|prefer|keep|select|edit|make|to|and|or|vs|than|is|was|"
                         r"like|love|about|describe|compare|does|did|in|from|at|turn|change|give|put|paint|redo|fix|on|of|for)\s+)"
                         r"(?:the\s+)?(?:number|no\.|nr\.?)\s*"
                         rf"(\d{{1,4}}|{'|'.join(NUMBER_WORDS)})\b(?!\s+(?:of|more|times)\b)", text):
        n = _number(m.group(1))
        add(m, [existing(n, f"image {n}")])
    for m in re.finditer(r"\bv(\d{1,3})\b", text):  # designers' versions: "v2", "v3"
        add(m, [existing(int(m.group(1)), f"v{m.group(1)} (image {m.group(1)})")])
    for m in re.finditer(rf"\b(?:images|pictures|photos|pics|#)\s*{NUM}\s*(?:,\s*|\s+and\s+|\s*&\s*)#?\s*{NUM}\b", text):
        a, b = _number(m.group(1)), _number(m.group(2))
        add(m, [existing(a, f"image {a}"), existing(b, f"image {b}")])
    for m in re.finditer(r"\b(?:and|&|,|or|vs\.?|versus|with|to)\s+#?\s*(\d+)\b(?!\s*(?:steps|px|x\d|%))", text):
        if mentions and any(e <= m.start() for _, e in taken):
            add(m, [existing(int(m.group(1)), f"image {m.group(1)}")])

    # ordinals and relative references: "the first one", "the previous picture", "the original"
    for m in re.finditer(rf"\b(?:the\s+)?(very\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|7th|8th|9th|10th|last|latest|newest|previous|prior|earlier|earliest|original|initial|current|before-last|second-to-last|penultimate)\s+({IMAGE_NOUN}|thing(?=\s+(?:you|we|u)\s+(?:made|did|drew|created|generated)))\b", text):
        add(m, _relative(m.group(2), ctx, existing))
    for m in re.finditer(r"\b(?:the\s+)(original|first|last|latest|previous|initial)\b(?!\s+[a-z]{3,}\s+(?:one|version|shot|photo|pic|picture|image)\b)"
                         r"(?!\s+(?:time|step|style|one\s+i|two|three|four|"
                         r"five|\d+)\b)(?!\s+(?:one\s+|image\s+|photo\s+|pic\s+|picture\s+)?is\s+(?:the\s+one\s+|what\s+)?to\s+(?:change|edit))", text):
        add(m, _relative(m.group(1), ctx, existing))
    for m in re.finditer(r"\bthe\s+(second|third|fourth|fifth)\b(?=\s*(?:[?,.!]|$|\bor\b|\band\b))", text):
        add(m, _relative(m.group(1), ctx, existing))  # "which looks more realistic, the first or the second?"
    for m in re.finditer(r"\bmy\s+(?:photo|picture|pic|image|shot|selfie)\b(?!\s+(?:i|you)\b)", text):
        own = [h for h in reversed(ctx.uploads) if h != ctx.current] or list(reversed(ctx.uploads))
        if own:  # "is this the same dog as in my photo?": the person's latest upload
            add(m, [own[0]])
    for m in re.finditer(r"\bthe\s+(?:new|newer|newest)\s+(?:one|image|picture|version|photo)\b", text):
        add(m, _relative("current", ctx, existing))
    # history: "where we were before the hat", "the one before you added the hat", "the version from
    # before the walls were painted": the image the step that brought that thing started from
    for m in re.finditer(r"\b(?:(?:the|that)\s+(?:[a-z]+\s+){0,2}?(?:one|version|picture|image|pic|photo|edit|[a-z]{3,})(?:\s+with\s+"
                         r"(?:the|a|an|his|her)\s+[a-z]+)?|where (?:we|i) (?:were|was)|how it (?:was|looked)|back to),?\s+(?:from\s+)?"
                         r"(?:just\s+|right\s+)?before\s+"
                         r"(?:(?:(?:you|we|i|u)\s+(?:\w+\s+)?)?(?:the|a|an|his|her|its|their|that)\s+|(?:it|he|she|they)\s+"
                         r"(?:got|was|were|became|went|turned)\s+)([a-z]+)", text):
        found = _before_step(m.group(1), ctx)
        if found is not None:
            add(m, [found])
    # "the picture you make before", "the edit before last", "the one before"
    for m in re.finditer(r"\b(?:the|that)\s+(?:one|picture|image|pic|photo|version|edit)\s+(?:(?:you|we|i|u)\s+)?"
                         r"(?:make|made|did|do|had|showed|created|drew)\s+before\b|\b(?:the|that)\s+(?:one|picture|image|pic|"
                         r"photo|version|edit)\s+before\s+(?:the\s+)?last\b", text):
        add(m, _relative("previous", ctx, existing))
    for m in re.finditer(r"\b(?:the one (?:right |just )?before(?: that| it| this)?|one before|the one from before)\b", text):
        add(m, _relative("previous", ctx, existing))
    # a photographer's "the SOOC file", "the unedited one", "the raw photo": the lineage's original
    for m in re.finditer(r"\bthe\s+(?:straight[- ]out[- ]of[- ](?:the[- ])?camera|sooc|unedited|untouched|unretouched|raw)"
                         r"(?:\s+(?:file|photo|one|version|image|picture|shot|original|pic))?\b", text):
        add(m, _relative("original", ctx, existing))
    # "the picture from the very start": the first image along the head path
    for m in re.finditer(r"\bthe\s+(?:one|picture|image|pic|photo|version)\s+(?:from|at)\s+the\s+(?:very\s+)?(?:start|beginning)\b", text):
        if not ctx.handles:
            raise Unresolved("There are no images in this session yet. Describe what to create, or attach one.")
        add(m, [(ctx.path_handles or ctx.handles)[0]])
    for m in re.finditer(r"\b(?:both(?: of them| images| pictures)?|these two|those two|the two(?: images| pictures)?|them both|"
                         r"the pair of (?:images|pictures|photos|them))\b(?!\s+(?!images|pictures|photos|pics|versions|ones|of)[a-z]{3,})", text):
        # not "sticks in both paws", "these two dogs": a thing in the picture
        pool = ctx.attached if len(ctx.attached) >= 2 else ctx.path_handles
        if len(pool) < 2:
            raise Unresolved("There's only one image so far; which two images do you mean?")
        add(m, pool[-2:])
    for m in re.finditer(r"\b(?:all (?:of )?(?:them|the images|the pictures|images)|every image|all images)\b", text):
        if not ctx.handles:
            raise Unresolved("This session has no images yet.")
        add(m, list(ctx.handles))
    # "the one where the sky is pink", "the cabin with the pink sky"
    for m in re.finditer(r"\bthe\s+(?:one|version|image|picture|pic|photo)\s+where\s+(.+?)(?=\s+(?:with|and|vs|or|than)\b|[,.;?!]|$)", text):
        words = [w for w in re.findall(r"[a-z]+", m.group(1)) if w not in ("the", "is", "are", "was", "were", "it", "its", "got", "has")]
        add_by_content(m, words, ctx, add, earliest=True)
    for m in re.finditer(r"\bthe\s+([a-z]{3,})\s+with\s+(?:the|a|an)\s+((?:[a-z]+\s+){0,2}[a-z]+)", text):
        if m.group(1) not in NOT_CONTENT and m.group(1) not in ("one", "image", "picture", "photo", "pic", "version"):
            add_by_content(m, [m.group(1)] + m.group(2).split(), ctx, add, whole_only=True, after=text[m.end():])
    # content words: "the one with the boat", "the lighthouse pic", "the puppy you made", "the painting"
    for m in re.finditer(r"\b(?:the\s+)?other\s+branch\b", text):
        lineage, todo = set(), [ctx.current] if ctx.current is not None else []
        while todo:  # the current image and everything it was made from
            h = todo.pop()
            if h not in lineage:
                lineage.add(h)
                todo.extend(ctx.parents.get(h, []))
        elsewhere = [h for h in ctx.handles if h not in lineage and h in ctx.parents]
        if not elsewhere:
            raise Unresolved("There's no other branch in this session yet; every image is on the current one.")
        add(m, [elsewhere[-1]])  # the latest image made outside the current image's lineage
    for m in re.finditer(r"\bthe\s+(?:one|image|picture|photo|pic|version)\s+(?:with|w|of|showing)\s+(?:just\s+|only\s+)?(?:the\s+|a\s+|an\s+|my\s+)?"
                         r"((?:[a-z]+\s+){0,2}[a-z]+)", text):
        if free(m):
            explicit = m.group(0).split()[1] in ("one", "version") and m.group(0).split()[2] in ("with", "w")
            add_by_content(m, m.group(0).split()[2:], ctx, add, ask_on_ties=explicit, ask_if_none=explicit)
    # "the version without the shoes", "the one w/o the hat": back along the current image's edits
    for m in re.finditer(r"\bthe\s+(?:one|image|picture|photo|pic|version)\s+(?:without|w/o|minus)\s+(?:the\s+|a\s+|an\s+|any\s+|his\s+|her\s+)?"
                         r"([a-z]+)", text):
        found = without([m.group(1)], ctx)
        if found is not None:
            add(m, [found])
    for m in re.finditer(rf"\b(?:the|my|that|this)\s+((?:[a-z]+\s+){{0,2}}?)({CONTENT_IMAGE_NOUN})\b", text):
        words = m.group(1).split()
        if m.group(0).startswith(("that", "this")) and (not words or ctx.attached):
            continue  # "this photo" with an attachment is the attachment; "that one" is no content
        if len(words) >= 2 and words[0] in ("first", "earliest", "original") and not set(words[1:]) & NOT_CONTENT:
            # "the first parrot one", "the original product shot": the earliest that shows it
            add_by_content(m, words[1:], ctx, add, earliest=True, uploads_first=words[0] == "original")
        elif words and not set(words) & NOT_CONTENT:
            more = re.match(r"\s+(?:with|w/?)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)"
                            r"(?=\s*[,.;!?]|\s*$|\s+(?:is|was|looks?|and|or)\b)", text[m.end():]) if m.group(2) in ("one", "version") else None
            words += more.group(1).split() if more else []  # "the pink one with the striped lighthouse": both
            # "the dog photo": a photo is most likely one the person uploaded
            # "the beach one": several beach pictures get a question; "the real one" matching nothing is no reference
            add_by_content(m, words, ctx, add, uploads_first=m.group(2) in ("photo", "pic", "picture", "shot", "selfie", "sample"),
                            ask_on_ties=m.group(2) in ("one", "version") and free(m))
        elif not words and m.group(2) in KIND_NOUNS:  # "the painting" (not "the photo": too generic)
            add_by_content(m, [m.group(2)], ctx, add)
    if not ctx.attached:  # with attachments, "this hat" means the attachment
        for m in re.finditer(r"\b(?:those|these|that|this)\s+([a-z]+)\b", text):
            noun = m.group(1)
            if noun in NOT_CONTENT or noun in NOT_A_THING:
                continue  # "that is much better", "this looks off": no object named
            shows = re.compile(rf"\b{re.escape(noun)}(?:s|es)?\b")
            if ctx.current is not None and shows.search(ctx.captions.get(ctx.current, "")):
                continue  # the current image shows it: "that hat" is the one in the picture
            owned = [h for h in reversed(ctx.uploads) if shows.search(ctx.captions.get(h, ""))]
            if owned:
                add(m, [owned[0]])  # "put those shoes on his paws": the shoes the person uploaded
    for m in re.finditer(r"\bthe\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:you|u)\s+(?:just\s+)?(?:made|generated|drew|created|did|painted)\b", text):
        add_by_content(m, m.group(1).split(), ctx, add, outputs_only=True)
    mentions.sort(key=lambda m: m.start)
    return mentions


# kinds of picture people bring: "the painting", "my logo" ("the texture" is too often part of the image)
KIND_NOUNS = ("painting", "drawing", "sketch", "poster", "portrait", "logo", "artwork", "illustration", "moodboard")
CONTENT_IMAGE_NOUN = (r"pic|picture|photo|image|shot|version|drawing|painting|render|sketch|poster|portrait|selfie|one|sample|"
                      r"page|panel|slide|scene|flyer|card|cover|"
                      r"logo|artwork|illustration|moodboard|palette|texture|pattern|swatch|reference")
NOT_CONTENT = {
    "first", "second", "third", "fourth", "fifth", "last", "latest", "newest", "previous", "prior", "earlier",
    "original", "initial", "current", "same", "other", "new", "next", "whole", "entire", "above", "below",
    "one", "this", "that", "final", "old", "older", "very", "only", "best", "right", "left", "two", "both",
}
# words after "that"/"this" that name no object: verbs and fillers ("that is", "this looks", "that way")
NOT_A_THING = {"image", "picture", "photo", "pic", "way", "time", "style", "look", "is", "was", "are", "were", "be",
               "looks", "looked", "seems", "seemed", "has", "had", "does", "did", "will", "would", "could", "should",
               "can", "might", "must", "and", "but", "or", "so", "too", "much", "bit", "part", "kind", "sort", "thing",
               "stuff", "really", "just", "also", "still", "again", "now", "here", "there", "in", "on", "of", "for",
               "with", "to", "at", "by", "it", "i", "you", "we", "they", "he", "she", "works", "worked", "helps"}


def _word_pattern(word: str) -> re.Pattern:
    """A word as captions may say it: plurals, "wooden" for "wood", "glitter" for "glittery"."""
    stem = re.sub(r"(?<=[a-z]{4})(?:y|ing|ed)$", "", word)
    return re.compile(rf"\b(?:{re.escape(word)}|{re.escape(stem)})(?:s|es|en|y|ing)?\b")


def latest_first(ctx: RouterContext) -> list[int]:
    """Images to search by their words: the head path newest first, then the other branches'."""
    return list(reversed(ctx.path_handles)) + [h for h in reversed(ctx.handles) if h not in ctx.path_handles]


def _labelled(label: str, ctx: RouterContext) -> int | None:
    """The latest image whose words open, or open a sentence, with `label` ("option b: a rooftop
    pool ...", "... for my niece. page one: a bunny")."""
    opens = re.compile(rf"(?:^|[.!?:]\s+){label}\b")
    return next((h for h in latest_first(ctx) if opens.search(ctx.captions.get(h, "")[:200])), None)


def _panel(n: int, ctx: RouterContext) -> int | None:
    words = [w for w, v in NUMBER_WORDS.items() if v == n]
    return _labelled(rf"(?:panel|page|scene|slide)\s*(?:{n}|{'|'.join(words) or n})", ctx)


WRITING = {"text", "words", "writing", "lettering", "letters", "caption", "title", "wording", "slogan"}


def _before_step(noun: str, ctx: RouterContext) -> int | None:
    """The image the latest step that mentioned `noun` was made from ("before the hat" -> the hat
    edit's source): the step's own words are its caption less the caption it inherited."""
    # "before the text went on" after "add the words ...": writing goes by many names
    pattern = re.compile(r"\b(?:text|words?|writ\w*|letter\w*|caption|title|says|saying|slogan)\b" if noun in WRITING
                         else rf"\b{re.escape(noun)}(?:s|es)?\b")
    for handle in reversed(ctx.path_handles):
        inputs = ctx.parents.get(handle) or []
        if not inputs:
            continue
        own = ctx.captions.get(handle, "")
        inherited = ctx.captions.get(inputs[0], "")
        if own.startswith(inherited):
            own = own[len(inherited):]
        if pattern.search(own):
            return inputs[0]
    return None


def _relative(word: str, ctx: RouterContext, existing) -> list[int]:
    if not ctx.handles:
        raise Unresolved("There are no images in this session yet. Describe what to create, or attach one.")
    if word in ORDINALS and len(ctx.attached) >= 2 and ORDINALS[word] <= len(ctx.attached):
        return [ctx.attached[ORDINALS[word] - 1]]  # "the first ... the second" of this turn's attachments
    if word in ORDINALS:
        n = ORDINALS[word]
        if n > len(ctx.handles):
            raise Unresolved(f"There are only {len(ctx.handles)} images ({_list(ctx.handles)}); which one did you mean?")
        return [ctx.handles[n - 1]]
    if word in ("last", "latest", "newest", "current", "new"):
        return [ctx.current if ctx.current is not None else ctx.handles[-1]]
    if word == "earliest":
        return [ctx.handles[0]]
    if word in ("original", "initial"):
        start = ctx.current if ctx.current is not None else ctx.handles[-1]
        return [_lineage_root(start, ctx)]
    # previous / prior / earlier / before-last: the image that was current before this one
    if ctx.current in ctx.current_path and ctx.current_path.index(ctx.current) > 0:
        return [ctx.current_path[ctx.current_path.index(ctx.current) - 1]]
    if ctx.current is not None and ctx.parents.get(ctx.current):
        return [ctx.parents[ctx.current][0]]
    path = ctx.path_handles
    if ctx.current in path:
        idx = path.index(ctx.current)
        if idx > 0:
            return [path[idx - 1]]
    elif len(path) >= 2:
        return [path[-2]]
    raise Unresolved("There is no earlier image to go back to; which image do you mean?")


def _list(handles: list[int]) -> str:
    return ", ".join(f"#{h}" for h in handles) if handles else "none"
