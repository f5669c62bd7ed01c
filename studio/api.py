"""The public Python API (DESIGN.md §4): Studio, Session, Reply, ImageRef, Turn.

Every way into the studio — this API, the CLI, the conversation scripts and the web app —
runs a turn through `Session.send`, which runs the LangGraph turn graph.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from langgraph.checkpoint.sqlite import SqliteSaver
from PIL import Image

from memory.records import PendingImage, StoredImage, current_image_id
from memory.store import Store
from studio.config import Preset, load_preset
from studio.graph import TurnContext, build_graph
from studio.images import ImageInput, file_name, ingest_image, ingest_mask
from tools.base import BadInputError, StudioError
from tools.registry import BackendPool
from tools.schemas import GenerationParams

log = logging.getLogger(__name__)

MAX_TEXT = 4000


class TurnFailedError(StudioError):
    """The turn's tool failed; the turn is stored as failed and the session is unchanged."""

    def __init__(self, message: str, turn_id: str):
        super().__init__(message)
        self.turn_id = turn_id


@dataclass(frozen=True)
class ImageRef:
    """An image of a session: its handle (#n), content id (sha256 of the PNG) and file."""

    handle: int
    id: str
    path: Path
    width: int
    height: int
    origin: str  # "upload" | "output"
    _session: "Session" = field(repr=False, compare=False)

    def pil(self) -> Image.Image:
        image = Image.open(self.path)
        image.load()
        return image

    @property
    def parents(self) -> list["ImageRef"]:
        """The images the tool that made this one consumed (source first); [] for uploads."""
        ids = self._session._studio.store.parents_of(self._session.id, self.id)
        return [self._session._ref_by_id(i) for i in ids]

    @property
    def recipe(self) -> dict[str, Any] | None:
        return self._session._studio.store.recipe_of(self.id)


@dataclass(frozen=True)
class Turn:
    id: str
    text: str
    kind: str
    tool: str | None
    inputs: list[ImageRef]
    images: list[ImageRef]
    attached: list[ImageRef]  # this turn's uploads, in the order attached (a re-upload keeps its handle)
    status: str  # "ok" | "failed" | "interrupted" | "running"
    error: str | None
    reply: str
    needs_clarification: bool
    parent_id: str | None
    mask: Path | None = None  # the mask an inpaint painted in (white = changed); it has no handle
    options: list[ImageRef] = field(default_factory=list)  # the images a question back offered to choose among


@dataclass(frozen=True)
class Reply:
    text: str
    tool: str | None
    inputs: list[ImageRef]
    images: list[ImageRef]
    needs_clarification: bool
    turn: Turn

    @property
    def turn_id(self) -> str:
        return self.turn.id


class Studio:
    """A studio home (SQLite store + image files) with a preset's models."""

    def __init__(self, home: str | Path, preset: str | Path | Preset = "tiny", router: Any = None):
        self.home = Path(home).expanduser()
        self.home.mkdir(parents=True, exist_ok=True)
        self.preset = load_preset(preset)
        self.store = Store(self.home)
        if emptied := self.store.empty_trash():  # sessions deleted with an undo offered, last time the studio ran
            log.info("removed %d deleted session(s) for good", emptied)
        self.backends = BackendPool(self.preset.weights, self.preset.device, self.preset.dtype)
        self.router = router or self._default_router()
        self._checkpoint_conn = sqlite3.connect(self.home / "checkpoints.db", check_same_thread=False)
        self._checkpoint_conn.execute("PRAGMA journal_mode=WAL")
        self._checkpoint_conn.execute("PRAGMA synchronous=NORMAL")
        self.checkpointer = SqliteSaver(self._checkpoint_conn)
        self.graph = build_graph().compile(checkpointer=self.checkpointer)
        self._lock = threading.RLock()

    def _default_router(self):
        agent = self.preset.agent or ({"url": os.environ["IMAGE_STUDIO_AGENT_URL"], "model": os.environ.get("IMAGE_STUDIO_AGENT_MODEL", "default")}
                                      if os.environ.get("IMAGE_STUDIO_AGENT_URL") else None)
        if self.preset.router == "agent" or agent:
            from studio.agent import AgentRouter, AgentSettings

            if agent is None:
                raise StudioError("the agent router needs an endpoint: set the preset's agent {url, model} or IMAGE_STUDIO_AGENT_URL")
            return AgentRouter(AgentSettings.from_preset(agent))
        if self.preset.router == "model":
            from studio.model_router import ModelRouter

            return ModelRouter(self.backends.get(self.preset.tools["describe"]))
        if self.preset.router == "rules":
            raise StudioError("the rules-only router is gone: the exact rules now work with the interpreter "
                              "(router: interpreter, the default)")
        from studio.understanding import TurnReader

        return TurnReader()

    @classmethod
    def open(cls, home: str | Path = "~/.image-studio", preset: str | Path | Preset = "tiny", **kwargs) -> "Studio":
        return cls(home, preset, **kwargs)

    def new_session(self, title: str = "", owner: str | None = None) -> "Session":
        """`owner`: the browser of a shared web studio it belongs to (None: every caller sees it)."""
        return Session(self, self.store.create_session(title, owner))

    def session(self, session_id: str) -> "Session":
        if self.store.get_session(session_id).trashed_at is not None:  # get_session raises KeyError if unknown
            raise KeyError(f"session {session_id} was deleted")
        return Session(self, session_id)

    def restore_session(self, session_id: str) -> "Session":
        """Bring back a session deleted with `Session.delete(undoable=True)` (until the studio is next opened)."""
        self.store.restore_session(session_id)
        return Session(self, session_id)

    def sessions(self, visible_to: str | None = None) -> list["Session"]:
        """Every session; `visible_to`: only that owner's and those that belong to no one."""
        return [Session(self, row.id) for row in self.store.list_sessions(visible_to)]

    def last_used_session(self, visible_to: str | None = None) -> "Session | None":
        """The session someone worked in last (its latest turn is the newest), else the newest one."""
        session_id = self.store.last_used_session_id(visible_to)
        return Session(self, session_id) if session_id else None

    def close(self) -> None:
        self._checkpoint_conn.close()
        self.store.engine.dispose()

    def __enter__(self) -> "Studio":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Session:
    def __init__(self, studio: Studio, session_id: str):
        self._studio = studio
        self.id = session_id

    def __repr__(self) -> str:
        return f"Session(id={self.id!r}, title={self.title!r})"

    @property
    def title(self) -> str:
        return self._studio.store.get_session(self.id).title

    @property
    def last_active(self):
        """When this session was last worked in (its latest turn, else its creation), a datetime."""
        return self._studio.store.last_activity(self.id)

    @property
    def owner(self) -> str | None:
        """The browser of a shared web studio this session belongs to; None: every caller sees it."""
        return self._studio.store.get_session(self.id).owner

    def share(self) -> None:
        """Let every caller see this session (in a shared web studio: everyone with the token)."""
        self._studio.store.set_owner(self.id, None)

    def rename(self, title: str) -> None:
        self._studio.store.rename_session(self.id, title)

    def delete(self, undoable: bool = False) -> None:
        """Delete the session with its turns and images; `undoable`: hide it instead, so that
        `Studio.restore_session` can bring it back until the studio is next opened."""
        if undoable:
            self._studio.store.trash_session(self.id)
        else:
            self._studio.store.delete_session(self.id)

    # -- turns ---------------------------------------------------------------------------------
    def send(
        self,
        text: str,
        images: Sequence[ImageInput] = (),
        mask: ImageInput | None = None,
        *,
        seed: int | None = None,
        steps: int | None = None,
        width: int | None = None,
        height: int | None = None,
        guidance: float | None = None,
        count: int | None = None,
        backend: str | None = None,
        options: dict[str, Any] | None = None,
        on_progress: Callable[[dict[str, Any]], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> Reply:
        """Run one turn. Bad input raises BadInputError before anything is stored."""
        if not isinstance(text, str):
            raise BadInputError(f"text must be a string, got {type(text).__name__}")
        if isinstance(images, (str, bytes, Path, Image.Image)):
            images = [images]
        if not text.strip() and not images:
            raise BadInputError("the message is empty: write what to create or change, or attach an image")
        if len(text) > MAX_TEXT:
            raise BadInputError(f"the message is {len(text)} characters long; keep it under {MAX_TEXT}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. half an emoji cut by a bad client
            raise BadInputError(f"the message has a character that is not valid text at position {exc.start}: "
                                "paste it again or remove it") from exc
        given = {"seed": seed, "steps": steps, "width": width, "height": height, "guidance": guidance, "count": count}
        for name, value in given.items():
            if isinstance(value, bool):  # True is an int to Python; steps=True is a mistake, not 1 step
                raise BadInputError(f"invalid generation parameter: {name} must be a number, not {value!r}")
        try:
            params = GenerationParams(**given)
        except ValueError as exc:
            raise BadInputError(f"invalid generation parameter: {exc}") from exc
        if backend is not None and backend not in _known_backends():
            raise BadInputError(f"unknown backend {backend!r}; known: {', '.join(_known_backends())}")
        scratch: dict[str, PendingImage] = {}
        attached: list[str] = []
        for n, item in enumerate(images, start=1):
            pending = ingest_image(item, what=f"attachment {n}")
            pending.name = file_name(item)
            scratch[pending.id] = pending
            if pending.id not in attached:
                attached.append(pending.id)
        mask_id = None
        if mask is not None:
            pending_mask = ingest_mask(mask)
            scratch[pending_mask.id] = pending_mask
            mask_id = pending_mask.id

        studio = self._studio
        context = TurnContext(
            store=studio.store, backends=studio.backends, preset=studio.preset, router=studio.router,
            scratch=scratch, on_progress=on_progress, is_cancelled=is_cancelled or (lambda: False),
        )
        state = {
            "session_id": self.id, "text": text, "attached": attached, "mask": mask_id,
            "params": params.model_dump(exclude_none=True), "backend": backend, "options": options or {},
        }
        config = {"configurable": {"thread_id": self.id}}
        turn_id = state["turn_id"] = uuid.uuid4().hex  # known here, so a failure can be recorded on it
        with studio._lock:
            try:
                # progress reaches on_progress directly; graph.stream(stream_mode="custom") also carries it
                studio.graph.invoke(state, config, context=context, durability="exit")
            except BaseException as exc:
                if isinstance(exc, BadInputError):  # refused (a backend that cannot do the tool, an unknown option)
                    studio.store.discard_turn(turn_id)  # the turn did not happen: nothing of it is kept
                    raise
                status = "failed" if isinstance(exc, Exception) else "interrupted"
                if not studio.store.fail_turn(turn_id, f"{type(exc).__name__}: {exc}", status):
                    raise  # failed before the turn was opened: nothing was stored
                if isinstance(exc, StudioError):  # already says what to do (e.g. which model to pull)
                    exc.turn_id = turn_id
                    raise
                if isinstance(exc, Exception):
                    raise TurnFailedError(f"the turn failed: {exc}", turn_id) from exc
                raise
        turn = self._turn(studio.store.get_turn(turn_id))
        return Reply(turn.reply, turn.tool, turn.inputs, turn.images, turn.needs_clarification, turn)

    def undo(self, **kwargs) -> Reply:
        """Move the head back one turn that produced images (a turn of its own, like "undo")."""
        return self.send("undo", **kwargs)

    def redo(self, **kwargs) -> Reply:
        return self.send("redo", **kwargs)

    @property
    def can_undo(self) -> bool:
        """Whether an undo would move anything (a checkout to go back on, or a turn along the head path that produced
        images)."""
        return self._studio.store.can_undo(self.id)

    @property
    def can_redo(self) -> bool:
        return bool(self._studio.store.get_session(self.id).redo_stack)

    def checkout(self, turn_id: str) -> None:
        """Move the head to an earlier turn; the next turn starts a branch from there, and `undo` goes back."""
        self._studio.store.checkout(self.id, turn_id)

    # -- views ---------------------------------------------------------------------------------
    def images(self) -> list[ImageRef]:
        return [self._ref(im) for im in self._studio.store.session_images(self.id)]

    def image(self, handle: int) -> ImageRef:
        for ref in self.images():
            if ref.handle == handle:
                return ref
        raise KeyError(f"no image #{handle} in this session")

    def current_image(self) -> ImageRef | None:
        image_id = current_image_id(self._studio.store.path_view(self.id))
        return self._ref_by_id(image_id) if image_id else None

    def turns(self) -> list[Turn]:
        """The turns along the head path, oldest first."""
        refs = self._refs()
        return [self._turn(t, refs) for t in self._studio.store.head_path(self.id)]

    def all_turns(self) -> list[Turn]:
        """Every turn of the session (all branches, failed ones and command log entries), oldest first."""
        refs = self._refs()
        return [self._turn(t, refs) for t in self._studio.store.all_turns(self.id)]

    @property
    def head_turn_id(self) -> str | None:
        return self._studio.store.get_session(self.id).head_turn_id

    # -- internals -----------------------------------------------------------------------------
    def _ref(self, im: StoredImage) -> ImageRef:
        return ImageRef(im.handle, im.id, im.path, im.width, im.height, im.origin, self)

    def _ref_by_id(self, image_id: str) -> ImageRef:
        for im in self._studio.store.session_images(self.id):
            if im.id == image_id:
                return self._ref(im)
        raise KeyError(f"image {image_id[:12]} is not part of this session")

    def _refs(self) -> dict[str, ImageRef]:
        return {im.id: self._ref(im) for im in self._studio.store.session_images(self.id)}

    def _turn(self, row, refs: dict[str, ImageRef] | None = None) -> Turn:
        refs = refs if refs is not None else self._refs()
        inputs = [refs[link.image_id] for link in row.images if link.role == "input" and link.image_id in refs]
        outputs = [refs[link.image_id] for link in row.images if link.role == "output" and link.image_id in refs]
        attached = [refs[link.image_id] for link in row.images if link.role == "attached" and link.image_id in refs]
        mask = next((self._studio.store.image_path(link.image_id) for link in row.images if link.role == "mask"), None)
        by_handle = {ref.handle: ref for ref in refs.values()}
        offered = [by_handle[h] for h in (row.question or {}).get("options", []) if h in by_handle]
        return Turn(row.id, row.text, row.kind, row.tool, inputs, outputs, attached, row.status, row.error,
                    row.reply_text, row.needs_clarification, row.parent_id, mask, offered)


def _known_backends() -> list[str]:
    from tools.registry import MODEL_BACKENDS

    return sorted(MODEL_BACKENDS)  # the routing stub is for `studio eval router`, never a person's turn
