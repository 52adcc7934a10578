"""Caching fetch results by link, behind a small protocol the database layer can implement."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cachetools import TLRUCache

from bot.links.result import FetchResult


def utc_now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CachedFetch:
    """A cached fetch result and when it stops being valid."""

    result: FetchResult
    expires_at: datetime

    def is_fresh(self, now: datetime) -> bool:
        """Return True until `expires_at`."""
        return now < self.expires_at

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {"result": self.result.to_dict(), "expires_at": self.expires_at.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CachedFetch":
        """Rebuild an entry from `to_dict` output; raises `KeyError`/`ValueError` on malformed data."""
        return cls(FetchResult.from_dict(data["result"]), datetime.fromisoformat(data["expires_at"]))


class LinkCache(Protocol):
    """Storage for fetch results, keyed by the canonical link string the caller chose.

    Implementations return only unexpired entries from `get`, and may drop entries at any time.
    """

    async def get(self, key: str) -> CachedFetch | None:
        """Return the unexpired entry for `key`, or None."""
        ...

    async def put(self, key: str, result: FetchResult, ttl: timedelta) -> None:
        """Store `result` under `key` for `ttl`, replacing any earlier entry."""
        ...


class InMemoryLinkCache:
    """A bounded in-process `LinkCache` (least recently used entries go first), for tests and the console.

    A `cachetools.TLRUCache` whose per-entry expiry is the entry's own ``expires_at``.

    Args:
        max_entries: How many links are kept at most.
        clock: Returns the current aware datetime; injectable for tests.
    """

    def __init__(self, *, max_entries: int = 10_000, clock: Callable[[], datetime] = utc_now) -> None:
        self._entries: TLRUCache[str, CachedFetch] = TLRUCache(
            maxsize=max_entries, ttu=lambda _key, entry, _now: entry.expires_at, timer=clock
        )
        self._clock = clock

    def __len__(self) -> int:
        self._entries.expire()
        return len(self._entries)

    async def get(self, key: str) -> CachedFetch | None:
        """Return the unexpired entry for `key`, or None."""
        return self._entries.get(key)

    async def put(self, key: str, result: FetchResult, ttl: timedelta) -> None:
        """Store `result` under `key` for `ttl`."""
        self._entries[key] = CachedFetch(result, self._clock() + ttl)
