"""A turn running in a worker thread, so the page stays responsive while a tool works.

The job holds only what the page needs to draw progress (phase, step i of n) and the outcome;
the turn itself is written to the store by `Session.send`, like every other way into the studio.
`JobRegistry` keeps each session's running job for the whole server, so a reloaded page or a second
tab draws the same turn's progress and Cancel instead of offering to send it again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from studio import BadInputError, StudioError


@dataclass
class TurnJob:
    """One call of `run(on_progress, is_cancelled)` (a `Session.send`, `undo` or `redo`) in a thread."""

    label: str  # what the person asked, shown while the turn runs
    run: Callable[..., Any]
    attachments: list[bytes] = field(default_factory=list)
    has_mask: bool = False
    restore: Any = None  # UI selections (pending references, mask) to give back if the input is refused
    started: float = field(default_factory=time.monotonic)
    phase: str = "starting"  # starting -> running (first progress event) -> done
    tool: str | None = None
    step: int = 0
    total: int = 0
    image: int = 1  # which of the turn's images is being made ("4 variations": 1..4)
    images: int = 1
    backend: str | None = None
    reply: Any = None
    error: str | None = None
    error_kind: str | None = None  # "bad_input" | "failed" | "crash"
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> "TurnJob":
        self._thread = threading.Thread(target=self._work, name="image-studio-turn", daemon=True)
        self._thread.start()
        return self

    def _on_progress(self, event: dict) -> None:
        if event.get("type") == "start":  # planned; the backend may now be loading its weights
            self.tool = event.get("tool")
            self.backend = event.get("backend")
            self.image, self.images = int(event.get("image", 1)), int(event.get("images", 1))
            self.phase = "loading" if self.image == 1 else "running"
        elif event.get("type") == "progress":
            self.tool = event.get("tool")
            self.step = int(event.get("step", 0))
            self.total = int(event.get("total", 0))
            self.phase = "running"

    def _work(self) -> None:
        try:
            self.reply = self.run(on_progress=self._on_progress, is_cancelled=self._cancel.is_set)
        except BadInputError as exc:
            self.error, self.error_kind = str(exc), "bad_input"
        except StudioError as exc:  # TurnFailedError and friends: the turn is stored as failed
            self.error, self.error_kind = str(exc), "failed"
        except Exception as exc:  # noqa: BLE001 - shown to the person; the session stays usable
            self.error, self.error_kind = f"{type(exc).__name__}: {exc}", "crash"
        finally:
            self.phase = "done"

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self.phase == "done"

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done


class JobRegistry:
    """The running job of each session, one registry per server process (shared by every tab)."""

    def __init__(self) -> None:
        self._jobs: dict[str, TurnJob] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> TurnJob | None:
        with self._lock:
            return self._jobs.get(session_id) if session_id else None

    def put(self, session_id: str, job: TurnJob) -> None:
        with self._lock:
            self._jobs[session_id] = job

    def finished(self, job: TurnJob) -> bool:
        """Take a done job out; True for the one caller that does (its outcome is shown once)."""
        with self._lock:
            for session_id, held in list(self._jobs.items()):
                if held is job:
                    del self._jobs[session_id]
                    return True
            return False

