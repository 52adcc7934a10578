"""Review safety: one pending item per message or link whatever its kind, and deleted messages' items.

A match and a member's report of the same message (or link) used to open two items; the unique key of a pending
item no longer includes its kind. Existing duplicates keep the report pending and close the match's key (it stays
pending, but no longer takes new reporters). ``source_deleted_at`` records that the item's message was deleted
(its excerpt is then removed).

Revision ID: 0007_review_safety
Revises: 0006_guild_departures
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_review_safety"
down_revision: str | None = "0006_guild_departures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DUPLICATE_MATCHES = """
UPDATE review_items SET open_key = NULL
WHERE kind = 'match' AND open_key IS NOT NULL AND EXISTS (
    SELECT 1 FROM review_items AS other
    WHERE other.guild_id = review_items.guild_id AND other.open_key = review_items.open_key
    AND other.id <> review_items.id
)
"""


def upgrade() -> None:
    op.execute(sa.text(_DUPLICATE_MATCHES))
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("uq_review_items_guild_id_kind_open_key", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_review_items_guild_id_open_key"), ["guild_id", "open_key"])


def downgrade() -> None:
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_review_items_guild_id_open_key"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_review_items_guild_id_kind_open_key"), ["guild_id", "kind", "open_key"]
        )
        batch_op.drop_column("source_deleted_at")
