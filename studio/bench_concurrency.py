"""`studio bench concurrency`: several processes sending turns to one home at once, then an audit.

Each worker process opens the home with the tiny preset and sends its turns through `Session.send` (the whole
turn graph: routing, the tiny models, the store), alternating a new picture and an edit of it. In "same" mode
every worker sends to one session, in "separate" mode each to its own; beside them another process opens the
store in a loop (the sweep of files with no record runs at every open). Then the home is audited: image rows
whose file is missing, turns that did not end "ok", tool turns that are not on their session's visible
conversation (the chain from the head back to the first turn), and image numbers that repeat or skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]

WORKER = """
import json, sys, time
from studio import Studio, StudioError
home, session_id, turns, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
failures = {}
with Studio.open(home, preset="tiny") as studio:
    session = studio.session(session_id)
    started = time.perf_counter()
    for i in range(turns):
        text = f"a {name} boat, number {i}" if i % 2 == 0 else "make it blue"
        try:
            session.send(text, seed=i)
        except StudioError as exc:
            failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
    print(json.dumps({"failures": failures, "seconds": time.perf_counter() - started}))
"""

OPENER = """
import sys, time
from memory.store import Store
opened, deadline = 0, time.time() + float(sys.argv[2])
while time.time() < deadline:
    Store(sys.argv[1]).engine.dispose()
    opened += 1
print(opened)
"""


def run_round(home: Path, mode: str, processes: int, turns: int) -> dict:
    from studio import Studio

    with Studio.open(home, preset="tiny") as studio:  # migrated once, before the processes race
        sessions = [studio.new_session(f"{mode} {n}").id for n in range(1 if mode == "same" else processes)]
    python = lambda script, *args: subprocess.Popen(  # noqa: E731
        [sys.executable, "-c", script, str(home), *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    opener = python(OPENER, 3600)
    started = time.perf_counter()
    workers = [python(WORKER, sessions[n % len(sessions)], turns, f"w{n}") for n in range(processes)]
    results, crashed = [], 0
    for worker in workers:
        out, err = worker.communicate()
        if worker.returncode != 0:
            crashed += 1
            print(err[-2000:], file=sys.stderr)
        else:
            results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = time.perf_counter() - started
    opener.kill()
    opener.communicate()
    return {**audit(home, sessions), "seconds": seconds, "crashed": crashed,
            "failed_sends": sum(sum(r["failures"].values()) for r in results),
            "failure_kinds": sorted({k for r in results for k in r["failures"]})}


def audit(home: Path, sessions: list[str]) -> dict:
    from memory.store import Store

    store = Store(home)
    with store.db() as db:
        from memory.models import ImageRow

        paths = [row.path for row in db.query(ImageRow)]
    lost = sum(not (home / path).exists() for path in paths)
    turns = not_ok = off_path = bad_handles = 0
    for session_id in sessions:
        rows = store.all_turns(session_id)
        by_id = {t.id: t for t in rows}
        chain, head = set(), store.get_session(session_id).head_turn_id
        while head is not None:
            chain.add(head)
            head = by_id[head].parent_id
        turns += len(rows)
        not_ok += sum(t.status != "ok" for t in rows)
        off_path += sum(t.kind == "tool" and t.status == "ok" and t.id not in chain for t in rows)
        handles = sorted(image.handle for image in store.session_images(session_id))
        bad_handles += handles != list(range(1, len(handles) + 1))
    store.engine.dispose()
    return {"turns": turns, "images": len(paths), "lost_files": lost, "turns_not_ok": not_ok,
            "tool_turns_off_the_conversation": off_path, "sessions_with_bad_handles": bad_handles}


def concurrency(processes: int = 4, turns: int = 30, out: Callable[[str], None] = print) -> dict[str, dict]:
    if processes < 2 or turns < 1:
        raise ValueError("use at least 2 processes and 1 turn")
    rounds = {}
    for mode in ("same", "separate"):
        with tempfile.TemporaryDirectory() as tmp:
            result = rounds[mode] = run_round(Path(tmp), mode, processes, turns)
        session_word = "one session" if mode == "same" else "a session each"
        out(f"{mode}: {processes} processes x {turns} turns on {session_word}, a store opened in a loop beside them")
        for key, value in result.items():
            out(f"  {key}: {value:.1f}" if isinstance(value, float) else f"  {key}: {value}")
    return rounds
