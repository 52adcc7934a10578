"""Writing transactions take turns on SQLite (no busy-wait sleeps), and only there; others never wait for them."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.db.models import GuildSettings
from bot.db.storage import Storage
from tests.bot.helpers import Database


async def _write_until(storage: Storage, guild_id: str, entered: asyncio.Event, leave: asyncio.Event) -> None:
    async with storage.transaction(writing=True) as tx:
        entered.set()
        await leave.wait()
        await tx.guilds.update(guild_id, {})
        await tx.commit()


async def _both_open(db: Database) -> bool:
    """Whether a second writing transaction opens while the first is still open."""
    storage = Storage(db.sessions)
    first, second, leave = asyncio.Event(), asyncio.Event(), asyncio.Event()
    one = asyncio.create_task(_write_until(storage, "1", first, leave))
    await first.wait()
    two = asyncio.create_task(_write_until(storage, "2", second, asyncio.Event()))
    try:
        await asyncio.wait_for(second.wait(), 0.5)
    except TimeoutError:
        return False
    finally:
        leave.set()
        await one
        two.cancel()
    return True


async def test_writing_transactions_take_turns_on_sqlite_only(db: Database) -> None:
    assert await _both_open(db) is (db.dialect != "sqlite")


async def test_the_next_writer_starts_once_the_first_has_ended(db: Database) -> None:
    storage = Storage(db.sessions)
    first, second, leave = asyncio.Event(), asyncio.Event(), asyncio.Event()
    one = asyncio.create_task(_write_until(storage, "1", first, leave))
    await first.wait()
    two = asyncio.create_task(_write_until(storage, "2", second, asyncio.Event()))
    leave.set()
    await one
    await asyncio.wait_for(second.wait(), 10)
    two.cancel()
    async with db.sessions() as session:
        assert await session.scalar(select(GuildSettings.guild_id).where(GuildSettings.guild_id == "1")) == "1"


async def test_reading_never_waits_for_a_writer(db: Database) -> None:
    storage = Storage(db.sessions)
    entered, leave = asyncio.Event(), asyncio.Event()
    writer = asyncio.create_task(_write_until(storage, "1", entered, leave))
    await entered.wait()
    async with storage.transaction() as tx:
        assert await asyncio.wait_for(tx.guilds.settings("1"), 10) is None
    leave.set()
    await writer
