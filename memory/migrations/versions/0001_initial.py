"""The first schema: sessions, turns (a tree), images, handles, turn images, tool runs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        # SQLite accepts a foreign key to a table created just below
        sa.Column("head_turn_id", sa.String(32), sa.ForeignKey("turns.id", name="fk_sessions_head"), nullable=True),
        sa.Column("next_handle", sa.Integer, nullable=False),
        sa.Column("redo_stack", sa.JSON, nullable=False),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_id", sa.String(32), sa.ForeignKey("turns.id"), nullable=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("tool", sa.String(16), nullable=True),
        sa.Column("call", sa.JSON, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("reply_text", sa.Text, nullable=False),
        sa.Column("needs_clarification", sa.Boolean, nullable=False),
        sa.Column("pid", sa.Integer, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("finished_at", ts, nullable=True),
    )
    op.create_index("ix_turns_session_id", "turns", ["session_id"])
    op.create_table(
        "images",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_table(
        "session_images",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("handle", sa.Integer, primary_key=True),
        sa.Column("image_id", sa.String(64), sa.ForeignKey("images.id"), nullable=False),
        sa.Column("turn_id", sa.String(32), sa.ForeignKey("turns.id"), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.UniqueConstraint("session_id", "image_id"),
    )
    op.create_table(
        "turn_images",
        sa.Column("turn_id", sa.String(32), sa.ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("image_id", sa.String(64), sa.ForeignKey("images.id"), nullable=False),
    )
    op.create_table(
        "tool_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("turn_id", sa.String(32), sa.ForeignKey("turns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tool", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(32), nullable=False),
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("recipe", sa.JSON, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_index("ix_tool_runs_turn_id", "tool_runs", ["turn_id"])


def downgrade() -> None:
    for table in ("tool_runs", "turn_images", "session_images", "images", "turns", "sessions"):
        op.drop_table(table)
