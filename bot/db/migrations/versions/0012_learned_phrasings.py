"""Learned phrasings: wordings moderators approved as a claim's (or rejected for it) in their server.

Revision ID: 0012_learned_phrasings
Revises: 0011_drafted_claims
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_learned_phrasings"
down_revision: str | None = "0011_drafted_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "learned_phrasings",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("claim_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("text_key", sa.String(length=64), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_phrasings")),
        sa.UniqueConstraint(
            "guild_id",
            "text_key",
            "incident_id",
            "claim_id",
            name=op.f("uq_learned_phrasings_guild_id_text_key_incident_id_claim_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("learned_phrasings")
