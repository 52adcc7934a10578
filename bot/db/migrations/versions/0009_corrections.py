"""Corrections: the bot edits its past answers when their claim's record changes or moderators retract one.

``claim_records`` keeps how each answered claim's record last read (to see what a reload or a feed changed, also
across restarts); ``corrections`` is the queue of edits, one row per answer and change, drained at start and after
each change; ``guild_settings.corrections`` lets a server's moderators switch corrections off.

Revision ID: 0009_corrections
Revises: 0008_platform_ids
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_corrections"
down_revision: str | None = "0008_platform_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrections", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "claim_records",
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("claim_id", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", "claim_id", name=op.f("pk_claim_records")),
    )
    op.create_table(
        "corrections",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("answer_id", ROW_ID, nullable=False),
        sa.Column("change_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_corrections_answer_id_answers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
        sa.UniqueConstraint("answer_id", "change_key", name=op.f("uq_corrections_answer_id_change_key")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_answer_id"), ["answer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_status"))
        batch_op.drop_index(batch_op.f("ix_corrections_answer_id"))
    op.drop_table("corrections")
    op.drop_table("claim_records")
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("corrections")
