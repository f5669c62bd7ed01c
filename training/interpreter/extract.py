"""Labelled turns from the conversation files that are training data (tests/conversations/*.yaml).

Each file is replayed in context (studio/evaluate.py): every turn is routed from the state its
expected predecessors leave, and the decision that gave the expected outcome (the router's own when
it was right, the forced one when not) is the turn's label. Turns whose right answer is a
question back are left out: questions come from reference checks, not from the interpreter.

    python training/interpreter/extract.py tests/conversations/*.yaml --out training/interpreter/data/conversations.jsonl \
        [--roles /tmp/roles.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.evaluate import in_context, load_items  # noqa: E402
from studio.interpreter import TurnFeatures  # noqa: E402
from studio.understanding import TurnReader, action_of  # noqa: E402

ROLE_TOOLS = ("edit", "style", "generate")  # the calls whose images studio/image_roles.py judges


def examples(path: str) -> tuple[list[dict], list[dict]]:
    """The file's labelled turns for the interpreter, and the image facts of each turn for the image-role
    reader (training/interpreter/train_image_roles.py), with the router's own inputs today."""
    rows, roles = [], []
    said: Counter = Counter()  # words said earlier in the file (a probe file's setups repeat), as first_readings.py counts
    reader = TurnReader()
    for item in load_items(path):
        seen: list = []
        in_context(item, reader, seen)
        for text, ctx, decision in seen:
            label = action_of(decision)
            if label != "clarify":  # questions come from reference checks, not from the interpreter
                rows.append({**asdict(TurnFeatures.of(text, ctx)), "label": label, "source": Path(path).name})
            if decision.kind == "tool" and decision.call.tool in ROLE_TOOLS:
                own = reader.route(text, ctx)  # the router's own reading today (the same as `decision` when it was right)
                roles.append({**image_facts(text, ctx), "tool": decision.call.tool, "source": Path(path).name,
                              "inputs": [int(h) for h in decision.call.input_handles()],
                              "own_tool": own.call.tool if own.kind == "tool" and own.call else own.kind,
                              "own_inputs": [int(h) for h in own.call.input_handles()] if own.kind == "tool" and own.call else [],
                              "said_before": said[text]})
            said[text] += 1
    return rows, roles


def image_facts(text: str, ctx) -> dict:
    """What the image-role scorer's features are computed from (the RouterContext, as plain data)."""
    keyed = lambda d: {str(k): v for k, v in d.items()}  # noqa: E731
    return {"text": text, "previous_text": ctx.previous_text, "previous_action": ctx.previous_action,
            "last_call": ctx.last_call is not None, "handles": ctx.handles, "path": ctx.path_handles, "uploads": ctx.uploads, "attached": ctx.attached,
            "current": ctx.current, "has_mask": ctx.has_mask, "batch": ctx.batch, "picked": ctx.picked,
            "current_path": ctx.current_path, "recent_uploads": ctx.recent_uploads, "parents": keyed(ctx.parents),
            "captions": keyed(ctx.captions), "names": keyed(ctx.names), "called": keyed(ctx.called),
            "last_inputs": [int(h) for h in ctx.last_call.input_handles()] if ctx.last_call else []}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--roles", help="also write each image-using turn's image facts here")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(examples, sorted(args.files)))
    with open(args.out, "w") as out:
        for rows, _ in results:
            for row in rows:
                out.write(json.dumps(row) + "\n")
    print(f"{sum(len(rows) for rows, _ in results)} turns from {len(results)} files -> {args.out}")
    if args.roles:
        with open(args.roles, "w") as out:
            for _, roles in results:
                for row in roles:
                    out.write(json.dumps(row) + "\n")
        print(f"{sum(len(roles) for _, roles in results)} image-using turns -> {args.roles}")


if __name__ == "__main__":
    main()
