"""Read-only views of a session's turns: the head path and the whole tree, as ORM rows or as light records.

A mixin of memory/store.py's Store (it uses the store's `db` sessionmaker and `engine`).
"""

from __future__ import annotations

import json

from sqlalchemy import select, text

from memory.models import TurnRow, get_or_raise
from memory.records import Link, PathTurn


class TurnViews:
    def get_turn(self, turn_id: str) -> TurnRow:
        return get_or_raise(self.db, TurnRow, turn_id, "turn")

    def all_turns(self, session_id: str) -> list[TurnRow]:
        with self.db() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.session_id == session_id).order_by(TurnRow.seq)))

    def head_path(self, session_id: str) -> list[TurnRow]:
        """Turns from the root to the head, oldest first (one recursive query, not the whole tree)."""
        path_ids = text(
            "WITH RECURSIVE path(id, depth) AS ("
            " SELECT head_turn_id, 0 FROM sessions WHERE id = :sid AND head_turn_id IS NOT NULL"
            " UNION ALL SELECT t.parent_id, path.depth + 1 FROM turns t JOIN path ON t.id = path.id"
            " WHERE t.parent_id IS NOT NULL) SELECT id, depth FROM path"
        )
        with self.db() as db:
            depth = {row.id: row.depth for row in db.execute(path_ids, {"sid": session_id})}
            if not depth:
                return []
            turns = db.scalars(select(TurnRow).where(TurnRow.id.in_(depth))).all()
        return sorted(turns, key=lambda t: -depth[t.id])

    def path_view(self, session_id: str) -> list["PathTurn"]:
        """The head path as light records (no ORM objects): what routing and `current` need, fast."""
        query = text(
            "WITH RECURSIVE path(id, depth) AS ("
            " SELECT head_turn_id, 0 FROM sessions WHERE id = :sid AND head_turn_id IS NOT NULL"
            " UNION ALL SELECT t.parent_id, path.depth + 1 FROM turns t JOIN path ON t.id = path.id"
            " WHERE t.parent_id IS NOT NULL)"
            " SELECT t.id, t.kind, t.tool, t.text, t.call, t.parent_id, t.reply_text, t.question, ti.role, ti.position, ti.image_id, ti.name"
            " FROM path JOIN turns t ON t.id = path.id LEFT JOIN turn_images ti ON ti.turn_id = t.id"
            " ORDER BY path.depth DESC, ti.role, ti.position"
        )
        return self._light_turns(query, session_id)

    def tree_view(self, session_id: str) -> list["PathTurn"]:
        """Every turn of the session, branches included, in the order they were sent (light records)."""
        query = text(
            "SELECT t.id, t.kind, t.tool, t.text, t.call, t.parent_id, t.reply_text, t.question, ti.role, ti.position, ti.image_id, ti.name"
            " FROM turns t LEFT JOIN turn_images ti ON ti.turn_id = t.id WHERE t.session_id = :sid"
            " ORDER BY t.seq, ti.role, ti.position"
        )
        return self._light_turns(query, session_id)

    def _light_turns(self, query, session_id: str) -> list["PathTurn"]:
        turns: dict[str, PathTurn] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query, {"sid": session_id}):
                turn = turns.get(row.id)
                if turn is None:
                    call = json.loads(row.call) if isinstance(row.call, str) else row.call
                    question = json.loads(row.question) if isinstance(row.question, str) else row.question
                    turn = turns[row.id] = PathTurn(row.id, row.kind, row.tool, row.text, call, [], row.parent_id, row.reply_text or "",
                                                    question)
                if row.role is not None:
                    turn.images.append(Link(row.role, row.position, row.image_id, row.name))
        return list(turns.values())
