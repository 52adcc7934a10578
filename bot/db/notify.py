"""Changes between processes through PostgreSQL ``LISTEN``/``NOTIFY``, on one dedicated asyncpg connection.

`ChangeFeed.publish` (a `bot.services.changes.Changes` sink, callable from any thread) queues a change; the feed
sends it with ``pg_notify`` and hands the other processes' changes (its own are skipped) to ``on_change``. The
connection is kept up: a lost one is replaced with capped, jittered backoff, changes queued meanwhile are sent
once it is back, and ``on_resync`` is called after each reconnect, since notifications sent while disconnected
are gone. A notification reaches the listeners within milliseconds, where the caches would take 30 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

import asyncpg

from bot.background import BackgroundTask, cancel_and_wait
from bot.db.urls import parse_database_url
from bot.services.changes import Change, ChangeKind

log = logging.getLogger(__name__)

CHANNEL = "misinfo_bot_changes"
KEEPALIVE_SECONDS = 10.0
"""An idle connection is checked this often (a ``SELECT 1``), so a silently dead one is noticed."""
BACKOFF_INITIAL = 0.2
BACKOFF_MAXIMUM = 5.0


def is_postgresql(url: str) -> bool:
    """Whether a database URL names PostgreSQL (the only database with ``LISTEN``/``NOTIFY`` here)."""
    return parse_database_url(url).get_backend_name() == "postgresql"


def asyncpg_dsn(url: str) -> str:
    """A database URL in any form the settings accept, as a DSN asyncpg connects with."""
    parsed = parse_database_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def encode(change: Change, origin: str) -> str:
    """The notification payload of a change (JSON, far below PostgreSQL's 8,000-byte limit)."""
    return json.dumps({"o": origin, "k": change.kind.value, "g": change.guild_id, "i": change.item_id})


def decode(payload: str) -> tuple[str, Change] | None:
    """(origin, change) of a payload; None when it is not one of ours."""
    try:
        data = json.loads(payload)
        return str(data["o"]), Change(ChangeKind(data["k"]), data.get("g"), data.get("i"))
    except (ValueError, KeyError, TypeError):
        return None


class ChangeFeed(BackgroundTask):
    """Sends this process's changes to the others and receives theirs (see the module docs).

    Args:
        url: The PostgreSQL database URL.
        on_change: Called (in the event loop) with each change another process sent.
        on_resync: Called after a reconnect: notifications may have been missed, forget what they would say.
        channel: The notification channel (one per database; tests sharing a database use their own).
        timeout: Seconds a connect or a statement may take.
    """

    task_name = "change-feed"

    def __init__(
        self,
        url: str,
        on_change: Callable[[Change], None],
        *,
        on_resync: Callable[[], None] | None = None,
        channel: str = CHANNEL,
        timeout: float = 5.0,
    ) -> None:
        self._dsn = asyncpg_dsn(url)
        self._on_change = on_change
        self._on_resync = on_resync
        self._channel = channel
        self._timeout = timeout
        self.origin = uuid.uuid4().hex
        self._outgoing: deque[Change] = deque()
        self._wake = asyncio.Event()
        self._connected = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.received = 0
        self.sent = 0

    @property
    def connected(self) -> bool:
        """Whether the listening connection is up."""
        return self._connected.is_set()

    async def wait_connected(self) -> None:
        """Return once the listening connection is up."""
        await self._connected.wait()

    def publish(self, change: Change) -> None:
        """Queue a change for the other processes; callable from any thread, never blocks."""
        loop = self._loop
        if loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._queue(change)
        else:
            loop.call_soon_threadsafe(self._queue, change)

    def start(self) -> None:
        """Connect and listen in the background (reconnecting until `stop`)."""
        if self._task is None:
            self._loop = asyncio.get_running_loop()
            super().start()

    async def stop(self) -> None:
        """Send what is queued (briefly), then close the connection."""
        task, self._task = self._task, None
        if task is None:
            return
        if self._outgoing and self.connected:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    while self._outgoing and self.connected:  # noqa: ASYNC110  # the sender pops them
                        await asyncio.sleep(0.01)
        await cancel_and_wait(task)
        self._loop = None

    def _queue(self, change: Change) -> None:
        self._outgoing.append(change)
        self._wake.set()

    async def _run(self) -> None:
        failures = 0
        connected_before = False
        while True:
            try:
                connection = await asyncpg.connect(self._dsn, timeout=self._timeout)
            except Exception as error:  # refused, timed out, starting up...: all retried
                failures += 1
                if failures == 1:
                    log.warning("change feed: cannot connect (%s); retrying", error)
                await asyncio.sleep(_backoff(failures))
                continue
            failures = 0
            try:
                await self._serve(connection, resync=connected_before)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except Exception as error:
                log.warning("change feed: connection lost (%s); reconnecting", error)
            finally:
                self._connected.clear()
                connection.terminate()
            connected_before = True
            await asyncio.sleep(_backoff(1))

    async def _serve(self, connection: asyncpg.Connection, *, resync: bool) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _connection: lost.set())
        await connection.add_listener(self._channel, self._received)
        self._connected.set()
        log.info("change feed: listening on %s", self._channel)
        if resync and self._on_resync is not None:
            self._on_resync()
        while not lost.is_set():
            while self._outgoing:
                change = self._outgoing[0]
                await connection.execute(
                    "SELECT pg_notify($1, $2)", self._channel, encode(change, self.origin), timeout=self._timeout
                )
                self._outgoing.popleft()
                self.sent += 1
            self._wake.clear()
            if not await _either(self._wake, lost, KEEPALIVE_SECONDS):
                await connection.fetchval("SELECT 1", timeout=self._timeout)
        raise ConnectionError("the listening connection was closed")

    def _received(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        decoded = decode(payload)
        if decoded is None or decoded[0] == self.origin:
            return
        self.received += 1
        try:
            self._on_change(decoded[1])
        except Exception:
            log.exception("change feed: applying %s failed", decoded[1])


async def _either(first: asyncio.Event, second: asyncio.Event, seconds: float) -> bool:
    """Wait until either event is set (True) or ``seconds`` pass (False)."""
    waiters = {asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())}
    try:
        done, _ = await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    return bool(done)


def _backoff(failures: int) -> float:
    base = min(BACKOFF_MAXIMUM, BACKOFF_INITIAL * 2 ** max(0, failures - 1))
    return base * (0.5 + random.random() / 2)
