"""Each feed's state as the poller keeps it and ``python -m bot kb feeds`` shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedState:
    """What is known about one feed.

    Attributes:
        url: The feed.
        etag: The ``ETag`` of the version in use (sent back as ``If-None-Match``).
        last_modified: Its ``Last-Modified`` (sent back as ``If-Modified-Since``).
        checked_at: The last poll.
        succeeded_at: The last poll answered with a good version or "not modified".
        changed_at: The last time a new version was swapped in.
        reviews: Reviews in the version in use.
        problems: Items left out of it (invalid items, ids another feed or a knowledge file already has).
        error: Why the last poll failed or was refused; None after a good one.
        since: When the poller started tracking the feed (the reference for staleness before any success).
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: dt.datetime | None = None
    succeeded_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None
    reviews: int = 0
    problems: int = 0
    error: str | None = None
    since: dt.datetime | None = None

    def stale(self, now: dt.datetime, after: dt.timedelta) -> bool:
        """No good answer for longer than ``after`` (since tracking began, when there never was one)."""
        reference = self.succeeded_at or self.since
        return reference is not None and now - reference > after

    def status(self, now: dt.datetime, after: dt.timedelta) -> str:
        """``ok``, ``failing`` (last poll failed, version still fresh), ``stale``, or ``never polled``."""
        if self.checked_at is None and self.succeeded_at is None:
            return "never polled"
        if self.stale(now, after):
            return "stale"
        return "failing" if self.error else "ok"
