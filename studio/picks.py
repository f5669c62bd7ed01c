"""Which image a choice picks: "the second one is best", "ok number 4", "the sunset one", "go back one", "we're
keeping this one". `select_decision` reads the turn's mentions (studio/references.py) and, when they name none, what
the words say an image shows or how many steps back they go."""

from __future__ import annotations

import re

from studio.content import ContentMatcher, Descriptor, without
from studio.image_words import lineage
from studio.phrases import counted_back, normalise
from studio.references import NUMBER_WORDS, RouterContext, Unresolved
from studio.router import Decision
from studio.words import Words


def select_decision(words: Words, ctx: RouterContext) -> Decision:
    # "painting wala is not so saru. I liked the one before painting": not the one turned down
    kept = [m for m in words.mentions if not TURNED_DOWN.match(words.core[m.end:])] or words.mentions
    # "all of them are good but the second one is very beautiful": one image, not a group
    kept = [m for m in kept if len(m.handles) == 1] or kept
    # an image's number outranks what the same words say it shows: "the poster, the second painted one, number 10"
    numbered = [m.handles[0] for m in kept if len(m.handles) == 1 and HANDLE_SAID.fullmatch(words.core[m.start:m.end])]
    # otherwise the one in the sentence that picks: "The second is closest. The first has four pedals"
    kept = [m for m in kept if PICKING.search(_sentence_of(words.core, m))] or kept
    # "The first is sympathique but I prefer the second": the one right after the word that picks
    kept = [m for m in kept if PICKED_NEXT.search(words.core[:m.start])] or kept
    handles = [h for m in kept for h in m.handles]
    chosen = numbered[0] if numbered else handles[0] if handles else by_content(normalise(words.raw.strip()), ctx)
    line = lineage(ctx.current, ctx) if chosen is None and ctx.current is not None else []
    if len(line) > 1 and THE_PLAIN_ONE_AGAIN.search(normalise(words.raw)):
        chosen = line[-1]  # "the plain photo again": what the picture in hand was first made from
    if chosen is None:
        chosen = _by_number_or_step(words.core, ctx)
    if chosen is None:
        shown_list = ", ".join(f"#{h}" for h in ctx.handles) or "no images yet"
        raise Unresolved(f"Which image should we continue from? This session has {shown_list}.")
    return Decision("select", select=chosen, reply=f"Image #{chosen} is now the current image.")


# words that pick, in the sentence of the image they pick
PICKING = re.compile(r"\b(?:winner|the\s+one|go(?:ing)?\s+with|take|want|best|better|favou?rite|prefer|keep|choose|pick|love|use|"
                     r"closest|nearest)\b")


PICKED_NEXT = re.compile(r"\b(?:go(?:ing)?\s+with|take|want|prefer|keep|choose|pick|use)\s+$")


def _sentence_of(text: str, mention) -> str:
    start = max(text.rfind(stop, 0, mention.start) for stop in ".!?;")
    ends = [i for i in (text.find(stop, mention.end) for stop in ".!?;") if i >= 0]
    return text[start + 1:min(ends, default=len(text))]


# ("number two looks like my nan's chippy. First one's the winner": a remark about #2)
TURNED_DOWN = re.compile(r"\s*(?:is|was|looks?|looked)?\s*(?:not|n'?t|no)\s+(?:so\s+|that\s+|too\s+|very\s+)?(?:good|great|nice|saru|right|it|working)\b|"
                         r"\s*(?:looks?|looked)\s+like\s+(?:my|our|a|an|his|her)\b|"
                         r"\s*(?:is|was|looks?|looked)\s+(?:bad|worse|wrong|off|too\b)")
# a mention span may start at its preposition: "go back to number 7"
HANDLE_SAID = re.compile(r"(?:(?:to|at|from|with|on|use|take|pick)\s+)?(?:(?:(?:image|picture|pic|photo)\s*)?(?:(?:number|no\.?|nr\.?)\s*)?#?\s*\d{1,4}"
                         r"|(?:(?:image|picture|pic|photo)\s+)?(?:number\s+)?(?:" + "|".join(NUMBER_WORDS) + "))")  # "picture number seven"


def by_content(core: str, ctx: RouterContext) -> int | None:
    """The image a select names by what it shows: "the sunset one", "I preferred it with the pool",
    "go back to the blue one, the one without the bike", "the normal one (not painted)". Only the
    clauses that name an image count ("..., the hat ruins the vibe" is a remark, not the image)."""
    clauses = [c.strip() for c in re.split(r"[,.;:!?()\[\]]|\s-\s|\bbut\b|\bbecause\b|\bcoz\b|\bsince\b", core) if c.strip()]
    naming = [c for c in clauses if NAMES_AN_IMAGE.search(c)]
    description = Descriptor.parse(" ".join(naming))
    matcher = ContentMatcher(ctx)
    if description.wanted:
        return matcher.pick(description, avoid=ctx.current)
    if description.unwanted:
        return without(description.unwanted, ctx)  # "the one without the bike"
    return None


NAMES_AN_IMAGE = re.compile(r"\b(?:one|version|look|pic|picture|image|photo|shot|design|cover|take|edit|render|draft|"
                            r"back\s+to|go\s+with|continue\s+(?:with|from)|stay\s+(?:on|with)|keep\s+going\s+from|"
                            r"without|w/o|not|no|(?:was|were|looked)\s+(?:much\s+|way\s+|so\s+)?(?:nicer|better|prettier))\b")  # "the blue wall was nicer"


def _by_number_or_step(core: str, ctx: RouterContext) -> int | None:
    """A select's image when no reference rule found one: a bare number that is a handle ("7 then",
    "can I see number 2 again?"), or one step back ("go back one", "the other one", "the anterior")."""
    numbers = [int(n) for n in re.findall(r"(?<![\w.#])(\d{1,4})(?![\w.%])", core) if int(n) in ctx.handles]
    if len(numbers) == 1:
        return numbers[0]
    if re.search(r"\b(?:back one|one back|a step|the other one|the anterior|the previous|the one before|before that)\b", core) \
            and ctx.current in ctx.current_path and ctx.current_path.index(ctx.current) > 0:
        return ctx.current_path[ctx.current_path.index(ctx.current) - 1]
    back = counted_back(core)
    if back and ctx.current is not None:  # "scrap the last two changes, I'll start again from the plain cake": that many
        chain = lineage(ctx.current, ctx)   # edits back along the picture in hand
        return chain[back] if back < len(chain) else None
    return None


# an earlier picture wanted again as it was: "I'd rather have the plain photo again, without the hat", "can I have the
# original picture back" (not "... again, but with a blue hat": a change)
THE_PLAIN_ONE_AGAIN = re.compile(r"\b(?:have|get|want|see|take|use|bring)\s+(?:back\s+)?the\s+(?:plain|original|first|old|unedited|untouched|"
                                 r"clean|bare|earlier)\s+(?:photo|picture|pic|image|one|version)\s+(?:again|back)\b(?![^.!?]*\b(?:but|and\s+then|then)\b)")


def the_plain_one_again(raw: str, words: Words, ctx: RouterContext) -> bool:
    """Whether the words ask for an earlier picture along the way to the current one back, unchanged."""
    return bool(THE_PLAIN_ONE_AGAIN.search(raw)) and ctx.current is not None and all(h != ctx.current and h in ctx.path_handles for h in words.handles) \
        and (bool(words.handles) or len(lineage(ctx.current, ctx)) > 1)
