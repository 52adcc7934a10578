"""Platform event ids already handled, and a server's activity over time, for the services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import activity, seen_events


class SeenEventStore:
    """`bot.db.repositories.seen_events` bound to a session (each call commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_sighting(self, platform: str, event_id: str, *, now: dt.datetime) -> bool:
        """Record the event id; True when it was not recorded before."""
        return await seen_events.first_sighting(self._session, platform, event_id, now=now)

    async def forget_before(self, before: dt.datetime) -> int:
        """Delete the ids seen before ``before``; how many."""
        return await seen_events.forget_before(self._session, before)


class ActivityStore:
    """`bot.db.repositories.activity` bound to a session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def answer_times(self, guild_id: str, since: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """(incident, time) of each answer posted in the server since a time."""
        return await activity.answer_times(self._session, guild_id, since)

    async def report_times(self, guild_id: str, since: dt.datetime) -> list[tuple[str | None, dt.datetime]]:
        """(incident or None, time) of each report in the server since a time."""
        return await activity.report_times(self._session, guild_id, since)
