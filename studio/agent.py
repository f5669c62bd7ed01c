"""The agent router: any OpenAI-compatible chat endpoint with tool calling reads the turn and calls
one of the studio's actions.

It sees what the interpreter sees and more: the recent turns (the person's words, what each did),
every image with how it was made and what it shows, which image is current, the question waiting
for an answer, and the rules + interpreter's own proposal. Each action is a function whose image
arguments are integers limited to the handles that exist (`enum`), with `strict` schemas and
`tool_choice: "required"`, so a server that constrains decoding to the schema (vLLM's guided
decoding, llama.cpp's grammar, hosted strict tool calling) cannot produce an impossible call. The
answer is checked again here; anything invalid, and any failure to answer, falls back to the rules
+ interpreter, and the decision records which layer decided and why.

    preset: {"router": "agent", "agent": {"url": "http://127.0.0.1:8000/v1", "model": "qwen2.5-7b-instruct"}}
    studio chat --agent-url http://127.0.0.1:11434/v1 --agent-model llama3.1
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

import httpx

from studio.parameters import extract_params
from studio.phrases import normalise
from studio.references import RouterContext
from studio.router import Decision
from studio.understanding import TurnReader, action_of
from tools.schemas import GenerationParams, ToolCall

log = logging.getLogger(__name__)

SYSTEM = (
    "You are the turn reader of an image studio: people create and edit images by chatting. Read the "
    "person's latest message in its conversation and call exactly one function: the action they want. "
    "Images are named by handles (#3). 'it'/'this' means the current image unless the words say otherwise. "
    "An image only lent to an edit (an object, a material, a pose) is a reference, not the source. Thanks, "
    "remarks and questions about the app are chat; a question about an image is describe. When an image "
    "the person names does not exist, or two readings are equally likely, call clarify with one short question."
)


@dataclass
class AgentSettings:
    url: str  # the server's OpenAI base, e.g. http://127.0.0.1:8000/v1
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    recent_turns: int = 6
    extra: dict[str, Any] = field(default_factory=dict)  # merged into the request body (server-specific knobs)

    @classmethod
    def from_preset(cls, data: dict[str, Any]) -> "AgentSettings":
        return cls(url=data["url"], model=data["model"], api_key=data.get("api_key") or os.environ.get("IMAGE_STUDIO_AGENT_KEY"),
                   timeout=float(data.get("timeout", 60.0)), extra=dict(data.get("extra", {})))


def functions(ctx: RouterContext) -> list[dict[str, Any]]:
    """The actions as OpenAI tools; image arguments can only name images that exist."""
    image = {"type": "integer", "enum": list(ctx.handles)} if ctx.handles else {"type": "integer", "enum": [0]}
    images = {"type": "array", "items": image}
    text = {"type": "string"}

    def tool(name: str, what: str, properties: dict[str, Any]) -> dict[str, Any]:
        return {"type": "function", "function": {
            "name": name, "description": what, "strict": True,
            "parameters": {"type": "object", "properties": properties, "required": list(properties),
                           "additionalProperties": False}}}

    made = [
        tool("generate", "Make a new picture from words; references lend a subject or object.",
             {"prompt": text, "references": images}),
        tool("style", "Draw something new (source null) or re-render an image (source) in the style of style_image.",
             {"prompt": text, "style_image": image, "source": {"anyOf": [image, {"type": "null"}]}}),
        tool("describe", "Answer a question about one or more images.", {"question": text, "images": images}),
        tool("undo", "Go back one or more steps.", {"steps": {"type": "integer", "minimum": 1, "maximum": 10}}),
        tool("redo", "Go forward again after an undo.", {"steps": {"type": "integer", "minimum": 1, "maximum": 10}}),
        tool("repeat", "Run the last request again with a new seed ('try again').", {}),
        tool("chat", "No image work: thanks, small talk, a remark, a question about the app.", {"reply": text}),
        tool("clarify", "Ask one short question back when the turn cannot be acted on as written.", {"question": text}),
    ]
    if ctx.handles:
        made[1:1] = [tool("edit", "Change the source image; references lend objects, materials, colours.",
                          {"prompt": text, "source": image, "references": images}),
                     tool("select", "Continue from an earlier image (it becomes current; nothing is made).", {"image": image})]
    if ctx.has_mask:
        made.insert(1, tool("inpaint", "Repaint only the masked area of the source.", {"prompt": text, "source": image}))
    return made


def context_message(text: str, ctx: RouterContext, proposal: Decision, recent: list[str]) -> str:
    lines = ["Images in this session:"]
    for handle in ctx.handles:
        tags = [tag for tag, yes in (("current", handle == ctx.current), ("attached to this message", handle in ctx.attached),
                                     ("uploaded", handle in ctx.uploads)) if yes]
        how = ctx.descriptions.get(handle) or ctx.captions.get(handle, "")[:100]
        name = f" file {ctx.names[handle]}" if handle in ctx.names else ""
        lines.append(f"#{handle}{name}: {how or 'no description'}" + (f" [{', '.join(tags)}]" if tags else ""))
    if not ctx.handles:
        lines.append("(none yet)")
    lines.append(f"A mask is attached: {'yes' if ctx.has_mask else 'no'}.")
    if recent:
        lines += ["", "Recent turns (oldest first):", *recent]
    if ctx.previous_action == "clarify":
        lines += ["", f"You asked a question back about: {ctx.previous_text!r}; this message may answer it."]
    proposed = action_of(proposal)
    if proposal.call is not None:
        proposed += f" {json.dumps(proposal.call.args)}"
    lines += ["", f"The rule reader proposes: {proposed} ({proposal.router}).", "", f"The person's message: {text}"]
    return "\n".join(lines)


class AgentRouter:
    """Routes through an OpenAI-compatible endpoint; the rules + interpreter are its proposal and fallback."""

    name = "agent"

    def __init__(self, settings: AgentSettings, fallback: TurnReader | None = None, client: httpx.Client | None = None):
        self.settings = settings
        self.fallback = fallback or TurnReader()
        self.client = client or httpx.Client(timeout=settings.timeout)

    def route(self, text: str, ctx: RouterContext) -> Decision:
        proposal = self.fallback.route(text, ctx)
        if proposal.exact:  # "undo", "try again", "seed 7 again": nothing for a model to read
            return proposal
        recent = ctx.recent[-self.settings.recent_turns:]
        body = {"model": self.settings.model, "tool_choice": "required", "parallel_tool_calls": False, "temperature": 0,
                "messages": [{"role": "system", "content": SYSTEM},
                             {"role": "user", "content": context_message(text, ctx, proposal, recent)}],
                "tools": functions(ctx), **self.settings.extra}
        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        try:
            response = self.client.post(self.settings.url.rstrip("/") + "/chat/completions", json=body, headers=headers)
            response.raise_for_status()
            call = response.json()["choices"][0]["message"]["tool_calls"][0]["function"]
            name, arguments = call["name"], json.loads(call["arguments"] or "{}")
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            log.warning("agent endpoint gave no usable answer: %s", exc)
            proposal.router = f"{proposal.router}; the agent failed ({type(exc).__name__}: {str(exc)[:120]})"
            return proposal
        try:
            decision = decision_of(name, arguments, ctx, extract_params(normalise(text))[1])
        except ValueError as exc:
            proposal.router = f"{proposal.router}; the agent's {name} was refused ({exc})"
            proposal.model_answer = json.dumps({"name": name, "arguments": arguments})[:500]
            return proposal
        decision.router = f"agent {self.settings.model}: {name} (proposal was {action_of(proposal)})"
        return decision


def decision_of(name: str, args: dict[str, Any], ctx: RouterContext, params: GenerationParams | None = None) -> Decision:
    """The agent's function call as a decision, checked against the session; ValueError if impossible."""
    def handle(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value not in ctx.handles:
            raise ValueError(f"no image #{value}")
        return value

    def handles(values: Any) -> list[int]:
        if not isinstance(values, list):
            raise ValueError("expected a list of images")
        return list(dict.fromkeys(handle(v) for v in values))

    def words(key: str) -> str:
        value = args.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} without {key}")
        return value.strip()

    if name in ("undo", "redo"):
        steps = args.get("steps", 1)
        return Decision(name, count=steps if isinstance(steps, int) and 1 <= steps <= 10 else 1)
    if name == "repeat":
        if ctx.call_to_repeat is None:
            raise ValueError("nothing to repeat")
        return Decision("tool", call=ctx.call_to_repeat, repeat=True)
    if name == "chat":
        return Decision("chat", reply=words("reply"))
    if name == "clarify":
        return Decision("clarify", reply=words("question"))
    if name == "select":
        chosen = handle(args.get("image"))
        return Decision("select", select=chosen, reply=f"Image #{chosen} is now the current image.")
    if name == "generate":
        call = {"prompt": words("prompt"), "references": handles(args.get("references", []))}
    elif name == "edit":
        source = handle(args.get("source"))
        call = {"prompt": words("prompt"), "source": source, "references": [h for h in handles(args.get("references", [])) if h != source]}
    elif name == "inpaint":
        if not ctx.has_mask:
            raise ValueError("inpaint without a mask")
        call = {"prompt": words("prompt"), "source": handle(args.get("source"))}
    elif name == "style":
        source = args.get("source")
        call = {"prompt": words("prompt"), "style_image": handle(args.get("style_image")),
                "source": None if source is None else handle(source)}
    elif name == "describe":
        chosen = handles(args.get("images", []))
        if not chosen:
            raise ValueError("describe without an image")
        call = {"question": words("question"), "images": chosen}
    else:
        raise ValueError(f"unknown action {name!r}")
    try:
        return Decision("tool", call=ToolCall(tool=name, args=call, params=params or GenerationParams()))
    except Exception as exc:  # the tool's own schema refuses it
        raise ValueError(str(exc).splitlines()[0]) from exc
