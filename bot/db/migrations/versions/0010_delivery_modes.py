"""Delivery modes: how answers reach a channel (a reply, a thread, a marker, or moderators only).

``guild_settings.delivery`` is the server's mode (NULL: a reply, the default); ``channel_delivery`` holds a channel's
own mode (its threads follow it). ``answers.delivery`` records how an answer was given, and
``answers.answer_channel_id`` where its message is when that is not the answered message's channel (a thread).

Revision ID: 0010_delivery_modes
Revises: 0008_platform_ids
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_delivery_modes"
down_revision: str | None = "0009_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=64)
MODE = sa.String(length=16)


def upgrade() -> None:
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery", MODE, nullable=True))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery", MODE, server_default="reply", nullable=False))
        batch_op.add_column(sa.Column("answer_channel_id", ID, nullable=True))
    op.create_table(
        "channel_delivery",
        sa.Column("channel_id", ID, autoincrement=False, nullable=False),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("delivery", MODE, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guild_settings.guild_id"],
            name=op.f("fk_channel_delivery_guild_id_guild_settings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_channel_delivery")),
    )
    with op.batch_alter_table("channel_delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_delivery_guild_id"), ["guild_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("channel_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_delivery_guild_id"))
    op.drop_table("channel_delivery")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("answer_channel_id")
        batch_op.drop_column("delivery")
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("delivery")
