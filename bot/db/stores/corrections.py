"""Corrections of past answers for the services: claims' kept records, and the queue of edits.

`bot.services.corrections` sees changes and drains the queue through it; a review decision retracts an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import corrections as repo
from bot.domain import CorrectionStatus, DueAnswer, LoggedCorrection, QueuedEdit, StoredRecord


class CorrectionStore:
    """`bot.db.repositories.corrections` bound to a session; the calls that say they commit commit the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # Claim records -------------------------------------------------------------------------------------------

    async def answered_claims(self, since: dt.datetime) -> list[tuple[str, str]]:
        """(incident id, claim id) of every claim answered (and still shown) since ``since``."""
        return await repo.answered_claims(self._session, since)

    async def stored_records(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], StoredRecord]:
        """The kept records of these claims (those that have one)."""
        return await repo.stored_records(self._session, keys)

    async def keep_record(
        self,
        key: tuple[str, str],
        record: dict[str, object],
        fingerprint: str,
        *,
        version: int,
        now: dt.datetime,
        replace: bool,
    ) -> None:
        """Keep a claim's record (``replace``: over the one kept; else only if none is)."""
        await repo.keep_record(self._session, key, record, fingerprint, version=version, now=now, replace=replace)

    async def forget_records_except(self, keys: Iterable[tuple[str, str]]) -> None:
        """Forget the records of claims no longer answered within the window (kept: ``keys``)."""
        await repo.forget_records_except(self._session, keys)

    # Queuing -------------------------------------------------------------------------------------------------

    async def queue_change(
        self,
        key: tuple[str, str],
        change_key: str,
        note: str,
        *,
        since: dt.datetime,
        until: dt.datetime,
        now: dt.datetime,
    ) -> int:
        """Queue an edit of the claim's answers sent between two times in servers with corrections on; how many."""
        return await repo.queue_change(self._session, key, change_key, note, since=since, until=until, now=now)

    async def enabled_in(self, guild_id: str) -> bool:
        """Whether the server has corrections on (the default)."""
        return await repo.enabled_in(self._session, guild_id)

    async def retract(self, answer_id: int, *, now: dt.datetime) -> bool:
        """Mark a sent answer retracted and queue the edit saying so; False when it is not a sent answer."""
        return await repo.retract(self._session, answer_id, now=now)

    # Draining ------------------------------------------------------------------------------------------------

    async def due_answers(
        self, platforms: Sequence[str], *, now: dt.datetime, after: int = 0, limit: int = 100
    ) -> list[DueAnswer]:
        """Answers of these platforms with pending edits nobody holds, oldest change first (after edit ``after``)."""
        return await repo.due_answers(self._session, platforms, now=now, after=after, limit=limit)

    async def claim(self, answer_id: int, *, now: dt.datetime, lease: dt.timedelta) -> list[QueuedEdit]:
        """Hold the answer's pending edits for ``lease`` (none when another process holds them); commits."""
        return await repo.claim(self._session, answer_id, now=now, lease=lease)

    async def history(self, answer_id: int) -> list[QueuedEdit]:
        """The answer's edits already made, oldest first."""
        return await repo.history(self._session, answer_id)

    async def finish(self, ids: Sequence[int], status: CorrectionStatus, *, now: dt.datetime) -> None:
        """Close edits (done, gone, off); commits."""
        await repo.finish(self._session, ids, status, now=now)

    async def release(self, ids: Sequence[int], *, now: dt.datetime) -> int:
        """An edit attempt failed: free the edits for a later try, or give them up; commits. How many given up."""
        return await repo.release(self._session, ids, now=now)

    # Reading -------------------------------------------------------------------------------------------------

    async def recent(self, guild_id: str, *, limit: int = 10) -> list[LoggedCorrection]:
        """The server's latest corrections, newest first."""
        return await repo.recent(self._session, guild_id, limit=limit)
