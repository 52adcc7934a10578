"""The outbox: writes the database could not take (it was unavailable) wait here, in order, until it is back.

Services hand their writes to `Outbox.perform` as small frozen dataclasses (an operation, with a ``KIND``) and
register one handler per kind. `perform` runs the handler at once when it can; when the database is unavailable
(or earlier writes still wait, so order is kept) the operation is queued and `Deferred` is returned. A background
flusher (`start`/`stop`, or ``async with``) retries the queue with exponential backoff and jitter, and drains it
in order once the database answers again.

Handlers must be idempotent: a write applied just before a crash (or a lost connection) is applied again by the
next flush, and must then change nothing (``INSERT ... ON CONFLICT DO NOTHING``, ``UPDATE ... WHERE`` the old
state). A handler failing for another reason is retried `max_attempts` times, then given up with an error log
holding the whole operation. With a ``path`` the queue is also journalled to a file (`bot.services.outbox_file`)
so a restart keeps it; without one it lives in memory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from bot.background import BackgroundTask
from bot.db.errors import is_database_unavailable
from bot.db.types import utcnow
from bot.services.outbox_codec import decode, encode
from bot.services.outbox_file import Entry, OutboxFile

log = logging.getLogger(__name__)

STOP_FLUSH_SECONDS = 3.0
"""On `stop`, how long a last flush of what is pending may take."""
_REPLAYING: ContextVar[bool] = ContextVar("outbox_replaying", default=False)


class Operation(Protocol):
    """A write to apply, as a frozen dataclass whose ``KIND`` names its handler."""

    KIND: ClassVar[str]


Op = TypeVar("Op", bound=Operation)


@dataclass(frozen=True)
class Deferred:
    """The write was queued (the database is unavailable); it is applied when the database is back."""

    id: str


@dataclass(frozen=True)
class Backoff:
    """Delays between flush attempts while the database stays unavailable: exponential, capped, with jitter."""

    initial: float = 0.5
    maximum: float = 10.0
    factor: float = 2.0
    jitter: float = 0.5

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failed attempts in a row (1 or more)."""
        base = min(self.maximum, self.initial * self.factor ** max(0, failures - 1))
        return base * (1 - self.jitter * random.random())


def is_replaying() -> bool:
    """Whether the current handler runs from the queue (a flush), not straight from `Outbox.perform`."""
    return _REPLAYING.get()


class Outbox(BackgroundTask):
    """Pending writes in order, applied by one flusher (see the module docs).

    Args:
        path: Journal the queue in this file (JSON Lines), loaded now, so pending writes survive a restart.
        backoff: Delays between attempts while the database is unavailable.
        max_attempts: Attempts of an operation failing for another reason before it is given up (logged).
    """

    task_name = "outbox-flusher"

    def __init__(self, *, path: Path | None = None, backoff: Backoff | None = None, max_attempts: int = 5) -> None:
        self._backoff = backoff or Backoff()
        self._max_attempts = max_attempts
        self._handlers: dict[str, tuple[type[Any], Callable[[Any], Awaitable[object]]]] = {}
        self._file = OutboxFile(path) if path is not None else None
        self._queue: deque[Entry] = deque(self._file.load() if self._file is not None else ())
        self._attempts: dict[str, int] = {}
        self._down = False
        self._wake = asyncio.Event()
        self._retry = asyncio.Event()
        self._lock = asyncio.Lock()
        self.applied = 0
        if self._queue:
            log.warning("outbox: %d writes pending from %s, applied once the database answers", len(self._queue), path)
            self._wake.set()

    @property
    def pending(self) -> int:
        """Writes waiting for the database."""
        return len(self._queue)

    @property
    def database_down(self) -> bool:
        """Whether the last write attempt found the database unavailable (until a flush succeeds)."""
        return self._down

    @property
    def journal(self) -> Path | None:
        """The file the queue is journalled in, if any."""
        return self._file.path if self._file is not None else None

    def register(self, kind: type[Op], handler: Callable[[Op], Awaitable[object]]) -> None:
        """Apply operations of this class with ``handler`` (it opens its own session and commits)."""
        self._handlers[kind.KIND] = (kind, handler)

    def mark_down(self, error: BaseException | None = None) -> None:
        """Someone found the database unavailable: later writes queue without trying, until a flush succeeds.

        With nothing queued, the next flush (woken now) clears it at once: the next write simply tries again.
        """
        if not self._down:
            log.warning("database unavailable (%s): writes wait in the outbox until it is back", error or "reported")
        self._down = True
        self._wake.set()

    async def perform(self, operation: Operation, *, ordered: bool = True) -> object:
        """Apply an operation now if the database takes it, else queue it.

        Args:
            operation: The write.
            ordered: Queue it behind writes still pending even when the database is back (they come first);
                False: try it at once unless the database is known to be unavailable.

        Returns:
            The handler's result, or `Deferred` when the operation was queued.
        """
        _, handler = self._handlers[operation.KIND]
        if not is_replaying() and (self._down or (ordered and self._queue)):
            return self.defer(operation)
        try:
            return await handler(operation)
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            self.mark_down(error)
            return self.defer(operation)

    def defer(self, operation: Operation, *, entry_id: str | None = None) -> Deferred:
        """Queue an operation (journalled when there is a file); ``entry_id`` is its idempotency key."""
        entry = Entry(entry_id or uuid.uuid4().hex, operation.KIND, encode(operation), utcnow().isoformat())
        if self._file is not None:
            try:
                self._file.append(entry)
            except OSError:
                log.exception("outbox: cannot journal %s in %s; it is kept in memory only", entry.id, self._file.path)
        self._queue.append(entry)
        self._wake.set()
        log.info("outbox: queued %s %s (%d pending)", entry.kind, entry.id, len(self._queue))
        return Deferred(entry.id)

    async def flush(self) -> int:
        """Apply the pending writes in order until none is left or the database fails; returns how many were done."""
        async with self._lock:
            done = 0
            while self._queue:
                entry = self._queue[0]
                if not await self._apply(entry):
                    return done
                self._queue.popleft()
                self._attempts.pop(entry.id, None)
                self._journal_done(entry.id)
                done += 1
            self._down = False
            if done:
                log.info("outbox: applied %d pending writes; nothing left", done)
            return done

    def retry_now(self) -> None:
        """Cut the current backoff short: flush now (e.g. the database is known to be back)."""
        self._retry.set()
        self._wake.set()

    async def stop(self) -> None:
        """Stop the flusher after a last, bounded flush; says what is left pending and where it is kept."""
        await super().stop()
        if self._queue:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.flush(), STOP_FLUSH_SECONDS)
        if self._queue:
            kept = f"kept in {self._file.path}" if self._file is not None else "LOST: set OUTBOX_PATH to keep them"
            log.error("outbox: %d writes still pending at shutdown, %s", len(self._queue), kept)

    async def _run(self) -> None:
        failures = 0
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # flush handles its operations' errors: this is a bug, keep the flusher alive
                log.exception("outbox: flush failed")
            if not self._queue:
                failures = 0
                continue
            failures += 1
            self._retry.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._retry.wait(), self._backoff.delay(failures))
            self._wake.set()

    async def _apply(self, entry: Entry) -> bool:
        """Run one queued operation; False when it must be retried later."""
        registered = self._handlers.get(entry.kind)
        if registered is None:
            log.error("outbox: no handler for %s; given up: %s", entry.kind, entry.as_json())
            return True
        kind, handler = registered
        token = _REPLAYING.set(True)
        try:
            await handler(decode(kind, entry.payload))
        except Exception as error:
            return self._failed(entry, error)
        finally:
            _REPLAYING.reset(token)
        self._down = False
        self.applied += 1
        return True

    def _failed(self, entry: Entry, error: Exception) -> bool:
        if is_database_unavailable(error):
            self.mark_down(error)
            return False
        attempts = self._attempts[entry.id] = self._attempts.get(entry.id, 0) + 1
        if attempts >= self._max_attempts:
            log.error("outbox: %s failed %d times, given up: %s", entry.kind, attempts, entry.as_json(), exc_info=error)
            return True
        log.warning(
            "outbox: %s %s failed (attempt %d of %d): %r", entry.kind, entry.id, attempts, self._max_attempts, error
        )
        return False

    def _journal_done(self, entry_id: str) -> None:
        if self._file is None:
            return
        try:
            if self._queue:
                self._file.acknowledge(entry_id)
            else:
                self._file.clear()
        except OSError:
            log.exception("outbox: cannot journal %s as done in %s", entry_id, self._file.path)
