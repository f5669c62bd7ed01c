"""How a message's text is prepared before images are looked for in it (studio/references.py find_mentions):
quoted words are text to draw unless someone says them, and a number in brackets names the image the words
before it describe. After the finders, one image named twice in a row is one mention; words beside an image's
number that name no image (or several) only describe it."""

from __future__ import annotations

import re

from studio.router_context import Mention

SPEECH = {"say", "says", "said", "goes", "going", "ask", "asks", "asked", "yells", "yelling", "shouts", "shouting"}
TEXT_TO_DRAW = {"saying", "reads", "reading", "text", "caption", "title", "slogan", "lettering", "tagline", "headline",
                "label", "sign", "banner", "write", "writing", "written"}


def spoken(before: str) -> bool:
    """Whether a quote opening after `before` is someone's speech ("she says", "Maya:"), not text to draw."""
    last = re.search(r"\b([a-z]+)\s*(:?)\s*$", before)
    return bool(last) and (last.group(1) in SPEECH or bool(last.group(2)) and last.group(1) not in TEXT_TO_DRAW)


def bracketed_numbers(text: str, handles: list[int]) -> str:
    """ "Bhunte one (2) or didi ko dog (4)": the number in brackets names the image; the words before it,
    back to the last comma or "or", only describe it (the text keeps its length: spans stay true)."""
    for m in reversed(list(re.finditer(r"\(\s*#?(\d{1,3})\s*\)", text))):
        if int(m.group(1)) not in handles:
            continue
        start = max([0] + [b.end() for b in re.finditer(r"[,;:?!.(]|\b(?:or|and|vs|between)\b", text[:m.start()])])
        label = f"#{m.group(1)}"
        text = text[:start] + " " * (m.start() - start) + label.ljust(m.end() - m.start()) + text[m.end():]
    return text


def named_twice_as_one(text: str, mentions: list[Mention], exact: re.Pattern) -> list[Mention]:
    """ "the very first picture, the one with the lake": one image named twice. A place or number named first
    (`exact`) holds; otherwise the second, more particular words do ("the sunflower picture, the one with our wood")."""
    kept: list[Mention] = []
    numbered = dropped = 0  # the images just named by number, and how many words after them named them again
    for m in mentions:
        said = text[m.start:m.end]
        gap = text[kept[-1].end:m.start] if kept else ""
        if NUMBER_SAID.fullmatch(said) and (not kept or re.fullmatch(r"\s*(?:,|and|&)\s*", gap) and numbered):
            numbered, dropped = numbered + 1, 0
        elif numbered and not exact.search(said) and dropped < numbered and re.fullmatch(r"\s*(?:,|and|&)\s*(?:the\s+|my\s+)?", gap):
            dropped += 1  # "#2 and #4, the jacket and the shoes": the numbers hold, the words after them say what they show
            continue
        else:
            numbered = 1 if NUMBER_SAID.fullmatch(said) else 0
            dropped = 0
        # the first words may stop short of their noun or be followed by "now": "my christmas| card, the one with ..."
        if kept and re.fullmatch(r"\s*(?:[a-z]+\s*)?[,:\u2013\u2014-]\s*", text[kept[-1].end:m.start]) \
                and (re.match(r"the\s+(?:[a-z]+\s+){0,2}?(?:one|version|picture|pic|image|photo|een|un)\b", text[m.start:m.end])
                     or exact.search(text[kept[-1].start:kept[-1].end])  # "number 4, the last from three": the number holds
                     and re.match(r"the\s+(?:first|second|third|last|middle)\s+(?:of|from)\b", text[m.start:])):
            first = kept.pop()
            kept.append(Mention(first.start, m.end, first.handles if exact.search(text[first.start:first.end]) else m.handles))
            continue
        if kept and re.fullmatch(r"(?:\s+from\s+(?:before\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?|earlier|yesterday))?\s*[,:(\u2013\u2014-]\s*",
                                 text[kept[-1].end:m.start]) and NUMBER_SAID.fullmatch(text[m.start:m.end]) \
                and not exact.search(text[kept[-1].start:kept[-1].end]):
            # "do the stall picture, number 4, in ...": what it shows, then its number; the number holds
            kept.append(Mention(kept.pop().start, m.end, m.handles))
            continue
        if kept and kept[-1].handles == m.handles and re.fullmatch(r"\s+(?:from|off)\s+", text[kept[-1].end:m.start]) \
                and not exact.search(text[kept[-1].start:kept[-1].end]):
            # "the jacket from #1": a thing, then the picture it is in, the same image: one mention
            kept.append(Mention(kept.pop().start, m.end, m.handles))
            continue
        kept.append(m)
    return kept


# an image named by its number alone: "number 4", "#4", "pic 4"
NUMBER_SAID = re.compile(r"(?:#\s*|\b(?:image|picture|pic|photo|number|no\.?|nr\.?)\s*#?\s*)\d{1,3}")
# what sits between an image's number and other words for the same image: "number 6, the jacket one",
# "I mean 9, the middle one of the three", "last of the 3. number 5"
_AFTER_NUMBER = re.compile(r"[\s,:;(\u2013\u2014-]*(?:the\s+|that\s+|ie\s+|i\.e\.\s+)?")
_BEFORE_NUMBER = re.compile(r"[\s,.:;!?(\u2013\u2014-]*(?:(?:so\s+|i\s+)?mean?t?\s+|(?:that'?s|that\s+is|it'?s|ie|i\.e\.)\s+)?(?:the\s+)?")


def beside_a_number(span: tuple[int, int] | None, text: str, mentions: list[Mention]) -> bool:
    """Whether words that named no image (or several) only describe an image named by its number right beside
    them: the number is exact and holds, so there is nothing to ask."""
    if span is None:
        return False
    numbered = [m for m in mentions if re.search(r"\d|#", text[m.start:m.end])]
    return any(_AFTER_NUMBER.fullmatch(text[m.end:span[0]]) or _BEFORE_NUMBER.fullmatch(text[span[1]:m.start])
               for m in numbered)


# the next job announced, no picture: "ok. last one for the waiting room noticeboard - a cat and a dog ...", "next one: ..."
NEXT_TASK = re.compile(r"\b(?:task|job|question)\s*,?\s*(?:number|no\.?|nr\.?|#)\s*\d{1,3}\b|"  # "Last task, number 7: add ...": the person's list
                       r"(?:^|(?<=[.!?])\s*)(?:(?:ok|okay|right|and|so|now)\W+)?(?:next\s+one\b(?=\s*[-–—:])|"
                       r"(?:last|final)\s+one\b(?=(?:\s+for\s+[^.!?:–—-]{1,40}|\s+(?:for\s+)?(?:today|tonight))\s*[-–—:]))")  # "ok last one today- a new poster"
# a letter's "in the said picture", "the aforesaid photo": the picture just spoken of
SAID_PICTURE = re.compile(r"\bthe\s+(?:said|aforesaid|above[- ]mentioned)(?=\s+(?:picture|pic|image|photo|one|poster|card|design)\b)")


# who is who inside the picture: "Tiger is the first dog." (not "my pick is the second dog": a choice among pictures)
WHO_IS_WHO = re.compile(r"\b(?<!\bone\s)(?!(?:one|pick|choice|best|better|favou?rite|winner|keeper)\b)[a-z]+\s+(?:is|was)\s+"
                        r"(the\s+(?:first|second|third|last|other|left|right|bigger|smaller)\s+(?!(?:image|picture|photo|pic|one|version|"
                        r"option|design|card|poster|drawing|painting)s?\b)[a-z]{3,})(?=\s*(?:[.,;!]|$))")


def pointers_only(text: str) -> str:
    """Words that number the person's own list ("Last task, number 7:", "next one: ...") and that tell who is who inside
    a picture ("Tiger is the first dog") blanked, and "the said picture" said as "that picture"; each replaced by as
    many characters, so spans found later still hold."""
    text = NEXT_TASK.sub(lambda a: " " * len(a.group(0)), text)
    text = WHO_IS_WHO.sub(lambda a: a.group(0)[:a.start(1) - a.start()] + " " * len(a.group(1)), text)
    return SAID_PICTURE.sub(lambda a: "that".ljust(len(a.group(0))), text)
