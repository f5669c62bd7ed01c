"""How a message's text is prepared before images are looked for in it (studio/references.py find_mentions):
quoted words are text to draw unless someone says them, and a number in brackets names the image the words
before it describe."""

from __future__ import annotations

import re

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
