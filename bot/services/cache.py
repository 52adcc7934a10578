"""A small per-key cache for values read from the database: fresh for a while, read once at a time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

log = logging.getLogger(__name__)

STALE_RETRY_SECONDS = 5.0
"""With ``stale_on``: how long a fallback value is served before the source is tried again."""


class ReadThroughCache(Generic[K, V]):
    """Values kept ``ttl`` seconds; concurrent misses for one key share one read (single flight).

    `invalidate` wins over reads already in flight: their result is returned to whoever waits on it,
    but not cached, and later callers start a fresh read. ``ttl <= 0`` turns caching off.

    Stale on error: when ``stale_on(error)`` says a failed read is worth riding out (the database is unavailable),
    the last value read for the key is returned even if expired, else ``default(key)`` when given; that fallback is
    served for ``retry_after`` seconds before the source is tried again. Other errors propagate. ``name`` says
    what the values are in that warning.

    Hand-written rather than cachetools (used for the link cache): cachetools' caches and ``@cached`` are
    synchronous, so they neither share one in-flight asyncio read among concurrent callers, nor keep an expired
    value to serve when the source fails, nor refuse to cache a read that was invalidated while in flight; those
    three are what this class is for, and ``cachetools.TTLCache`` would only replace its dictionary.
    """

    def __init__(
        self,
        ttl: float,
        *,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
        stale_on: Callable[[BaseException], bool] | None = None,
        default: Callable[[K], V] | None = None,
        retry_after: float = STALE_RETRY_SECONDS,
        name: str = "cached value",
    ) -> None:
        self._ttl = ttl
        self._name = name
        self._max_entries = max_entries
        self._monotonic = monotonic
        self._stale_on = stale_on
        self._default = default
        self._retry_after = retry_after
        self._values: dict[K, tuple[float, V]] = {}  # key -> (fresh until, value); expired ones kept for fallback
        self._generations: dict[K, int] = {}
        self._reading: dict[K, asyncio.Task[V]] = {}

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value, or the result of one shared `load()` (or a fallback, see the class docs)."""
        if self._ttl <= 0 and self._stale_on is None:
            return await load()
        cached = self._values.get(key)
        if cached is not None and self._monotonic() < cached[0]:
            return cached[1]
        reading = self._reading.get(key)
        if reading is None:
            generation = self._generations.get(key, 0)
            reading = asyncio.create_task(self._read(key, load, generation), name=f"cache-read:{key}")
            self._reading[key] = reading
            reading.add_done_callback(lambda done: self._read_done(key, done))
        # Shielded: one caller giving up must not cancel the read the others wait for.
        return await asyncio.shield(reading)

    def put(self, key: K, value: V) -> None:
        """Cache a value known to be current (just written); a read in flight is not cached over it."""
        self.invalidate(key)
        self._store(key, self._monotonic() + self._ttl, value)

    def values(self) -> list[V]:
        """Every cached value, expired ones included (a copy: callable from another thread)."""
        return [value for _fresh_until, value in list(self._values.values())]

    def invalidate(self, key: K) -> None:
        """Forget the key's value; a read in flight is not cached."""
        self._values.pop(key, None)
        self._reading.pop(key, None)
        self._generations[key] = self._generations.get(key, 0) + 1

    def invalidate_all(self) -> None:
        """Forget every value; reads in flight are not cached."""
        for key in {*self._values, *self._reading}:
            self.invalidate(key)

    async def _read(self, key: K, load: Callable[[], Awaitable[V]], generation: int) -> V:
        started = self._monotonic()
        try:
            value = await load()
        except Exception as error:
            return self._fallback(key, error)
        if self._generations.get(key, 0) == generation:
            self._store(key, started + self._ttl, value)
        return value

    def _fallback(self, key: K, error: Exception) -> V:
        """The value to serve when a read failed, or the error again."""
        if self._stale_on is None or not self._stale_on(error):
            raise error
        cached = self._values.get(key)
        if cached is not None:
            value = cached[1]
        elif self._default is not None:
            value = self._default(key)
        else:
            raise error
        served = "the last known" if cached is not None else "the default"
        log.warning("serving %s %s of %s: reading it failed (%s)", served, self._name, key, error)
        self._store(key, self._monotonic() + self._retry_after, value)
        return value

    def _store(self, key: K, fresh_until: float, value: V) -> None:
        if len(self._values) >= self._max_entries and key not in self._values:
            self._values.clear()
        self._values[key] = (fresh_until, value)

    def _read_done(self, key: K, task: asyncio.Task[V]) -> None:
        if self._reading.get(key) is task:
            del self._reading[key]
        if not task.cancelled():
            task.exception()  # retrieved, so a failure nobody awaited is not reported as unhandled
