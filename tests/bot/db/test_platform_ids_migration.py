"""Migration 0005 moves a database filled by the previous schema (Discord integer ids) over with nothing lost."""

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.migrate import downgrade_database, head_revision, upgrade_database
from tests.bot.helpers import Database

pytestmark = pytest.mark.migrations

BEFORE = "0007_review_safety"
SNOWFLAKE = 1_234_567_890_123_456_789  # 19 digits: beyond 32 bits, as Discord's are
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)

ROWS: dict[str, dict[str, object]] = {
    "guild_settings": {
        "guild_id": SNOWFLAKE,
        "auto_replies": True,
        "link_fetching": True,
        "moderators_channel_id": SNOWFLAKE + 1,
        "reviewer_role_id": SNOWFLAKE + 2,
        "created_at": NOW,
        "updated_at": NOW,
    },
    "channel_settings": {"channel_id": SNOWFLAKE + 3, "guild_id": SNOWFLAKE, "auto_replies": False, "updated_at": NOW},
    "answers": {
        "id": 1,
        "guild_id": SNOWFLAKE,
        "channel_id": SNOWFLAKE + 3,
        "source_message_id": SNOWFLAKE + 4,
        "answer_message_id": SNOWFLAKE + 5,
        "incident_id": "compton",
        "claim_id": "claim",
        "score": 95.0,
        "action": "reply",
        "text_sha256": "0" * 64,
        "status": "sent",
        "created_at": NOW,
    },
    "answer_cooldowns": {
        "channel_id": SNOWFLAKE + 3,
        "incident_id": "compton",
        "guild_id": SNOWFLAKE,
        "answer_id": 1,
        "answered_at": NOW,
    },
    "disputes": {"id": 1, "answer_id": 1, "user_id": SNOWFLAKE + 6, "created_at": NOW},
    "review_items": {
        "id": 1,
        "guild_id": SNOWFLAKE,
        "kind": "dispute",
        "state": "pending",
        "open_key": "k" * 64,
        "dedupe_key": "k" * 64,
        "subject_key": "s" * 64,
        "text_sha256": "0" * 64,
        "channel_id": SNOWFLAKE + 3,
        "message_id": SNOWFLAKE + 4,
        "author_id": SNOWFLAKE + 7,
        "answer_id": 1,
        "candidates": "[]",
        "reporters": 1,
        "mod_channel_id": SNOWFLAKE + 1,
        "mod_message_id": SNOWFLAKE + 8,
        "shown_reporters": 1,
        "created_at": NOW,
        "last_seen_at": NOW,
        "decided_by": SNOWFLAKE + 9,
    },
    "review_reports": {
        "id": 1,
        "item_id": 1,
        "user_id": SNOWFLAKE + 6,
        "channel_id": SNOWFLAKE + 3,
        "message_id": SNOWFLAKE + 4,
        "created_at": NOW,
    },
    "review_decisions": {
        "id": 1,
        "item_id": 1,
        "guild_id": SNOWFLAKE,
        "moderator_id": SNOWFLAKE + 9,
        "action": "uphold",
        "state": "upheld",
        "created_at": NOW,
    },
    "learned_links": {
        "id": 1,
        "guild_id": SNOWFLAKE,
        "url": "https://example.com/a",
        "url_key": "u" * 64,
        "incident_id": "compton",
        "claim_id": "claim",
        "decided_by": SNOWFLAKE + 9,
        "created_at": NOW,
    },
    "review_suppressions": {
        "id": 1,
        "guild_id": SNOWFLAKE,
        "subject_key": "s" * 64,
        "incident_id": "flint",
        "decided_by": SNOWFLAKE + 9,
        "created_at": NOW,
    },
    "guild_departures": {"guild_id": SNOWFLAKE + 10, "left_at": NOW, "purge_after": NOW},
}
ID_COLUMNS = {
    table: [name for name, value in row.items() if isinstance(value, int) and value >= SNOWFLAKE]
    for table, row in ROWS.items()
}


async def _fill(connection: AsyncConnection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    for table, row in ROWS.items():
        values = {
            key: value.replace(tzinfo=None) if sqlite and isinstance(value, dt.datetime) else value
            for key, value in row.items()
        }
        columns = ", ".join(values)
        await connection.execute(
            text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in values)})"), values
        )


async def test_every_id_of_the_previous_schema_comes_over_as_its_string(db: Database) -> None:
    assert sum(len(columns) for columns in ID_COLUMNS.values()) == 29
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.begin() as connection:
        await _fill(connection)

    assert await upgrade_database(db.engine) == head_revision()

    async with db.engine.connect() as connection:
        for table, row in ROWS.items():
            assert await connection.scalar(text(f"SELECT count(*) FROM {table}")) == 1, table
            for column in ID_COLUMNS[table]:
                stored = await connection.scalar(text(f"SELECT {column} FROM {table}"))
                assert stored == str(row[column]), (table, column, stored)
        for table in ("answers", "review_items"):
            assert await connection.scalar(text(f"SELECT platform FROM {table}")) == "discord"
        joined = await connection.scalar(
            text("SELECT count(*) FROM review_items JOIN answers ON answers.id = review_items.answer_id")
        )
        assert joined == 1  # the item still points at its answer


async def test_slack_ids_fit_after_the_migration_and_discord_data_goes_back_down(db: Database) -> None:
    async with db.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO review_suppressions (guild_id, subject_key, incident_id, decided_by, created_at) "
                "VALUES ('T024BE7LD', :key, 'flint', 'U024BE7LH', :now)"
            ),
            {"key": "s" * 64, "now": NOW.replace(tzinfo=None) if connection.dialect.name == "sqlite" else NOW},
        )
        await connection.execute(text("DELETE FROM review_suppressions"))
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.begin() as connection:
        await _fill(connection)
    await upgrade_database(db.engine)
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.connect() as connection:
        assert await connection.scalar(text("SELECT guild_id FROM answers")) == SNOWFLAKE
        assert await connection.scalar(text("SELECT count(*) FROM disputes")) == 1
