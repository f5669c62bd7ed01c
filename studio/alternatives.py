"""Versions that differ the way the person listed: "three takes: one warm, one ice cold, and one dim",
"(a) marble, (b) boxwood, (c) glass", "ek green, ek gold, ek deep blue". Each version gets the request
with the list replaced by its own item, so the pictures differ as asked, and each picture's words
(what "the ice cold one" or "variant (b)" later names) are its own."""

from __future__ import annotations

import re

# "one warm, one ice cold, and one ...": each item opens with "one" (Hindi/Urdu "ek")
_OPENS_WITH_ONE = re.compile(r"(?:^|(?<=[\s,;:(\-–—]))(?:one|ek)\s+(?!(?:of|more|day|another|or|and|each)\b|by\s+one\b)", re.I)
# "(a) marble, (b) boxwood", "a) ... b) ...", "(1) ... (2) ..."
_LABELLED = re.compile(r"(?:^|(?<=[\s,;:]))\(?([a-h]|[1-8])\)\s+", re.I)
_ITEM_END = re.compile(r"\s*(?:[.!?;](?:\s|$)|$)")
# "Rex as a pirate, Rex as a knight, Rex as an astronaut. One picture each.": the list just before
ONE_PICTURE_EACH = re.compile(r"(?:^|(?<=[,.;:!?\s-]))(?:one|a)\s+(?:picture|image|pic|version|drawing)\s+(?:each|of\s+each|for\s+each)\b|"
                      r"\bone\s+of\s+each\b|"
                      r"\beach\s+(?:colou?r|one|version|shade|style)\s+(?:as\s+)?(?:a|its\s+own)\s+(?:separate\s+)?(?:photo|picture|image|pic)\b", re.I)


def items_before_each(text: str) -> tuple[tuple[int, int], list[str]] | None:
    """The list a "one picture each" follows, split into its items, or None."""
    each = ONE_PICTURE_EACH.search(text)
    if not each:
        return None
    start = max(text.rfind(c, 0, each.start()) for c in ".!?;:")  # the sentence before, or the clause
    span = text[start + 1: each.start()].strip(" ,-")
    if not span:  # "one picture each" opens its sentence: the list is the sentence before it
        start = max(text.rfind(c, 0, max(start, 0)) for c in ".!?;:")
        span = text[start + 1: max(text.rfind(c, 0, each.start()) for c in ".!?;:")].strip(" ,-")
    items = [i.strip() for i in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", span) if i.strip()]
    if len(items) < 2 or any(len(i.split()) > 8 for i in items):
        return None
    offset = text.find(span)
    return (offset, offset + len(span)), items


def _listed(text: str, count: int, keep_labels: bool = False) -> tuple[tuple[int, int], list[str]] | None:
    """The span and the items of a list of exactly `count` (≥2) alternatives in the text, or None."""
    if count < 2:
        return None
    for found in (_labelled_items(text, keep_labels), _one_by_one_items(text), items_before_each(text), _counted_list(text, count)):
        if found and len(found[1]) == count:
            return found
    return None


def listed_items(text: str, count: int) -> list[str] | None:
    """The `count` alternatives the text lists ("warm", "ice cold", "dim"), or None."""
    found = _listed(text, count)
    return found[1] if found else None


def split_alternatives(text: str, count: int, keep_labels: bool = False) -> list[str] | None:
    """`count` prompts, one per version, when the text lists exactly `count` alternatives; else None.
    With `keep_labels`, a labelled item keeps its label ("(b) boxwood"): the words that later name it."""
    found = _listed(text, count, keep_labels)
    if not found:
        return None
    (start, end), items = found
    before, after = text[:start].rstrip(" ,;-–—"), text[end:].lstrip(" ,;")
    if ONE_PICTURE_EACH.search(after):  # "..., one picture each" has done its work
        after = ONE_PICTURE_EACH.sub("", after).strip(" ,;.")
    return [f"{before} {item}".strip() + ("" if not after or after[0] in ".!?" else " ") + after for item in items]


def _labelled_items(text: str, keep_labels: bool = False) -> tuple[tuple[int, int], list[str]] | None:
    marks = list(_LABELLED.finditer(text))
    labels = [m.group(1).lower() for m in marks]
    if len(marks) < 2 or labels != [chr(ord(labels[0]) + i) for i in range(len(labels))] or labels[0] not in "a1":
        return None  # labels in order from the first: (a) (b) (c), 1) 2) 3)
    found = _items(text, marks)
    if found and keep_labels:
        return found[0], [f"({label}) {item}" for label, item in zip(labels, found[1])]
    return found


def _one_by_one_items(text: str) -> tuple[tuple[int, int], list[str]] | None:
    marks = list(_OPENS_WITH_ONE.finditer(text))
    # the items sit in one run: "one X, one Y and one Z" (an earlier lone "one" starts no list)
    while len(marks) >= 2 and not re.fullmatch(r"[^.!?;]{1,60}?(?:,|\band\b|\bor\b|\s[-–—]\s)\s*",
                                               text[marks[0].end():marks[1].start()]):
        marks.pop(0)
    if len(marks) < 2 or not re.search(r"[,:;?!.\-–—]\s*(?:(?:maybe|like|say|e\.?g\.?|i\.?e\.?|so)\s+)?$", text[:marks[0].start()]):
        return None  # the list stands apart from the request ("..., one red, one blue"), not "with one dog and one cat"
    return _items(text, marks)


def _items(text: str, marks: list[re.Match]) -> tuple[tuple[int, int], list[str]] | None:
    items = []
    for i, mark in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else _ITEM_END.search(text, mark.end()).start()
        item = re.sub(r"[\s,;]*(?:\band\b|\bor\b)?[\s,;]*$", "", text[mark.end():stop]).strip(" '\"‘’“”")
        if not item or len(item.split()) > 12:
            return None
        items.append(item)
    end = _ITEM_END.search(text, marks[-1].end()).start()
    return (marks[0].start(), end), items


_COUNT_WORD = {2: "two|2", 3: "three|3", 4: "four|4", 5: "five|5", 6: "six|6", 7: "seven|7", 8: "eight|8"}


def _counted_list(text: str, count: int) -> tuple[tuple[int, int], list[str]] | None:
    """ "3 colourways of the cabled one: a heathered grey, a mustard and a forest green": a list after a colon or
    a dash whose sentence counts its items first (without the count, "a poster: a dog, a cat and a bird" is one picture)."""
    # also the next sentence ("three versions with different skies? Stormy, clear, and a golden evening one"), or after
    # "one each" ("three versions of this, one each in spring, summer and winter")
    for mark in re.finditer(r":\s+|\s[-–—]\s+|[?.!]\s+|\bone\s+each\s+(?:in|as|with|for|at)?\s*", text):
        sentence = text[max(text.rfind(c, 0, mark.start()) for c in ".!?;") + 1: mark.start()]
        if not re.search(rf"\b(?:{_COUNT_WORD.get(count, '-')})\b", sentence, re.I):
            continue
        if mark.group(0)[0] in "?.!o" and not re.search(r"\b(?:versions?|options?|variations?|variants?|takes|alternatives|different)\b",
                                                        sentence, re.I):
            continue  # "two cats on a sofa? That's Mochi and Pepper." lists no versions
        end = _ITEM_END.search(text, mark.end()).start()
        span = text[mark.end():end]
        items = [i.strip(" '\"") for i in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", span) if i.strip()]
        if len(items) == count and all(len(i.split()) <= 6 for i in items):
            return (mark.end(), end), items
    return None
