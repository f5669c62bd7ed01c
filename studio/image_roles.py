"""Which images a call uses, read a second time by a small learned model: the image-role reader.

The rules (studio/calls.py, roles.py, lenders.py, mentions.py) build each call's inputs: the source
first, then the images that only lend something. Most turns that new voices get wrong with the right
tool have the wrong images: a photo sent with the turn left out or taken as the source when it only
lends ("this is our new floor. Put him in this"), the current picture added as a source beside a new
picture in a style, an older photo added that the words do not name.

The reader looks at every image of the session from the turn's side. For each image it has the facts
of where it came from (current, sent now and in which place, named by its number or file name, words
it shows that the turn says, made last, ...; `FEATURES`) and what the words say, as the interpreter's
encoder read them (`Reading.encoding`, the same pooled vector the interpreter's head reads, so it
costs no second pass). A one-hidden-layer network gives each image a probability of being the source,
a lender or neither. It never sees the rules' own call, so it cannot learn to agree with them; it
replaces their inputs only when its own assignment is more likely than theirs by a margin chosen on
rounds held apart from its fit (training/interpreter/train_image_roles.py).
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from studio.image_words import content_words, same_word, shown
from studio.router import Decision
from studio.router_context import RouterContext

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
ROLES = ("none", "source", "reference")
TOOLS = ("edit", "style", "generate")  # the calls whose inputs it judges (describe and inpaint: the rules)

FEATURES = (
    "bias", "tool_edit", "tool_style", "tool_generate",
    "current", "sent_now", "sent_first", "sent_last", "sent_several", "sent_before",
    "number_said", "number_said_as_image", "name_said",
    "last_inputs", "last_source", "newest_made", "in_batch", "picked", "on_path", "before_current", "first_image",
    "recency", "made_by_a_tool", "words_shared", "most_words_shared", "no_words_said", "only_candidate_sent",
    # what the whole turn says, the same for every image (the network weighs the image's facts by it)
    "placing", "introducing", "new_picture", "style_words", "there_or_it", "another_number_said", "several_sent",
    "this_photo",
    # the images the words name, as the exact reference rules resolve them (studio/words.py; not the call built from them)
    "named", "named_first", "named_last", "named_several",
)
PLACING = re.compile(r"\b(?:put|puts|add|place|stick|pop|bung|plonk|slap|insert|include|bring|hang|sit|seat|dress|swap|replace)\b")
INTRODUCING = re.compile(r"\b(?:this\s+is|these\s+are|here\s+is|here'?s|meet|here\s+(?:it|they)\s+(?:is|are))\b")
NEW_PICTURE = re.compile(r"\b(?:new|separate|fresh|another|different)\s+(?:picture|pic|poster|card|image|one|job|thing|drawing|photo)\b|"
                         r"\bfrom\s+scratch\b")
STYLE_WORDS = re.compile(r"\b(?:style|painting|painted|paint|brush|manner|like\s+(?:this|that|her|his|their))\b")
THIS_PHOTO = re.compile(r"\b(?:in|on|to|into|onto|of)\s+(?:this|these|the|my)\s+(?:photo|pic|picture|snap|shot|image)s?\b(?!\s+(?:of|from|i|you|we))")
THERE_OR_IT = re.compile(r"\b(?:there|on\s+it|in\s+it|into\s+it|onto\s+it|on\s+that|in\s+that)\b")


def _said_number(handle: int, text: str) -> tuple[bool, bool]:
    """(the handle's digits stand alone in the words, they follow '#', 'number', 'image', ...)."""
    bare = re.search(rf"(?<![\d.,:/£$€-]){handle}(?![\d%]|\s*(?:x\s*\d|px|steps|am|pm|cm|mm|kg|years?|yrs?|lei|rs)\b)", text)
    named = re.search(rf"(?:#|\b(?:number|no\.?|nr\.?|num|image|img|picture|pic|photo|version|option|v))\s*{handle}(?!\d)", text)
    return bool(bare), bool(named)


def _name_said(handle: int, words: set[str], ctx: RouterContext) -> bool:
    names = [Path(ctx.names.get(handle, "")).stem.lower()] + [n.lower() for n in ctx.called.get(handle, [])]
    return any(n and len(n) > 2 and any(same_word(n, w) for w in words) for n in names)


def named_by_words(text: str, ctx: RouterContext) -> list[int]:
    """The images the turn's words name, in order (none when a reference cannot be resolved)."""
    from studio.references import Unresolved
    from studio.words import Words

    try:
        return list(dict.fromkeys(Words.of(text, ctx).handles))
    except Unresolved:
        return []


def facts(text: str, ctx: RouterContext, tool: str, named: list[int] | None = None) -> dict[int, list[float]]:
    """One row of FEATURES per image of the session (`named`: the images the words name, if already resolved)."""
    names = named_by_words(text, ctx) if named is None else named
    lowered = text.lower()
    said = set(content_words(lowered))
    image_words = shown(ctx)
    shared = {h: sum(any(same_word(w, s) for s in image_words.get(h, [])) for w in said) for h in ctx.handles}
    most = max(shared.values(), default=0)
    newest = max((h for h in ctx.handles if h in ctx.parents), default=None)
    last_inputs = ctx.last_call.input_handles() if ctx.last_call else []
    before = ctx.parents.get(ctx.current, [None])[:1] if ctx.current else []
    order = sorted(ctx.handles, reverse=True)
    numbers = {h: _said_number(h, lowered) for h in ctx.handles}
    turn = {"placing": bool(PLACING.search(lowered)), "introducing": bool(INTRODUCING.search(lowered)),
            "new_picture": bool(NEW_PICTURE.search(lowered)), "style_words": bool(STYLE_WORDS.search(lowered)),
            "there_or_it": bool(THERE_OR_IT.search(lowered)), "several_sent": len(ctx.attached) > 1,
            "this_photo": bool(THIS_PHOTO.search(lowered))}
    rows = {}
    for h in ctx.handles:
        bare, named = numbers[h]
        row = {
            "bias": 1.0, "tool_edit": tool == "edit", "tool_style": tool == "style", "tool_generate": tool == "generate",
            "current": h == ctx.current, "sent_now": h in ctx.attached,
            "sent_first": bool(ctx.attached) and h == ctx.attached[0], "sent_last": bool(ctx.attached) and h == ctx.attached[-1],
            "sent_several": h in ctx.attached and len(ctx.attached) > 1, "sent_before": h in ctx.uploads and h not in ctx.attached,
            "number_said": bare, "number_said_as_image": named, "name_said": _name_said(h, said, ctx),
            "last_inputs": h in last_inputs, "last_source": bool(last_inputs) and h == last_inputs[0],
            "newest_made": h == newest, "in_batch": h in ctx.batch, "picked": h in ctx.picked, "on_path": h in ctx.path_handles,
            "before_current": h in before, "first_image": h == min(ctx.handles),
            "recency": 1.0 / (1 + order.index(h)), "made_by_a_tool": h in ctx.parents,
            "words_shared": min(shared[h], 3) / 3, "most_words_shared": most > 0 and shared[h] == most,
            "no_words_said": not said, "only_candidate_sent": ctx.attached == [h],
            "another_number_said": any(n[1] for other, n in numbers.items() if other != h), **turn,
            "named": h in names, "named_first": bool(names) and h == names[0], "named_last": bool(names) and h == names[-1],
            "named_several": h in names and len(names) > 1,
        }
        rows[h] = [float(row[name]) for name in FEATURES]
    return rows


SHIPPED = object()  # TurnReader's default: the reader in studio/data, if one is shipped


class ImageRoleReader:
    """[FEATURES of one image, the turn's encoding] -> log-probabilities of ROLES (numpy; a few images a turn)."""

    _shared: "ImageRoleReader | None" = None
    _loaded = False

    def __init__(self, weights: dict[str, np.ndarray], margin: float):
        self.w_facts, self.w_words = weights["w1_facts"], weights["w1_words"]
        self.b1, self.w2, self.b2 = weights["b1"], weights["w2"], weights["b2"]
        self.margin = margin

    @classmethod
    def load(cls, data: Path = DATA) -> "ImageRoleReader | None":
        """The shipped reader, or None when none is shipped (the rules' inputs then stand)."""
        settings_path = data / "image_roles.json"
        if not settings_path.exists():
            return None
        from safetensors.numpy import load_file

        settings = json.loads(settings_path.read_text())
        if tuple(settings["features"]) != FEATURES or tuple(settings["roles"]) != ROLES:
            raise RuntimeError(f"{settings_path} was trained for other features or roles: retrain it "
                               "(training/interpreter/train_image_roles.py)")
        return cls(load_file(data / "image_roles.safetensors"), settings["margin"])

    @classmethod
    def shared(cls) -> "ImageRoleReader | None":
        """The shipped reader, loaded once per process."""
        if not cls._loaded:
            cls._shared, cls._loaded = cls.load(), True
        return cls._shared

    def log_probs(self, rows: list[list[float]], encoding: np.ndarray | None) -> np.ndarray:
        """Each image's log-probabilities of ROLES."""
        words = np.asarray(encoding, dtype=np.float32) @ self.w_words.T  # the same for every image of the turn
        hidden = np.maximum(np.asarray(rows, dtype=np.float32) @ self.w_facts.T + words + self.b1, 0.0)
        logits = hidden @ self.w2.T + self.b2
        top = logits.max(axis=1, keepdims=True)
        return logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))

    def scores(self, text: str, ctx: RouterContext, tool: str, encoding: np.ndarray | None,
               named: list[int] | None = None) -> dict[int, list[float]]:
        rows = facts(text, ctx, tool, named)
        return dict(zip(rows, self.log_probs(list(rows.values()), encoding).tolist()))

    def second_opinion(self, text: str, ctx: RouterContext, tool: str, proposal: list[int],
                       encoding: np.ndarray | None, named: list[int] | None = None) -> list[int] | None:
        """Other inputs for the rules' call, or None when the rules' reading stands (`named`: the images the words
        name, when the router has resolved them already)."""
        if tool not in TOOLS or not ctx.handles or encoding is None or len(encoding) == 0:
            return None
        scores = self.scores(text, ctx, tool, encoding, named)
        mine = best(tool, proposal, scores)
        if mine == proposal:
            return None
        gain = likelihood(mine, tool, scores) - likelihood(proposal, tool, scores)
        log.debug("image roles: rules %s, reader %s (%.2f nats better)", proposal, mine, gain)
        return mine if gain > self.margin else None


def roles_of(inputs: list[int], tool: str) -> dict[int, int]:
    """A call's inputs as ROLES indices: generate's all lend; a style's last is the style, a first before it the
    source; an edit's first is the source, the rest lend."""
    if tool == "generate":
        return {h: 2 for h in inputs}
    if tool == "style":
        return {h: (2 if i == len(inputs) - 1 else 1) for i, h in enumerate(inputs)}
    return {h: (1 if i == 0 else 2) for i, h in enumerate(inputs)}


def likelihood(inputs: list[int], tool: str, scores: dict[int, list[float]]) -> float:
    """Log-probability of a whole assignment: the inputs' roles, every other image none."""
    roles = roles_of(inputs, tool)
    return sum(lp[roles.get(h, 0)] for h, lp in scores.items())


def best(tool: str, proposal: list[int], scores: dict[int, list[float]]) -> list[int]:
    """The most likely inputs for the tool: one source (an edit's always, a style's when one is likelier than
    none), the lenders it calls for (a style exactly one)."""
    if tool == "style":
        style = max(scores, key=lambda h: scores[h][2] - max(scores[h][0], scores[h][1]))
        others = [h for h in scores if h != style]
        source = max(others, key=lambda h: scores[h][1] - max(scores[h][0], scores[h][2]), default=None)
        return ([source] if source is not None and scores[source][1] > scores[source][0] else []) + [style]
    lenders = [h for h, lp in scores.items() if lp[2] > max(lp[0], lp[1] if tool != "generate" else -math.inf)]
    if tool == "generate":
        return _ordered(lenders, proposal)
    source = max(scores, key=lambda h: scores[h][1] - max(scores[h][0], scores[h][2]))
    return [source] + _ordered([h for h in lenders if h != source], proposal[1:])


def _ordered(lenders: list[int], proposed: list[int]) -> list[int]:
    """Lenders in the rules' order where the rules had them, the rest by number."""
    return [h for h in proposed if h in lenders] + sorted(h for h in lenders if h not in proposed)


def images_checked(decision: Decision, text: str, ctx: RouterContext, encoding: np.ndarray | None,
                   reader: ImageRoleReader | None, named: list[int] | None = None) -> Decision:
    """The call with the inputs the reader finds clearly likelier than the rules' own, if it does."""
    if reader is None or decision.kind != "tool" or decision.call is None:
        return decision
    call, proposal = decision.call, [int(h) for h in decision.call.input_handles()]
    inputs = reader.second_opinion(text, ctx, call.tool, proposal, encoding, named)
    if inputs is None or ctx.current in proposal and ctx.current not in inputs and ONTO_THIS.search(text.lower()):
        return decision  # ("put the writing from #10 on this": the picture in hand, said in so many words, stays)
    args = dict(call.args)
    if call.tool == "generate":
        args["references"] = inputs
    elif call.tool == "style":
        args["source"], args["style_image"] = (inputs[0] if len(inputs) == 2 else None), inputs[-1]
    else:
        args["source"], args["references"] = inputs[0], inputs[1:]
    return replace(decision, call=call.model_copy(update={"args": args}),
                   router=f"{decision.router}; images {inputs} by the image-role reader, not {proposal}")


# the picture in hand named as where something goes, at the end of a sentence: "put the writing from #10 on this."
# (not "stick six candles on it", where "it" is the picture named: "the cake from the very start")
ONTO_THIS = re.compile(r"\b(?:on|onto)\s+this\s*(?:[.!?]|$)")
