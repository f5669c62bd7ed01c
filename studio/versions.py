"""How many versions a turn asks for, and of what: the two checks `TurnReader.decide` runs on a count before a close
call is asked, since each settles it. "3 options of the current banner" are edits of the picture in hand; "give me four
to choose from" just after a new picture is that request again, four times (studio/second_look.py has the other second
looks)."""

from __future__ import annotations

import re

from studio.new_picture import VERSIONS_OF_THIS
from studio.phrases import EDIT_VERBS, normalise
from studio.references import RouterContext
from studio.words import Words

NEW_SUBJECT = re.compile(r"\b(?:new|fresh|separate|brand[- ]new|from\s+scratch|another\s+(?:picture|image|scene))\b|^(?:a|an|some)\s")


def versions_of_the_picture_in_hand(meant: str, words: Words, ctx: RouterContext) -> str:
    """ "3 options of the current banner": several versions of the current image are edits of it, whatever the
    reading (checked before a close call is asked, since it settles it)."""
    if meant in ("generate", "style", "repeat") and (words.params.count or 1) > 1 and ctx.current is not None \
            and VERSIONS_OF_THIS.search(normalise(words.raw)) and not NEW_SUBJECT.search(words.core) \
            and not re.search(r"\b(?:new|fresh|separate|brand[- ]new|from\s+scratch)\b", normalise(words.raw)):
        return "edit"
    return meant


def more_of_the_same(meant: str, words: Words, ctx: RouterContext) -> str:
    """ "give me four to choose from", "3 different one please" just after a new picture: more versions of that
    request (the last call again, that many times), not an edit of the one made, when the turn names no image, sends
    none and asks no change."""
    last = ctx.call_to_repeat
    if meant in ("edit", "generate") and (words.params.count or 1) > 1 and last is not None and last.tool == "generate" \
            and ctx.made_by.get(ctx.current) == last and not words.mentions and not ctx.attached \
            and not ctx.has_mask and not CHANGE_ASKED.search(words.core) and not NEW_SUBJECT.search(words.core) \
            and not CHANGE_ASKED_BEFORE.search(normalise(words.raw)) \
            and (count := ONLY_HOW_MANY.search(normalise(words.raw))) \
            and not SUBJECT_SAID.search(normalise(words.raw)[:count.start()]):  # "Logo for my bakery, a rolling pin. Give me 3 ..."
        return "repeat"
    return meant


# a change asked in an earlier sentence: "But can you change so bear is sitting, not standing? Show me 3 kind please."
CHANGE_ASKED_BEFORE = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:change|make|turn|move|put|add|remove|fix|swap)\b")
SUBJECT_SAID = re.compile(r"\b(?:a|an|some)\s+(?!(?:bit|lot|few|couple|little|while|moment|sec|second|minute|go|look|choice)\b)[a-z]{3,}")


# a count that ends its clause with nothing said of the versions: "give me 3 different one please, ...", "give me four to
# choose from.", "give me 3 more of the same so I've got a choice" (not "show me three dresses for her - one red, ...", "3 staging options for this room: ...")
ONLY_HOW_MANY = re.compile(r"\b(?:give|gimme|show|send|do|make|let\s+(?:me|us)\s+see)\s+(?:(?:me|us|is)\s+)?(?:\d|two|three|four|five|six|"
                           r"a\s+few|a\s+couple(?:\s+of)?)\s+(?:more\s+)?(?:(?:different|diff|other)\s+)?(?:ones?|uns|options|versions|"
                           r"variations|kinds?)?(?:\s*\bof\s+(?:the\s+same|that|this|it|them))?"
                           r"\s*(?:to\s+(?:choose|pick)\s+from|(?:and|an'?|&)\s+(?:i|we)(?:'ll|\s+will)\s+(?:pick|choose)|"
                           r"so\s+[^.!?]*\b(?:choice|choose|pick|decide)\b[^.!?]*|to\s+show\s+[^.!?]*|"  # "so that I may show to madam"
                           r"so\s+(?:that\s+)?(?:i|we|they|he|she|(?:my|our)\s+[a-z]+)\s+(?:can|could|may|might|will|would)\s+[^.!?]*)?"
                           r"\s*(?:please|pls)?\s*(?:[,.;!?]|$)")
# a change asked for ("make (me) three" asks for versions, not a change)
CHANGE_ASKED = re.compile(r"\b(?:make(?!\s+(?:me|us|two|three|four|five|\d|(?:more\s+)?of\s+the\s+same)\b)|draw|rearrange|with|without|could\s+you|can\s+you|"
                          + "|".join(re.escape(v) for v in EDIT_VERBS if v not in ("make", "give", "let", "have", "keep", "show", "set", "light"))
                          + r")\b")
