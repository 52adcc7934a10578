"""ClaimReview feed subscriptions (``KNOWLEDGE_FEEDS``): polled, judged, swapped into the running knowledge.

The runner calls `enter_feeds`; ``python -m bot kb feeds`` reads the states `FeedStore` keeps.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

from bot.db.engine import SessionFactory
from bot.feeds.config import FeedConfig
from bot.feeds.fetch import FeedFetcher, FeedResponse
from bot.feeds.poller import FeedPoller
from bot.feeds.state import FeedState
from bot.feeds.store import FeedStore
from bot.feeds.versions import FeedVersion, RefusedVersion, read_version
from bot.metrics import Metrics
from bot.services.knowledge import KnowledgeHolder
from bot.settings import Settings

__all__ = [
    "FeedConfig",
    "FeedFetcher",
    "FeedPoller",
    "FeedResponse",
    "FeedState",
    "FeedStore",
    "FeedVersion",
    "RefusedVersion",
    "enter_feeds",
    "read_version",
]


async def enter_feeds(
    stack: AsyncExitStack,
    settings: Settings,
    holder: KnowledgeHolder,
    sessions: SessionFactory,
    *,
    metrics: Metrics | None = None,
) -> FeedPoller | None:
    """In the background until ``stack`` closes: restore the feeds' stored versions, then poll them.

    None when ``KNOWLEDGE_FEEDS`` is empty.
    """
    config = FeedConfig.from_settings(settings)
    if not config.urls:
        return None
    fetcher = await stack.enter_async_context(FeedFetcher(config.fetch_policy(), config.hosts))
    poller = FeedPoller(config, holder, fetcher, store=FeedStore(sessions), metrics=metrics)
    return await stack.enter_async_context(poller)
