"""The entry point the application calls: cached, de-duplicated link previews."""

import asyncio
import logging

from bot.links.cache import LinkCache
from bot.links.fetcher import LinkFetcher
from bot.links.result import FetchResult

log = logging.getLogger(__name__)


class LinkPreviewService:
    """Previews links through a cache, fetching each uncached link once however often it is asked for.

    Concurrent requests for the same key share one in-flight lookup (single-flight). Successes are cached
    for `policy.success_ttl`, failures for `policy.failure_ttl`. A broken cache is logged and bypassed.

    Args:
        fetcher: The fetcher; the caller owns and closes it.
        cache: Where results are kept.
    """

    def __init__(self, fetcher: LinkFetcher, cache: LinkCache) -> None:
        self._fetcher = fetcher
        self._cache = cache
        self._in_flight: dict[str, asyncio.Task[FetchResult]] = {}

    async def preview(self, url: str, *, key: str | None = None) -> FetchResult:
        """Return the (possibly cached) fetch result for `url`.

        Args:
            url: The link as posted.
            key: The canonical form of the link to cache under; `url` itself if omitted.
        """
        cache_key = url if key is None else key
        task = self._in_flight.get(cache_key)
        if task is None:
            task = asyncio.create_task(self._load(cache_key, url), name=f"link-preview:{cache_key}")
            self._in_flight[cache_key] = task
            task.add_done_callback(lambda done: self._forget(cache_key, done))
        # Shielded: one caller giving up must not cancel the fetch the others wait for.
        return await asyncio.shield(task)

    async def close(self) -> None:
        """Cancel in-flight lookups and wait for them to finish."""
        tasks = list(self._in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _load(self, key: str, url: str) -> FetchResult:
        try:
            cached = await self._cache.get(key)
        except Exception:
            log.exception("link cache lookup failed for %s", key)
            cached = None
        if cached is not None:
            return cached.result
        result = await self._fetcher.fetch(url)
        policy = self._fetcher.policy
        ttl = policy.success_ttl if result.ok else policy.failure_ttl
        try:
            await self._cache.put(key, result, ttl)
        except Exception:
            log.exception("link cache store failed for %s", key)
        return result

    def _forget(self, key: str, task: asyncio.Task[FetchResult]) -> None:
        if self._in_flight.get(key) is task:
            del self._in_flight[key]
