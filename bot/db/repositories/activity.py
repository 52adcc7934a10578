"""What happened in a server over time: answers sent and reports made, each with its incident and time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, AnswerStatus, ReviewItem, ReviewReport


async def answer_times(session: AsyncSession, guild_id: str, since: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """(incident, time) of each answer the bot posted in the server since a time (deleted ones too)."""
    rows = await session.execute(
        select(Answer.incident_id, Answer.created_at).where(
            Answer.guild_id == guild_id, Answer.created_at >= since, Answer.status != AnswerStatus.PENDING.value
        )
    )
    return [(incident, at) for incident, at in rows.all()]


async def report_times(
    session: AsyncSession, guild_id: str, since: dt.datetime
) -> list[tuple[str | None, dt.datetime]]:
    """(incident or None, time) of each report in the server since a time: every reporter, disputer or poster
    of an item for moderators, as ``/review stats`` counts them; the incident is the item's suggestion.
    """  # noqa: D205
    rows = await session.execute(
        select(ReviewItem.incident_id, ReviewReport.created_at)
        .join(ReviewReport, ReviewReport.item_id == ReviewItem.id)
        .where(ReviewItem.guild_id == guild_id, ReviewReport.created_at >= since)
    )
    return [(incident, at) for incident, at in rows.all()]
