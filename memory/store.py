"""The session store: SQLite records (SQLAlchemy 2) and content-addressed PNG files, written together.

A turn is committed in one transaction: its images, handles, lineage links, tool run, status and
the session head change together or not at all. Image files are written (atomically, by rename)
just before that transaction, and removed again if it fails; a file left by a killed process has
no record and is swept the next time a store opens.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from memory.database import begin_immediate, pid_alive, set_sqlite_pragmas
from memory.models import ImageRow, SessionImage, SessionRow, ToolRun, TurnImage, TurnRow, utcnow
from memory.records import PendingImage, StoredImage, TurnOutcome
from memory.sessions import SessionShelf
from memory.views import TurnViews
from tools.base import SessionBusyError

MIGRATIONS = Path(__file__).parent / "migrations"
TURN_WAIT_S = 600.0  # how long a turn waits for another process's turn of the same session before it is refused
IMAGE_PRODUCING_KINDS = ("tool", "upload", "select")


class Store(SessionShelf, TurnViews):
    """The session store of one home folder (its studio.db and images/); the list of sessions (create, rename, trash,
    delete) is in memory/sessions.py, the read-only views of a session's turns in memory/views.py."""

    def __init__(self, home: str | os.PathLike[str]):
        self.home = Path(home).expanduser()
        self.images_dir = self.home / "images"
        self.images_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.home / "studio.db"
        self.turn_wait_s = TURN_WAIT_S
        self.engine = create_engine(f"sqlite:///{self.db_path}")
        event.listen(self.engine, "connect", set_sqlite_pragmas)
        event.listen(self.engine, "begin", begin_immediate)
        self._migrate()
        self.db = sessionmaker(self.engine, expire_on_commit=False)
        self._recover()

    # -- setup ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            if current != head:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

    def _recover(self) -> None:
        """Mark turns whose process died as interrupted, then drop image files with no record that were there
        before the records were read: a file another process writes after that belongs to a turn it is about to
        commit (its row is not in `known` yet), so it is kept."""
        cutoff = time.time_ns()
        with self.db.begin() as db:
            running = db.scalars(select(TurnRow).where(TurnRow.status == "running")).all()
            for turn in running:
                if not pid_alive(turn.pid) or turn.pid == os.getpid():
                    turn.status = "interrupted"
                    turn.error = "the process running this turn stopped before it finished"
                    turn.finished_at = utcnow()
            still_running = any(t.status == "running" for t in running)
            known = set(db.scalars(select(ImageRow.path)).all())
        if still_running:  # another live process may be about to commit its files
            return
        for path in self.images_dir.rglob("*"):
            try:
                orphan = path.is_file() and path.stat().st_mtime_ns < cutoff
            except FileNotFoundError:  # renamed or removed by its writer meanwhile
                continue
            if orphan and path.relative_to(self.home).as_posix() not in known:
                path.unlink(missing_ok=True)

    # -- images --------------------------------------------------------------------------------
    def image_path(self, image_id: str) -> Path:
        return self.images_dir / image_id[:2] / f"{image_id}.png"

    def _write_file(self, image: PendingImage) -> bool:
        """Write the PNG under its hash; return True when this call created the file."""
        path = self.image_path(image.id)
        if path.exists():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(image.png)  # rename makes it atomic against a killed process
        os.replace(tmp, path)
        return True

    def session_images(self, session_id: str) -> list[StoredImage]:
        with self.db() as db:
            rows = db.execute(
                select(SessionImage, ImageRow)
                .join(ImageRow, ImageRow.id == SessionImage.image_id)
                .where(SessionImage.session_id == session_id)
                .order_by(SessionImage.handle)
            ).all()
        return [
            StoredImage(si.handle, img.id, self.home / img.path, img.width, img.height, si.origin, si.turn_id)
            for si, img in rows
        ]

    def parents_of(self, session_id: str, image_id: str) -> list[str]:
        """Ids of the images the turn that produced `image_id` consumed (source first)."""
        with self.db() as db:
            turn_id = db.scalar(
                select(SessionImage.turn_id).where(
                    SessionImage.session_id == session_id, SessionImage.image_id == image_id
                )
            )
            if turn_id is None:
                return []
            produced = db.scalar(
                select(func.count()).select_from(TurnImage).where(
                    TurnImage.turn_id == turn_id, TurnImage.role == "output", TurnImage.image_id == image_id
                )
            )
            if not produced:
                return []
            return list(
                db.scalars(
                    select(TurnImage.image_id)
                    .where(TurnImage.turn_id == turn_id, TurnImage.role == "input")
                    .order_by(TurnImage.position)
                )
            )

    def recipe_of(self, image_id: str) -> dict[str, Any] | None:
        """The tool run that produced an image (tool, backend, params, recipe), if any."""
        with self.db() as db:
            turn_id = db.scalar(
                select(TurnImage.turn_id).where(TurnImage.role == "output", TurnImage.image_id == image_id).limit(1)
            )
            run = db.scalar(select(ToolRun).where(ToolRun.turn_id == turn_id)) if turn_id else None
        if run is None:
            return None
        return {"tool": run.tool, "backend": run.backend, "model_id": run.model_id, **run.params, **run.recipe}

    # -- turns ---------------------------------------------------------------------------------
    def begin_turn(self, session_id: str, text: str, turn_id: str | None = None) -> str:
        """Open a turn on the session's head. A session's turns run one at a time: while another live process runs
        one, this waits for it (up to `turn_wait_s`), then raises SessionBusyError."""
        turn_id = turn_id or uuid.uuid4().hex
        deadline = time.monotonic() + self.turn_wait_s
        while True:
            with self.db.begin() as db:  # BEGIN IMMEDIATE: the check and the new row are one step
                session = db.get(SessionRow, session_id)
                if session is None:
                    raise KeyError(f"no session with id {session_id!r}")
                busy = [t.pid for t in db.scalars(select(TurnRow).where(TurnRow.session_id == session_id,
                                                                         TurnRow.status == "running"))
                        if t.pid != os.getpid() and pid_alive(t.pid)]
                if not busy:
                    seq = db.scalar(select(func.count()).select_from(TurnRow).where(TurnRow.session_id == session_id))
                    db.add(TurnRow(id=turn_id, session_id=session_id, parent_id=session.head_turn_id, seq=seq, text=text,
                                   kind="pending", status="running", reply_text="", needs_clarification=False,
                                   pid=os.getpid()))
                    return turn_id
            if time.monotonic() >= deadline:
                raise SessionBusyError(f"another process (pid {busy[0]}) is running a turn of this session; send again "
                                       "when it has finished")
            time.sleep(0.05)

    def finish_turn(self, session_id: str, turn_id: str, outcome: TurnOutcome, move_head: bool = True) -> None:
        """Commit a completed turn: files first, then every record and the head in one transaction."""
        new_files: list[Path] = []
        to_store = list(outcome.outputs)
        if outcome.keep_attachments:
            to_store = list(outcome.attached) + to_store
        if outcome.new_mask is not None:
            to_store.append(outcome.new_mask)
        try:
            for image in to_store:
                if self._write_file(image):
                    new_files.append(self.image_path(image.id))
            with self.db.begin() as db:
                self._record_turn(db, session_id, turn_id, outcome, to_store, move_head)
        except BaseException:
            with self.db() as db:  # identical bytes stored by another process meanwhile: its row owns the file now
                owned = set(db.scalars(select(ImageRow.id).where(ImageRow.id.in_([p.stem for p in new_files]))))
            for path in new_files:
                if path.stem not in owned:
                    path.unlink(missing_ok=True)
            raise

    def _record_turn(
        self, db: DBSession, session_id: str, turn_id: str, outcome: TurnOutcome, to_store: list[PendingImage],
        move_head: bool,
    ) -> None:
        session = db.get_one(SessionRow, session_id)
        turn = db.get_one(TurnRow, turn_id)
        for image in to_store:  # identical bytes recorded by another process first are simply there already
            path = self.image_path(image.id).relative_to(self.home).as_posix()
            db.execute(sqlite_insert(ImageRow).values(id=image.id, path=path, width=image.width, height=image.height)
                       .on_conflict_do_nothing(index_elements=["id"]))
        db.flush()
        known = set(db.scalars(select(SessionImage.image_id).where(SessionImage.session_id == session_id)))

        def give_handle(image: PendingImage, origin: str) -> None:
            if image.id not in known:
                db.add(SessionImage(session_id=session_id, handle=session.next_handle, image_id=image.id,
                                    turn_id=turn_id, origin=origin))
                known.add(image.id)
                session.next_handle += 1

        links: list[TurnImage] = []
        if outcome.keep_attachments:
            for pos, image in enumerate(outcome.attached):
                give_handle(image, "upload")
                links.append(TurnImage(turn_id=turn_id, role="attached", position=pos, image_id=image.id,
                                       name=image.name[:200] or None))
        for pos, image_id in enumerate(outcome.inputs):
            links.append(TurnImage(turn_id=turn_id, role="input", position=pos, image_id=image_id))
        if outcome.mask is not None:
            links.append(TurnImage(turn_id=turn_id, role="mask", position=0, image_id=outcome.mask))
        for pos, image in enumerate(outcome.outputs):
            give_handle(image, "output")
            links.append(TurnImage(turn_id=turn_id, role="output", position=pos, image_id=image.id))
        for pos, image_id in enumerate(outcome.shown):
            links.append(TurnImage(turn_id=turn_id, role="shown", position=pos, image_id=image_id))
        db.add_all(links)
        for run in outcome.tool_runs:
            db.add(ToolRun(turn_id=turn_id, **run))
        if outcome.undo_first:
            turn.parent_id = outcome.parent_id
        turn.kind = outcome.kind
        turn.tool = outcome.tool
        turn.call = outcome.call
        turn.reply_text = outcome.reply_text
        turn.needs_clarification = outcome.needs_clarification
        turn.question = outcome.question
        turn.status = "ok"
        turn.finished_at = utcnow()
        if move_head:
            session.head_turn_id = turn_id
            if outcome.outputs or outcome.attached or outcome.shown:
                session.redo_stack = []  # a new image starts a branch; chat or a question keeps redo
                session.left_by_checkout = []  # and an undo now takes back that image, not the checkout before it

    def find_rewrite(self, key: str) -> str | None:
        """A rewritten prompt stored earlier for the same instruction and input images, if any."""
        return self._recipe_value("$.rewrite_key", key, "rewritten_prompt")

    def find_reference_caption(self, image_id: str) -> str | None:
        """The caption a style run stored for this style image (its reference prompt), if any."""
        return self._recipe_value("$.reference_caption_of", image_id, "reference_prompt")

    def _recipe_value(self, path: str, key: str, field: str) -> str | None:
        with self.db() as db:
            recipe = db.scalar(select(ToolRun.recipe).where(func.json_extract(ToolRun.recipe, path) == key).limit(1))
        return recipe.get(field) if recipe else None

    def tool_run_seconds(self, turn_id: str) -> float:
        """Seconds a turn spent inside backends (0 for turns that ran no tool)."""
        with self.db() as db:
            return float(db.scalar(select(func.coalesce(func.sum(ToolRun.seconds), 0.0)).where(ToolRun.turn_id == turn_id)))

    def discard_turn(self, turn_id: str) -> bool:
        """Remove a turn still running that was refused as bad input: nothing of it was recorded yet (its images,
        links and head move are written only by finish_turn). False when there is no such running turn."""
        with self.db.begin() as db:
            turn = db.get(TurnRow, turn_id)
            if turn is None or turn.status != "running":
                return False
            db.delete(turn)
        return True

    def fail_turn(self, turn_id: str, error: str, status: str = "failed") -> bool:
        """Mark a turn failed (or interrupted); False when no such turn was opened."""
        with self.db.begin() as db:
            turn = db.get(TurnRow, turn_id)
            if turn is None:
                return False
            turn.status = status
            turn.error = error
            turn.finished_at = utcnow()
        return True

    # -- head moves ----------------------------------------------------------------------------
    def undo_target(self, session_id: str) -> tuple[str, str | None] | None:
        """(what an undo takes back, where it leaves the head): right after going to another turn, that move (the head,
        and the turn the checkout found); else the latest turn that produced images along the head path and the turn
        before it; None if nothing. "undo that and make it blue" runs the rest from there."""
        session = self.get_session(session_id)
        if session.left_by_checkout:
            return session.head_turn_id, session.left_by_checkout[-1]
        for turn in reversed(self.head_path(session_id)):
            if turn.kind in IMAGE_PRODUCING_KINDS and _turn_brought_images(turn):
                return turn.id, turn.parent_id
        return None

    def undo(self, session_id: str) -> HeadMove | None:
        """Move the head back to where the latest checkout found it, else to just before the latest turn that
        produced images; None if nothing to undo."""
        with self.db.begin() as db:
            session = db.get_one(SessionRow, session_id)
            if session.left_by_checkout:
                *rest, back = session.left_by_checkout
                left = session.head_turn_id
                session.left_by_checkout = rest
                session.redo_stack = [*session.redo_stack, {"checkout": left}]
                session.head_turn_id = back
                return HeadMove(left, checkout=True)
        target = self.undo_target(session_id)
        if target is None:
            return None
        with self.db.begin() as db:
            session = db.get_one(SessionRow, session_id)
            session.redo_stack = [*session.redo_stack, session.head_turn_id]
            session.head_turn_id = target[1]
        return HeadMove(target[0])

    def can_undo(self, session_id: str) -> bool:
        return bool(self.get_session(session_id).left_by_checkout) or self.undo_target(session_id) is not None

    def redo(self, session_id: str) -> HeadMove | None:
        with self.db.begin() as db:
            session = db.get_one(SessionRow, session_id)
            if not session.redo_stack:
                return None
            *rest, head = session.redo_stack
            session.redo_stack = rest
            if isinstance(head, dict):  # an undone checkout: go to that turn again
                session.left_by_checkout = [*session.left_by_checkout, session.head_turn_id]
                session.head_turn_id = head["checkout"]
                return HeadMove(head["checkout"], checkout=True)
            session.head_turn_id = head
            return HeadMove(head)

    def checkout(self, session_id: str, turn_id: str | None) -> None:
        with self.db.begin() as db:
            session = db.get_one(SessionRow, session_id)
            if turn_id is not None:
                turn = db.get(TurnRow, turn_id)
                if turn is None or turn.session_id != session_id:
                    raise KeyError(f"no turn {turn_id!r} in this session")
                if turn.status != "ok":
                    raise ValueError(f"turn {turn_id} did not complete (status {turn.status}); pick another")
            if turn_id != session.head_turn_id:
                session.left_by_checkout = [*session.left_by_checkout, session.head_turn_id]
            session.head_turn_id = turn_id
            session.redo_stack = []


@dataclass(frozen=True)
class HeadMove:
    """What an undo or redo moved: the turn it took back or brought back (None: the empty start), and whether the
    move was a checkout's rather than a turn's."""

    turn_id: str | None
    checkout: bool = False


def _turn_brought_images(turn: TurnRow) -> bool:
    roles = {link.role for link in turn.images}
    return bool(roles & {"output", "attached", "shown"})
