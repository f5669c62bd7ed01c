"""The turn graph: ingest -> plan -> act -> respond, compiled with LangGraph's SQLite checkpointer.

State carries images by id only (sha256); pixels of this turn's uploads and outputs live in the
run context's scratch space until `respond` commits them with the turn. Per-run dependencies
(store, backends, router, scratch, progress) come through `context_schema`, never globals.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal, TypedDict

from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from PIL import Image

from memory.records import PendingImage, TurnOutcome
from memory.store import Store
from studio.alternatives import split_alternatives
from studio.config import Preset
from studio.images import mask_size_note, output_to_pending, pending_to_pil
from studio.parameters import extract_params_noted
from studio.phrases import UNDO_ONLY, normalise, undo_then
from studio.plans import command_first, read_two
from studio.reference_caption import reference_caption
from studio.router import Decision
from studio.router_context import Question
from studio.session_view import session_view
from studio.turn_replies import head_move_reply, tool_reply
from tools.base import BackendRequest, StudioError, TurnCancelled, tiny_size
from tools.registry import BackendPool, check_backend_call
from tools.schemas import GenerationParams, ToolCall

SEED_LIMIT = 2**31 - 1


class TurnState(TypedDict, total=False):
    session_id: str
    turn_id: str
    text: str
    attached: list[str]  # ids of this turn's uploads, in order
    mask: str | None
    params: dict[str, Any]  # overrides passed to send()
    backend: str | None
    options: dict[str, Any]
    decision: dict[str, Any]
    outputs: list[str]
    reply: str
    tool_runs: list[dict[str, Any]]


@dataclass
class TurnContext:
    store: Store
    backends: BackendPool
    preset: Preset
    router: Any
    scratch: dict[str, PendingImage] = field(default_factory=dict)  # this turn's new images by id
    on_progress: Callable[[dict[str, Any]], None] | None = None
    is_cancelled: Callable[[], bool] = lambda: False


# -- helpers ---------------------------------------------------------------------------------------
def _load(ctx: TurnContext, image_id: str) -> Image.Image:
    if image_id in ctx.scratch:
        return pending_to_pil(ctx.scratch[image_id])
    image = Image.open(ctx.store.image_path(image_id))
    image.load()
    return image


def _rewrite_key(call: ToolCall, input_ids: list[str]) -> str:
    payload = json.dumps([call.tool, call.text, input_ids, call.args.get("style_image") is not None])
    return hashlib.sha256(payload.encode()).hexdigest()


# -- nodes ---------------------------------------------------------------------------------------
def ingest(state: TurnState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Open the turn record; uploads were validated by the caller and wait in scratch."""
    ctx = runtime.context
    missing = [i for i in state.get("attached", []) if i not in ctx.scratch]
    if missing:
        raise StudioError(f"uploads {missing} were not staged for this turn")
    turn_id = ctx.store.begin_turn(state["session_id"], state["text"], state.get("turn_id"))
    return {"turn_id": turn_id, "outputs": [], "tool_runs": []}


def plan(state: TurnState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    ctx = runtime.context
    attached = state.get("attached", [])
    names = {i: ctx.scratch[i].name for i in attached if i in ctx.scratch}
    rest = undo_then(state["text"])
    undo = ctx.store.undo_target(state["session_id"]) if rest is not None else None
    decision, two = None, None
    if undo is not None:  # "undo that and make it blue": the rest, read as if the undo had happened
        view = session_view(ctx.store, state["session_id"], attached, bool(state.get("mask")), names, head=undo[1])
        decision = ctx.router.route(rest, view.router)
        if decision.kind not in ("tool", "select"):
            decision, undo = None, None  # not a request after all ("undo, undo"): read the whole message
    if decision is None:
        view = session_view(ctx.store, state["session_id"], attached, bool(state.get("mask")), names)
        two = read_two(ctx.router, state["text"], view.router, view.next_handle)  # "make a fox, then put this hat on it"
        # with nothing to undo, "undo that and make it blue" is "make it blue" (and may need a question)
        decision = two[1] if two else ctx.router.route(
            rest if rest is not None and undo is None and not UNDO_ONLY.match(rest) else state["text"], view.router)
        if not two and rest is None and (decision.kind in ("clarify", "select") or decision.kind == "tool" and not decision.repeat
                                         and decision.call.tool != "describe"):  # "Take that one back and give him a collar instead"
            # looked up only if an opening part reads as an undo (most turns have none: ~4 ms saved)
            undo_of = functools.cache(lambda: ctx.store.undo_target(state["session_id"]))
            undone = lambda: (session_view(ctx.store, state["session_id"], attached, bool(state.get("mask")), names,
                                           head=undo_of()[1]).router if undo_of() is not None else None)
            first = command_first(ctx.router, state["text"], view.router, undone, changes_only=decision.kind == "select")
            decision, undo = (first[0], undo_of() if first[1] else None) if first else (decision, None)
    rctx, handle_to_id = view.router, view.handle_to_id
    record: dict[str, Any] = {"kind": decision.kind, "reply": decision.reply, "repeat": decision.repeat,
                              "count": decision.count,
                              "attached_handles": rctx.attached, "router": decision.router}
    if undo is not None:
        record["undo_first"] = undo[1]
    if decision.model_answer is not None:
        record["model_answer"] = decision.model_answer
    if decision.question is not None:
        record["question"] = decision.question.to_json()  # the answer is read against it (studio/answers.py)
    if decision.kind == "select":
        record["select"] = handle_to_id[decision.select]
    if decision.kind == "tool":
        if two:  # the second request may use the first one's image: "@1" until it exists
            steps = [_call_record(two[0], state, None, handle_to_id, ctx.preset),
                     _call_record(two[1], state, None, {**handle_to_id, view.next_handle: "@1"}, ctx.preset)]
            record["steps"], record["router"] = steps, f"two requests: {two[0].router} | then {two[1].router}"
        else:
            steps = [_call_record(decision, state, view.last_mask, handle_to_id, ctx.preset)]
        record.update(steps[-1])
        record["input_ids"] = list(dict.fromkeys(i for step in steps for i in step["input_ids"] if i != "@1"))
        record["next_handle"] = view.next_handle
        if any(step["call"]["tool"] == "inpaint" and step["mask"] is None for step in steps):
            record = {"kind": "clarify", "reply": "Inpainting needs a mask: attach one (white = the area to change) "
                      "or draw it on the image.", "repeat": False, "attached_handles": rctx.attached}
    return {"decision": record}


def _call_record(decision: Decision, state: TurnState, last_mask: str | None, handle_to_id: dict[int, str],
                 preset: Preset) -> dict[str, Any]:
    """A tool decision as the graph runs it: this turn's parameters, backend and options merged in,
    images as ids, the mask it paints in."""
    call = decision.call
    params = call.params
    if decision.repeat:  # "try again": same call, fresh seed unless one is asked for
        params = params.model_copy(update={"seed": None})
    params = params.merged(GenerationParams(**state.get("params", {})))
    backend = state.get("backend") or call.backend
    options = {**preset.options.get(call.tool, {}), **call.options, **state.get("options", {})}
    check_backend_call(backend or preset.tools[call.tool], call.tool, options)  # BadInputError: the turn is not kept
    call = call.model_copy(update={"params": params, "backend": backend, "options": options})
    mask = state.get("mask") or (last_mask if decision.repeat and call.tool == "inpaint" else None)
    return {"call": call.model_dump(), "input_ids": [handle_to_id[h] for h in call.input_handles()], "mask": mask}


def act(state: TurnState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Run the tool's backend (the only slow step) for each request of the turn; outputs stay in
    scratch until respond."""
    ctx = runtime.context
    decision = state["decision"]
    writer = get_stream_writer()

    def emit(event: dict[str, Any]) -> None:  # to graph.stream(custom) readers and to send()'s callback
        writer(event)
        if ctx.on_progress is not None:
            ctx.on_progress(event)

    outputs: list[str] = []
    tool_runs: list[dict[str, Any]] = []
    texts: list[str] = []
    made_first: str | None = None
    for step in decision.get("steps") or [decision]:
        input_ids = [made_first if i == "@1" else i for i in step["input_ids"]]
        made, runs, text = _run_call(ctx, ToolCall.model_validate(step["call"]), input_ids, step.get("mask"), emit)
        made_first = made_first or (made[-1] if made else None)
        outputs += made
        tool_runs += runs
        texts += [text] if text else []
    return {"outputs": outputs, "tool_runs": tool_runs, "reply": "\n\n".join(texts)}


def _run_call(ctx: TurnContext, call: ToolCall, input_ids: list[str], mask_id: str | None, emit) -> tuple[list[str], list, str]:
    """One tool call: one backend run per image it makes ("4 variations": four seeds; "in 16:9 and in
    portrait": one run per size). Returns the new images' ids, the runs to record and any text."""
    backend_name = call.backend or ctx.preset.tools[call.tool]
    backend = ctx.backends.get(backend_name)
    images = [_load(ctx, i) for i in input_ids]
    if call.tool == "describe":
        source, references = None, images
    elif call.tool == "style":
        source, references = (images[0] if call.args["source"] is not None else None), images[-1:]
    elif call.tool == "generate":
        source, references = None, images
    else:
        source, references = images[0], images[1:]
    mask = _load(ctx, mask_id).convert("L") if mask_id else None
    # one run per image: "4 variations" -> four seeds; "in 16:9 and in portrait" -> one run per size
    sizes = [(call.params.width, call.params.height)]
    if call.tool != "describe":
        sizes = list(call.params.sizes or []) or sizes * (call.params.count or 1)
    count = len(sizes)
    if call.params.seed is not None:  # "seed 7, 4 variations": seeds 7, 8, 9, 10
        seeds = [call.params.seed + i for i in range(count)]
    else:
        seeds = [secrets.randbelow(SEED_LIMIT) for _ in range(count)]
    rewrite_key = None
    rewritten = None
    # "three takes: one warm, one ice cold, one dim": each version its own item of the list
    prompts = split_alternatives(call.text, count) or [call.text] * count
    if getattr(backend, "rewrites_prompts", False) and len(set(prompts)) == 1:
        # reuse an instruction model's earlier rewrite (not across versions whose prompts differ)
        rewrite_key = _rewrite_key(call, input_ids)
        rewritten = ctx.store.find_rewrite(rewrite_key)
    caption_of = None  # StyleKeeper: the style image's caption is the reference's prompt, as the authors'
    if getattr(backend, "captions_reference", False) and "reference_prompt" not in call.options:
        caption_of = input_ids[-1]
        caption = reference_caption(ctx.store, ctx.backends.get(ctx.preset.tools["describe"]), caption_of,
                                    images[-1], ctx.is_cancelled)
    outputs: list[str] = []
    tool_runs: list[dict[str, Any]] = []
    text = ""
    for index, (seed, (asked_width, asked_height), prompt) in enumerate(zip(seeds, sizes, prompts), start=1):
        width, height = asked_width, asked_height
        if ctx.preset.weights == "tiny":  # same code, small pictures: tiny weights draw noise at any size
            width, height = tiny_size(width, height)

        reached = [0, 0]  # the last step done, of how many: a cancelled turn says where it stopped

        def on_step(step: int, total: int, index: int = index) -> None:
            reached[:] = [step, total]
            emit({"type": "progress", "tool": call.tool, "step": step, "total": total, "image": index, "images": count})

        request = BackendRequest(
            tool=call.tool, prompt=prompt, source=source, references=references, mask=mask, seed=seed,
            steps=call.params.steps, width=width, height=height,
            guidance=call.params.guidance, options=dict(call.options), on_step=on_step,
            is_cancelled=ctx.is_cancelled,
        )
        if call.tool == "describe":
            request.options.setdefault("handles", call.args["images"])
        if rewritten is not None:
            request.options["rewritten_prompt"] = rewritten
        if caption_of is not None:
            request.options["reference_prompt"] = caption
        # the first event of each image: the UI can show "loading the model / starting" until steps arrive
        emit({"type": "start", "tool": call.tool, "backend": backend_name, "image": index, "images": count})
        started = time.perf_counter()
        try:
            result = backend.run(request)
        except TurnCancelled as exc:
            if not reached[1]:
                raise
            which = f" of image {index}/{count}" if count > 1 else ""
            raise TurnCancelled(f"stopped at step {reached[0]}/{reached[1]}{which}") from exc
        seconds = time.perf_counter() - started
        if caption_of is not None:
            result.recipe["reference_caption_of"] = caption_of
        if rewrite_key is not None:
            result.recipe["rewrite_key"] = rewrite_key
            rewritten = rewritten or result.recipe.get("rewritten_prompt")
        if (width, height) != (asked_width, asked_height):
            result.recipe["requested_size"] = [asked_width, asked_height]
        for image in result.images:
            pending = output_to_pending(image)
            ctx.scratch[pending.id] = pending
            outputs.append(pending.id)
        params = {**call.params.model_dump(exclude={"sizes"}), "width": asked_width, "height": asked_height,
                  "seed": seed, "prompt": prompt, "options": call.options}
        tool_runs.append({
            "tool": call.tool, "backend": backend_name,
            "model_id": ", ".join(backend.model_ids().values()),
            "params": params, "recipe": result.recipe, "seconds": seconds,
        })
        text = text or result.text or ""
    return outputs, tool_runs, text


def respond(state: TurnState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Write the reply and commit the whole turn in one transaction (or move the head)."""
    ctx = runtime.context
    store, session_id, turn_id = ctx.store, state["session_id"], state["turn_id"]
    decision = state["decision"]
    kind = decision["kind"]
    attached = tuple(ctx.scratch[i] for i in state.get("attached", []))
    if kind in ("undo", "redo"):
        steps = [store.undo(session_id) if kind == "undo" else store.redo(session_id)
                 for _ in range(decision.get("count", 1))]
        reply = head_move_reply(kind, [step for step in steps if step is not None], store, session_id)
        # a log entry off the tree: it records the command without becoming the head
        store.finish_turn(session_id, turn_id, TurnOutcome(kind=kind, reply_text=reply, keep_attachments=False),
                          move_head=False)
        return {"reply": reply}
    if kind == "tool":
        call = decision["call"]
        outputs = tuple(ctx.scratch[i] for i in state["outputs"])
        mask = decision.get("mask")
        mask_image = ctx.scratch.get(mask) if mask else None
        reply = state.get("reply") or tool_reply(call, decision["next_handle"], len(outputs), ctx.preset.weights)
        if "steps" in decision:  # "make a fox, then put this hat on it": what each request did
            first = tool_reply(decision["steps"][0]["call"], decision["next_handle"], 1, "real")
            reply = f"{first} Then: {reply if state.get('reply') else tool_reply(call, decision['next_handle'] + 1, len(outputs) - 1, ctx.preset.weights)}"
        if "undo_first" in decision:
            reply = f"Undid the last step, then: {reply}"
        if call["tool"] != "describe":  # "with 5000 steps": what was run instead, said
            reply = " ".join([reply, *extract_params_noted(normalise(state["text"]))[2]])
        if call["tool"] == "inpaint" and mask:  # a mask of another size is scaled to the picture: said
            reply = " ".join([reply, mask_size_note(_load(ctx, mask), _load(ctx, decision["input_ids"][0]),
                                                    call["args"]["source"])]).strip()
        if call["tool"] == "describe" and ctx.preset.weights == "tiny":
            reply = f"{reply}\n(tiny preset: a random-weight model wrote this, so it is noise)"
        outcome = TurnOutcome(
            kind="tool", reply_text=reply, tool=call["tool"],
            call={"call": call, "router": decision["router"], "repeat": decision["repeat"],
                  **({"steps": [step["call"] for step in decision["steps"]]} if "steps" in decision else {}),
                  **({"model_answer": decision["model_answer"]} if "model_answer" in decision else {})},
            attached=attached, inputs=tuple(decision["input_ids"]), outputs=outputs,
            mask=mask, new_mask=mask_image, tool_runs=tuple(state["tool_runs"]),
            undo_first="undo_first" in decision, parent_id=decision.get("undo_first"),
        )
    elif kind == "select":
        reply = decision["reply"]
        outcome = TurnOutcome(kind="select", reply_text=reply, attached=attached, shown=(decision["select"],),
                              undo_first="undo_first" in decision, parent_id=decision.get("undo_first"))
    else:
        reply = decision["reply"]
        outcome = TurnOutcome(
            kind=kind, reply_text=reply, attached=attached,
            # a question back keeps the person's attachments: their answer will refer to them
            needs_clarification=kind == "clarify",
            question=(decision.get("question") or Question.asked(reply).to_json()) if kind == "clarify" else None,
        )
    notes = [image.note for image in attached if image.note]
    if notes:  # "hat.jpg was 12000×9000; I scaled it down to ...": said once, in the turn that brought it
        reply = f"{reply}\n\n" + " ".join(notes)
        outcome = replace(outcome, reply_text=reply)
    store.finish_turn(session_id, turn_id, outcome)
    return {"reply": reply}


def route_after_plan(state: TurnState) -> Literal["act", "respond"]:
    return "act" if state["decision"]["kind"] == "tool" else "respond"


def build_graph() -> StateGraph:
    graph = StateGraph(TurnState, context_schema=TurnContext)
    graph.add_node("ingest", ingest)
    graph.add_node("plan", plan)
    graph.add_node("act", act)
    graph.add_node("respond", respond)
    graph.add_edge(START, "ingest")
    graph.add_edge("ingest", "plan")
    graph.add_conditional_edges("plan", route_after_plan)
    graph.add_edge("act", "respond")
    graph.add_edge("respond", END)
    return graph
