"""Train the image-role scorer (role_scorer.py, an experiment the studio does not use) from replayed conversation files.

Input: the role rows that `extract.py --roles` writes (one per turn: the session's images and what each
shows, the call that gave the turn its expected outcome, the rules' own call). Only turns where the
rules chose the expected tool are used: the scorer judges inputs, not the action.

The margin by which the scorer must beat the rules' inputs is chosen on the files of the latest
rounds, held apart from the fit: the largest margin at which it mends nearly as many turns, less five
times those it breaks, as at its best (three fits pooled). Then the network is fitted once more on everything.

    python training/interpreter/extract.py tests/conversations/heldout6*-*.yaml tests/conversations/heldout7*-*.yaml \
        tests/conversations/probes/heldout6*-*.yaml tests/conversations/probes/heldout7*-*.yaml --out /tmp/turns.jsonl --roles /tmp/roles.jsonl
    python training/interpreter/train_roles.py /tmp/roles.jsonl --first-reading training/interpreter/data/first_readings.jsonl \
        --out /tmp/role_scorer.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from role_scorer import FEATURES, ROLES, TOOLS, RoleScorer, features  # noqa: E402  (this folder)
from studio.router_context import RouterContext  # noqa: E402


def context(row: dict) -> RouterContext:
    ints = lambda d: {int(k): v for k, v in d.items()}  # noqa: E731
    last = SimpleNamespace(input_handles=lambda: row["last_inputs"]) if row["last_inputs"] else None
    return RouterContext(handles=row["handles"], path_handles=row["path"], uploads=row["uploads"], attached=row["attached"],
                         current=row["current"], parents=ints(row["parents"]), has_mask=row["has_mask"], last_call=last,
                         captions=ints(row["captions"]), current_path=row["current_path"], recent_uploads=row["recent_uploads"],
                         names=ints(row["names"]), called=ints(row["called"]), batch=row["batch"], picked=row["picked"])


def with_first_reading(rows: list[dict], first: list[dict]) -> list[dict]:
    """Each row with the rules' call as the code of its round's first contact made it (`first`: rows of
    source, text, own_tool, own_inputs in turn order), matched by file, words and order; rows that code
    did not read are left out. Today's rules were fixed against these turns and read them almost all
    rightly; the scorer must learn how rules read turns they were never fixed against."""
    by_turn: dict[tuple[str, str, int], dict] = {}
    said: Counter = Counter()
    for f in first:  # in turn order per file: the n-th time these words were said there
        by_turn[(f["source"], f["text"], said[f["source"], f["text"]])] = f
        said[f["source"], f["text"]] += 1
    out = []
    for row in rows:
        f = by_turn.get((row["source"], row["text"], row.get("said_before", 0)))
        if f is not None:
            out.append({**row, "own_tool": f["own_tool"], "own_inputs": f["own_inputs"]})
    return out


def examples(rows: list[dict]) -> list[dict]:
    """Turns the scorer judges, with each image's features and role."""
    out = []
    for row in rows:
        if row["tool"] not in TOOLS or row["own_tool"] != row["tool"] or not row["handles"]:
            continue
        ctx = context(row)
        feats = features(row["text"], ctx, row["tool"], row["own_inputs"])
        inputs = row["inputs"]
        roles = {h: (2 if row["tool"] == "generate" or i else 1) for i, h in enumerate(inputs)}
        out.append({"row": row, "ctx": ctx, "features": feats, "roles": {h: roles.get(h, 0) for h in feats}})
    return out


def fit(train: list[dict], hidden: int = 32, epochs: int = 60, seed: int = 0) -> RoleScorer:
    import torch

    torch.manual_seed(seed)
    x = torch.tensor([f for ex in train for f in ex["features"].values()])
    y = torch.tensor([r for ex in train for r in ex["roles"].values()])
    net = torch.nn.Sequential(torch.nn.Linear(len(FEATURES), hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, len(ROLES)))
    optimiser = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
    order = list(range(len(y)))
    for _ in range(epochs):
        random.Random(seed).shuffle(order)
        for i in range(0, len(order), 256):
            batch = torch.tensor(order[i:i + 256])
            loss = torch.nn.functional.cross_entropy(net(x[batch]), y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    first, second = net[0], net[2]
    return RoleScorer(first.weight.tolist(), first.bias.tolist(), second.weight.tolist(), second.bias.tolist(), margin=0.0)


def judged(scorer: RoleScorer, exs: list[dict]) -> list[tuple[float, bool, bool]]:
    """Per turn where the scorer disagrees: (its gain over the rules, rules right, scorer right)."""
    out = []
    for ex in exs:
        row = ex["row"]
        scores = {h: scorer.log_probs(f) for h, f in ex["features"].items()}
        proposal = row["own_inputs"]
        mine = scorer.best(row["tool"], proposal, scores)
        if mine != proposal and not (row["tool"] == "style" and len(mine) != 2):
            gain = scorer.score(mine, row["tool"], scores) - scorer.score(proposal, row["tool"], scores)
            out.append((gain, proposal == row["inputs"], mine == row["inputs"]))
    return out


NEVER = 1e9  # a margin no gain reaches
SEEDS = (0, 1, 2)


def choose_margin(results: list[tuple[float, bool, bool]]) -> float:
    """The largest margin at which the scorer's value (turns mended less five times the turns broken: a broken
    turn was right before) is within a tenth of its best; NEVER when no margin gains. `results` pools fits
    from several seeds, so that one lucky fit does not set it."""
    values = {}
    for margin in [m / 4 for m in range(0, 41)]:
        mended = sum(1 for g, rules, mine in results if g > margin and mine and not rules)
        broken = sum(1 for g, rules, mine in results if g > margin and rules and not mine)
        values[margin] = mended - 5 * broken
    best = max(values.values())
    return max(m for m, v in values.items() if v >= 0.9 * best) if best > 0 else NEVER


def round_of(source: str) -> int:
    found = re.search(r"(?:heldout|written)(\d+)", source)
    return int(found.group(1)) if found else 0


def report(name: str, results, margin: float) -> None:
    mended = sum(1 for g, rules, mine in results if g > margin and mine and not rules)
    broken = sum(1 for g, rules, mine in results if g > margin and rules and not mine)
    other = sum(1 for g, rules, mine in results if g > margin and not rules and not mine)
    print(f"{name}: margin {margin}: mends {mended}, breaks {broken}, changes a wrong reading to another wrong one {other}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", type=int, default=72, help="rounds from this one on choose the margin")
    parser.add_argument("--first-reading", type=Path, required=True, help="the rules' calls at each round's first contact")
    args = parser.parse_args()
    rows = [json.loads(line) for path in args.rows for line in path.read_text().splitlines()]
    rows = with_first_reading(rows, [json.loads(line) for line in args.first_reading.read_text().splitlines()])
    exs = examples(rows)
    early = [ex for ex in exs if round_of(ex["row"]["source"]) < args.split]
    late = [ex for ex in exs if round_of(ex["row"]["source"]) >= args.split]
    print(f"{len(exs)} turns judged ({len(early)} to fit, {len(late)} to choose the margin)")
    results = [r for seed in SEEDS for r in judged(fit(early, seed=seed), late)]
    margin = choose_margin(results)
    report(f"held-apart rounds, {len(SEEDS)} fits pooled", results, margin)
    final = fit(exs)
    final.margin = margin
    report("all rounds, final fit", judged(final, exs), margin)
    rounds = sorted({round_of(ex["row"]["source"]) for ex in exs})
    args.out.write_text(json.dumps({"features": FEATURES, "roles": ROLES, "w1": final.w1, "b1": final.b1, "w2": final.w2,
                                    "b2": final.b2, "margin": margin,
                                    "trained_on": {"turns": len(exs), "rounds": rounds, "margin_chosen_on_rounds_from": args.split}}) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
