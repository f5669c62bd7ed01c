"""Labelled turns from the conversation files that are training data (tests/conversations/*.yaml).

Each file is replayed in context (studio/evaluate.py): every turn is routed from the state its
expected predecessors leave, and the decision that gave the expected outcome (the router's own when
it was right, the forced one when not) is the turn's label. Turns whose right answer is a
question back are left out: questions come from reference checks, not from the interpreter.

    python training/interpreter/extract.py tests/conversations/*.yaml --out training/interpreter/data/conversations.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.evaluate import in_context, load_items  # noqa: E402
from studio.interpreter import TurnFeatures  # noqa: E402
from studio.understanding import TurnReader, action_of  # noqa: E402


def examples(path: str) -> list[dict]:
    rows = []
    for item in load_items(path):
        seen: list = []
        in_context(item, TurnReader(), seen)
        for text, ctx, decision in seen:
            label = action_of(decision)
            if label != "clarify":  # questions come from reference checks, not from the interpreter
                rows.append({**asdict(TurnFeatures.of(text, ctx)), "label": label, "source": Path(path).name})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(examples, sorted(args.files)))
    with open(args.out, "w") as out:
        for rows in results:
            for row in rows:
                out.write(json.dumps(row) + "\n")
    print(f"{sum(map(len, results))} turns from {len(results)} files -> {args.out}")


if __name__ == "__main__":
    main()
