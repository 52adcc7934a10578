"""A `LinkCache` in the database, so a link is fetched once across restarts and processes."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable

from bot.db.engine import SessionFactory
from bot.db.repositories import link_previews
from bot.db.types import utcnow
from bot.links.cache import CachedFetch
from bot.links.result import FetchResult

log = logging.getLogger(__name__)

PURGE_EVERY = 200
"""Expired rows are deleted once every this many stores (by the process that stores)."""


def url_key(key: str) -> str:
    """The primary key of a link's row: the sha256 of its canonical form."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseLinkCache:
    """Fetch results in the ``link_previews`` table; each `get` and `put` is one short transaction.

    Args:
        sessions: The application's session factory.
        clock: The current aware time (tests pass a fake one).
        purge_every: Delete expired rows after this many stores (0: never).
    """

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        purge_every: int = PURGE_EVERY,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._purge_every = purge_every
        self._stores = 0

    async def get(self, key: str) -> CachedFetch | None:
        """The unexpired result for ``key``, or None (also when the stored row cannot be read)."""
        async with self._sessions() as session:
            row = await link_previews.get_fresh(session, url_key(key), now=self._clock())
        if row is None:
            return None
        try:
            return CachedFetch(FetchResult.from_dict(row.result), row.expires_at)
        except (KeyError, TypeError, ValueError):
            log.warning("unreadable cached preview of %s: fetching it again", key)
            return None

    async def put(self, key: str, result: FetchResult, ttl: dt.timedelta) -> None:
        """Store ``result`` under ``key`` for ``ttl``, replacing any earlier row."""
        now = self._clock()
        async with self._sessions() as session:
            await link_previews.put(session, url_key(key), key, result.to_dict(), fetched_at=now, expires_at=now + ttl)
            self._stores += 1
            if self._purge_every and self._stores % self._purge_every == 0:
                purged = await link_previews.delete_expired(session, now=now)
                log.debug("deleted %d expired link previews", purged)
            await session.commit()
