"""A turn's words made ready for building a call (studio/calls.py): politeness and chit-chat before the
request cut, parameters taken out, the images the words name resolved, less those refused ("don't use
the newer versions") or named for a change done there ("like you did for Bhunte"); a request inside a
longer message ("ok so it's my sister's birthday ..., could you make me a card") read on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.parameters import extract_params
from studio.phrases import STYLE_PHRASE, from_first_request, normalise, strip_polite
from studio.references import Mention, RouterContext, find_mentions
from studio.roles import ON_THIS_ONE, THIS_PHOTO, handles_of
from studio.sent_photo import introduced_and_changed, sent_thing_changed
from tools.schemas import GenerationParams


@dataclass
class Words:
    """A turn's words made ready for building: the request itself, its parameters, the images it names."""
    raw: str
    core: str
    params: GenerationParams
    mentions: list[Mention]

    @property
    def handles(self) -> list[int]:
        return handles_of(self.mentions)

    @classmethod
    def naming_nothing(cls, raw: str) -> "Words":
        """An empty session's words: "the first request of the day", "the picture itself" name no image."""
        text, params = extract_params(normalise(raw.strip()))
        return cls(raw, strip_polite(text) or text, params, [])

    @classmethod
    def of(cls, raw: str, ctx: RouterContext, target: int | None = None) -> "Words":
        bare = cls.naming_nothing(raw)
        params, core = bare.params, bare.core
        core = re.sub(r"^(?:no|nah|nope|hmm+|ugh|oops)\s*[,.!]+\s*", "", core) or core  # "no, go back to ..."
        core = from_first_request(core, ctx)
        core = _after_taking_back(core)
        if target is not None:  # an answer to a question named the image: it replaces the turn's own
            core = re.sub(r"\b(?:image|picture|photo|pic|number|no\.?)\s*#?\s*\d+\b|#\s*\d+\b", "it", core)
            return cls(raw, core, params, [Mention(len(core), len(core), [target])])
        mentions = _meant(find_mentions(core, ctx), core)
        # "ok so it's my sister's birthday ..., could you make me a card with ...": the request
        request = REQUEST_INSIDE.search(core)
        if request and request.start() > 0 and not STYLE_PHRASE.search(core[:request.start()]):
            before, opening = mentions, core[:request.start()]
            core = core[request.end():].strip()
            mentions = _meant(find_mentions(core, ctx), core)
            done_before = DONE_BEFORE.search(core)
            if len(set(handles_of(before))) >= 2 and mentions and all(
                    re.fullmatch(r"both|them both|these two|those two|the two", core[m.start:m.end]) for m in mentions):
                mentions = []  # "in the picture from before the cap, and in the latest one, ...? Please advise for both."
            labelled = ctx.attached and all(re.match(r"\s+(?:is|are)\s+(?:the|a|an|my|our|his|her|their)\s+(?!one\b|best\b|better\b)",
                                                     opening[m.end:]) for m in before if m.end > m.start)
            likened = LIKE_THAT.search(core)
            if not mentions and before and likened and ctx.current not in handles_of(before):
                # "I preferred the grass in number 17. Would you give this one grass like that?": #17 lends to the one in hand
                mentions = [Mention(likened.start(1), likened.start(1), m.handles) for m in before]
            elif not mentions and before and not labelled and (not done_before or (said_by_number := numbered(before, opening))):
                # "the dog photo - can you make it look like a watercolor?"; "the earrings, the number 8, please make the
                # background darker like you did for the cross": a number holds beside work done before
                # (not "first pic is the hat my nan knitted, second is our Pepper - can you ...": photos sent, labelled)
                mentions = [Mention(0, 0, m.handles) for m in (said_by_number if done_before else before)]
            elif not mentions and len(ctx.attached) == 1 and (
                    THIS_PHOTO.search(opening) or introduced_and_changed(opening, core) or SENDING_PHOTO.search(opening)
                    and not re.search(r"\b(?:put|place|stick|pop)\b|\b(?:on|onto|into)\s+(?:her|him|them|it|the)\b", core)
                    or (ctx.attached[0] in ctx.captions and ON_THIS_ONE.search(opening))):  # sent before, sent again
                # "this photo of my sneakers came out dull, can you ...", "and this is pepper! can you make her ...",
                # "here's her photo again. on this one, could you ..."
                mentions = [Mention(0, 0, list(ctx.attached))]
        said = normalise(raw.strip())
        opened = said.find(core) if core else -1  # the words cut before the request as politeness or chat
        if not mentions and len(ctx.attached) == 1 and opened > 0 and sent_thing_changed(said[:opened], core):
            mentions = [Mention(0, 0, list(ctx.attached))]  # "Sorry I forgot to send it. This is the hat. Change its background"
        return cls(raw, core, params, mentions)


# a request taken back mid-message: "make the lodge picture like this. or no - keep the photo, make a new one: ..."
TAKEN_BACK = re.compile(r"(?:[.,;:!?-]|\.\.\.)\s*(?:(?:or|actually|wait)\s+no\s*[-,.:;!]|no\s+wait\b|scratch\s+that\b|"
                        r"on\s+second\s+thoughts?\b|forget\s+that\b)[\s,.!:;-]*")  # not "or no hat if ...", "actually no need"


def _after_taking_back(core: str) -> str:
    """What the person asks once they took back what they began with; the whole message if nothing follows."""
    last = None
    for last in TAKEN_BACK.finditer(core):
        pass
    rest = core[last.end():] if last else ""
    return rest if len(re.findall(r"[a-z']+", rest)) >= 3 else core


# what the request borrows from an image named before it: "... give this one grass like that?"
LIKE_THAT = re.compile(r"\b(?:this\s+one|this\s+picture|the\s+current\s+one)\b[^.!?;]*\blike\s+((?:that|those)\b)")


def numbered(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions said with a number ("number 8", "#3"), which no other reading overrules."""
    return [m for m in mentions if re.search(r"\d", text[m.start:m.end])]


# "don't use the newer versions", "a separate new picture, not from the bazaar one", "no Libaax in this one"
def _meant(mentions: list[Mention], core: str) -> list[Mention]:
    """Not the images refused ("don't use the newer versions - start from the original photo") nor those named for
    the change done there ("give her dog a mala and tika, like you did for Bhunte"), nor the change itself said
    again ("do the background darker like you did for the pendant": the words of a step, not the picture it made),
    nor those taken back in the same breath ("the first one. no actually the second")."""
    taken_back = [c.end() for c in SELF_CORRECTED.finditer(core)]
    if taken_back and any(m.start >= taken_back[-1] for m in mentions):
        mentions = [m for m in mentions if m.start >= taken_back[-1]]
    return [m for m in mentions if not REFUSED.search(core[:m.start]) and not DONE_BEFORE_FOR.search(core[:m.start])
            and not GOES_LATER.search(core[:m.start])
            and not (COMPLAINED_OF.match(core[m.end:]) and not re.search(r"\d", core[m.start:m.end]))
            and not (DONE_BEFORE.search(core[m.start:m.end + 12]) and not re.search(r"\d", core[m.start:m.end]))]


# a person correcting themselves mid-message: "the first one. no actually the second", "number 3, or rather 4"
SELF_CORRECTED = re.compile(r"(?:^|[.,;:!?-]\s*)(?:no|nah|nope|wait|sorry|oops|hmm)\b[,!.]?\s+(?:actually|wait|i\s+mean|make\s+(?:that|it))\b"
                            r"|\bor\s+rather\b|,\s*i\s+mean\b")


# "brighten the photo itself first, before it goes on the poster": where it goes later, not an image to use now
GOES_LATER = re.compile(r"\b(?:before|after|once|when)\s+(?:it|this|she|he|they|them)\s+(?:goes|go|gets|get)\s+(?:put\s+)?(?:on|in|into|onto)\s+$")


# "... soften the lighting - the painting was too heavy": what a step just undone did wrong, not an image to use
COMPLAINED_OF = re.compile(r"\s+(?:was|were)\s+(?:too|a\s+bit|way\s+too|far\s+too|rather|quite|so|much\s+too)\b")


# "I am sending her dog photo, please give her dog a mala": the photo sent now is what changes
SENDING_PHOTO = re.compile(r"\b(?:i\s+am|i'?m|im)\s+(?:sending|attaching|uploading)\s+(?:you\s+)?(?:her|his|my|our|their)\s+"
                           r"(?:[a-z]+\s+)?(?:photo|pic|picture|image|snap)\b")
DONE_BEFORE = re.compile(r"\b(?:like|as|same\s+as)\s+(?:you|we|u)\s+(?:did|done|have\s+done|made)\s+(?:for|to|with|on)\b")
DONE_BEFORE_FOR = re.compile(DONE_BEFORE.pattern + r"\s+(?:the\s+|my\s+)?$")
REFUSED = re.compile(r"\b(?:don'?t|do not|not|never|without|no)\s+(?:use|using|touch|edit|change|from|based\s+on|for|part\s+of)?\s*(?:the\s+|any\s+|my\s+)?$"
                     r"|\b(?:separate\s+from|(?:nothing|nothin'?|nowt|naught)\s+to\s+do\s+with|apart\s+from)\s+(?:the\s+|my\s+|our\s+|\w+'s\s+)?$")  # "a lighthouse at night? Separate from the cabin one."
REQUEST_INSIDE = re.compile(r"(?:^|[,.;!]\s*|\s)(?:so\s+)?(?:(?:could|can|would|will) (?:you|u)|please)\s+(?:please\s+|pls\s+|now\s+|also\s+)*"
                            r"(?!tell|say|see|describe|explain|identify|count|read|guess|check|advise|confirm|let\s+me\s+know)(?=[a-z])")
