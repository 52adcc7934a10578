"""Polling the subscribed ClaimReview feeds and swapping their new versions into the running knowledge.

Each round polls every feed once, one after the other, then sleeps ``interval``. A poll sends the validators of
the version in use; a 304 or the same body changes nothing; a new body is read and judged (`read_version`,
`check_shrink`) in a worker thread, and only a good one is swapped in (`KnowledgeHolder.set_feed`) and stored.
Anything else (the host is down, an HTTP error, a refused address, a broken or huge version) leaves the last
good version in use, records the error, and after ``stale_after`` without a good answer the feed is stale.

Stored versions are swapped in first (`restore`), so a feed that is down when the bot starts still answers; this
runs in the background with the polls, so the bot logs in and answers from its files meanwhile.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.background import BackgroundTask
from bot.building import in_background
from bot.db.types import utcnow
from bot.feeds.config import FeedConfig
from bot.feeds.fetch import FeedFetcher, FeedResponse
from bot.feeds.state import FeedState
from bot.feeds.store import FeedStore, StoredVersion
from bot.feeds.versions import FeedVersion, RefusedVersion, check_shrink, read_version
from bot.metrics import Metrics
from bot.services.knowledge import KnowledgeHolder

log = logging.getLogger(__name__)

CHANGED, UNCHANGED, NOT_MODIFIED, REFUSED, FAILED = "changed", "unchanged", "not-modified", "refused", "failed"


class FeedPoller(BackgroundTask):
    """Keeps each feed's last good version in the knowledge; ``async with`` restores, polls, and stops.

    Args:
        config: The feeds and limits.
        holder: The running knowledge.
        fetcher: The address-safe fetcher (the caller closes it).
        store: Where states and versions persist; None keeps them in memory only (tests).
        metrics: Where polls and changes are counted.
        clock: The current time.
    """

    task_name = "knowledge-feeds"

    def __init__(
        self,
        config: FeedConfig,
        holder: KnowledgeHolder,
        fetcher: FeedFetcher,
        *,
        store: FeedStore | None = None,
        metrics: Metrics | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.config = config
        self._holder = holder
        self._fetcher = fetcher
        self._store = store
        self._metrics = metrics
        self._clock = clock
        now = clock()
        self._states = {url: FeedState(url, since=now) for url in config.urls}
        self._hashes: dict[str, str] = {}
        self._refused: dict[str, str] = {}
        self.rounds = 0
        """Rounds of polls completed (tests wait on it)."""

    async def _run(self) -> None:
        try:
            await self.restore()
        except Exception:  # the polls must start whatever happened to the stored versions
            log.exception("feeds: restoring the stored versions failed")
        await self.run()

    @property
    def states(self) -> list[FeedState]:
        """Each feed's state, in the operator's order."""
        return [self._states[url] for url in self.config.urls]

    def stale_feeds(self) -> list[str]:
        """The feeds without a good answer for longer than ``stale_after``."""
        now = self._clock()
        stale = [state.url for state in self.states if state.stale(now, self.config.stale_after)]
        if self._metrics is not None:
            self._metrics.feeds_stale.set(len(stale))
        return stale

    async def restore(self) -> None:
        """Swap in the feeds' stored last good versions (one matcher build) and take their stored states."""
        if self._store is None:
            return
        try:
            stored = {state.url: state for state in await self._store.states()}
        except (OSError, SQLAlchemyError) as error:
            log.warning("feed states could not be read, starting without them: %s", error)
            return
        versions: dict[str, FeedVersion] = {}
        for url in self.config.urls:
            if url in stored:
                self._states[url] = dataclasses.replace(stored[url], since=self._states[url].since)
                if (version := await self._stored_version(url)) is not None:
                    versions[url] = version
        if versions:
            incidents = {url: version.incidents for url, version in versions.items()}
            await asyncio.to_thread(in_background, self._holder.set_feeds, incidents)
            log.info("feeds: restored %d reviews from the database", sum(v.reviews for v in versions.values()))

    async def _stored_version(self, url: str) -> FeedVersion | None:
        """A feed's stored last good version, read again (None when there is none or it cannot be used)."""
        try:
            stored = await self._store.version(url) if self._store else None
        except (OSError, SQLAlchemyError) as error:
            log.warning("feed %s: stored version could not be read: %s", url, error)
            return None
        if stored is None:
            return None
        try:
            version = await asyncio.to_thread(in_background, read_version, url, stored.body, jsonl=stored.jsonl)
        except RefusedVersion as refusal:
            log.warning("feed %s: stored version not usable: %s", url, refusal)
            return None
        self._hashes[url] = await asyncio.to_thread(_sha256, stored.body)
        return version

    async def run(self) -> None:
        """Poll every feed, sleep ``interval``, and again, until cancelled."""
        while True:
            await self.poll_all()
            await asyncio.sleep(self.config.interval)

    async def poll_all(self) -> None:
        """Poll each feed once, in order."""
        for url in self.config.urls:
            try:
                await self.poll(url)
            except Exception:  # one feed's bug must not stop the others
                log.exception("feed %s: poll failed unexpectedly", url)
        self.rounds += 1

    async def poll(self, url: str) -> str:
        """Poll one feed; the outcome: ``changed``, ``unchanged``, ``not-modified``, ``refused`` or ``failed``.

        The validators are sent only while a version of the feed is in use: a 304 must have something to keep.
        """
        state = self._states[url]
        now = self._clock()
        in_use = url in self._hashes
        response = await self._fetcher.fetch(
            url, etag=state.etag if in_use else None, last_modified=state.last_modified if in_use else None
        )
        digest = await asyncio.to_thread(_sha256, response.body) if response.body is not None else None
        if response.error is not None or (response.body is None and not response.not_modified):
            outcome, state = FAILED, dataclasses.replace(state, checked_at=now, error=response.error or "no body")
        elif digest is not None and self._refused.get(url) == digest:  # judged already: not read again
            outcome, state = REFUSED, dataclasses.replace(state, checked_at=now)
        elif response.not_modified or self._hashes.get(url) == digest:
            outcome = NOT_MODIFIED if response.not_modified else UNCHANGED
            state = dataclasses.replace(
                state, checked_at=now, succeeded_at=now, error=None, **_validators(response, state)
            )
        else:
            return await self._new_body(url, response, now, str(digest))
        await self._record(state, outcome)
        return outcome

    async def _new_body(self, url: str, response: FeedResponse, now: dt.datetime, digest: str) -> str:
        state = self._states[url]
        body = response.body or b""
        try:
            read = functools.partial(read_version, url, body, content_type=response.content_type)
            version = await asyncio.to_thread(in_background, read)
            check_shrink(version, state.reviews, self.config.max_shrink)
        except RefusedVersion as refusal:
            log.warning("feed %s: new version refused, the last good one stays: %s", url, refusal)
            self._refused[url] = digest
            await self._record(dataclasses.replace(state, checked_at=now, error=f"refused: {refusal}"), REFUSED)
            return REFUSED
        left_out = await asyncio.to_thread(in_background, self._holder.set_feed, url, version.incidents)
        self._hashes[url] = digest
        state = dataclasses.replace(
            state,
            checked_at=now,
            succeeded_at=now,
            changed_at=now,
            reviews=version.reviews,
            problems=len(version.errors) + len(left_out),
            error=None,
            **_validators(response, state),
        )
        log.info("feed %s: new version swapped in, %d reviews", url, version.reviews)
        await self._record(state, CHANGED, StoredVersion(body, version.jsonl))
        return CHANGED

    async def _record(self, state: FeedState, outcome: str, version: StoredVersion | None = None) -> None:
        self._states[state.url] = state
        if self._metrics is not None:
            self._metrics.feed_polls.labels(outcome=outcome).inc()
            if outcome == CHANGED:
                self._metrics.feed_changes.inc()
        if self._store is None:
            return
        try:
            await self._store.save(state, version)
        except (OSError, SQLAlchemyError) as error:  # the database may be away: the knowledge is in memory
            log.warning("feed %s: state not stored: %s", state.url, error)


def _validators(response: FeedResponse, state: FeedState) -> dict[str, str | None]:
    if response.not_modified:
        return {"etag": response.etag or state.etag, "last_modified": response.last_modified or state.last_modified}
    return {"etag": response.etag, "last_modified": response.last_modified}


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
