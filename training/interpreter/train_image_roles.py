"""Train the image-role reader (studio/image_roles.py) from replayed conversation files.

Input: the role rows `extract.py --roles` writes (one per turn that calls edit, style or generate: the
session's images as plain data, the turn's words and the one before, the inputs of the call that gave the
turn its expected outcome, and the router's own inputs today). The reader learns the expected inputs; it
is never shown the rules' own, so it cannot learn to agree with them.

The margin by which the reader must beat the rules' inputs is chosen on rounds held apart from the fit
(`--dev-rounds`: rounds whose rules were never fixed against them, so today's rules read them as on first
contact), best by wiring a fit into the router (`--margin`); from the dev rows alone it is the largest margin at
which the reader mends nearly as many turns, less five times those it breaks, as at its best (three fits pooled).
The fit written to studio/data/ leaves the dev rounds out, so what was measured on them is what ships.

    python training/interpreter/extract.py tests/conversations/*.yaml tests/conversations/probes/*.yaml \
        --out /tmp/turns.jsonl --roles /tmp/roles.jsonl                                   # about 25 minutes
    python training/interpreter/train_image_roles.py /tmp/roles.jsonl --dev-rounds 89 90 --margin 5 --out studio/data
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from studio.image_roles import FEATURES, ROLES, TOOLS, ImageRoleReader, best, facts, likelihood, roles_of  # noqa: E402
from studio.interpreter import Interpreter, TurnFeatures  # noqa: E402
from studio.router_context import RouterContext  # noqa: E402
from studio.spellings import respelled  # noqa: E402

SEEDS = (0, 1, 2)
NEVER = 1e9  # a margin no gain reaches


def context(row: dict) -> RouterContext:
    ints = lambda d: {int(k): v for k, v in d.items()}  # noqa: E731
    last = SimpleNamespace(input_handles=lambda: row["last_inputs"]) if row["last_inputs"] else None
    return RouterContext(handles=row["handles"], path_handles=row["path"], uploads=row["uploads"], attached=row["attached"],
                         current=row["current"], parents=ints(row["parents"]), has_mask=row["has_mask"], last_call=last,
                         captions=ints(row["captions"]), current_path=row["current_path"], recent_uploads=row["recent_uploads"],
                         names=ints(row["names"]), called=ints(row["called"]), batch=row["batch"], picked=row["picked"])


def encodings(rows: list[dict], cache: Path | None = None) -> np.ndarray:
    """The interpreter encoder's pooled vector for each row's turn, read as the router reads it (kept in `cache`,
    a .npy file, for another fit on the same rows)."""
    if cache is not None and cache.exists():
        kept = np.load(cache)
        if len(kept) == len(rows):
            return kept
    interpreter = Interpreter.shared()
    many = [TurnFeatures(text=respelled(r["text"]), previous_text=r["previous_text"], previous_action=r["previous_action"],
                         n_images=len([h for h in r["handles"] if h not in r["attached"]]), n_attached=len(r["attached"]),
                         has_mask=r["has_mask"], has_current=r["current"] is not None, can_repeat=r["last_call"]) for r in rows]
    out = []
    for i in range(0, len(many), 64):
        out.extend(reading.encoding for reading in interpreter.read_many(many[i:i + 64]))
        if i % 3200 == 0:
            print(f"  encoded {i} of {len(many)} turns", flush=True)
    encoded = np.asarray(out, dtype=np.float32)
    if cache is not None:
        np.save(cache, encoded)
    return encoded


def examples(rows: list[dict], encoded: np.ndarray) -> list[dict]:
    out = []
    for row, encoding in zip(rows, encoded):
        if row["tool"] not in TOOLS or not row["handles"]:
            continue
        rows_of = facts(row["text"], context(row), row["tool"])
        roles = roles_of(row["inputs"], row["tool"])
        out.append({"row": row, "facts": rows_of, "encoding": encoding, "roles": {h: roles.get(h, 0) for h in rows_of}})
    return out


def fit(train: list[dict], hidden: int = 128, epochs: int = 80, seed: int = 0) -> ImageRoleReader:
    import torch

    torch.manual_seed(seed)
    x = torch.tensor([f for ex in train for f in ex["facts"].values()])
    e = torch.tensor(np.stack([ex["encoding"] for ex in train for _ in ex["facts"]]))
    y = torch.tensor([r for ex in train for r in ex["roles"].values()])
    of_facts = torch.nn.Linear(len(FEATURES), hidden)
    of_words = torch.nn.Linear(e.shape[1], hidden, bias=False)
    out = torch.nn.Linear(hidden, len(ROLES))
    params = list(of_facts.parameters()) + list(of_words.parameters()) + list(out.parameters())
    optimiser = torch.optim.Adam(params, lr=2e-3, weight_decay=1e-4)
    order = list(range(len(y)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in range(0, len(order), 256):
            batch = torch.tensor(order[i:i + 256])
            logits = out(torch.relu(of_facts(x[batch]) + of_words(e[batch])))
            loss = torch.nn.functional.cross_entropy(logits, y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    weights = {"w1_facts": of_facts.weight, "b1": of_facts.bias, "w1_words": of_words.weight, "w2": out.weight, "b2": out.bias}
    return ImageRoleReader({k: v.detach().numpy().astype(np.float32).copy() for k, v in weights.items()}, margin=0.0)


def judged(reader: ImageRoleReader, exs: list[dict]) -> list[tuple[float, bool, bool]]:
    """Per turn the rules read with the right tool and the reader reads otherwise: (its gain, rules right, reader right)."""
    out = []
    for ex in exs:
        row = ex["row"]
        if row.get("own_tool") != row["tool"]:
            continue
        scores = dict(zip(ex["facts"], reader.log_probs(list(ex["facts"].values()), ex["encoding"]).tolist()))
        proposal = row["own_inputs"]
        mine = best(row["tool"], proposal, scores)
        if mine != proposal:
            gain = likelihood(mine, row["tool"], scores) - likelihood(proposal, row["tool"], scores)
            out.append((gain, proposal == row["inputs"], mine == row["inputs"]))
    return out


def value(results, margin: float) -> tuple[int, int, int]:
    mended = sum(1 for g, rules, mine in results if g > margin and mine and not rules)
    broken = sum(1 for g, rules, mine in results if g > margin and rules and not mine)
    other = sum(1 for g, rules, mine in results if g > margin and not rules and not mine)
    return mended, broken, other


def choose_margin(results) -> float:
    """The largest margin whose value (mended less five times broken) is within a tenth of the best; NEVER if none gains."""
    values = {m / 4: value(results, m / 4)[0] - 5 * value(results, m / 4)[1] for m in range(0, 61)}
    top = max(values.values())
    return max(m for m, v in values.items() if v >= 0.9 * top) if top > 0 else NEVER


def round_of(source: str) -> int:
    found = re.search(r"(?:heldout|written)(\d+)", source)
    return int(found.group(1)) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=Path)
    parser.add_argument("--dev-rounds", type=int, nargs="+", required=True, help="rounds held apart from the fit")
    parser.add_argument("--margin", type=float, default=None,
                        help="the margin, chosen by wiring fits into the router on the dev rounds (default: chosen here, "
                             "from the dev rows alone, which overstates what the router would change)")
    parser.add_argument("--cache", type=Path, default=None, help="a .npy file for the turns' encodings")
    parser.add_argument("--out", type=Path, required=True, help="a folder: image_roles.safetensors and image_roles.json")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.rows.read_text().splitlines()]
    exs = examples(rows, encodings(rows, args.cache))
    dev = [ex for ex in exs if round_of(ex["row"]["source"]) in args.dev_rounds]
    train = [ex for ex in exs if round_of(ex["row"]["source"]) not in args.dev_rounds]
    print(f"{len(exs)} turns ({len(train)} to fit, {len(dev)} held apart)")
    results = [r for seed in SEEDS for r in judged(fit(train, seed=seed), dev)]
    for m in (0.0, 2.0, 5.0, 8.0):
        print(f"dev rounds {args.dev_rounds}, {len(SEEDS)} fits pooled, margin {m}: mends, breaks, wrong to wrong = {value(results, m)}")
    margin = choose_margin(results) if args.margin is None else args.margin
    shipped = fit(train, seed=SEEDS[0])  # the dev rounds stay out, so what was measured on them is what ships
    from safetensors.numpy import save_file

    args.out.mkdir(parents=True, exist_ok=True)
    save_file({"w1_facts": shipped.w_facts, "w1_words": shipped.w_words, "b1": shipped.b1, "w2": shipped.w2, "b2": shipped.b2},
              str(args.out / "image_roles.safetensors"))
    rounds = sorted({round_of(ex["row"]["source"]) for ex in train})
    (args.out / "image_roles.json").write_text(json.dumps(
        {"features": FEATURES, "roles": ROLES, "margin": margin,
         "trained_on": {"turns": len(train), "rounds": rounds, "held_apart": args.dev_rounds, "seed": SEEDS[0]}}, indent=1) + "\n")
    print(f"wrote {args.out}/image_roles.safetensors and image_roles.json (margin {margin})")


if __name__ == "__main__":
    main()
