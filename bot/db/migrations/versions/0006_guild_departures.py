"""Guild departures: servers that removed the bot, purged after a grace period.

Revision ID: 0005_guild_departures
Revises: 0004_knowledge_feeds
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_guild_departures"
down_revision: str | None = "0005_seen_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guild_departures",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purge_after", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_departures")),
    )
    with op.batch_alter_table("guild_departures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guild_departures_purge_after"), ["purge_after"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("guild_departures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guild_departures_purge_after"))

    op.drop_table("guild_departures")
