"""A question back keeps what it asked as data (its words, the images it offered, the thing it asked a photo of), so
that the answer is read against the question, not against the wording of the reply. Questions stored before this
revision get the same record from their reply, once.

Revision ID: 0004
Revises: 0003
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PHOTO_OF = re.compile(r"^I don't have a photo of (?:your |the )?(.+?) yet\b")  # the only wording that asked for a photo


def upgrade() -> None:
    op.add_column("turns", sa.Column("question", sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, reply_text FROM turns WHERE kind = 'clarify'")).fetchall()
    for turn_id, reply in rows:
        reply = reply or ""
        photo_of = PHOTO_OF.match(reply)
        question = {"text": reply, "options": list(dict.fromkeys(int(n) for n in re.findall(r"#(\d+)", reply))),
                    "photo_of": photo_of.group(1) if photo_of else None}
        connection.execute(sa.text("UPDATE turns SET question = :q WHERE id = :id"), {"q": json.dumps(question), "id": turn_id})


def downgrade() -> None:
    op.drop_column("turns", "question")  # SQLite >= 3.35 drops it in place (a rebuilt table would break the keys to it)
