"""The list of sessions: create, find, rename, own, trash, restore and delete them, and which was used last.

A mixin of memory/store.py's Store (it uses the store's `db` sessionmaker).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from memory.models import SessionImage, SessionRow, ToolRun, TurnImage, TurnRow, get_or_raise, utcnow


class SessionShelf:
    def create_session(self, title: str = "", owner: str | None = None) -> str:
        session_id = uuid.uuid4().hex
        with self.db.begin() as db:
            db.add(SessionRow(id=session_id, title=title, next_handle=1, redo_stack=[], owner=owner))
        return session_id

    def get_session(self, session_id: str) -> SessionRow:
        return get_or_raise(self.db, SessionRow, session_id, "session")

    def list_sessions(self, visible_to: str | None = None) -> list[SessionRow]:
        """Sessions not trashed, oldest first; `visible_to`: only that owner's and those with no owner."""
        with self.db() as db:
            return list(db.scalars(_kept(visible_to).order_by(SessionRow.created_at)))

    def set_owner(self, session_id: str, owner: str | None) -> None:
        with self.db.begin() as db:
            db.get_one(SessionRow, session_id).owner = owner

    def trash_session(self, session_id: str) -> None:
        """Hide a session from every list until `restore_session` or `empty_trash`."""
        with self.db.begin() as db:
            db.get_one(SessionRow, session_id).trashed_at = utcnow()

    def restore_session(self, session_id: str) -> None:
        with self.db.begin() as db:
            db.get_one(SessionRow, session_id).trashed_at = None

    def empty_trash(self) -> int:
        """Delete the trashed sessions for good; how many there were."""
        with self.db() as db:
            trashed = list(db.scalars(select(SessionRow.id).where(SessionRow.trashed_at.is_not(None))))
        for session_id in trashed:
            self.delete_session(session_id)
        return len(trashed)

    def last_used_session_id(self, visible_to: str | None = None) -> str | None:
        """The session whose latest turn is the newest; else the newest session; None when there is none."""
        with self.db() as db:
            kept = _kept(visible_to).with_only_columns(SessionRow.id)
            latest_turn = db.scalars(select(TurnRow.session_id).where(TurnRow.session_id.in_(kept))
                                     .order_by(TurnRow.created_at.desc()).limit(1)).first()
            if latest_turn is not None:
                return latest_turn
            return db.scalars(kept.order_by(SessionRow.created_at.desc()).limit(1)).first()

    def last_activity(self, session_id: str):
        """When the session was last worked in: its latest turn, else when it was made (a datetime)."""
        with self.db() as db:
            latest = db.scalars(select(func.max(TurnRow.created_at)).where(TurnRow.session_id == session_id)).first()
            return latest or db.get_one(SessionRow, session_id).created_at

    def rename_session(self, session_id: str, title: str) -> None:
        with self.db.begin() as db:
            db.get_one(SessionRow, session_id).title = title

    def delete_session(self, session_id: str) -> None:
        with self.db.begin() as db:
            row = db.get_one(SessionRow, session_id)
            row.head_turn_id = None
            db.flush()
            db.query(SessionImage).filter_by(session_id=session_id).delete()
            turn_ids = select(TurnRow.id).where(TurnRow.session_id == session_id)
            db.query(ToolRun).filter(ToolRun.turn_id.in_(turn_ids)).delete(synchronize_session=False)
            db.query(TurnImage).filter(TurnImage.turn_id.in_(turn_ids)).delete(synchronize_session=False)
            db.execute(update(TurnRow).where(TurnRow.session_id == session_id).values(parent_id=None))
            db.query(TurnRow).filter_by(session_id=session_id).delete()
            db.delete(row)


def _kept(visible_to: str | None):
    """The sessions not trashed (of `visible_to` and of no one, when given) as a query."""
    query = select(SessionRow).where(SessionRow.trashed_at.is_(None))
    if visible_to is not None:
        query = query.where((SessionRow.owner == visible_to) | SessionRow.owner.is_(None))
    return query
