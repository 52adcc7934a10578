"""The moderators' review queue: items, their reporters, the decisions' audit log, learned links, suppressions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# BIGINT on PostgreSQL, INTEGER (the rowid, auto-incrementing) on SQLite.
ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learned_links",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("url_key", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("claim_id", sa.String(length=100), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_links")),
        sa.UniqueConstraint("guild_id", "url_key", name=op.f("uq_learned_links_guild_id_url_key")),
    )
    op.create_table(
        "review_suppressions",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("link", sa.String(length=2048), nullable=True),
        sa.Column("incident_id", sa.String(length=100), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_suppressions")),
        sa.UniqueConstraint(
            "guild_id",
            "subject_key",
            "incident_id",
            name=op.f("uq_review_suppressions_guild_id_subject_key_incident_id"),
        ),
    )
    op.create_table(
        "review_items",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("open_key", sa.String(length=64), nullable=True),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("link", sa.String(length=2048), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("excerpt", sa.String(length=400), nullable=True),
        sa.Column("answer_id", ROW_ID, nullable=True),
        sa.Column("incident_id", sa.String(length=100), nullable=True),
        sa.Column("claim_id", sa.String(length=100), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("reporters", sa.Integer(), nullable=False),
        sa.Column("mod_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("mod_message_id", sa.BigInteger(), nullable=True),
        sa.Column("post_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shown_reporters", sa.Integer(), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_review_items_answer_id_answers"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_items")),
        sa.UniqueConstraint("guild_id", "kind", "open_key", name=op.f("uq_review_items_guild_id_kind_open_key")),
    )
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.create_index("ix_review_items_guild_id_state", ["guild_id", "state"], unique=False)

    op.create_table(
        "review_decisions",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("item_id", ROW_ID, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("incident_id", sa.String(length=100), nullable=True),
        sa.Column("claim_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["review_items.id"], name=op.f("fk_review_decisions_item_id_review_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_review_decisions_guild_id_created_at", ["guild_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_decisions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "review_reports",
        sa.Column("id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("item_id", ROW_ID, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["review_items.id"], name=op.f("fk_review_reports_item_id_review_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reports")),
        sa.UniqueConstraint("item_id", "user_id", name=op.f("uq_review_reports_item_id_user_id")),
    )


def downgrade() -> None:
    op.drop_table("review_reports")
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_decisions_item_id"))
        batch_op.drop_index("ix_review_decisions_guild_id_created_at")

    op.drop_table("review_decisions")
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.drop_index("ix_review_items_guild_id_state")

    op.drop_table("review_items")
    op.drop_table("review_suppressions")
    op.drop_table("learned_links")
