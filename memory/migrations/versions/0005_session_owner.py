"""A session can belong to one browser of a shared web studio (the web studio's per-browser id); NULL: every
caller sees it (sessions made by programs or the CLI, sessions shared on purpose, and all that were made before).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("owner", sa.String(32), nullable=True))
    op.create_index("ix_sessions_owner", "sessions", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_sessions_owner", "sessions")
    op.drop_column("sessions", "owner")
