"""Snowflake ids and timestamps as Discord makes them."""

from __future__ import annotations

import datetime as dt
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeGenerator:
    """Hands out increasing snowflakes whose embedded time is the current time."""

    def __init__(self) -> None:
        self._last = 0
        self._past: set[int] = set()

    def at(self, when: dt.datetime) -> int:
        """A new snowflake whose embedded time is ``when`` (a message of the past), unique like the others."""
        stamp = (int(when.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22
        while stamp in self._past or stamp == self._last:
            stamp += 1
        self._past.add(stamp)
        return stamp

    def next(self) -> int:
        """Return a new snowflake, greater than every one handed out before."""
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._last = max(self._last + 1, now_ms << 22)
        return self._last

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A new snowflake whose server would be on this shard (``(id >> 22) % shard_count == shard_id``).

        Its time is moved at most ``shard_count - 1`` milliseconds ahead; later snowflakes stay greater.
        """
        stamp = self.next() >> 22
        stamp += (shard_id - stamp) % shard_count
        self._last = max(self._last, stamp << 22)
        return self._last


def iso_now() -> str:
    """Return the current UTC time in Discord's ISO 8601 format."""
    return dt.datetime.now(dt.UTC).isoformat()
