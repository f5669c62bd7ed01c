"""Attachments keep the name of the file they came from ("hat.png"): it says what the image shows
when the person's words do not ("the one with the hat").

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turn_images") as batch:
        batch.add_column(sa.Column("name", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turn_images") as batch:
        batch.drop_column("name")
