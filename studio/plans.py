"""Two requests in one message: "make a fox, then put this hat on it", "brighten it and then give me
a version in the style of the painting".

The message is split at its "then"; the first request is read as usual, the second as the session
will be once the first has run (its image made and current), so "it" in the second means the new
image. Both run in one turn: one step in the tree, one undo takes both back.
"""

from __future__ import annotations

import dataclasses
import re

from studio.phrases import has_content, instructs, normalise, strip_polite
from studio.references import RouterContext
from studio.router import Decision
from studio.session_view import keeps_source
from tools.schemas import ToolCall

STEP_BREAK = re.compile(r"\s*[,;.]?\s*(?:\band\s+)?\b(?:then|after\s+that|afterwards)\b[\s,:]*")
POINTS_AT_ATTACHMENT = re.compile(r"\b(?:this|these|attached|here|enclosed)\b")
MAKES_AN_IMAGE = ("generate", "edit", "style", "inpaint")


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
