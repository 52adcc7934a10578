"""What the bot keeps, and for how long (PRIVACY.md says it in words).

- Decided and expired review items lose the member's message excerpt and the reporters' notes ``RETENTION_DAYS``
  after the decision (`redact_decided_items`).
- A server that removes the bot is recorded (`record_departure`); ``GUILD_PURGE_GRACE_DAYS`` later everything about
  it is deleted (`purge_departed`), unless the bot was added back (`cancel_departure`). ``python -m bot data purge
  --guild ID`` deletes at once (`purge_guild`).
- Link previews are deleted once expired (`drop_expired_previews`).
- `RetentionLoop` runs the timed jobs hourly in the bot process.

`purge_guild` finds what belongs to a server from the schema itself: every table with a ``guild_id`` column, and
every table whose foreign key points at one of those; so a table added later is purged without being listed here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterable

from sqlalchemy import Table, delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.background import BackgroundTask
from bot.db.engine import SessionFactory
from bot.db.models import Base, GuildDeparture, LinkPreview, ReviewItem, ReviewReport, ReviewState
from bot.db.types import utcnow

log = logging.getLogger(__name__)

SWEEP_SECONDS = 3600.0
"""How often the bot process runs the timed jobs."""


async def redact_decided_items(sessions: SessionFactory, *, days: int, now: dt.datetime | None = None) -> int:
    """Blank the excerpts and notes of items decided (or expired) more than ``days`` ago; returns how many items."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    due = (
        select(ReviewItem.id)
        .where(ReviewItem.state != ReviewState.PENDING.value, ReviewItem.decided_at < cutoff)
        .where(ReviewItem.excerpt.is_not(None) | ReviewItem.id.in_(_items_with_notes()))
    )
    async with sessions() as session:
        ids = list(await session.scalars(due))
        if ids:
            await session.execute(update(ReviewItem).where(ReviewItem.id.in_(ids)).values(excerpt=None))
            await session.execute(update(ReviewReport).where(ReviewReport.item_id.in_(ids)).values(note=None))
            await session.commit()
    if ids:
        log.info("retention: blanked the excerpts and notes of %d review items decided before %s", len(ids), cutoff)
    return len(ids)


async def drop_expired_previews(sessions: SessionFactory, *, now: dt.datetime | None = None) -> int:
    """Delete the link previews past their expiry (they would be fetched again anyway); returns how many."""
    async with sessions() as session:
        result = await session.execute(delete(LinkPreview).where(LinkPreview.expires_at < (now or utcnow())))
        await session.commit()
    return result.rowcount or 0


def _items_with_notes() -> object:
    return select(ReviewReport.item_id).where(ReviewReport.note.is_not(None))


async def purge_guild(sessions: SessionFactory, guild_id: int) -> dict[str, int]:
    """Delete every row about the server, in one transaction; returns rows deleted per table (tables with any)."""
    deleted: dict[str, int] = {}
    async with sessions() as session:
        for table in reversed(Base.metadata.sorted_tables):  # children before their parents
            count = await _delete_guild_rows(session, table, guild_id)
            if count:
                deleted[table.name] = count
        await session.commit()
    log.info("purged guild %s: %s", guild_id, deleted or "nothing stored")
    return deleted


async def _delete_guild_rows(session: AsyncSession, table: Table, guild_id: int) -> int:
    if "guild_id" in table.c:
        result = await session.execute(delete(table).where(table.c.guild_id == guild_id))
        return result.rowcount or 0
    total = 0
    for key in table.foreign_keys:
        parent = key.column.table
        if "guild_id" in parent.c:
            owned = select(key.column).where(parent.c.guild_id == guild_id)
            result = await session.execute(delete(table).where(key.parent.in_(owned)))
            total += result.rowcount or 0
    return total


async def record_departure(
    sessions: SessionFactory, guild_id: int | str, *, grace_days: int, now: dt.datetime | None = None
) -> dt.datetime:
    """Note that the server removed the bot; returns when its data will be purged."""
    guild_id = str(guild_id)  # ids are stored as strings (bot.db.types.PlatformId)
    left_at = now or utcnow()
    purge_after = left_at + dt.timedelta(days=grace_days)
    async with sessions() as session:
        row = await session.get(GuildDeparture, guild_id)
        if row is None:
            session.add(GuildDeparture(guild_id=guild_id, left_at=left_at, purge_after=purge_after))
        else:
            row.left_at, row.purge_after = left_at, purge_after
        await session.commit()
    log.info("guild %s removed the bot: its data will be purged after %s", guild_id, purge_after)
    return purge_after


async def cancel_departures(sessions: SessionFactory, present: Iterable[int | str]) -> list[str]:
    """The bot is in these servers (again): keep their data. Returns those whose purge was pending."""
    async with sessions() as session:
        pending = set(await session.scalars(select(GuildDeparture.guild_id)))  # few rows: servers that left lately
        back = sorted(pending & {str(guild_id) for guild_id in present})
        if back:
            await session.execute(delete(GuildDeparture).where(GuildDeparture.guild_id.in_(back)))
            await session.commit()
    for guild_id in back:
        log.info("guild %s added the bot back: its data is kept", guild_id)
    return back


async def purge_departed(sessions: SessionFactory, *, now: dt.datetime | None = None) -> list[str]:
    """Purge the servers whose grace period is over; returns their ids."""
    async with sessions() as session:
        due = list(
            await session.scalars(
                select(GuildDeparture.guild_id).where(GuildDeparture.purge_after <= (now or utcnow()))
            )
        )
    for guild_id in due:
        await purge_guild(sessions, guild_id)
    return due


class RetentionLoop(BackgroundTask):
    """Runs `redact_decided_items` and `purge_departed` now and every ``interval`` seconds; ``async with`` it."""

    task_name = "retention"

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        retention_days: int,
        interval: float = SWEEP_SECONDS,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._days = retention_days
        self._interval = interval
        self._clock = clock

    async def sweep(self) -> None:
        """Both jobs once; a database failure is logged and left for the next sweep."""
        try:
            await redact_decided_items(self._sessions, days=self._days, now=self._clock())
            await purge_departed(self._sessions, now=self._clock())
            await drop_expired_previews(self._sessions, now=self._clock())
        except (OSError, SQLAlchemyError, TimeoutError) as error:
            log.warning("retention sweep skipped: the database failed (%s)", type(error).__name__)

    async def _run(self) -> None:
        while True:
            await self.sweep()
            await asyncio.sleep(self._interval)
