"""The rules' own call for every turn of a round, as the code of that round's first contact read it.

Today's rules were fixed against the training rounds and read them almost all rightly; the first image-role
experiment (2026-12-05, removed; docs/understanding.md) learned from how rules read turns they were never fixed
against. Its rows stay training text for the interpreter (corpus.py). Each round was
first read by the code at the start of the session that wrote it (docs/understanding.md, "Scores so
far"); this checks that commit out in a temporary worktree and replays the round's files in context
with it, recording what its router called (not what the harness forced).

    python training/interpreter/first_readings.py 85b1cd2:74,75 9e1a910:72,73 ... --out training/interpreter/data/first_readings.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def record(out: Path, files: list[str]) -> None:
    """Run inside the old worktree (PYTHONPATH): replay each file in context, write the router's own calls."""
    from studio.evaluate import in_context, load_items
    from studio.understanding import TurnReader

    class Recorder:  # the router under test, noting what it decided before the harness forces a failing turn
        def __init__(self, inner):
            self.inner, self.log, self.name = inner, [], getattr(inner, "name", "router")

        def route(self, text, ctx):
            decision = self.inner.route(text, ctx)
            self.log.append((text, decision))
            return decision

    reader = TurnReader()
    with out.open("a") as sink:
        for path in files:
            for item in load_items(path):
                recorder = Recorder(reader)
                in_context(item, recorder)
                for text, decision in recorder.log:
                    call = decision.call if decision.kind == "tool" else None
                    sink.write(json.dumps({"source": Path(path).name, "text": text, "own_tool": call.tool if call else None,
                                           "own_inputs": [int(h) for h in call.input_handles()] if call else []}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds", nargs="*", help="COMMIT:ROUND,ROUND (the code that first read those rounds)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--record", nargs="*", help=argparse.SUPPRESS)  # the worker's side
    args = parser.parse_args()
    if args.record is not None:
        return record(args.out, args.record)
    args.out.unlink(missing_ok=True)
    for spec in args.rounds:
        commit, rounds = spec.split(":")
        files = [str(p) for r in rounds.split(",") for folder in ("tests/conversations", "tests/conversations/probes")
                 for p in sorted((ROOT / folder).glob(f"heldout{r}-*.yaml"))]
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "tree"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), commit], check=True)
            try:
                env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
                subprocess.run([sys.executable, __file__, "--out", str(args.out.resolve()), "--record", *files], cwd=tree, env=env, check=True)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
        print(f"{commit}: rounds {rounds}, {len(files)} files", flush=True)


if __name__ == "__main__":
    main()
