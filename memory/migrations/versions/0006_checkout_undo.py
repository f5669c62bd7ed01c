"""Going to an earlier turn (a checkout) can be undone: each session keeps the heads its checkouts left, newest
last, so that "undo" goes back to where the person was; an image made from the new head forgets them.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch copy of the table would drop `sessions` under the turns' foreign keys
    op.add_column("sessions", sa.Column("left_by_checkout", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    op.drop_column("sessions", "left_by_checkout")
