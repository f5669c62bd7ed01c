"""Lumina-DiMOO on the tiny preset (CPU): seconds per image uncached vs with the Max Logit Cache.

Runs the studio's own code path (``DimooBackend("tiny").run``) for text-to-image and edit and
prints seconds per image, the share of positions pushed through the transformer blocks, and the
block-matmul FLOPs that share saves. The tiny model is far too small for the timings to say much
about the 8B model (Python overhead dominates); the position/FLOP share is the same bookkeeping
the GPU benchmark reports.

    python benchmarks/cpu_dimoo.py [--steps 16] [--size 64] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from tools.base import BackendRequest  # noqa: E402
from tools.dimoo import DimooBackend  # noqa: E402
from tools.dimoo.model import param_flops_per_position  # noqa: E402


def measure(backend: DimooBackend, request_kw: dict, cache: bool, repeats: int) -> tuple[float, int]:
    options = dict(request_kw.pop("options", {}), cache=cache)
    times, positions = [], 0
    for i in range(repeats + 1):  # first run warms up
        t = time.perf_counter()
        backend.run(BackendRequest(options=dict(options), **request_kw))
        if i:
            times.append(time.perf_counter() - t)
        positions = backend.last_run["positions"]
    request_kw["options"] = options
    return float(np.median(times)), positions


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    backend = DimooBackend("tiny")
    source = Image.fromarray(np.random.RandomState(0).randint(0, 255, (args.size, args.size, 3), dtype=np.uint8))
    jobs = {
        "t2i": dict(tool="generate", prompt="a lighthouse at dusk", width=args.size, height=args.size),
        "edit": dict(tool="edit", prompt="make the sky stormy", source=source, options={"bucket_side": args.size}),
    }
    print(f"tiny preset, {args.steps} steps, {args.size}px, cache: warm-up 0.3, refresh every 5, recompute 10%")
    print(f"{'task':6s} {'uncached s/img':>15s} {'cached s/img':>13s} {'speedup':>8s} {'positions':>10s} {'FLOPs saved':>12s}")
    for name, kw in jobs.items():
        kw = dict(kw, steps=args.steps, seed=0)
        plain_s, plain_pos = measure(backend, dict(kw), cache=False, repeats=args.repeats)
        cached_s, cached_pos = measure(backend, dict(kw), cache=True, repeats=args.repeats)
        flops = param_flops_per_position(backend._parts.model.cfg)
        saved = 1 - (cached_pos * flops) / (plain_pos * flops)
        print(f"{name:6s} {plain_s:15.3f} {cached_s:13.3f} {plain_s / cached_s:7.2f}x "
              f"{cached_pos / plain_pos:9.1%} {saved:11.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
