"""Reading the review queue: one item, the pending items, the audit log, statistics, and claim search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.db.storage import Storage
from bot.domain import ReviewState
from bot.services.review_types import (
    AuditEntry,
    Candidate,
    Page,
    ReviewItemView,
    ReviewPolicy,
    ReviewStats,
    StatsWindow,
)
from bot.services.review_views import ViewBuilder

STATS_WINDOWS = (7, 30)
Readable = Callable[[str], bool]
"""Channel id -> whether the viewer may read that channel."""


class ReviewReading:
    """The reading half of `ReviewService`."""

    _storage: Storage
    _clock: Callable[[], dt.datetime]
    _views: ViewBuilder
    policy: ReviewPolicy

    async def item(self, item_id: int, *, guild_id: str, can_read: Readable | None = None) -> ReviewItemView | None:
        """One of the server's items, as its embed shows it; None for another server's (or an unknown) id.

        With ``can_read`` (channel id -> whether the viewer may read it), the text of a message in a channel the
        viewer cannot read is left out (see `ReviewItemView.seen_by`).
        """
        async with self._storage.transaction() as tx:
            item = await tx.review.item_in(guild_id, item_id)
            view = await self._views.build(tx, item) if item is not None else None
        return view.seen_by(can_read) if view is not None else None

    async def queue(
        self, guild_id: str, page: int = 1, *, per_page: int = 5, can_read: Readable | None = None
    ) -> Page[ReviewItemView]:
        """The server's pending items, most reported first (``can_read`` as in `item`)."""
        async with self._storage.transaction() as tx:
            total = await tx.review.count_pending(guild_id)
            number, pages = _clamp(page, total, per_page)
            rows = await tx.review.pending_page(guild_id, offset=(number - 1) * per_page, limit=per_page)
            views = tuple([(await self._views.build(tx, row, with_reports=False)).seen_by(can_read) for row in rows])
        return Page(views, number, pages, total)

    async def log(self, guild_id: str, page: int = 1, *, per_page: int = 10) -> Page[AuditEntry]:
        """The server's decisions, newest first."""
        async with self._storage.transaction() as tx:
            total = await tx.review.count_decisions(guild_id)
            number, pages = _clamp(page, total, per_page)
            rows = await tx.review.decisions_page(guild_id, offset=(number - 1) * per_page, limit=per_page)
        entries = tuple(
            AuditEntry(
                item_id=row.item_id,
                moderator_id=row.moderator_id,
                action=row.action,
                state=ReviewState(row.state),
                incident_id=row.incident_id,
                incident_title=self._views.incident_title(row.incident_id),
                created_at=row.created_at,
            )
            for row in rows
        )
        return Page(entries, number, pages, total)

    async def stats(self, guild_id: str, *, top: int = 5) -> ReviewStats:
        """Open items; decisions by outcome and the most reported incidents and links over 7 and 30 days."""
        now = self._clock()
        windows = []
        async with self._storage.transaction() as tx:
            open_items = await tx.review.count_pending(guild_id)
            for days in STATS_WINDOWS:
                since = now - dt.timedelta(days=days)
                decisions = await tx.review.decisions_by_state(guild_id, since)
                incidents = await tx.review.most_reported(guild_id, since, by_link=False, limit=top)
                links = await tx.review.most_reported(guild_id, since, by_link=True, limit=top)
                titled = tuple((key, self._views.incident_title(key) or key, count) for key, count in incidents)
                windows.append(StatsWindow(days, decisions, titled, tuple(links)))
        return ReviewStats(open_items, tuple(windows))

    async def counts_by_state(self) -> dict[ReviewState, int]:
        """Items in every server by state, each state present (for the ``review_items`` gauge)."""
        async with self._storage.transaction() as tx:
            found = await tx.review.items_by_state()
        return {state: found.get(state.value, 0) for state in ReviewState}

    def search(self, text: str, *, limit: int = 25) -> list[Candidate]:
        """Claims matching a moderator's search: the matcher's candidates, then incidents whose title matches."""
        return self._views.search(text, limit=limit)

    def resolve(self, ref: str) -> Candidate | None:
        """The claim a `Candidate.ref` stands for, if it is still in the knowledge base."""
        return self._views.resolve(ref)

    async def search_in(self, guild_id: str, text: str, *, limit: int = 25) -> list[Candidate]:
        """`search` in a server: its own (drafted) claims too."""
        return self._views.search(text, limit=limit, snapshot=await self._views.snapshot_of(guild_id))

    async def resolve_in(self, guild_id: str, ref: str) -> Candidate | None:
        """`resolve` in a server: its own (drafted) claims too."""
        return self._views.resolve(ref, (await self._views.snapshot_of(guild_id)).knowledge)


def _clamp(page: int, total: int, per_page: int) -> tuple[int, int]:
    pages = max(1, -(-total // per_page))
    return min(max(1, page), pages), pages
