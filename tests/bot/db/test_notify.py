"""The change feed between processes: PostgreSQL LISTEN/NOTIFY on a dedicated connection that comes back."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import pool, text

from bot.db.engine import create_engine
from bot.db.notify import ChangeFeed, asyncpg_dsn, decode, encode, is_postgresql
from bot.services.changes import Change, ChangeKind, Changes, applying_remote
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.dbproxy import TcpProxy

pytestmark = pytest.mark.postgres

SETTINGS = Change(ChangeKind.SETTINGS, 42)


class Inbox:
    """What one feed received, with an event to await."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.resyncs = 0
        self._event = asyncio.Event()

    def __call__(self, change: Change) -> None:
        self.changes.append(change)
        self._event.set()

    def resync(self) -> None:
        self.resyncs += 1
        self._event.set()

    async def until(self, check: Callable[[], bool], within: float = 1.0) -> None:
        async with asyncio.timeout(within):
            while not check():
                self._event.clear()
                await self._event.wait()


@pytest.fixture
async def channel() -> str:
    await require_postgres(POSTGRES_URL)
    return f"test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def feeds(channel: str) -> AsyncIterator[Callable[..., ChangeFeed]]:
    started: list[ChangeFeed] = []

    def start(inbox: Inbox, url: str = POSTGRES_URL) -> ChangeFeed:
        feed = ChangeFeed(url, inbox, on_resync=inbox.resync, channel=channel, timeout=2)
        feed.start()
        started.append(feed)
        return feed

    yield start
    for feed in started:
        await feed.stop()


def test_payloads_round_trip_and_strangers_are_ignored():
    assert decode(encode(Change(ChangeKind.LEARNING, 1, 7), "me")) == ("me", Change(ChangeKind.LEARNING, 1, 7))
    assert decode("hello") is None
    assert decode('{"o": "x", "k": "nonsense"}') is None


def test_only_postgresql_urls_get_a_feed():
    assert is_postgresql("postgresql://bot@db/bot")
    assert is_postgresql("postgres://bot@db/bot")
    assert not is_postgresql("sqlite:///bot.sqlite3")
    assert asyncpg_dsn("postgresql+asyncpg://bot:pw@db:5433/bot") == "postgresql://bot:pw@db:5433/bot"


async def test_a_change_reaches_the_other_process_within_a_second_and_not_its_sender(feeds):
    mine, theirs = Inbox(), Inbox()
    sender, receiver = feeds(mine), feeds(theirs)
    await asyncio.gather(sender.wait_connected(), receiver.wait_connected())

    sender.publish(SETTINGS)
    await theirs.until(lambda: theirs.changes == [SETTINGS], within=1.0)

    receiver.publish(Change(ChangeKind.KNOWLEDGE))
    await mine.until(lambda: mine.changes == [Change(ChangeKind.KNOWLEDGE)])
    assert theirs.changes == [SETTINGS]  # its own change did not come back


async def test_changes_published_from_another_thread_are_sent(feeds):
    theirs = Inbox()
    sender, receiver = feeds(Inbox()), feeds(theirs)
    await asyncio.gather(sender.wait_connected(), receiver.wait_connected())

    thread = threading.Thread(target=sender.publish, args=(SETTINGS,))
    thread.start()
    thread.join()

    await theirs.until(lambda: theirs.changes == [SETTINGS])


async def test_the_feed_reconnects_resyncs_and_sends_what_waited(feeds):
    await require_postgres(POSTGRES_URL)
    async with TcpProxy.for_url(POSTGRES_URL) as proxy:
        theirs, mine = Inbox(), Inbox()
        receiver = feeds(theirs)
        sender = feeds(mine, proxy.url_for(POSTGRES_URL))
        await asyncio.gather(sender.wait_connected(), receiver.wait_connected())

        await proxy.stop()  # the sender's database connection dies
        await _until(lambda: not sender.connected)
        sender.publish(SETTINGS)  # queued meanwhile
        await proxy.start()

        await theirs.until(lambda: theirs.changes == [SETTINGS], within=10)
        await mine.until(lambda: mine.resyncs == 1)


async def test_a_terminated_backend_is_replaced(feeds, channel):
    theirs = Inbox()
    receiver, sender = feeds(theirs), feeds(Inbox())
    await asyncio.gather(sender.wait_connected(), receiver.wait_connected())
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool)
    async with admin.begin() as connection:
        await connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE :listen"),
            {"listen": f"%LISTEN%{channel}%"},
        )
    await admin.dispose()

    await theirs.until(lambda: theirs.resyncs == 1, within=10)
    sender.publish(SETTINGS)
    await theirs.until(lambda: theirs.changes == [SETTINGS])


def test_changes_applied_from_elsewhere_are_not_announced_again():
    changes, heard = Changes(), []
    changes.attach(heard.append)

    changes.announce(SETTINGS)
    with applying_remote():
        changes.announce(Change(ChangeKind.KNOWLEDGE))

    assert heard == [SETTINGS]


async def _until(check: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110  # connection state has no event to await
            await asyncio.sleep(0.01)
