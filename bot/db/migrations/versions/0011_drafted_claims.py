"""Claims moderators draft in chat: one server's own claims, matched and answered in that server only.

Revision ID: 0011_drafted_claims
Revises: 0010_delivery_modes
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_drafted_claims"
down_revision: str | None = "0010_delivery_modes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ID = sa.String(length=64)


def upgrade() -> None:
    op.create_table(
        "drafted_claims",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("platform", sa.String(length=16), server_default="discord", nullable=False),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=False),
        sa.Column("clarification", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=2048), nullable=False),
        sa.Column("review_item_id", ROW_ID, nullable=True),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("updated_by", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafted_claims")),
        sa.UniqueConstraint("guild_id", "incident_id", name=op.f("uq_drafted_claims_guild_id_incident_id")),
    )


def downgrade() -> None:
    op.drop_table("drafted_claims")
