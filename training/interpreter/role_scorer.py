"""An experiment, not used by the studio: a learned second opinion on which images a tool call uses.

The rules (studio/calls.py, roles.py, lenders.py, mentions.py) build each call's inputs: the source
first, then the images that only lend something. Half of the turns they read wrongly on new voices
are read with the right tool and the wrong images: the current picture kept as the source when the
words name another ("Number 2. Plain one, no dog. Do that one in the wife's painting style"), a photo
sent with the turn left out ("this is his dog Biscuit ... put her up on the deck"), an older photo
added that the words do not name. This scorer looks at every image of the session from the turn's
side: is it current, sent now, named by its number, by its file's name or its words, made last, in
the rules' call, ... and gives each a probability of being the source, a lender or neither. It
overrules the rules' inputs only when its own reading is clearly more likely (`MARGIN`).

Trained by train_roles.py on the rules' calls as each round's first-contact code made them
(first_readings.py). Not shipped: on new turns it mended one in 226 (round 76) and it overruled a right
reading with high confidence ("this is Rolo! can you put that scarf round his neck in this photo?": the
scarf picture shares the words, so it took it for the source). Its facts say where an image came from,
not what the words do with it; see docs/understanding.md, "An image-role scorer (tried, not shipped)".
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from studio.image_words import content_words, same_word, shown
from studio.router import Decision
from studio.router_context import RouterContext

log = logging.getLogger(__name__)

ROLES = ("none", "source", "reference")
TOOLS = ("edit", "style", "generate")  # the calls whose inputs it judges (describe and inpaint: the rules)

FEATURES = (
    "bias", "tool_edit", "tool_style", "tool_generate",
    "current", "sent_now", "sent_first", "sent_last", "sent_several", "sent_before",
    "number_said", "number_said_as_image", "name_said",
    "rules_source", "rules_reference", "rules_has_source",
    "last_inputs", "last_source", "newest_made", "in_batch", "picked", "on_path", "before_current", "first_image",
    "recency", "made_by_a_tool", "words_shared", "most_words_shared", "no_words_said", "only_candidate_sent",
    # what the whole turn says, the same for every image (the network weighs the image's facts by it)
    "placing", "introducing", "new_picture", "style_words", "there_or_it", "another_number_said", "several_sent",
    "rules_inputs", "this_photo",
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


def features(text: str, ctx: RouterContext, tool: str, proposal: list[int]) -> dict[int, list[float]]:
    """One row of FEATURES per image of the session."""
    lowered = text.lower()
    said = set(content_words(lowered))
    image_words = shown(ctx)
    shared = {h: sum(any(same_word(w, s) for s in image_words.get(h, [])) for w in said) for h in ctx.handles}
    most = max(shared.values(), default=0)
    made = [h for h in ctx.handles if h in ctx.parents]
    newest = max(made, default=None)
    last_inputs = ctx.last_call.input_handles() if ctx.last_call else []
    before = ctx.parents.get(ctx.current, [None])[:1] if ctx.current else []
    order = sorted(ctx.handles, reverse=True)
    numbers = {h: _said_number(h, lowered) for h in ctx.handles}
    turn = {"placing": bool(PLACING.search(lowered)), "introducing": bool(INTRODUCING.search(lowered)),
            "new_picture": bool(NEW_PICTURE.search(lowered)), "style_words": bool(STYLE_WORDS.search(lowered)),
            "there_or_it": bool(THERE_OR_IT.search(lowered)), "several_sent": len(ctx.attached) > 1,
            "rules_inputs": min(len(proposal), 3) / 3, "this_photo": bool(THIS_PHOTO.search(lowered))}
    rows = {}
    for h in ctx.handles:
        bare, named = numbers[h]
        row = {
            "bias": 1.0, "tool_edit": tool == "edit", "tool_style": tool == "style", "tool_generate": tool == "generate",
            "current": h == ctx.current, "sent_now": h in ctx.attached,
            "sent_first": bool(ctx.attached) and h == ctx.attached[0], "sent_last": bool(ctx.attached) and h == ctx.attached[-1],
            "sent_several": h in ctx.attached and len(ctx.attached) > 1, "sent_before": h in ctx.uploads and h not in ctx.attached,
            "number_said": bare, "number_said_as_image": named, "name_said": _name_said(h, said, ctx),
            "rules_source": bool(proposal) and h == proposal[0] and tool != "generate",
            "rules_reference": h in (proposal if tool == "generate" else proposal[1:]),
            "rules_has_source": bool(proposal) and tool != "generate",
            "last_inputs": h in last_inputs, "last_source": bool(last_inputs) and h == last_inputs[0],
            "newest_made": h == newest, "in_batch": h in ctx.batch, "picked": h in ctx.picked, "on_path": h in ctx.path_handles,
            "before_current": h in before, "first_image": h == min(ctx.handles),
            "recency": 1.0 / (1 + order.index(h)), "made_by_a_tool": h in ctx.parents,
            "words_shared": min(shared[h], 3) / 3, "most_words_shared": most > 0 and shared[h] == most,
            "no_words_said": not said, "only_candidate_sent": ctx.attached == [h],
            "another_number_said": any(n[1] for other, n in numbers.items() if other != h), **turn,
        }
        rows[h] = [float(row[name]) for name in FEATURES]
    return rows


@dataclass
class RoleScorer:
    """A one-hidden-layer network over FEATURES -> ROLES (numpy; a few dozen images a turn)."""

    w1: list[list[float]]
    b1: list[float]
    w2: list[list[float]]
    b2: list[float]
    margin: float

    @classmethod
    def load(cls, path: Path) -> "RoleScorer":
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES or tuple(data["roles"]) != ROLES:
            raise ValueError(f"{path} was trained for other features or roles; retrain it (training/interpreter/train_roles.py)")
        return cls(data["w1"], data["b1"], data["w2"], data["b2"], data["margin"])

    def log_probs(self, row: list[float]) -> list[float]:
        return self.log_probs_of([row])[0]

    def log_probs_of(self, rows: list[list[float]]) -> list[list[float]]:
        """Each image's log-probabilities of ROLES."""
        hidden = np.maximum(np.asarray(rows, dtype=np.float64) @ np.asarray(self.w1).T + self.b1, 0.0)
        logits = hidden @ np.asarray(self.w2).T + self.b2
        top = logits.max(axis=1, keepdims=True)
        return (logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))).tolist()

    def score(self, inputs: list[int], tool: str, scores: dict[int, list[float]]) -> float:
        """Log-probability of the whole assignment: the inputs' roles, every other image none."""
        roles = {h: (2 if tool == "generate" or i else 1) for i, h in enumerate(inputs)}
        return sum(lp[roles.get(h, 0)] for h, lp in scores.items())

    def best(self, tool: str, proposal: list[int], scores: dict[int, list[float]]) -> list[int]:
        """The most likely inputs for the tool: one source (not for generate), the lenders it calls for."""
        lenders = [h for h, lp in scores.items() if lp[2] > max(lp[0], lp[1] if tool != "generate" else -math.inf)]
        if tool == "generate":
            return _ordered(lenders, proposal)
        source = max(scores, key=lambda h: scores[h][1] - max(scores[h][0], scores[h][2]))
        lenders = [h for h in lenders if h != source]
        if tool == "style":  # exactly one style image: the likeliest lender
            others = [h for h in scores if h != source]
            lenders = [max(others, key=lambda h: scores[h][2] - scores[h][0])] if others else []
        return [source] + _ordered(lenders, proposal[1:])

    def second_opinion(self, text: str, ctx: RouterContext, tool: str, proposal: list[int]) -> list[int] | None:
        """Other inputs for the rules' call, or None when the rules' reading stands."""
        if tool not in TOOLS or not ctx.handles:
            return None
        rows = features(text, ctx, tool, proposal)
        scores = dict(zip(rows, self.log_probs_of(list(rows.values()))))
        mine = self.best(tool, proposal, scores)
        if mine == proposal or (tool == "style" and len(mine) != 2):
            return None
        gain = self.score(mine, tool, scores) - self.score(proposal, tool, scores)
        log.debug("image roles: rules %s, scorer %s (%.2f nats better)", proposal, mine, gain)
        return mine if gain > self.margin else None


def images_checked(decision: Decision, text: str, ctx: RouterContext, scorer: RoleScorer | None) -> Decision:
    """The interpreter's call with the inputs the scorer finds clearly likelier, if it does."""
    if scorer is None or decision.kind != "tool" or decision.call is None:
        return decision
    call, proposal = decision.call, [int(h) for h in decision.call.input_handles()]
    if call.tool == "style" and len(proposal) != 2:  # a new picture in a style: its one image is the style
        return decision
    inputs = scorer.second_opinion(text, ctx, call.tool, proposal)
    if inputs is None:
        return decision
    args = dict(call.args)
    if call.tool == "generate":
        args["references"] = inputs
    elif call.tool == "style":
        args["source"], args["style_image"] = inputs
    else:
        args["source"], args["references"] = inputs[0], inputs[1:]
    return replace(decision, call=call.model_copy(update={"args": args}),
                   router=f"{decision.router}; images {inputs} by the image-role scorer, not {proposal}")


def _ordered(lenders: list[int], proposed: list[int]) -> list[int]:
    """Lenders in the rules' order where the rules had them, the rest by number."""
    return [h for h in proposed if h in lenders] + sorted(h for h in lenders if h not in proposed)
