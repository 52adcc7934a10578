"""``/review stats``'s picture: answers and reports per day per incident over the last days, as a PNG chart."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.charts import Panel, daily_bars, day_range
from bot.db.storage import StorageSource, storage_of
from bot.db.types import utcnow
from bot.services.knowledge import KnowledgeHolder

DAYS = 30
NO_INCIDENT = ""
"""The series of reports no incident was suggested for."""
NO_INCIDENT_LABEL = "No incident suggested"


@dataclass(frozen=True)
class DailyActivity:
    """Per incident, the answers sent and the reports made on each day (UTC) of ``days``."""

    days: tuple[dt.date, ...]
    answers: dict[str, Counter[dt.date]]
    reports: dict[str, Counter[dt.date]]
    titles: dict[str, str]

    @property
    def empty(self) -> bool:
        """Whether nothing happened in the period."""
        return not self.answers and not self.reports


class ReviewActivity:
    """Reads a server's answers and reports per day and draws them."""

    def __init__(
        self, storage: StorageSource, holder: KnowledgeHolder, *, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._storage = storage_of(storage)
        self._holder = holder
        self._clock = clock

    async def last_days(self, guild_id: str, days: int = DAYS) -> DailyActivity:
        """The server's activity over the last ``days`` days, today (UTC) included."""
        today = self._clock().astimezone(dt.UTC).date()
        first = today - dt.timedelta(days=days - 1)
        since = dt.datetime.combine(first, dt.time(), dt.UTC)
        async with self._storage.transaction() as tx:
            answers = await tx.activity.answer_times(guild_id, since)
            reports = await tx.activity.report_times(guild_id, since)
        knowledge = self._holder.knowledge
        keys = {incident for incident, _at in [*answers, *reports]}
        titles = {key: knowledge.get(key).title for key in keys if key and key in knowledge}
        titles[NO_INCIDENT] = NO_INCIDENT_LABEL
        return DailyActivity(tuple(day_range(first, today)), _per_day(answers), _per_day(reports), titles)

    async def chart(self, guild_id: str, days: int = DAYS) -> bytes:
        """The PNG chart of `last_days` (drawn in a worker thread)."""
        found = await self.last_days(guild_id, days)
        return await asyncio.to_thread(activity_chart, found)


def activity_chart(found: DailyActivity) -> bytes:
    """Answers above, reports below, per day, stacked by incident (PNG)."""
    panels = [Panel("Answers posted", found.answers), Panel("Reports to moderators", found.reports)]
    title = f"Last {len(found.days)} days, per day (UTC)"
    return daily_bars(panels, found.days, found.titles, title=title)


def _per_day(rows: Iterable[tuple[str | None, dt.datetime]]) -> dict[str, Counter[dt.date]]:
    counts: dict[str, Counter[dt.date]] = {}
    for incident, at in rows:
        counts.setdefault(incident or NO_INCIDENT, Counter())[at.astimezone(dt.UTC).date()] += 1
    return counts
