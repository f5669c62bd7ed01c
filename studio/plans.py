"""Two requests in one message: "make a fox, then put this hat on it", "brighten it and then give me
a version in the style of the painting"; a session command said before a request: "return it to how it
was before, then make the back wall ankara print", "I like the first one best, put it on a cream background".

The message is split at its "then"; the first request is read as usual, the second as the session
will be once the first has run (its image made and current), so "it" in the second means the new
image. Both run in one turn: one step in the tree, one undo takes both back.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

from studio.phrases import has_content, instructs, normalise, strip_polite
from studio.references import RouterContext, Unresolved, find_mentions
from studio.router import Decision
from studio.session_view import keeps_source
from tools.schemas import ToolCall

# where a command said first may end: a sentence, a comma, "and", "then" (Spanish "y")
CLAUSE_BREAK = re.compile(r"\s*(?:[.!?;]+|,)\s+(?:(?:and|y)\s+)?(?:then\s+)?|\s+(?:and|then|y)\s+(?:then\s+)?")
SURE_UNDO = 0.8  # "me gusta pero está muy apagado" read alone: undo 0.6, a remark the interpreter cannot place
# the part said before the request opens with a command, not a remark ("that's panel 4", "Honestly I keep going back
# and forth", "image 4 had a nice tractor" are no undo or pick, whatever they read as alone)
FILLERS = r"^(?:(?:ok|okay|no|nah|right|so|now|please|pls|just|and|but|then|oya|yes|yeah)\W+)*"
UNDO_OPENING = re.compile(FILLERS + r"(?:undo|revert|return|restore|reset|go back|get back|step back|back it up|back (?:'?er|it) up|"
                          r"(?:bring|put|take|set) (?:it|that|this|him|her|them|the \w+|that one|this one) (?:back(?! in time| to the \d)|away|off)|"
                          r"(?:scrap|ditch|bin|drop|lose|kill|wipe|cancel|forget) (?:that|it|this)\b|deshac|deshaz|desfa[cz]|annul|lass)")
PICK_OPENING = re.compile(FILLERS + r"(?:(?:let'?s\s+)?(?:go\s+|get\s+|come\s+|right\s+)?back to|return to|"
                          r"(?:i|we)(?: \w+)? (?:like|liked|love|loved|prefer|preferred|want|choose|pick)\b|"
                          r"(?:use|keep|stick with|go with|pick|choose|take) (?:the|that|this|number|#|image|\d))")
STEP_BREAK = re.compile(r"\s*[,;.]?\s*(?:\band\s+)?\b(?:then|after\s+that|afterwards)\b[\s,:]*")
POINTS_AT_ATTACHMENT = re.compile(r"\b(?:this|these|attached|here|enclosed)\b")
MAKES_AN_IMAGE = ("generate", "edit", "style", "inpaint")
# a change said as a command after a pick: "... and make it rain there", "..., add some fog"
CHANGE_SAID = re.compile(FILLERS + r"(?:make|add|put|turn|change|paint|give|remove|swap|replace|brighten|darken)\s+(?!(?:this|that)\s+one\b)\w")


def split_steps(text: str) -> list[str] | None:
    """The two requests of "X, then Y", or None when the message is not two requests."""
    parts = STEP_BREAK.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    first, second = (part.strip(" ,.;:") for part in parts)
    if not has_content(first) or not has_content(second) or re.match(r"^(?:if|when|once|and|but)\b", normalise(first)):
        return None  # "if it looks good then add a hat" is one request with a condition
    if not instructs(strip_polite(normalise(second)) or normalise(second)):
        return None  # "make the sky darker, then the water will look nicer": one request and its reason
    return [first, second]


def attachment_step(steps: list[str]) -> int:
    """Which step this turn's attachments belong to: the last that points at them ("put this hat on it")."""
    pointing = [i for i, step in enumerate(steps) if POINTS_AT_ATTACHMENT.search(normalise(step))]
    return pointing[-1] if pointing else 0


def after(ctx: RouterContext, call: ToolCall, made: int, text: str) -> RouterContext:
    """The session as the second request sees it: the first request's image made and current."""
    inputs = call.input_handles()
    caption = f"{ctx.captions.get(inputs[0], '') if keeps_source(call.tool, call.args) and inputs else ''} {text.lower()}".strip()
    return dataclasses.replace(
        ctx, handles=ctx.handles + [made], path_handles=ctx.path_handles + [made], current=made,
        parents={**ctx.parents, made: inputs}, captions={**ctx.captions, made: caption}, has_mask=False,
        descriptions={**ctx.descriptions, made: f"{call.tool}: {text[:80]!r}"}, current_path=ctx.current_path + [made],
        last_call=call, last_made_call=call, previous_text=text, previous_action=call.tool)


def read_two(router, text: str, ctx: RouterContext, next_handle: int) -> tuple[Decision, Decision] | None:
    """Both requests' decisions when the message is two requests that each run a tool and the first
    makes exactly one image; None otherwise (the message is then read whole)."""
    steps = split_steps(text)
    if steps is None:
        return None
    owner = attachment_step(steps)
    first_ctx = ctx if owner == 0 else dataclasses.replace(ctx, attached=[], handles=[h for h in ctx.handles if h not in ctx.attached])
    first = router.route(steps[0], first_ctx)
    if first.kind != "tool" or first.call.tool not in MAKES_AN_IMAGE or first.repeat \
            or (first.call.params.count or 1) > 1 or first.call.params.sizes:
        return None
    second_ctx = after(ctx if owner == 1 else dataclasses.replace(ctx, attached=[]), first.call, next_handle, steps[0])
    second = router.route(steps[1], second_ctx)
    if second.kind != "tool" or second.repeat:
        return None
    return first, second


def command_first(router, text: str, ctx: RouterContext, undone: Callable[[], RouterContext | None],
                  changes_only: bool = False) -> tuple[Decision, bool] | None:
    """The request of a message that first undoes the last step or picks an earlier image, each part read
    by the router on its own ("Take that one back and give him a velvet collar instead", "no I preferred the
    blue mug. add some steam coming off that one"): the request's decision, read as if the command had run,
    and whether the command was an undo. `undone` is the session as it would be after an undo (None when
    there is nothing to undo). None when no opening part reads as undo or a pick, or the rest is no request.
    `changes_only`: the whole message read as a pick, so only a change to the picture picked counts as the request ("go
    back to the one with just the bench and make it rain there"; not "... with the bench and the roses")."""
    if not ctx.handles:
        return None
    boundaries = list(CLAUSE_BREAK.finditer(text))[:8]
    for n, boundary in enumerate(boundaries):
        opening = text[:boundary.start()]
        said_last = normalise(re.split(r"[.!?;,:]\s+", opening.strip())[-1])
        if not has_content(opening) or not (UNDO_OPENING.match(said_last) or PICK_OPENING.match(said_last)):
            continue  # only a part that opens with a command is read (and the router asked) at all
        command = router.route(opening, ctx)
        if command.kind == "undo":
            try:
                named = {h for m in find_mentions(normalise(opening), ctx) for h in m.handles}
            except Unresolved:
                return None
            if len(named) == 1:  # "no I preferred the blue mug": back to that one
                command = Decision("select", select=named.pop())
        if command.kind == "undo" and command.count == 1 and command.confidence >= SURE_UNDO and UNDO_OPENING.match(said_last):
            after_command = undone()
        elif command.kind == "select" and command.select is not None and command.select not in ctx.attached \
                and PICK_OPENING.match(said_last):
            after_command = dataclasses.replace(ctx, current=command.select)
        else:
            continue
        if after_command is None:
            return None
        # the request is what follows, maybe after more words about the pick ("..., not the painted one, that's
        # going on the flyer. stick SPARKS ELECTRICAL across the top")
        for later in boundaries[n:]:
            rest = text[later.end():]
            request = router.route(rest, after_command) if len(rest.split()) >= 2 else None
            if changes_only and not CHANGE_SAID.match(normalise(rest)):
                continue  # "I like the middle one, take this one", "..., I want to tweak him a bit": still the pick
            if request is not None and request.kind == "tool" and request.call.tool in MAKES_AN_IMAGE and not request.repeat \
                    and not (changes_only and request.call.tool == "generate"):
                return request, command.kind == "undo"
        return None
    return None
