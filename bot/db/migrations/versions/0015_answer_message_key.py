"""Answers' own message ids are unique per platform, workspace and the channel (or thread) the answer is in.

A Slack ``ts`` is unique only within a channel, so the bot's replies in two channels may share one: with the id
alone unique, the second answer could not be recorded. The key's channel is where the answer is:
``coalesce(answer_channel_id, channel_id)``, an expression index. Existing rows keep their values (unique on the id
alone, so on the wider key too). SQLite copies the table (batch mode) to drop the old constraint, with foreign key
actions off. Downgrading fails if two answers share a message id.

SQLite cannot reflect expression indexes, so a later batch migration of ``answers`` must create this index again
(tests/bot/db/test_answer_message_key_migration.py fails if it is lost).

Revision ID: 0015_answer_message_key
Revises: 0014_answer_source_key
Create Date: 2026-12-05
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0015_answer_message_key"
down_revision: str | None = "0014_answer_source_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "uq_answers_answer_message_id"
NEW = "uq_answers_answer_message_key"
KEY = ["platform", "guild_id", sa.text("coalesce(answer_channel_id, channel_id)"), "answer_message_id"]


def upgrade() -> None:
    with _foreign_keys_off(), op.batch_alter_table("answers") as batch_op:
        batch_op.drop_constraint(OLD, type_="unique")
    op.create_index(NEW, "answers", KEY, unique=True)


def downgrade() -> None:
    op.drop_index(NEW, table_name="answers")
    with _foreign_keys_off(), op.batch_alter_table("answers") as batch_op:
        batch_op.create_unique_constraint(OLD, ["answer_message_id"])


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """On SQLite: no foreign key action while the table is copied and swapped (PostgreSQL alters in place)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")
    yield
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
