"""Migration 0014: answers are unique per platform, workspace, channel and message, with nothing lost either way."""

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.migrate import downgrade_database, head_revision, upgrade_database
from tests.bot.helpers import Database

pytestmark = pytest.mark.migrations

BEFORE = "0012_learned_phrasings"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
TS = "1712345678.000200"


def _at(connection: AsyncConnection) -> dt.datetime:
    return NOW.replace(tzinfo=None) if connection.dialect.name == "sqlite" else NOW


async def _answer(connection: AsyncConnection, answer_id: int, channel: str, platform: str = "slack") -> None:
    await connection.execute(
        text(
            "INSERT INTO answers (id, platform, guild_id, channel_id, source_message_id, answer_message_id, "
            "incident_id, claim_id, score, action, text_sha256, status, created_at) VALUES (:id, :platform, "
            "'T024BE7LD', :channel, :ts, :answer, 'compton', 'claim', 95.0, 'reply', :sha, 'sent', :now)"
        ),
        {
            "id": answer_id,
            "platform": platform,
            "channel": channel,
            "ts": TS,
            "answer": f"{answer_id}.000100",
            "sha": "0" * 64,
            "now": _at(connection),
        },
    )


async def _fill(connection: AsyncConnection) -> None:
    await _answer(connection, 1, "C024BE91L")
    now = _at(connection)
    await connection.execute(
        text("INSERT INTO disputes (id, answer_id, user_id, created_at) VALUES (1, 1, 'U024BE7LH', :now)"),
        {"now": now},
    )
    await connection.execute(
        text(
            "INSERT INTO answer_cooldowns (channel_id, incident_id, guild_id, answer_id, answered_at) "
            "VALUES ('C024BE91L', 'compton', 'T024BE7LD', 1, :now)"
        ),
        {"now": now},
    )


async def _kept(connection: AsyncConnection) -> None:
    assert await connection.scalar(text("SELECT source_message_id FROM answers WHERE id = 1")) == TS
    assert await connection.scalar(text("SELECT count(*) FROM disputes WHERE answer_id = 1")) == 1
    assert await connection.scalar(text("SELECT count(*) FROM answer_cooldowns WHERE answer_id = 1")) == 1


async def test_the_same_ts_in_another_channel_is_another_answer_after_the_upgrade(db: Database) -> None:
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.begin() as connection:
        await _fill(connection)
    with pytest.raises(IntegrityError):  # before: the id alone was unique
        async with db.engine.begin() as connection:
            await _answer(connection, 2, "C0OTHER")

    assert await upgrade_database(db.engine) == head_revision()

    async with db.engine.begin() as connection:
        await _kept(connection)
        await _answer(connection, 2, "C0OTHER")
        await _answer(connection, 3, "C024BE91L", platform="discord")
    with pytest.raises(IntegrityError):  # the same message twice is still refused
        async with db.engine.begin() as connection:
            await _answer(connection, 4, "C024BE91L")


async def test_the_downgrade_keeps_the_answers(db: Database) -> None:
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.begin() as connection:
        await _fill(connection)
    await upgrade_database(db.engine)

    await downgrade_database(db.engine, BEFORE)

    async with db.engine.connect() as connection:
        await _kept(connection)
    with pytest.raises(IntegrityError):
        async with db.engine.begin() as connection:
            await _answer(connection, 2, "C0OTHER")
