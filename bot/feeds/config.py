"""What the feed poller needs from the settings: the feeds, how often, how long, how big, and where from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yarl import URL

from bot.links import FetchPolicy
from bot.links.policy import IPNetwork
from bot.settings import Settings

FEED_USER_AGENT = "MisinfoAlertBot/0.1 (+ClaimReview feed subscription)"


@dataclass(frozen=True)
class FeedConfig:
    """The feeds to poll and the limits of polling them.

    Attributes:
        urls: The feeds, in the operator's order (earlier feeds win id clashes).
        interval: Seconds between two polls of each feed.
        stale_after: How long without a good answer before a feed is reported stale.
        timeout: Seconds for one whole fetch, redirects included.
        max_bytes: Body bytes read; a longer feed is refused, not cut.
        max_shrink: A new version that lost more than this fraction of the last good one's reviews is refused.
        allowed_networks: Non-public networks the named feed hosts (and only they) may be reached on.
    """

    urls: tuple[str, ...]
    interval: float = 900.0
    stale_after: dt.timedelta = dt.timedelta(days=2)
    timeout: float = 30.0
    max_bytes: int = 64 * 1024 * 1024
    max_shrink: float = 0.5
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedConfig:
        """From ``KNOWLEDGE_FEEDS`` and ``KNOWLEDGE_FEED_*``."""
        return cls(
            urls=tuple(settings.knowledge_feeds),
            interval=settings.knowledge_feed_interval,
            stale_after=dt.timedelta(seconds=settings.knowledge_feed_stale_after),
            timeout=settings.knowledge_feed_timeout,
            max_bytes=settings.knowledge_feed_max_bytes,
            max_shrink=settings.knowledge_feed_max_shrink,
            allowed_networks=tuple(settings.knowledge_feed_allowed_networks),
        )

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts the operator named in the feeds' URLs: the only ones ``allowed_networks`` applies to."""
        return frozenset(host.lower() for url in self.urls if (host := URL(url).raw_host))

    def fetch_policy(self) -> FetchPolicy:
        """The link fetcher's policy with the feed limits (and ``allowed_networks``, for the named hosts only)."""
        return FetchPolicy(
            allowed_networks=self.allowed_networks,
            total_timeout=self.timeout,
            connect_timeout=min(FetchPolicy().connect_timeout, self.timeout),
            max_bytes=self.max_bytes,
            user_agent=FEED_USER_AGENT,
            max_concurrency=4,
            max_per_host=1,
        )
