"""Initial tables: server and channel settings, answers given, their cooldowns, disputes.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# BIGINT on PostgreSQL, INTEGER (the rowid, auto-incrementing) on SQLite.
ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("source_message_id", sa.BigInteger(), nullable=False),
        sa.Column("answer_message_id", sa.BigInteger(), nullable=True),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("claim_id", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("answer_message_id", name=op.f("uq_answers_answer_message_id")),
        sa.UniqueConstraint("source_message_id", name=op.f("uq_answers_source_message_id")),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index("ix_answers_guild_id_created_at", ["guild_id", "created_at"], unique=False)

    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("auto_replies", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("link_fetching", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("cooldown_minutes", sa.Integer(), nullable=True),
        sa.Column("reply_threshold", sa.Float(), nullable=True),
        sa.Column("review_threshold", sa.Float(), nullable=True),
        sa.Column("moderators_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("reviewer_role_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_settings")),
    )
    op.create_table(
        "answer_cooldowns",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("answer_id", ROW_ID, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_answer_cooldowns_answer_id_answers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("channel_id", "incident_id", name=op.f("pk_answer_cooldowns")),
    )
    with op.batch_alter_table("answer_cooldowns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_cooldowns_answer_id"), ["answer_id"], unique=False)

    op.create_table(
        "channel_settings",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("auto_replies", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guild_settings.guild_id"],
            name=op.f("fk_channel_settings_guild_id_guild_settings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_channel_settings")),
    )
    with op.batch_alter_table("channel_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_settings_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "disputes",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("answer_id", ROW_ID, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_disputes_answer_id_answers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
        sa.UniqueConstraint("answer_id", "user_id", name=op.f("uq_disputes_answer_id_user_id")),
    )


def downgrade() -> None:
    op.drop_table("disputes")
    with op.batch_alter_table("channel_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_settings_guild_id"))

    op.drop_table("channel_settings")
    with op.batch_alter_table("answer_cooldowns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_cooldowns_answer_id"))

    op.drop_table("answer_cooldowns")
    op.drop_table("guild_settings")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_guild_id_created_at")

    op.drop_table("answers")
