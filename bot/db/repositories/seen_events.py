"""Event ids already handled, per platform: the first insert wins, also across processes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SeenEvent
from bot.db.upsert import insert


async def first_sighting(session: AsyncSession, platform: str, event_id: str, *, now: dt.datetime) -> bool:
    """Record the event id; True when it was not recorded before (commits)."""
    statement = insert(session, SeenEvent).values(platform=platform, event_id=event_id, seen_at=now)
    statement = statement.on_conflict_do_nothing(index_elements=[SeenEvent.platform, SeenEvent.event_id])
    inserted = (await session.execute(statement.returning(SeenEvent.event_id))).scalar_one_or_none()
    await session.commit()
    return inserted is not None


async def forget_before(session: AsyncSession, before: dt.datetime) -> int:
    """Delete the ids seen before ``before``; how many (commits)."""
    result = await session.execute(delete(SeenEvent).where(SeenEvent.seen_at < before))
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
