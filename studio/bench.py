"""`studio bench overhead`: how much a turn costs outside the model call.

Plays a mixed conversation (generate, edits, references, describe, undo) on the tiny preset and
reports, per turn, wall time of `Session.send` minus the seconds spent inside the backend
(recorded by the act node in the tool run). Warm-up turns that build the models are excluded.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from PIL import Image

TURNS = [
    "a lighthouse at dusk",
    "make the sky stormy",
    "add a small boat",
    "what is in the picture?",
    "make image 1 golden",
    "undo",
    "put this hat on it",
]


def overhead(turns: int = 60, home: Path | None = None, out: Callable[[str], None] = print) -> float:
    from studio import Studio

    if turns < 1:
        raise ValueError("turns must be positive")
    hat = Image.new("RGB", (24, 24), (200, 30, 30))
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio.open(home or Path(tmp), preset="tiny")
        session = studio.new_session("bench")
        for text in TURNS[:4]:  # warm-up: builds the tiny pipelines
            session.send(text, seed=0)
        samples, backend_share = [], []
        for i in range(turns):
            text = TURNS[i % len(TURNS)]
            images = [hat.resize((24 + i % 5, 24))] if "this hat" in text else []
            started = time.perf_counter()
            reply = session.send(text, images=images, seed=i)
            total = time.perf_counter() - started
            run = studio.store.tool_run_seconds(reply.turn.id)
            samples.append((total - run) * 1000)
            backend_share.append(run * 1000)
        studio.close()
    median = statistics.median(samples)
    out(f"turns: {turns} (tiny preset, after 4 warm-up turns)")
    out(f"turn_ms_median: {statistics.median([a + b for a, b in zip(samples, backend_share)]):.1f}")
    out(f"backend_ms_median: {statistics.median(backend_share):.1f}")
    out(f"overhead_ms_p90: {statistics.quantiles(samples, n=10)[-1]:.1f}")
    out(f"overhead_ms_median: {median:.1f}")
    return median
