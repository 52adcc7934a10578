"""Which platform events were already handled: a platform may deliver one event more than once (Slack retries).

`EventLedger.first_time` records an event id in the database (shared by every process) and in memory; while the
database is unavailable the memory alone answers, so a redelivery to this process is still dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable

from bot.db.errors import is_database_unavailable
from bot.db.storage import StorageSource, Transaction, storage_of
from bot.db.types import utcnow

log = logging.getLogger(__name__)

KEEP = dt.timedelta(days=1)
"""How long an event id is remembered (Slack retries within minutes)."""
MEMORY = 10_000
"""Event ids remembered in this process."""
PRUNE_EVERY = 1_000
"""Forget old ids every this many new ones."""


class EventLedger:
    """Remembers handled event ids per platform."""

    def __init__(self, storage: StorageSource, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._storage = storage_of(storage)
        self._clock = clock
        self._recent: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._since_prune = 0

    def seen_here(self, platform: str, event_id: str) -> bool:
        """Whether this process has the event already (handled, or being handled); never waits."""
        return (platform, event_id) in self._recent

    async def first_time(self, platform: str, event_id: str) -> bool:
        """Record the event; False when it was handled before (here or by another process).

        Not bounded by a timeout on purpose: cancelling a database call half-way can leave its connection stuck,
        so call it after acknowledging the event to the platform, not before.
        """
        key = (platform, event_id)
        if key in self._recent:
            return False
        self._remember(key)
        try:
            async with self._storage.transaction() as tx:
                first = await tx.seen_events.first_sighting(platform, event_id, now=self._clock())
                await self._maybe_prune(tx)
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            log.warning("database unavailable: event %s deduplicated in this process only", event_id)
            return True
        return first

    def _remember(self, key: tuple[str, str]) -> None:
        self._recent[key] = None
        while len(self._recent) > MEMORY:
            self._recent.popitem(last=False)

    async def _maybe_prune(self, tx: Transaction) -> None:
        self._since_prune += 1
        if self._since_prune < PRUNE_EVERY:
            return
        self._since_prune = 0
        forgotten = await tx.seen_events.forget_before(self._clock() - KEEP)
        log.debug("forgot %d event ids", forgotten)
