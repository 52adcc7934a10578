"""Starting while the database is unreachable, and migrating it once it answers.

At start the runner pings the database. When it cannot be reached (refused, reset, timed out: the errors
`bot.db.errors.is_database_unavailable` names), the bot starts anyway: answers come from the knowledge in memory,
settings are the defaults, and writes wait in the outbox, as during an outage. `SchemaGate` keeps the bot's own
engine from using the database until the schema is current, so nothing reads or writes tables that may not exist
yet (every use fails as "unavailable"). `LateMigration` tries, with capped backoff, to reach the database and run
the migrations; then it opens the gate and has the outbox flush what waited. A database that answers but refuses
the bot (a wrong password, a database that does not exist) is not this case: the runner stops with one sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.background import BackgroundTask
from bot.db.errors import is_database_unavailable

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 15.0


class SchemaNotReadyError(ConnectionRefusedError):
    """The bot's engine refused a connection: the schema has not been migrated since the database came back."""


class SchemaGate:
    """Refuses the engine's new connections until `open` (see the module docs); open from the start when given."""

    def __init__(self, engine: AsyncEngine, *, open_now: bool = False) -> None:
        self._engine = engine
        self._open = open_now
        if not open_now:
            event.listen(engine.sync_engine, "do_connect", self._refuse)

    @property
    def is_open(self) -> bool:
        """Whether the schema is current and the engine may connect."""
        return self._open

    def open(self) -> None:
        """Let the engine connect (the schema is current)."""
        if not self._open:
            self._open = True
            event.remove(self._engine.sync_engine, "do_connect", self._refuse)

    def _refuse(self, *_args: Any) -> None:
        if not self._open:
            raise SchemaNotReadyError("the database schema is not migrated yet (the database was unreachable)")


class LateMigration(BackgroundTask):
    """Reaches the database and migrates it in the background; then opens the gate and calls ``on_ready``.

    Args:
        migrate: Pings and migrates the database (raises what the driver raises).
        gate: Opened once the migrations ran.
        on_ready: Called after that (e.g. the outbox's ``retry_now``).
    """

    task_name = "late-migration"

    def __init__(self, migrate: Callable[[], Awaitable[None]], gate: SchemaGate, on_ready: Callable[[], None]) -> None:
        self._migrate = migrate
        self._gate = gate
        self._on_ready = on_ready
        self._retry = asyncio.Event()
        self.attempts = 0
        self.problem: str | None = "unreachable since the bot started"

    @property
    def done(self) -> bool:
        """Whether the database was reached and migrated."""
        return self._gate.is_open

    def retry_now(self) -> None:
        """Cut the current wait short: try now (e.g. the database is known to be back)."""
        self._retry.set()

    def start(self) -> None:
        """Start trying in the background (unless the database is already migrated)."""
        if not self.done:
            super().start()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._retry.wait(), _delay(self.attempts))
            self._retry.clear()
            self.attempts += 1
            try:
                await self._migrate()
            except Exception as error:
                self._failed(error)
                continue
            self.problem = None
            self._gate.open()
            log.warning("the database answers again: schema up to date; writes kept meanwhile are being applied")
            self._on_ready()
            return

    def _failed(self, error: Exception) -> None:
        if is_database_unavailable(error):
            self.problem = f"unreachable since the bot started ({_first_line(error)})"
            log.info("database still unreachable (attempt %d): %s", self.attempts, _first_line(error))
        else:
            self.problem = f"reached, but the migrations failed ({_first_line(error)})"
            log.error("database reached, but migrating it failed (attempt %d): %s", self.attempts, error)


def _delay(attempts: int) -> float:
    base = min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1))
    return base * (0.5 + random.random() / 2)


def _first_line(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0][:200] if lines else type(cause).__name__
