"""The default router: the exact rules and the learned interpreter, each doing what it is good at.

One turn is read twice:
- the rule router (studio/router.py) resolves what is exact: image references ("image 3", "the
  original", "before the hat"), parameters ("seed 7", "16:9"), whole-message commands ("undo",
  "redo", "try again"); a reference that matches no image is a question back;
- the interpreter (studio/interpreter.py) reads the turn in its dialogue and scores the actions.
Then:
1. a question from the rules (a reference that matches nothing) or an exact command stands;
2. when both pick the same action, that decision stands;
3. when they differ and the interpreter is sure, its action is built with the rules' references and
   roles (which image changes, which lend); when neither reading clearly wins, one short question
   names both options.
Every decision records which layer decided and why (`Decision.router`).
"""

from __future__ import annotations

import logging
import re

from studio.content import ContentMatcher, Descriptor, without
from studio.interpreter import ACTIONS, Interpreter, Reading, TurnFeatures, action_label
from studio.parameters import extract_params
from studio.phrases import (
    STYLE_PHRASE,
    chat_reply,
    cut_mentions,
    generation_prompt,
    has_content,
    normalise,
    strip_polite,
)
from studio.references import Mention, RouterContext, Unresolved, find_mentions
from studio.roles import edit_roles, style_roles
from studio.router import Decision, RuleRouter, _from_first_request, _tool, _upload_reply

log = logging.getLogger(__name__)

SURE = 0.55  # the interpreter overrides the rules at or above this probability for its action
PLAUSIBLE = 0.30  # ... and below SURE, a question is asked when the rules' action is at least this likely
IMPLAUSIBLE = 0.10  # ... and the rules' action below this is no reading at all: the interpreter's, if plausible, acts

OPTION_WORDS = {
    "generate": "make a new picture", "edit": "change #{current}", "style": "restyle it", "inpaint": "repaint the masked area",
    "describe": "tell you about it", "undo": "undo the last change", "redo": "redo the change", "select": "go back to an earlier image",
    "repeat": "try the last request again", "chat": "just note that",
}


def action_of(decision: Decision) -> str:
    """A rule decision as an interpreter action ("clarify" for a question)."""
    return action_label(decision.kind, decision.call.tool if decision.call else None, decision.repeat)


class TurnReader:
    """Rules + interpreter behind the router interface (`route(text, ctx) -> Decision`)."""

    name = "rules+interpreter"

    def __init__(self, rules: RuleRouter | None = None, interpreter: Interpreter | None = None,
                 rules_pick_actions: bool = True):
        self.rules = rules or RuleRouter()
        self._interpreter = interpreter
        # False: the rules only give exact commands, image references and roles; the interpreter picks
        # every other action (`studio eval router --router interpreter`, the measure for shrinking the rules)
        self.rules_pick_actions = rules_pick_actions

    @property
    def interpreter(self) -> Interpreter:
        if self._interpreter is None:
            self._interpreter = Interpreter.shared()
        return self._interpreter

    def route(self, text: str, ctx: RouterContext) -> Decision:
        resumed = self._resume(text, ctx)
        if resumed is not None:
            return resumed
        ruled = self.rules.route(text, ctx)
        if ruled.kind == "clarify":
            ruled.router = "rules (a reference to check)"
            return ruled
        if ruled.exact:
            ruled.router = "rules (exact command)"
            return ruled
        reading = self.interpreter.read(TurnFeatures.of(text, ctx))
        decision = self.decide(text, ctx, ruled, reading)
        if decision.kind == "select" and decision.select == ctx.current:
            # choosing the image already current changes nothing: the words meant another that fits them
            other = _by_content(strip_polite(normalise(text.strip())), ctx)
            if other is not None and other != ctx.current:
                decision.select, decision.reply = other, f"Image #{other} is now the current image."
        return decision

    def decide(self, text: str, ctx: RouterContext, ruled: Decision, reading: Reading) -> Decision:
        said, meant = action_of(ruled), reading.action
        if not self.rules_pick_actions:
            return self._built(meant, text, ctx, f"alone: {meant} {reading.confidence:.2f}") or ruled
        if said == meant:
            ruled.router = f"rules+interpreter agree ({meant} {reading.confidence:.2f})"
            return ruled
        why = f"interpreter {meant} {reading.confidence:.2f}, rules {said} {reading.scores.get(said, 0):.2f}"
        if reading.confidence >= SURE or (reading.confidence >= PLAUSIBLE and reading.scores.get(said, 0.0) < IMPLAUSIBLE):
            built = self._built(meant, text, ctx, why)
            if built is not None:
                return built
            ruled.router = f"rules: the interpreter's {meant} could not be built ({why})"
            return ruled
        if reading.scores.get(said, 0.0) >= PLAUSIBLE and reading.confidence >= PLAUSIBLE:
            return Decision("clarify", reply=_which_of(meant, said, ctx), router=f"two readings, asked ({why})")
        ruled.router = f"rules: the interpreter is unsure ({why})"
        return ruled

    @staticmethod
    def _built(meant: str, text: str, ctx: RouterContext, why: str) -> Decision | None:
        """The interpreter's action built with the rules' references and roles (None: nothing to build
        it from); a question when an image it needs cannot be found."""
        try:
            built = build(meant, text, ctx)
        except Unresolved as question:
            return Decision("clarify", reply=str(question), router=f"interpreter, a reference to check ({why})")
        if built is not None:
            built.router = f"interpreter ({why})"
        return built

    def _resume(self, text: str, ctx: RouterContext) -> Decision | None:
        """The answer to a question back runs the request it was about: "#3" after "which image did
        you mean?", "a new one" after "Should I change #3, or make a new picture?"."""
        if ctx.previous_action != "clarify" or not ctx.previous_text or ctx.attached:
            return None
        answer = normalise(text.strip()).strip(" .!?")
        try:
            mentions = find_mentions(answer, ctx)
        except Unresolved:
            return None
        chosen = next((action for action, pattern in ANSWERS if pattern.search(answer)), None)
        leftover = ANSWER_FILLER.sub(" ", cut_mentions(answer, mentions, " ") if mentions else answer).strip(" ,.!?")
        if leftover and not (chosen and len(leftover.split()) <= 6):
            return None  # a new request, not an answer
        if chosen is None and not mentions:
            return None
        target = mentions[0].handles[0] if mentions else None
        if chosen is None:
            before = TurnFeatures(ctx.previous_text, n_images=len(ctx.handles), has_current=ctx.current is not None,
                                  can_repeat=ctx.last_call is not None)
            chosen = self.interpreter.read(before).action
            chosen = chosen if chosen in ("edit", "style", "describe", "select", "generate") else "edit"
        try:
            decision = build(chosen, ctx.previous_text, ctx, target=target)
        except Unresolved as question:
            return Decision("clarify", reply=str(question), router="resumed request, still unclear")
        if decision is None:
            return None
        decision.router = f"resumed the request the question was about ({chosen}{f' on #{target}' if target else ''})"
        return decision


ANSWERS = [  # the option a short answer picks
    ("generate", re.compile(r"\b(?:new|fresh|another) (?:picture|image|one|pic)\b|\bmake a new\b|\bgenerate\b|\bfrom scratch\b")),
    ("edit", re.compile(r"\b(?:change|edit|modify|adjust|tweak) (?:it|that|this|#?\d+)\b|\bthe current one\b")),
    ("describe", re.compile(r"\btell me\b|\bdescribe\b|\bjust asking\b")),
    ("chat", re.compile(r"\bjust (?:note|saying|a comment)\b|\bnothing\b")),
]
ANSWER_FILLER = re.compile(r"\b(?:i meant|i mean|meant|yes|yeah|yep|no|the|one|that|this|please|pls|ok|okay|sorry|oh|"
                           r"use|go with|it'?s|it is|image|picture|photo|pic)\b")


def _which_of(first: str, second: str, ctx: RouterContext) -> str:
    def words(action: str) -> str:
        return OPTION_WORDS[action].format(current=ctx.current if ctx.current is not None else "it")
    return f"Should I {words(first)}, or {words(second)}?"


# -- building the interpreter's action with the rules' references and roles ---------------------------
def build(action: str, raw: str, ctx: RouterContext, target: int | None = None) -> Decision | None:
    """The decision for `action` on this turn, or None when the turn gives it nothing to work with.
    `target`: the image an answer to a question named, in place of the turn's own references.
    Raises Unresolved with a question when an image it needs cannot be found."""
    assert action in ACTIONS
    text, params = extract_params(normalise(raw.strip()))
    core = _from_first_request(strip_polite(text) or text, ctx)
    if target is not None:
        core = re.sub(r"\b(?:image|picture|photo|pic|number|no\.?)\s*#?\s*\d+\b|#\s*\d+\b", "it", core)
        mentions = [Mention(len(core), len(core), [target])]
        if action in ("edit", "inpaint"):
            instruction = core if has_content(core) else raw
            return (RuleRouter._edit(instruction, target, [], params) if action == "edit"
                    else _tool("inpaint", {"prompt": instruction, "source": target, "references": []}, params))
    else:
        mentions = find_mentions(core, ctx)
    handles = [h for m in mentions for h in m.handles]
    rules = RuleRouter()
    if action == "undo":
        return Decision("undo", reply="")
    if action == "redo":
        return Decision("redo", reply="")
    if action == "repeat":
        if ctx.last_call is None:
            raise Unresolved("There's nothing to try again yet. What should I create?")
        return Decision("tool", call=ctx.last_call, repeat=True)
    if action == "chat":
        return Decision("upload", reply=_upload_reply(ctx)) if ctx.attached else Decision("chat", reply=chat_reply(core))
    if action == "select":
        chosen = handles[0] if handles else _by_content(normalise(raw.strip()), ctx)
        if chosen is None:
            chosen = _by_number_or_step(core, ctx)
        if chosen is None:
            raise Unresolved(f"Which image should we continue from? This session has {_list(ctx.handles)}.")
        return Decision("select", select=chosen, reply=f"Image #{chosen} is now the current image.")
    if action == "describe":
        return rules._describe(raw, core, handles, ctx)
    if action == "inpaint":
        return rules._inpaint(raw, core, mentions, handles, ctx, params)
    if action == "generate":
        prompt = generation_prompt(cut_mentions(core, mentions, "the reference") if mentions else core) or raw
        references = handles + [h for h in ctx.attached if h not in handles]
        return _tool("generate", {"prompt": prompt, "references": references}, params)
    if action == "style":
        return _style(core, mentions, handles, ctx, params)
    source, references = edit_roles(core, mentions, ctx)
    if source is None:
        source = ctx.current if ctx.current is not None else (ctx.attached[0] if ctx.attached else None)
    if source is None:
        raise Unresolved("There's no image to change yet. Describe what to create, or attach an image.")
    references = references + [h for h in ctx.attached if h != source and h not in references]
    instruction = cut_mentions(core, mentions) if mentions else core
    if not has_content(instruction):
        raise Unresolved(f"What should I change in image #{source}?")
    return RuleRouter._edit(instruction, source, references, params)


def _style(core, mentions, handles, ctx, params) -> Decision | None:
    new_picture = RuleRouter._wants_new_image(core, mentions, ctx)
    phrase = STYLE_PHRASE.search(core)
    if phrase:
        args = style_roles(core, phrase, mentions, ctx)
        if args is not None:
            if args.get("source") is None and not new_picture and ctx.current not in (None, args["style_image"]):
                # "could you redo her in the style of my painting?": the current image is re-rendered
                args = {**args, "source": ctx.current}
            return _tool("style", args, params)
    # no style phrase the rules know: the style comes from what was attached or named, else the last style used
    style_image = ctx.attached[-1] if ctx.attached else (handles[-1] if handles else ctx.last_style_image)
    if style_image is None and ctx.recent_uploads:
        style_image = ctx.recent_uploads[-1]  # "in that style" after the person brought a painting
    if style_image is None:
        return None
    others = [h for h in handles if h != style_image]
    source = None if new_picture else (others[0] if others else ctx.current if ctx.current != style_image else None)
    return _tool("style", {"prompt": core, "style_image": style_image, "source": source}, params)


def _by_content(core: str, ctx: RouterContext) -> int | None:
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
                            r"without|w/o|not|no)\b")


def _by_number_or_step(core: str, ctx: RouterContext) -> int | None:
    """A select's image when no reference rule found one: a bare number that is a handle ("7 then",
    "can I see number 2 again?"), or one step back ("go back one", "the other one", "the anterior")."""
    numbers = [int(n) for n in re.findall(r"(?<![\w.#])(\d{1,4})(?![\w.%])", core) if int(n) in ctx.handles]
    if len(numbers) == 1:
        return numbers[0]
    if re.search(r"\b(?:back one|one back|a step|the other one|the anterior|the previous|the one before|before that)\b", core) \
            and ctx.current in ctx.current_path and ctx.current_path.index(ctx.current) > 0:
        return ctx.current_path[ctx.current_path.index(ctx.current) - 1]
    return None


def _list(handles: list[int]) -> str:
    return ", ".join(f"#{h}" for h in handles) or "no images yet"
