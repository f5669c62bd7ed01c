"""The model router: a chat model proposes the turn's tool call as JSON; the studio checks it.

The model sees the turn, the session's images (handle, how each was made, a caption when one is
known) and the tool schemas, and answers with one JSON object. The answer is parsed leniently
(code fences, prose around it), then validated strictly: the tool's pydantic schema, handles
that exist, a command from the known set. Anything else falls back to the rule router, and the
decision records why, so the turn shows which router decided it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol

from pydantic import ValidationError

from studio.router import Decision, RouterContext
from tools.schemas import TOOL_SCHEMAS, ToolCall

COMMANDS = ("undo", "redo", "chat", "clarify")


class ChatModel(Protocol):
    def chat(self, images: list, text: str, max_new_tokens: int, system: str | None = None) -> str: ...


def tool_schema_text() -> str:
    lines = []
    for name, schema in TOOL_SCHEMAS.items():
        fields = schema.model_json_schema().get("properties", {})
        args = ", ".join(f"{field}: {spec.get('type', 'any') if 'type' in spec else 'handle|null'}"
                         for field, spec in fields.items())
        lines.append(f"- {name}({args}): {schema.__doc__.strip()}")
    return "\n".join(lines)


SYSTEM = (
    "You route one turn of an image-editing chat to a tool. Images are named by handle numbers.\n"
    "Tools (arguments; handles are integers):\n{tools}\n"
    "Or a command: undo, redo, chat (small talk; give a reply), clarify (ask a question when the turn "
    "names an image that does not exist or is ambiguous).\n"
    "Answer with ONE JSON object and nothing else, e.g. "
    '{{"tool": "edit", "args": {{"prompt": "make the sky stormy", "source": 2, "references": []}}}} or '
    '{{"command": "clarify", "reply": "Which image do you mean?"}}.'
)


def describe_session(ctx: RouterContext, descriptions: dict[int, str] | None = None) -> str:
    descriptions = descriptions or {}
    lines = []
    for handle in ctx.handles:
        how = descriptions.get(handle) or ("uploaded" if handle in ctx.uploads else "generated")
        tags = []
        if handle == ctx.current:
            tags.append("current")
        if handle in ctx.attached:
            tags.append("attached to this turn")
        lines.append(f"#{handle}: {how}" + (f" ({', '.join(tags)})" if tags else ""))
    return "\n".join(lines) or "(no images yet)"


def extract_json(text: str) -> dict[str, Any]:
    """The first JSON object in a model's answer (inside ``` fences or prose); ValueError if none."""
    fenced = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", text, re.S)
    candidates = [fenced.group(1)] if fenced else []
    start = text.find("{")
    while start != -1:
        depth, in_str, escape = 0, False, False
        for end in range(start, len(text)):
            ch = text[end]
            if in_str:
                escape = (ch == "\\") and not escape
                if ch == '"' and not escape:
                    in_str = False
                continue
            if ch == '"':
                in_str = True
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    candidates.append(text[start:end + 1])
                    break
        start = text.find("{", start + 1)
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise ValueError("no JSON object in the model's answer")


def parse_decision(answer: str, ctx: RouterContext) -> Decision:
    """Validate a model's answer against the tool schemas and the session; ValueError if invalid."""
    data = extract_json(answer)
    if "command" in data:
        command = data["command"]
        if command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        reply = str(data.get("reply", ""))
        if command in ("chat", "clarify") and not reply.strip():
            raise ValueError(f"{command} without a reply")
        return Decision(command, reply=reply)
    try:
        call = ToolCall(tool=data.get("tool"), args=data.get("args", {}))
    except ValidationError as exc:
        raise ValueError(f"invalid tool call: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}") from exc
    missing = [h for h in call.input_handles() if h not in ctx.handles]
    if missing:
        raise ValueError(f"the call names images that do not exist: {missing}")
    if call.tool == "inpaint" and not ctx.has_mask:
        raise ValueError("inpaint without a mask")
    return Decision("tool", call=call)


class ModelRouter:
    """Routes with a chat model; falls back to the rules + interpreter on anything malformed or invalid."""

    name = "model"

    def __init__(self, model: ChatModel, fallback=None, max_new_tokens: int = 160):
        from studio.understanding import TurnReader

        self.model = model
        self.fallback = fallback or TurnReader()
        self.max_new_tokens = max_new_tokens

    def route(self, text: str, ctx: RouterContext) -> Decision:
        # session commands and "try again" are answered without the model (the decision says by whom)
        rules = self.fallback.route(text, ctx)
        if rules.kind in ("undo", "redo") or rules.repeat:
            return rules
        prompt = f"Session images:\n{describe_session(ctx, ctx.descriptions)}\n\nTurn: {text}"
        try:
            answer = self.model.chat([], prompt, self.max_new_tokens, system=SYSTEM.format(tools=tool_schema_text()))
        except Exception as exc:  # a model that fails to answer must not lose the turn
            rules.router = f"{self.fallback.name} (fallback: the model failed: {type(exc).__name__}: {exc})"
            return rules
        try:
            decision = parse_decision(answer, ctx)
        except ValueError as exc:
            rules.router = f"{self.fallback.name} (fallback: {exc})"
            rules.model_answer = answer[:500]
            return rules
        decision.router = "model"
        return decision
