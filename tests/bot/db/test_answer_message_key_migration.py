"""Migration 0015: the bot's answer messages are unique per platform, workspace and channel, with nothing lost."""

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.migrate import downgrade_database, head_revision, upgrade_database
from tests.bot.helpers import Database

pytestmark = pytest.mark.migrations

BEFORE = "0014_answer_source_key"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
REPLY_TS = "1712345679.000300"  # the bot's reply: Slack may give its replies in two channels the same ts


def _at(connection: AsyncConnection) -> dt.datetime:
    return NOW.replace(tzinfo=None) if connection.dialect.name == "sqlite" else NOW


async def _answer(
    connection: AsyncConnection, answer_id: int, channel: str, *, thread: str | None = None, platform: str = "slack"
) -> None:
    await connection.execute(
        text(
            "INSERT INTO answers (id, platform, guild_id, channel_id, source_message_id, answer_message_id, "
            "answer_channel_id, incident_id, claim_id, score, action, text_sha256, status, created_at) VALUES (:id, "
            ":platform, 'T024BE7LD', :channel, :ts, :answer, :thread, 'compton', 'claim', 95.0, 'reply', :sha, "
            "'sent', :now)"
        ),
        {
            "id": answer_id,
            "platform": platform,
            "channel": channel,
            "ts": f"17123456{answer_id:02d}.000200",
            "answer": REPLY_TS,
            "thread": thread,
            "sha": "0" * 64,
            "now": _at(connection),
        },
    )


async def _fill(connection: AsyncConnection) -> None:
    await _answer(connection, 1, "C024BE91L")
    await connection.execute(
        text("INSERT INTO disputes (id, answer_id, user_id, created_at) VALUES (1, 1, 'U024BE7LH', :now)"),
        {"now": _at(connection)},
    )


async def _kept(connection: AsyncConnection) -> None:
    assert await connection.scalar(text("SELECT answer_message_id FROM answers WHERE id = 1")) == REPLY_TS
    assert await connection.scalar(text("SELECT count(*) FROM disputes WHERE answer_id = 1")) == 1


async def test_the_same_reply_ts_in_another_channel_is_another_answer_after_the_upgrade(db: Database) -> None:
    await downgrade_database(db.engine, BEFORE)
    async with db.engine.begin() as connection:
        await _fill(connection)
    with pytest.raises(IntegrityError):  # before: the answer's id alone was unique
        async with db.engine.begin() as connection:
            await _answer(connection, 2, "C0OTHER")

    assert await upgrade_database(db.engine) == head_revision()

    async with db.engine.begin() as connection:
        await _kept(connection)
        await _answer(connection, 2, "C0OTHER")
        await _answer(connection, 3, "C024BE91L", platform="discord")
        await _answer(connection, 4, "C024BE91L", thread="C0THREAD")  # the answer is in a thread, not the channel
    with pytest.raises(IntegrityError):  # the same reply twice in one channel is still refused
        async with db.engine.begin() as connection:
            await _answer(connection, 5, "C024BE91L")
    with pytest.raises(IntegrityError):  # and in one thread, whichever channel its answered message is in
        async with db.engine.begin() as connection:
            await _answer(connection, 6, "C0THREAD")


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
