"""Platform-neutral identity: the 29 Discord-integer id columns become platform id strings; answers and review items
record their platform (every existing row is Discord's).

Discord snowflakes keep their value as decimal strings; Slack ids (``C024BE91L``) and message ``ts`` values
(``1712345678.000200``) fit as given. Nothing is lost: PostgreSQL converts in place (``USING id::varchar``), SQLite
copies each table (Alembic's batch mode) with foreign key actions off, so no cascade fires while tables are swapped.

Revision ID: 0008_platform_ids
Revises: 0007_review_safety
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_platform_ids"
down_revision: str | None = "0007_review_safety"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=64)
PLATFORM = sa.String(length=16)
ID_COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "guild_settings": (("guild_id", False), ("moderators_channel_id", True), ("reviewer_role_id", True)),
    "channel_settings": (("channel_id", False), ("guild_id", False)),
    "answers": (("guild_id", False), ("channel_id", False), ("source_message_id", False), ("answer_message_id", True)),
    "answer_cooldowns": (("channel_id", False), ("guild_id", False)),
    "disputes": (("user_id", False),),
    "review_items": (
        ("guild_id", False),
        ("channel_id", False),
        ("message_id", False),
        ("author_id", True),
        ("mod_channel_id", True),
        ("mod_message_id", True),
        ("decided_by", True),
    ),
    "review_reports": (("user_id", False), ("channel_id", False), ("message_id", True)),
    "review_decisions": (("guild_id", False), ("moderator_id", True)),
    "learned_links": (("guild_id", False), ("decided_by", False)),
    "review_suppressions": (("guild_id", False), ("decided_by", False)),
    "guild_departures": (("guild_id", False),),
}
"""Every id column, with whether it is nullable (29 in all)."""
WITH_PLATFORM = ("answers", "review_items")
GUILD_FK = "fk_channel_settings_guild_id_guild_settings"


def upgrade() -> None:
    _convert(to_strings=True)
    for table in WITH_PLATFORM:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("platform", PLATFORM, server_default="discord", nullable=False))


def downgrade() -> None:
    for table in WITH_PLATFORM:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("platform")
    _convert(to_strings=False)


def _convert(*, to_strings: bool) -> None:
    """Change every id column's type, keeping every value (ids of other platforms cannot go back to integers)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.drop_constraint(GUILD_FK, "channel_settings", type_="foreignkey")
    else:
        op.execute("PRAGMA foreign_keys=OFF")
    new, old = (ID, sa.BigInteger()) if to_strings else (sa.BigInteger(), ID)
    cast = "varchar(64)" if to_strings else "bigint"
    for table, columns in ID_COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            for column, nullable in columns:
                batch_op.alter_column(
                    column,
                    existing_type=old,
                    type_=new,
                    existing_nullable=nullable,
                    postgresql_using=f"{column}::{cast}",
                )
    if postgres:
        op.create_foreign_key(
            GUILD_FK, "channel_settings", "guild_settings", ["guild_id"], ["guild_id"], ondelete="CASCADE"
        )
    else:
        op.execute("PRAGMA foreign_keys=ON")
