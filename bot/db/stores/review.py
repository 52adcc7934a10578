"""The review queue's rows for the services: items, reporters, decisions and what they teach."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReviewItem
from bot.db.repositories import review as repo
from bot.db.repositories.review import Closing, NewItem
from bot.db.stores.answers import answer_record
from bot.domain import AnswerRecord, DecisionRecord, ReportRecord, ReviewItemRecord

_ITEM_FIELDS = tuple(field.name for field in dataclasses.fields(ReviewItemRecord))


def item_record(row: ReviewItem) -> ReviewItemRecord:
    """The record of an item row."""
    values = {name: getattr(row, name) for name in _ITEM_FIELDS}
    values["candidates"] = tuple(row.candidates or ())
    return ReviewItemRecord(**values)


def _records(rows: Sequence[ReviewItem]) -> list[ReviewItemRecord]:
    return [item_record(row) for row in rows]


class ReviewStore:
    """`bot.db.repositories.review` bound to a session, with records in and out."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # Intake --------------------------------------------------------------------------------------------------

    async def open_item(self, new: NewItem, *, now: dt.datetime) -> tuple[int, bool]:
        """The server's pending item with this dedupe key, created if missing; (id, created)."""
        return await repo.open_item(self._session, new, now=now)

    async def add_reporter(
        self,
        item_id: int,
        user_id: str,
        channel_id: str,
        *,
        message_id: str | None = None,
        note: str | None = None,
        now: dt.datetime,
    ) -> bool:
        """Count someone among the item's reporters once; True when they are new."""
        return await repo.add_reporter(
            self._session, item_id, user_id, channel_id, message_id=message_id, note=note, now=now
        )

    async def answer_by_message(
        self, answer_message_id: str, *, guild_id: str | None = None, channel_id: str | None = None
    ) -> AnswerRecord | None:
        """The answer the bot posted as this message (in that server and channel or thread, when given)."""
        row = await repo.answer_by_message(self._session, answer_message_id, guild_id=guild_id, channel_id=channel_id)
        return answer_record(row) if row is not None else None

    async def set_excerpt(self, item_id: int, excerpt: str, author_id: str | None) -> None:
        """Fill in the excerpt of an item that had none (not once its message was deleted); commits."""
        await repo.set_excerpt(self._session, item_id, excerpt, author_id)

    async def forget_message(self, channel_id: str, message_id: str, *, now: dt.datetime) -> list[int]:
        """A member deleted a message: its items keep only ids; returns them. Commits."""
        return await repo.forget_message(self._session, channel_id, message_id, now=now)

    # Reading -------------------------------------------------------------------------------------------------

    async def get(self, item_id: int) -> ReviewItemRecord | None:
        """The item, read afresh."""
        row = await repo.get_item(self._session, item_id)
        return item_record(row) if row is not None else None

    async def item_in(self, guild_id: str, item_id: int) -> ReviewItemRecord | None:
        """The server's item with this id, read afresh; None for another server's."""
        row = await repo.item_in(self._session, guild_id, item_id)
        return item_record(row) if row is not None else None

    async def reports_of(self, item_id: int, limit: int) -> list[ReportRecord]:
        """The item's first reports, those with a note first."""
        rows = await repo.reports_of(self._session, item_id, limit)
        return [ReportRecord(row.user_id, row.channel_id, row.note) for row in rows]

    async def channel_count(self, item_id: int) -> int:
        """In how many channels the item was reported or seen."""
        return await repo.channel_count(self._session, item_id)

    async def pending_page(self, guild_id: str, *, offset: int, limit: int) -> list[ReviewItemRecord]:
        """A page of the server's pending items, most reported first."""
        return _records(await repo.pending_page(self._session, guild_id, offset=offset, limit=limit))

    async def count_pending(self, guild_id: str) -> int:
        """The server's open items."""
        return await repo.count_pending(self._session, guild_id)

    async def count_decisions(self, guild_id: str) -> int:
        """The length of the server's audit log."""
        return await repo.count_decisions(self._session, guild_id)

    async def decisions_page(self, guild_id: str, *, offset: int, limit: int) -> list[DecisionRecord]:
        """A page of the server's audit log, newest first."""
        rows = await repo.decisions_page(self._session, guild_id, offset=offset, limit=limit)
        return [
            DecisionRecord(row.item_id, row.moderator_id, row.action, row.state, row.incident_id, row.created_at)
            for row in rows
        ]

    # Decisions -----------------------------------------------------------------------------------------------

    async def close(self, item: ReviewItemRecord, closing: Closing, *, now: dt.datetime) -> bool:
        """Decide a pending item and log it; False when someone else decided it first."""
        return await repo.close_item(self._session, item, closing, now=now)  # type: ignore[arg-type]

    async def learn_link(
        self,
        guild_id: str,
        url: str,
        url_key: str,
        incident_id: str,
        claim_id: str,
        *,
        moderator_id: str,
        now: dt.datetime,
    ) -> None:
        """Record (or replace) what a link is a post of in the server."""
        await repo.learn_link(
            self._session, guild_id, url, url_key, incident_id, claim_id, moderator_id=moderator_id, now=now
        )

    async def forget_link(self, guild_id: str, url_key: str, incident_id: str) -> None:
        """Drop the server's learned link if it points at this incident."""
        await repo.forget_link(self._session, guild_id, url_key, incident_id)

    async def suppress(
        self,
        guild_id: str,
        subject_key: str,
        incident_id: str,
        *,
        link: str | None,
        moderator_id: str,
        now: dt.datetime,
    ) -> None:
        """Never suggest the incident for this link or phrase in the server again."""
        await repo.suppress(
            self._session, guild_id, subject_key, incident_id, link=link, moderator_id=moderator_id, now=now
        )

    async def unsuppress(self, guild_id: str, subject_key: str, incident_id: str) -> None:
        """Lift a suppression."""
        await repo.unsuppress(self._session, guild_id, subject_key, incident_id)

    async def retract_answer(self, answer_id: int, *, now: dt.datetime) -> tuple[str, str] | None:
        """Mark a sent answer deleted; its (channel id, message id) to delete."""
        return await repo.retract_answer(self._session, answer_id, now=now)  # type: ignore[return-value]

    async def retracted_answer(self, answer_id: int) -> tuple[str, str] | None:
        """The (channel id, message id) of an answer a retraction marked deleted."""
        return await repo.retracted_answer(self._session, answer_id)  # type: ignore[return-value]

    async def approved_unanswered(self) -> list[ReviewItemRecord]:
        """Approved items whose reserved answer was never recorded as posted."""
        return _records(await repo.approved_unanswered(self._session))

    async def expire_before(self, before: dt.datetime, *, now: dt.datetime) -> list[int]:
        """Expire pending items not seen since ``before``; their ids. Commits."""
        return await repo.expire_before(self._session, before, now=now)

    # Learning ------------------------------------------------------------------------------------------------

    async def learned_links_of(self, guild_id: str) -> dict[str, tuple[str, str]]:
        """The server's learned links: canonical url -> (incident, claim)."""
        return await repo.learned_links_of(self._session, guild_id)

    async def suppressions_of(self, guild_id: str) -> dict[str, set[str]]:
        """The server's suppressions: subject key -> incidents."""
        return await repo.suppressions_of(self._session, guild_id)

    async def learned_links_everywhere(self) -> list[tuple[str, str, str, int]]:
        """Every learned (url, incident, claim) with the number of servers that learned it."""
        return await repo.learned_links_everywhere(self._session)

    # Statistics ----------------------------------------------------------------------------------------------

    async def items_by_state(self) -> dict[str, int]:
        """Review items in every server, by state."""
        return await repo.items_by_state(self._session)

    async def decisions_by_state(self, guild_id: str, since: dt.datetime) -> dict[str, int]:
        """Decisions made in the server since a time, by outcome."""
        return await repo.decisions_by_state(self._session, guild_id, since)

    async def most_reported(
        self, guild_id: str, since: dt.datetime, *, by_link: bool, limit: int
    ) -> Sequence[tuple[str, int]]:
        """The incidents (or links) most reported in the server since a time."""
        return await repo.most_reported(self._session, guild_id, since, by_link=by_link, limit=limit)
