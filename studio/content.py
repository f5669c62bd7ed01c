"""Which image a person's words describe: "the beach one", "the one w just the sunglasses", "the
blue one, the one without the bike", "the normal one (not painted)".

Each image shows some words (studio/image_words.py: what the person said when it came in, what each
edit on its way added, the names of the files it borrowed from, less what an edit took away). A
description (`Descriptor`) is the words wanted and the words unwanted.
Each image is scored word by word: the same word or a form of it (plural, "painted" for "paint",
"motorbike" for "bike") counts 1; otherwise the sentence encoder's similarity of the two words counts
when it is high (coat ~ jacket, sneakers ~ shoes); colours and other near-miss pairs fall below it.

The best-scoring image wins. When several tie, the latest of them wins if they are one line of edits
(each made from the one before: the person means the latest state that still shows it); when they
are separate pictures, the question back names them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from studio.references import (
    KIND_NOUNS,
    NOT_CONTENT,
    ORDINALS,
    RouterContext,
    Unresolved,
    _lineage_root,
    _list as listed,
    _word_pattern,
    ask_past_the_end,
    latest_first,
)

from studio.image_words import COLOURS, STOP, before_opposite, content_words, lineage, same_form, same_word, shown, took_away
from studio.word_vectors import WordVectors, word_vectors

log = logging.getLogger(__name__)

SIMILAR = 0.75  # word-vector cosine at which two different words name the same thing (below: red ~ blue 0.73)

# who a picture is for or from; near in meaning to each other (nephew ~ uncle), never the same person
KIN = set("""mother mom mum mam father dad brother sister uncle aunt auntie nephew niece cousin son daughter grandma granny gran
nan nana grandpa grandad grandfather grandmother wife husband boyfriend girlfriend friend boss colleague neighbour neighbor
supervisor manager client customer teacher partner""".split())  # people the words are for or from ("my supervisor")

NEGATED = re.compile(r"\b(?:without|w/o|wo|minus|not|no|sans)\s+(?:the\s+|a\s+|an\s+|any\s+|his\s+|her\s+)?((?:[a-z]+\s+)?[a-z]+)")


@dataclass
class Descriptor:
    """What a reference says the image shows, and what it says it does not."""

    wanted: list[str]
    unwanted: list[str] = field(default_factory=list)
    only: bool = False  # "the one w just the sunglasses": the step that brought them, before anything else came

    @classmethod
    def parse(cls, phrase: str) -> "Descriptor":
        """ "the blue one, the one without the bike" -> wanted [blue], unwanted [bike]."""
        phrase = phrase.lower()
        unwanted = [w for found in NEGATED.finditer(phrase) for w in content_words(found.group(1))]
        phrase = NEGATED.sub(" ", phrase)
        only = bool(re.search(r"\b(?:just|only)\b", phrase))
        return cls([w for w in content_words(phrase) if w not in unwanted], unwanted, only)


class ContentMatcher:
    """Scores the session's images against a description."""

    def __init__(self, ctx: RouterContext, vectors: WordVectors | None = None):
        self.ctx = ctx
        self.words = shown(ctx)
        self._vectors = vectors
        # names the person gave ("this is Biscuit, their dog") name nothing by their meaning: "the cake photo" is no biscuit
        self._names = {name for names in ctx.called.values() for name in names}

    def match(self, word: str, handle: int) -> float:
        shows = self.words.get(handle, [])
        if any(same_word(word, w) for w in shows):
            # the word itself outranks a compound it is part of: "the rainbow" is not the picture with "rain"
            return 1.0 if any(same_form(word, w) for w in shows) else 0.95
        shows = [w for w in shows if w not in self._names]
        if not shows or word in KIN:  # "my nephew want picture" is not the picture of an uncle: relations match only as said
            return 0.0
        vectors = self._vectors or word_vectors()
        best = max(vectors.similarity(word, w) for w in shows)
        return best if best >= SIMILAR else 0.0

    def scores(self, description: Descriptor, pool: list[int]) -> dict[int, float]:
        known = {w for h in pool for w in self.words.get(h, [])}
        wanted = [w for w in description.wanted if any(same_word(w, k) for k in known) or self._similar_anywhere(w, known)]
        return {h: sum(self.match(w, h) for w in wanted) - sum(self.match(w, h) for w in description.unwanted) for h in pool}

    def _similar_anywhere(self, word: str, known: set[str]) -> bool:
        if not known:
            return False
        vectors = self._vectors or word_vectors()
        return max(vectors.similarity(word, k) for k in known) >= SIMILAR

    def pick(self, description: Descriptor, pool: list[int] | None = None, avoid: int | None = None,
             earliest: bool = False, ask: bool = True) -> int | None:
        """The image the description names, or None when it names none; raises Unresolved (the
        question) when it names separate pictures equally well (with `ask`; without, the latest of
        them). `avoid`: an image to pass over when another fits as well (a "go back to ..." does
        not mean the image already current)."""
        pool = list(pool if pool is not None else latest_first(self.ctx))
        if not description.wanted:
            return None
        scores = self.scores(description, pool)
        best = max(scores.values(), default=0.0)
        if best < SIMILAR:
            return None
        tied = [h for h in pool if scores[h] >= best - 1e-6]  # in the pool's order: the head path newest first
        if avoid is not None and len(tied) > 1:
            tied = [h for h in tied if h != avoid]
        elif avoid is None and any(h in self.ctx.path_handles for h in tied):
            tied = [h for h in tied if h in self.ctx.path_handles]  # what the person sees along the way they went
        lent = {h for made in tied for h in self.ctx.parents.get(made, [])[1:]}
        if len(tied) > 1 and set(tied) - lent:
            tied = [h for h in tied if h not in lent]  # "the one with our wood": the picture wearing it, not the sample
        earliest = earliest or description.only
        if earliest and len(tied) > 1 and not all(h in lineage(max(tied), self.ctx) for h in tied):
            return min(tied)  # "the first wooden floor one": of separate pictures that show it, the first made
        pick = self.ctx.picked[-1] if self.ctx.picked else None
        if not earliest and pick in tied and any(pick in outs for outs in self.ctx.made_together()):
            # "the villa scene" once the dawn version was picked from three: that one, or an edit of it made since
            since = self.ctx.current_path[len(self.ctx.current_path) - self.ctx.current_path[::-1].index(pick):] \
                if pick in self.ctx.current_path else []
            return max([h for h in tied if h in since and pick in lineage(h, self.ctx)] + [pick])
        if avoid is None and not earliest and len(tied) > 1 and self.ctx.current in self.ctx.uploads and \
                (standing := next((h for h in reversed(self.ctx.current_path) if h in self.ctx.made_by), None)) in tied:
            return standing  # "put waffles in the invitation picture" after her photo was sent: the invitation as it stands
        if avoid is None and not earliest and len(tied) > 1 and self.ctx.current in tied \
                and len({lineage(h, self.ctx)[-1] for h in tied}) == 1:
            return self.ctx.current  # "put it on the glitchnova logo" while a version of that logo is current: that one
        if all(h in lineage(max(tied), self.ctx) for h in tied):
            # one line of edits: its latest state (or the step that brought it)
            return min(tied) if earliest else max(tied)
        root = min(tied)
        if all(root in lineage(h, self.ctx) for h in tied):
            return root  # later edits branched from it: the step that brought what was named
        outputs = [h for h in tied if h in self.ctx.parents]
        if outputs and len(outputs) < len(tied) and all(h in lineage(outputs[0], self.ctx) for h in outputs):
            return outputs[0]  # "the one with the hat": the picture wearing it, not the hat's own photo
        if not ask:
            return tied[0]
        log.debug("%s fits separate pictures %s equally: asking", description, tied)
        listed = ", ".join(f"#{h}" for h in sorted(tied))
        raise Unresolved(f"Several images fit \"{' '.join(description.wanted)}\" ({listed}); which one did you mean?")


def without(unwanted: list[str], ctx: RouterContext, wanted: tuple[str, ...] = ()) -> int | None:
    """ "the one without the bike": the latest image back along the current image's edits (with `wanted`, "the shoes
    picture without the sticker": the shoes picture's) that took it away, else that does not show it once one did."""
    matcher = ContentMatcher(ctx)
    start = (matcher.pick(Descriptor.parse(" ".join(wanted)), ask=False) if wanted else None) or ctx.current
    if start is not None and start != ctx.current:  # that picture's latest edit on the way the person went, else its latest edit
        line = [h for h in ctx.handles if start in lineage(h, ctx)]
        start = max([h for h in line if h in ctx.path_handles] or line)
    chain = lineage(start, ctx) if start is not None else []
    removed = next((h for h in chain if any(same_word(word, g) for g in took_away(h, ctx) for word in unwanted)), None)
    if removed is not None or not any(matcher.match(word, h) for word in unwanted for h in chain):
        return removed
    return next((h for h in chain if not any(matcher.match(word, h) for word in unwanted)), None)


# parts of any picture: "make the sky pink" speaks of the current picture even when its words never said "sky"
SCENE_PARTS = set("""sky skies background backdrop foreground light lights lighting colour colours color colors water ground
floor wall walls grass tree trees cloud clouds sun moon shadow shadows face faces eyes eye hair text letters words title
caption edge edges border frame corner corners side sides top bottom middle centre center front mood tone tones contrast
rest scene view area spot detail details subject person people guy girl man woman kid edit edits change changes mask
""".split())


def thing_elsewhere(word: str, ctx: RouterContext, words: dict[int, list[str]] | None = None) -> int | None:
    """ "put a bowtie on the sleepy cat" while the beach-dog picture is current: the one other picture
    (or line of edits: its latest) whose words show a cat. None when the current picture shows it, when
    no other does, or when separate pictures do."""
    if ctx.current is None or word in STOP or word in SCENE_PARTS:
        return None
    words = words if words is not None else shown(ctx)  # `words`: shown(ctx), when the caller has it
    if any(same_word(word, w) for w in words.get(ctx.current, [])):
        return None
    showing = _showing(word, words, ctx)
    roots = {_lineage_root(h, ctx) for h in showing}
    if len(roots) != 1:
        return None
    (root,) = roots
    # only the picture's subject (among the first words it was asked with): "the cat" of "a cat sleeping on a
    # windowsill", not "the door" or "the table" that any picture may show without saying so
    introduced = root in ctx.uploads and (  # a photo sent as "this is the groom's jacket" (or jacket.png)
        any(same_word(word, w) for w in content_words(ctx.names.get(root, "")))
        or re.search(rf"\b(?:this is|these are|here'?s|here is|meet)\s+(?:[a-z']+\s+){{0,3}}?{re.escape(word)}", ctx.captions.get(root, "")))
    if not introduced and not any(same_word(word, w) for w in content_words(ctx.captions.get(root, ""))[:3]):
        return None
    held = [h for h in reversed(ctx.current_path) if h in showing]
    if held:  # "put Bahar in the card" after picking the second of three cards: the one last in hand
        return held[0]
    return max([h for h in showing if h in ctx.path_handles] or showing)


def earliest_showing(word: str, ctx: RouterContext) -> int | None:
    """ "the first rocker": the earliest image whose words show a rocker (None when none does)."""
    if word in STOP or word in SCENE_PARTS:
        return None
    return next(iter(_showing(word, shown(ctx), ctx)), None)


def placed_among(place: str, said: list[str], ctx: RouterContext) -> int | None:
    """ "the middle cat one" of three cat options: the place among the images that show it (the last batch's
    when two or more of those show it). None when fewer than two show it: the words alone decide then."""
    if not said or any(w in STOP for w in said):
        return None
    words = shown(ctx)  # pictures made here only ("the middle cat one" of three options, not a cat photo sent)
    showing = sorted(set.intersection(*(set(_showing(w, words, ctx)) for w in said)) & set(ctx.made_by))
    among = [h for h in showing if h in ctx.batch] if len([h for h in showing if h in ctx.batch]) >= 2 else showing
    if place in ("last", "latest") and len(among) == 1:
        return among[0]  # "the last dog one" where one picture made here shows the dog (the other is the photo sent)
    if len(among) >= 2:  # "the fourth lake picture" of three: which is meant?
        ask_past_the_end(ORDINALS.get(place, 0), among, f"pictures with the {' '.join(said)}")
    return at_place(place, among)


def at_place(place: str, among: list[int]) -> int | None:
    """The picture at a place said ("second", "middle", "last") among two or more, in the order made; None when
    there is no such place (or no middle of an even number)."""
    if len(among) < 2:
        return None
    if place == "middle":
        return among[len(among) // 2] if len(among) % 2 else None
    index = -1 if place in ("last", "latest") else ORDINALS.get(place, 99) - 1
    return among[index] if index < len(among) else None


def _showing(word: str, words: dict[int, list[str]], ctx: RouterContext) -> list[int]:
    """The images (ascending) whose words show `word` in some form, or a word near it ("the last dog one" of a
    beagle's pictures) when none says it as such."""
    said = [h for h in sorted(ctx.handles) if any(same_word(word, w) for w in words.get(h, []))]
    if said:
        return said
    matcher = ContentMatcher(ctx)
    return [h for h in sorted(ctx.handles) if matcher.match(word, h) > 0]


# -- references by content, as find_mentions (studio/references.py) meets them ------------------------
def image_by_content(words: list[str], ctx: RouterContext) -> int | None:
    """The image the person's words describe ("dog" -> the photo uploaded as "this is my dog")."""
    found: list[int] = []
    try:
        add_by_content(None, words, ctx, lambda _m, handles: found.extend(handles))
    except Unresolved:
        return None  # separate pictures fit as well: not this caller's to decide
    return found[0] if found else None


def add_by_content(match: re.Match | None, words: list[str], ctx: RouterContext, add, **options) -> None:
    """`_add_by_content`; a question it asks points at the words that named no image, or several."""
    try:
        _add_by_content(match, words, ctx, add, **options)
    except Unresolved as question:
        if question.span is None and match is not None:
            question.span = match.span()
        raise


# kinds of picture a person brings as art to borrow from, not what the studio made
ART_KINDS = {"painting", "drawing", "sketch", "artwork", "watercolour", "watercolor", "illustration", "photo", "picture", "print"}


def _add_by_content(match: re.Match | None, words: list[str], ctx: RouterContext, add, outputs_only: bool = False,
                    uploads_first: bool = False, whole_only: bool = False, earliest: bool = False, ask_on_ties: bool = False,
                    ask_if_none: bool = False, after: str = "", as_now: bool = False, avoid: int | None = None,
                    head_said: bool = False, uploads_only: bool = False) -> None:
    """Resolve a reference by what the images show (studio/content.py); silently skip if nothing matches.
    `whole_only`: only an image matching every word counts ("the cabin with the pink sky").
    `earliest`: of a line of edits that all show it, the step that brought it ("the one where the sky
    is pink"), not every later edit that kept it. `ask_on_ties`: the words are surely a reference ("the
    beach one"): separate pictures that fit equally get a question; `ask_if_none`: so does a reference
    that no image fits ("the one with the horse") when every image's content is known. `as_now`: an upload
    found first means the current image if that was edited from it ("the garden picture"). `avoid`: an
    image the words cannot mean ("put him in the braai picture": not the photo of him). `head_said`: the words end on what
    the picture shows ("the picture of the yak herders"): no image showing that is a question, whatever else fits.
    `uploads_only`: "my scarf photo" is a photo they sent, never a picture made here."""
    description = Descriptor.parse(" ".join(words))
    if not description.wanted:
        return
    matcher = ContentMatcher(ctx)
    pool = [h for h in latest_first(ctx) if (not outputs_only or h in ctx.parents) and (not uploads_only or h in ctx.uploads) and h != avoid]
    if whole_only:
        scores = matcher.scores(description, pool)
        if max(scores.values(), default=0.0) < len(description.wanted) - 1e-6:
            return
    kind = len(description.wanted) == 1 and description.wanted[0] in KIND_NOUNS
    made = ctx.made_by.get(ctx.current)
    if kind and not uploads_first and made is not None and made.tool == "generate" and description.wanted[0] not in ART_KINDS \
            and ctx.current in pool and matcher.match(description.wanted[0], ctx.current) >= 1.0:
        add(match, [ctx.current])  # "can the poster be in the style of her painting?" with the poster made here in hand
        return
    if uploads_first or kind and not current_is_upload_showing(description.wanted[0], ctx):
        # "the painting", "the wood floor sample": most likely what the person brought, first of all
        # the one whose file name says so (painting.png), since the words sent with a photo may name others
        named = [h for h in pool if h in file_named(" ".join(description.wanted), ctx)]
        if len(named) == 1:
            add(match, named)
            return
        found = matcher.pick(description, [h for h in pool if h in ctx.uploads], earliest=earliest, ask=ask_on_ties)
        if found is not None and as_now and ctx.current in pool and found in lineage(ctx.current, ctx)[1:]:
            scores = matcher.scores(description, [found, ctx.current])
            if scores[ctx.current] >= scores[found] - 1e-6:
                found = ctx.current  # "the garden picture" while editing that photo: the photo as it is now
        if found is not None:
            add(match, [found])
            return
    which = re.match(r"^[\s,]*(?:the\s+)?(first|second|1st|2nd|earlier|later)\s+(?:of\s+(?:the\s+)?(?:two|them|both)|one)\b", after)
    if which:  # "the house with the wooden door, the first of the two": of the images that fit, in order made
        fits = matcher.scores(description, pool)
        best = max(fits.values(), default=0.0)
        tied = sorted(h for h, score in fits.items() if score >= best - 1e-6 and best > 0)
        if len(tied) >= 2:
            add(match, [tied[0] if which.group(1) in ("first", "1st", "earlier") else tied[1]])
            return
    found = matcher.pick(description, pool, earliest=earliest, ask=ask_on_ties)
    head = description.wanted[-1]
    unseen = head_said and head not in SCENE_PARTS and not any(matcher.match(head, h) for h in ctx.handles)
    if found is not None and ask_if_none and pool and (_colour_unseen(description.wanted, matcher, ctx) or unseen) \
            and all(matcher.words.get(h) for h in ctx.handles):
        # "the one with the red sails" where pictures show sails but none says red (a colour only: size and the like go
        # unsaid), "the picture of the yak herders" where one said yak but none herders: a picture the person thinks is here
        raise Unresolved(f"None of the images I know of shows {' '.join(description.wanted)} "
                         f"({listed(ctx.handles)}); which one did you mean?")
    if found is None and not any(matcher.match(w, h) for w in description.wanted for h in ctx.handles):
        found = before_opposite(description.wanted, ctx)  # "the one with the clear sky": before it went overcast
    if found is not None:
        add(match, [found])
    elif ask_if_none and (pool or uploads_only) and all(matcher.words.get(h) for h in ctx.handles) and not set(description.wanted) <= SCENE_PARTS \
            and not any(matcher.match(w, h) for w in description.wanted for h in (pool if uploads_only else ctx.handles)):
        # "the one with the dog in it" when every image is known and none shows a dog (not "the centre of picture": any has one)
        raise Unresolved(f"None of the photos you sent ({listed(pool) if pool else 'none yet'}) shows {' '.join(description.wanted)}: "
                         "attach it, or tell me which picture you mean." if uploads_only else f"None of the images I know of shows "
                         f"{' '.join(description.wanted)} ({listed(ctx.handles)}); which one did you mean?")


def _colour_unseen(wanted: list[str], matcher: ContentMatcher, ctx: RouterContext) -> bool:
    """Whether a colour said before the last word some picture shows is said of none ("the red sails"; not "the boat
    more misty": a change after what it shows)."""
    seen = [i for i, w in enumerate(wanted) if any(matcher.match(w, h) for h in ctx.handles)]
    return any(w in COLOURS and i < seen[-1] and i not in seen for i, w in enumerate(wanted)) if seen else False


def add_upload_by_content(match: re.Match, word: str, ctx: RouterContext, add) -> bool:
    """An upload the words name by what it shows; False when none does."""
    if not word or word in NOT_CONTENT or word in ORDINALS:
        return False
    uploads = [h for h in reversed(ctx.recent_uploads or ctx.uploads) if h not in ctx.attached] or list(ctx.uploads)
    matcher = ContentMatcher(ctx)
    try:
        found = matcher.pick(Descriptor.parse(word), uploads)
    except Unresolved:
        found = uploads[0] if uploads else None  # the one sent most recently of those that fit
    if found is None and len(word) >= 4:  # a photo sent on a branch left that shows the very thing ("the shoes photo I send
        # before" once undone; not "dat picture I sent")
        left = [h for h in sorted(set(ctx.uploads) - set(uploads) - set(ctx.attached), reverse=True) if matcher.match(word, h) >= 1.0]
        found = left[0] if left else None
    if found is None:
        return False
    add(match, [found])
    return True


def upload_file_named_in_sentence(text: str, start: int, end: int, ctx: RouterContext) -> int | None:
    """The one photo sent before whose file name says a thing the sentence around `text[start:end]` names ("what kind
    of dog is that in the photo i sent you", with dog.png and hat.png sent: the dog's); None when none or several do."""
    uploads = [h for h in ctx.uploads if h not in ctx.attached]
    if len(uploads) < 2:
        return None
    opening = max(text.rfind(mark, 0, start) for mark in ".!?") + 1
    closing = min((i for i in (text.find(mark, end) for mark in ".!?") if i >= 0), default=len(text))
    said = [w for w in content_words(f"{text[opening:start]} {text[end:closing]}") if w not in NOT_CONTENT]
    # by file name: a photo's other words are its message's ("kid wants the dog in this hat", "reckon ya could ...")
    named = file_named(" ".join(said), ctx) & set(uploads)
    return next(iter(named)) if len(named) == 1 else None


def current_is_upload_showing(word: str, ctx: RouterContext) -> bool:
    """The current image is an edit of an upload the person described with `word` ("the painting"
    once their painting is being worked on)."""
    if ctx.current is None:
        return False
    root = _lineage_root(ctx.current, ctx)
    root_caption = ctx.captions.get(root, "")
    if file_named(word, ctx) - {root}:
        return False  # another photo is named so ("painting.png"): the words sent with this one only mention it
    return bool(root in ctx.uploads and _word_pattern(word).search(root_caption)
                and ctx.captions.get(ctx.current, "").startswith(root_caption + " "))


def file_named(words: str, ctx: RouterContext) -> set[int]:
    """Uploads whose file name says what they show in these words ("painting" -> painting.png)."""
    wanted = words.split()
    return {h for h in ctx.uploads if any(same_word(w, n) for w in wanted for n in re.findall(r"[a-z]+", ctx.names.get(h, "").lower()))}
