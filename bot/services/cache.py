"""A small per-key cache for values read from the database: fresh for a while, read once at a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ReadThroughCache(Generic[K, V]):
    """Values kept ``ttl`` seconds; concurrent misses for one key share one read (single flight).

    `invalidate` wins over reads already in flight: their result is returned to whoever waits on it,
    but not cached, and later callers start a fresh read. ``ttl <= 0`` turns caching off.
    """

    def __init__(
        self, ttl: float, *, max_entries: int = 10_000, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._monotonic = monotonic
        self._values: dict[K, tuple[float, V]] = {}
        self._generations: dict[K, int] = {}
        self._reading: dict[K, asyncio.Task[V]] = {}

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value, or the result of one shared `load()`."""
        if self._ttl <= 0:
            return await load()
        cached = self._values.get(key)
        if cached is not None and self._monotonic() - cached[0] < self._ttl:
            return cached[1]
        reading = self._reading.get(key)
        if reading is None:
            generation = self._generations.get(key, 0)
            reading = asyncio.create_task(self._read(key, load, generation), name=f"cache-read:{key}")
            self._reading[key] = reading
            reading.add_done_callback(lambda done: self._read_done(key, done))
        # Shielded: one caller giving up must not cancel the read the others wait for.
        return await asyncio.shield(reading)

    def invalidate(self, key: K) -> None:
        """Forget the key's value; a read in flight is not cached."""
        self._values.pop(key, None)
        self._reading.pop(key, None)
        self._generations[key] = self._generations.get(key, 0) + 1

    async def _read(self, key: K, load: Callable[[], Awaitable[V]], generation: int) -> V:
        started = self._monotonic()
        value = await load()
        if self._generations.get(key, 0) == generation:
            if len(self._values) >= self._max_entries and key not in self._values:
                self._values.clear()
            self._values[key] = (started, value)
        return value

    def _read_done(self, key: K, task: asyncio.Task[V]) -> None:
        if self._reading.get(key) is task:
            del self._reading[key]
        if not task.cancelled():
            task.exception()  # retrieved, so a failure nobody awaited is not reported as unhandled
