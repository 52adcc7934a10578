"""Answers are keyed by their source message's platform, workspace, channel and id, not by the id alone.

Slack message ids (``ts``) are unique only within a channel, and a Discord and a Slack id may be equal: with the
id alone unique, the second of two such messages could never be answered. Existing rows keep their values (every
one is unique on the id alone, so on the wider key too). SQLite copies the table (batch mode) with foreign key
actions off, so no cascade fires while it is swapped. Downgrading fails if two answers share a message id.

Revision ID: 0014_answer_source_key
Revises: 0012_learned_phrasings
Create Date: 2026-12-05
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from alembic import op

revision: str = "0014_answer_source_key"
down_revision: str | None = "0012_learned_phrasings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "uq_answers_source_message_id"
NEW = "uq_answers_platform_guild_id_channel_id_source_message_id"
KEY = ["platform", "guild_id", "channel_id", "source_message_id"]


def upgrade() -> None:
    with _foreign_keys_off(), op.batch_alter_table("answers") as batch_op:
        batch_op.drop_constraint(OLD, type_="unique")
        batch_op.create_unique_constraint(NEW, KEY)


def downgrade() -> None:
    with _foreign_keys_off(), op.batch_alter_table("answers") as batch_op:
        batch_op.drop_constraint(NEW, type_="unique")
        batch_op.create_unique_constraint(OLD, ["source_message_id"])


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """On SQLite: no foreign key action while the table is copied and swapped (PostgreSQL alters in place)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")
    yield
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
