"""SQLAlchemy 2 models of the session store.

Turns form a tree per session (parent turn); a session's head points at one turn, and the
turns from the root to the head are the conversation the person sees. Images are stored once,
content-addressed by the sha256 of their PNG bytes; `SessionImage` gives each image its
session-visible handle (#n); `TurnImage` records which images a turn consumed (source,
references, style, mask) and produced, so lineage is the inputs of the turn that made an image.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def get_or_raise(db: Any, model: type, key: str, what: str) -> Any:
    """The row of `model` with primary key `key`, read in a session of the sessionmaker `db`; KeyError naming
    `what` when there is none (the store's callers turn it into a message the person can act on)."""
    with db() as session:
        row = session.get(model, key)
    if row is None:
        raise KeyError(f"no {what} with id {key!r}")
    return row


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    head_turn_id: Mapped[str | None] = mapped_column(
        ForeignKey("turns.id", use_alter=True, name="fk_sessions_head"), nullable=True
    )
    next_handle: Mapped[int] = mapped_column(Integer, default=1)
    # Heads that `undo` left, newest last (a {"checkout": turn id} for an undone checkout); `redo` pops; a new image clears it.
    redo_stack: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Heads that `checkout` left, newest last: `undo` goes back to the latest; a new image clears them.
    left_by_checkout: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # deleted with an undo offered: hidden from lists, removed for good when the studio next opens
    trashed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the browser of a shared web studio it belongs to; None: every caller sees it (programs, shared on purpose)
    owner: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)


class TurnRow(Base):
    __tablename__ = "turns"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("turns.id"), nullable=True)
    seq: Mapped[int] = mapped_column(Integer)  # order of creation within the session
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # tool | chat | upload | select | clarify
    tool: Mapped[str | None] = mapped_column(String(16), nullable=True)
    call: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # the resolved tool call
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|ok|failed|interrupted
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    needs_clarification: Mapped[bool] = mapped_column(Boolean, default=False)
    # a question back: its words, the images it offered, the thing it asked a photo of (studio/router_context.py Question)
    question: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)  # process running it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    images: Mapped[list["TurnImage"]] = relationship(
        order_by="TurnImage.position", cascade="all, delete-orphan", lazy="selectin"
    )


class ImageRow(Base):
    __tablename__ = "images"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the PNG file
    path: Mapped[str] = mapped_column(String(200))  # relative to the studio home
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionImage(Base):
    __tablename__ = "session_images"
    __table_args__ = (UniqueConstraint("session_id", "image_id"),)

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    handle: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[str] = mapped_column(ForeignKey("images.id"))
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id"))  # where it first appeared
    origin: Mapped[str] = mapped_column(String(16))  # upload | output


class TurnImage(Base):
    __tablename__ = "turn_images"

    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # attached|input|mask|output|shown
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[str] = mapped_column(ForeignKey("images.id"))
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)  # an attachment's file name


class ToolRun(Base):
    __tablename__ = "tool_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    tool: Mapped[str] = mapped_column(String(16))
    backend: Mapped[str] = mapped_column(String(32))
    model_id: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON)  # everything passed, seed included
    recipe: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the backend reports it did
    seconds: Mapped[float] = mapped_column(Float)  # wall time inside the backend call
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
