"""Whether a turn asks for a new picture rather than a change to an image it names or to the one in hand ("a new
picture of a harbour", "mood board time: a living room built from these four", "a tractor too" is a change). Used by
studio/calls.py for a style transfer with no source named, and for the images a new picture borrows; by
studio/second_look.py where the interpreter reads a new picture (or the last one again) and the words change the one in
hand ("draw a small bee on each label", "add another jar")."""

from __future__ import annotations

import re

from studio.content import ContentMatcher
from studio.phrases import DETERMINER_START, EDIT_VERBS, GENERATE_VERBS, NEW_IMAGE, starts_with
from studio.references import Mention, RouterContext


def wants_new_image(core: str, mentions: list[Mention], ctx: RouterContext) -> bool:
    """Whether a turn asks for a new picture rather than a change to an image it names or the current one."""
    if ctx.current is not None and re.search(r"\b(?:too|as well|also)\s*[?!.]*$", core):
        return False  # "a tractor too": add it to the current image
    if ctx.current is not None and re.search(r"\b(?:\w+ )?one instead\b", core):
        return False  # "show me a mustard yellow one instead": that thing in the current image, changed
    if re.match(r"^(?:make|create|generate|give me|render|produce|draw)\s+(?:me\s+)?(?:a|an|another)\s+(?:new\s+|different\s+|"
                r"alternate\s+|alternative\s+|slightly different\s+)?(?:version|copy|variant|variation|take)\s+of\b", core) \
            and (mentions or ctx.current is not None):
        return False  # "a new version of the first image with a red sky": an edit of that image
    if re.match(r"^(?:make|create|give me|render|produce|do)\s+(?:me\s+)?(?:a|an)\s+(?:\w+\s+)?(?:version|copy|crop|cut)\s+"
                r"(?:for|in|with|at|that)\b", core) and (mentions or ctx.current is not None):
        return False  # "make a version for instagram, square": the current image, reshaped
    if re.match(r"^(?:put|place|show|dress)\s+(?:these|those|this|that|the|my)\s+(?:[a-z]+\s+){0,2}?(?:on|onto)\s+(?:a|an)\s+"
                r"(?:[a-z]+\s+)?(?:model|person|man|woman|girl|boy|mannequin|kid|child|guy|lady|runner|dancer)\b", core) \
            and not re.search(r"\b(?:in|from) (?:the|this|that|my) (?:picture|image|photo|pic)\b", core):
        return True  # "put these shoes on a model walking down a runway": a new picture, the shoes lend
    if re.match(r"^(?:the\s+)?same\s+(?:character|person|guy|girl|knight|hero|dog|cat|animal|creature|robot|figure|\w+)\s+as\s+"
                r"(?:in\s+)?(?:image|picture|pic|photo|panel|#|the|my)\b", core) and mentions:
        return True  # "same character as in image 1 but sitting on a throne"
    if MADE_AS_SAID.match(core):
        return True  # "Make: boat up on land, spring, man fixing net", "make it now only: trekkers walking ...": what follows
    if NEW_IMAGE.search(core) or re.match(r"^(?:mood ?board|(?:new |next )?idea|concept|next up)(?: time)?\s*[:-]\s*"
                                            r"(?:a|an|some)\b", core):
        return True  # "mood board time: a living room built from these four"
    if starts_with(core, GENERATE_VERBS):
        return True
    if re.match(r"^(?:make|render|paint|give|show|get|build|produce|bring)\s+(?:me\s+)?(?:a|an|some|another|two|three|\d+)\b"
                r"(?!\s+(?:the|same)\b)", core):  # not "give A the same yellow button"
        return True
    if re.match(r"^(?:i|we)(?:'d| would)?\s+(?:now\s+|also\s+|really\s+|next\s+)?(?:like|love|want)\s+(?:a|an|some|"
                r"another)\b", core):
        return True  # "I would now like an ordinary photograph of a red bicycle"
    if re.match(r"^(?:i want|i'd like|i would like|i'd love|i would love|i need|we need|show me|give me|gimme|get me|"
                r"let me see|let me have|how about|let's have|lets have|let's see|lets see|what about)\s+(?:a|an|some|to see)\b", core):
        return True
    if re.match(r"^(?:can|could|may) (?:i|we) (?:see|get|have)\s+(?:a|an|some)\b", core):
        return True
    if re.match(r"^(?:a (?:bit|little|lot|tad|touch|smidge)|slightly|much|way|even|more|less|bit|"
                r"(?:one|two|three|a few|some|couple) (?:more|things?|changes?|tweaks?)\s*[:,-])", core):
        return False  # "a bit brighter": an adjustment of the current image
    if DETERMINER_START.match(core):
        return not (ctx.current is not None and re.search(r"\b(?:instead|rather)\b", core) and not ctx.attached)
    if ctx.current is None and not ctx.attached and not mentions:
        # nothing to edit: a description, unless it plainly points at an image ("make it blue")
        return not re.match(rf"^(?:{'|'.join(EDIT_VERBS)})\s+(?:it|this|that|them|him|her|the (?:image|picture|photo))\b", core)
    return False


# a description after "make ... :", the picture to make: "Make: boat up on land, spring", "make it now only: trekkers ..."
MADE_AS_SAID = re.compile(r"^(?:make|draw|create|paint)(?:\s+(?:it|one|that))?(?:\s+(?:now|then|please|pls))?(?:\s+only)?\s*:\s*[a-z]")


# something drawn onto a thing: "draw a small bee on each label", "paint a star on his cap"
DRAWN_ONTO = re.compile(r"\b(?:draw|paint|sketch|doodle)\s+(?:[a-z]+\s+){1,4}?(?:on|onto)\s+(?:the|each|every|all\s+the|his|her|its|their)\s+"
                        r"([a-z]{3,})\b")


def drawn_onto_the_picture(raw: str, ctx: RouterContext) -> bool:
    """Whether the words draw something onto a thing the picture in hand shows ("draw a small bee on each label" with
    jars and their labels in hand): a change to that picture, not a new one."""
    onto = DRAWN_ONTO.search(raw) if ctx.current is not None else None
    return onto is not None and ContentMatcher(ctx).match(onto.group(1), ctx.current) > 0


# one more of a thing put into the picture: "add another jar", "put one more candle on the cake" (not "another go")
ONE_MORE_PUT_IN = re.compile(r"\b(?:add|put|place|stick|pop|include|insert)\s+(?:in\s+)?(?:another|one\s+more|a\s+second|a\s+third)\s+"
                             r"(?!(?:one|go|goes|try|tries|version|time|take|attempt|variation|option|picture|image|pic|photo)s?\b)[a-z]{3,}")


# several versions of the picture in hand: "3 options of the current banner", "from this one give me three
# versions", "two alternates of this", "two versions with a few bees" (not "3 versions of a red fox")
VERSIONS_OF_THIS = re.compile(r"\b(?:versions?|variations?|variants?|options|alternates|alternatives|takes|alts|propositions|proposals)\s+"
                              r"(?:of\s+(?:this|that|it|the\s+(?:current|last|latest|same)|image|picture|#)|from\s+this|with|where|"
                              r"for\s+this\s+(?:room|picture|image|photo|one|shot|space|scene)|"
                              r"in\s+which)\b|\b(?:of|from)\s+this(?:\s+one)?\b.{0,40}\b(?:versions|variations|options|alternates)\b|"
                              r"\b(?:versions|variations|options|alternates|alternatives)\s*(?:[.:!]|$)|"
                              r"\bsame\s+(?!again\b)[^\s,.]+\s+but\b|"  # "same póster but square, give me three to choose"
                              r"\b(?:me|us)\s+(?:two|three|four|five|\d)\s+of\s+(?:it|this|that|the\s+[a-z]+)\b|"  # "do me three of the stall"
                              # "three costumes for her", "three goes at the sky", "3 colourways of the cabled one"
                              r"\b(?:two|three|four|five|\d)\s+(?:[a-z]+\s+)?(?!(?:pictures|images|drawings|photos|pics|paintings|posters)\b)"
                              r"[a-z]+s\s+(?:for\s+(?:her|him|them|it)|(?:for|on|at|of)\s+the\s+[a-z]+)\b")


# versions of another thing besides: "make 3 different designs of small mirror-work clutch purse also", "three versions of
# the main bedroom as well" (after a living room)
VERSIONS_OF_ANOTHER = re.compile(r"\b(?:versions?|designs?|options|variations?|ideas|kinds|types|pictures?|images?)\s+of\s+(?:a\s+|an\s+|the\s+|our\s+|my\s+)?"
                                 r"(?:[a-z-]+\s+){0,3}?([a-z]{3,})\s*,?\s*(?:also|as\s+well|too)\b")


def versions_of_another_thing(raw: str, ctx: RouterContext) -> bool:
    """Whether the words ask for pictures of a thing besides the one in hand, which the picture in hand does not show."""
    other = VERSIONS_OF_ANOTHER.search(raw) if ctx.current is not None else None
    return other is not None and ContentMatcher(ctx).match(other.group(1), ctx.current) < 1.0  # ("bedroom" is no "room")
