"""The records that travel between the store and the turn graph: images as a session sees them, turns as routing
reads them, and what a finished turn writes. Plain data, no database session; memory/store.py reads and writes them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from memory.models import TurnRow


@dataclass(frozen=True)
class StoredImage:
    """An image as the session sees it."""

    handle: int
    id: str
    path: Path
    width: int
    height: int
    origin: str  # upload | output
    turn_id: str


class Link(NamedTuple):
    role: str
    position: int
    image_id: str
    name: str | None = None  # an attachment's file name ("hat.png"), when it came with one


@dataclass
class PathTurn:
    """A turn on the head path, as routing sees it (same attribute names as TurnRow)."""

    id: str
    kind: str
    tool: str | None
    text: str
    call: dict[str, Any] | None
    images: list[Link]
    parent_id: str | None = None
    reply_text: str = ""  # what the studio answered ("Which dog do you mean: #6 or #7?")
    question: dict[str, Any] | None = None  # a question back: what the answer is read against


@dataclass
class PendingImage:
    """PNG bytes produced or uploaded during a turn, not yet on disk or in the database."""

    id: str
    png: bytes
    width: int
    height: int
    name: str = ""  # an upload's file name, without its folder ("hat.png"); "" for outputs and nameless data
    note: str = ""  # what was done to it on the way in, for the reply ("scaled down from 12000×8000 to ...")

    @classmethod
    def from_png(cls, png: bytes, width: int, height: int) -> "PendingImage":
        return cls(hashlib.sha256(png).hexdigest(), png, width, height)


@dataclass
class TurnOutcome:
    """Everything `finish_turn` writes for a turn that completed."""

    kind: str  # tool | chat | upload | select | clarify
    reply_text: str
    tool: str | None = None
    call: dict[str, Any] | None = None
    needs_clarification: bool = False
    question: dict[str, Any] | None = None  # a question back, as studio.router_context.Question.to_json writes it
    attached: tuple[PendingImage, ...] = ()  # uploads, in the order attached
    inputs: tuple[str, ...] = ()  # image ids the tool consumed: source first, then references
    mask: str | None = None  # id of the mask the tool used
    new_mask: PendingImage | None = None  # the mask's bytes when it came with this turn
    outputs: tuple[PendingImage, ...] = ()
    shown: tuple[str, ...] = ()  # for select turns: the image made current
    tool_runs: tuple[dict[str, Any], ...] = ()  # one per image made ("4 variations": four runs, four seeds)
    # "undo that and make it blue": the turn hangs where the undo lands, in the same transaction
    undo_first: bool = False
    parent_id: str | None = None
    keep_attachments: bool = True  # False for undo/redo log entries, which record only the command


def path_to(turns: Iterable["PathTurn"], head_turn_id: str | None) -> list["PathTurn"]:
    """The head path, root first, taken from an already-read tree (no second query)."""
    by_id = {turn.id: turn for turn in turns}
    path, turn_id = [], head_turn_id
    while turn_id is not None:
        turn = by_id[turn_id]
        path.append(turn)
        turn_id = turn.parent_id
    return path[::-1]


def current_image_id(path: Iterable[TurnRow]) -> str | None:
    """The image the next "make it ..." edits: see shared/conversations/README.md. A photo sent with a
    question ("what breed is he?") becomes current only when nothing else is: the next "make him
    smaller" then means that photo, while a question about a photo never moves an image being worked on."""
    asked_about: str | None = None
    for turn in reversed(list(path)):
        by_role: dict[str, list[str]] = {}
        for link in turn.images:
            by_role.setdefault(link.role, []).append(link.image_id)
        if by_role.get("output"):
            return by_role["output"][-1]
        if by_role.get("shown"):
            return by_role["shown"][-1]
        if by_role.get("attached") and turn.tool is None:
            return by_role["attached"][-1]
        if by_role.get("attached") and turn.tool == "describe" and asked_about is None:
            asked_about = by_role["attached"][-1]
    return asked_about
