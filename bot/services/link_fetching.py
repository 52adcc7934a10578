"""The link fetcher built from the settings, for whoever owns it: the runner, the console, the CLI.

Use ``async with open_link_previews(settings, cache, metrics=metrics) as previews:`` (or `enter_link_previews`
with an exit stack) and pass ``previews`` to `Services.build`; the HTTP session is closed when the block ends.
The cache comes built: the runners pass a `bot.links.db_cache.DatabaseLinkCache` over their session factory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from aiohttp.abc import AbstractResolver

from bot.links import FetchPolicy, FetchResult, LinkCache, LinkFetcher, LinkPreviewService
from bot.metrics import Metrics
from bot.settings import Settings


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The fetcher's limits from ``LINK_FETCH_*``; everything else keeps `FetchPolicy`'s defaults."""
    return FetchPolicy(
        allowed_networks=tuple(settings.link_fetch_allowed_networks),
        total_timeout=settings.link_fetch_timeout,
        connect_timeout=min(FetchPolicy().connect_timeout, settings.link_fetch_timeout),
        max_bytes=settings.link_fetch_max_bytes,
    )


def fetch_outcome(result: FetchResult) -> str:
    """The ``outcome`` label of ``link_fetches_total``: ``ok`` or the failure's code (e.g. ``refused-address``)."""
    return "ok" if result.error is None else result.error.value


class CountingLinkFetcher(LinkFetcher):
    """A `LinkFetcher` that counts each fetch it makes in ``link_fetches_total{outcome}`` (cache hits are not fetches).

    Args:
        policy: Limits and the address allowlist.
        metrics: Where to count; None counts nothing.
        resolver: The underlying DNS resolver (tests pass a stub).
    """

    def __init__(
        self, policy: FetchPolicy, *, metrics: Metrics | None = None, resolver: AbstractResolver | None = None
    ) -> None:
        super().__init__(policy, resolver=resolver)
        self._metrics = metrics

    async def fetch(self, url: str) -> FetchResult:
        """Fetch ``url`` (see `LinkFetcher.fetch`) and count the outcome."""
        result = await super().fetch(url)
        if self._metrics is not None:
            self._metrics.link_fetches.labels(outcome=fetch_outcome(result)).inc()
        return result


@asynccontextmanager
async def open_link_previews(
    settings: Settings,
    cache: LinkCache,
    *,
    metrics: Metrics | None = None,
    resolver: AbstractResolver | None = None,
) -> AsyncIterator[LinkPreviewService]:
    """A `LinkPreviewService` on a fetcher built from the settings; in-flight fetches and the session end with it."""
    async with CountingLinkFetcher(fetch_policy(settings), metrics=metrics, resolver=resolver) as fetcher:
        previews = LinkPreviewService(fetcher, cache)
        try:
            yield previews
        finally:
            await previews.close()


async def enter_link_previews(
    stack: AsyncExitStack, settings: Settings, cache: LinkCache, *, metrics: Metrics | None = None
) -> LinkPreviewService | None:
    """Previews kept in ``cache``, closed with ``stack``; None when ``LINK_FETCHING`` is off."""
    if not settings.link_fetching:
        return None
    return await stack.enter_async_context(open_link_previews(settings, cache, metrics=metrics))
