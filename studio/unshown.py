"""When a picture named by what it shows is surely a reference, so that one no image fits is a question, not a guess:
"make the plov picture darker" with no plov anywhere asks which picture is meant."""
from __future__ import annotations

import re

from studio.image_words import COLOURS
from studio.references import RouterContext

# words that fit any picture: "the floor in the actual picture", "the jug in the present image"
SAID_OF_ANY = {"actual", "present", "current", "existing", "latest", "recent", "same", "whole", "entire", "main", "final",
               "full", "real", "new", "last", "finished", "edited", "above", "big", "small", "little", "nice", "good",
               # occasions and uses, which captions seldom say: "add santa in the christmas picture"
               "holiday", "christmas", "xmas", "birthday", "wedding", "easter", "summer", "winter", "party", "anniversary",
               "instagram", "facebook", "insta", "family", "school", "work", "trip", "vacation", "profile"}
# a picture named as the place something goes, or as one made before: "put Medo also in the kitchen picture", "into the
# strawberry picture we made earlier": surely a reference, so one that no image fits is a question
PICTURE_AS_PLACE = re.compile(r"\b(?:in|into|onto|inside)\s+$")
MADE_EARLIER = re.compile(r"\s+(?:(?:that|which)\s+)?(?:we|you|u|i)\s+(?:made|did|created|generated|drew|done)\b|\s+from\s+(?:earlier|before)\b")


def asks_when_none(m: re.Match, words: list[str], text: str, ctx: RouterContext) -> bool:
    """Whether "the <words> <noun>" (`m`, with the noun in group 2) is surely a picture's name: said as the thing
    a surfboard comes from, as the place something goes, as one made earlier, or as what a request changes."""
    before, after, noun = text[:m.start()], text[m.end():], m.group(2)
    if re.search(r"\bthe\s+[a-z]{3,}\s+from\s+$", before):  # "the surfboard from the beach picture"
        return True
    if noun not in ("picture", "pic", "photo", "image", "one") or set(words) & SAID_OF_ANY:
        return False
    if noun != "one" and (PICTURE_AS_PLACE.search(before) or MADE_EARLIER.match(after)):
        return True
    if re.search(r"\b(?:like|as)\s+$", before):
        return False  # "clean like the shop photo": a kind of photo, not one of these
    # a picture or photo named by the things it shows is one the person thinks is here, whatever the sentence does with
    # it ("where is the chocolate cake picture?"); "the moose one" only where a request changes it
    # (not a picture's kind before another noun: "the passport photo size", "the product photo look", "the mirror image")
    named = noun in ("picture", "pic", "photo") and ENDS_THE_NAME.match(after)
    return all(map(_thing_word, words)) and not ctx.has_mask and bool(
        named or CHANGED_HERE.search(before) or SENTENCE_START.search(before) and re.match(r"\s*[.!:]", after))


# what may follow a picture's name where it ends: a stop, a verb, a preposition, a word of time
ENDS_THE_NAME = re.compile(r"\s*(?:[,.;:!?)]|$)|\s+(?:is|was|are|were|and|or|but|with|from|in|on|at|to|for|that|which|where|i|you|we|"
                           r"again|please|pls|now|back|too|gone|go|went)\b")


def _thing_word(word: str) -> bool:
    """A word that names a thing a picture shows ("the moose one"), not how it looks ("the darker one", "the painted
    one", "the blue one", "the crisp photo", "the wrong photo"): a picture no image fits is then a question."""
    return len(word) >= 3 and word not in COLOURS and word not in PLACE_WORDS and word not in JUDGED \
        and not re.search(r"(?:er|est|ed|ish|ly|ful|ous|ive|al|y|ing|ent|ior|time)$", word)


# how a picture is judged, and other languages' "this" (normalised French "de cette photo"): no thing it shows
JUDGED = set("""wrong right crisp correct proper usual bad fine perfect ugly pretty cute sharp blurry clean plain simple
    fancy cool great awful exact cette ces questa questo quella quello esta este essa esse deze""".split())
PLACE_WORDS = {"prev", "previous", "preceding", "precedent", "anterior", "foregoing", "aforementioned", "former", "latter", "other"}
# where a picture's name is what a request changes: "make the plov picture darker", "the moose one. make ...", "same
# painting style for the trekking route picture"
CHANGED_HERE = re.compile(r"\b(?:make|turn|change|edit|fix|brighten|darken|do|redo|for)\s+$")
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")
