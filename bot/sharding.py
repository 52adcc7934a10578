"""Gateway shards: which ones this process runs, and the bot class that runs them.

Discord splits a bot's servers over shards by ``(guild_id >> 22) % shard_count`` and requires sharding from 2,500
servers. ``SHARD_COUNT`` unset: one unsharded connection (as a small bot needs). ``SHARD_COUNT=auto``: this
process runs every shard Discord recommends (``GET /gateway/bot``). ``SHARD_COUNT=N``: N shards in all, of which
this process runs ``SHARD_IDS`` (every one when unset); several processes then each run some of them, sharing one
PostgreSQL, which keeps every cross-process guarantee (one answer per message, shared cooldowns...).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from discord.ext import commands

from bot.client import AlertBot
from bot.metrics import Metrics
from bot.services.container import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

IDENTIFY_INTERVAL = 5.0
"""Discord allows one IDENTIFY per rate-limit bucket (``shard_id % max_concurrency``) every 5 seconds."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a server's events."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class ShardPlan:
    """The shards of this process: ``count`` None asks Discord; ``ids`` None runs all of them."""

    count: int | None
    ids: tuple[int, ...] | None

    @classmethod
    def of(cls, settings: Settings) -> ShardPlan | None:
        """The plan the settings ask for; None for one unsharded connection."""
        if settings.shard_count is None:
            return None
        if settings.shard_count == "auto":
            return cls(None, None)
        return cls(settings.shard_count, settings.shard_ids or None)

    def options(self) -> dict[str, Any]:
        """Keyword arguments of discord.py's `AutoShardedClient`."""
        return {"shard_count": self.count, "shard_ids": list(self.ids) if self.ids is not None else None}

    def describe(self) -> str:
        """``shards 0, 1 of 4`` / ``every shard Discord recommends``."""
        if self.count is None:
            return "every shard Discord recommends"
        ids = self.ids if self.ids is not None else range(self.count)
        return f"shards {', '.join(map(str, ids))} of {self.count}"


class IdentifyPacer:
    """Spaces IDENTIFYs as Discord requires: per bucket ``shard_id % max_concurrency``, one every 5 seconds.

    discord.py's default waits 5 s before every IDENTIFY but the first, whatever ``max_concurrency`` allows;
    this waits only when the same bucket identified less than `IDENTIFY_INTERVAL` ago (within this process).
    """

    def __init__(
        self,
        max_concurrency: Callable[[], Any],
        *,
        interval: float = IDENTIFY_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_concurrency = max_concurrency
        self._interval = interval
        self._monotonic = monotonic
        self._concurrency: int | None = None
        self._last: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, shard_id: int | None) -> None:
        """Return when this shard may IDENTIFY."""
        async with self._lock:
            if self._concurrency is None:
                self._concurrency = max(1, int(await self._max_concurrency()))
            bucket = (shard_id or 0) % self._concurrency
            last = self._last.get(bucket)
            if last is not None:
                delay = last + self._interval - self._monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            self._last[bucket] = self._monotonic()


class ShardedAlertBot(AlertBot, commands.AutoShardedBot):
    """`AlertBot` over several shards (discord.py's `AutoShardedBot`): one connection per shard of this process."""

    def __init__(self, settings: Settings, services: Services, **options: Any) -> None:
        super().__init__(settings, services, **options)
        self._pacer = IdentifyPacer(self._max_concurrency)

    async def _max_concurrency(self) -> int:
        return (await self.fetch_session_start_limits()).max_concurrency

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for this shard's IDENTIFY slot (see `IdentifyPacer`)."""
        await self._pacer.wait(shard_id)

    async def on_shard_ready(self, shard_id: int) -> None:
        """Log each shard as it becomes ready."""
        log.info("shard %d of %s ready", shard_id, self.shard_count)


def build_bot(settings: Settings, services: Services, *, metrics: Metrics, **options: Any) -> AlertBot:
    """The bot the settings ask for: `ShardedAlertBot` when ``SHARD_COUNT`` is set, else a plain `AlertBot`."""
    plan = ShardPlan.of(settings)
    if plan is None:
        return AlertBot(settings, services, metrics=metrics, **options)
    log.info("running %s", plan.describe())
    return ShardedAlertBot(settings, services, metrics=metrics, **plan.options(), **options)
