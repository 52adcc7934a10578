"""Posting review items in moderators' channels: claims so that each item is posted once, the hourly cap, edits.

Each claim is a conditional ``UPDATE ... RETURNING``: only one caller (process) gets the row back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReviewItem, ReviewState

PENDING = ReviewState.PENDING.value
HOUR = dt.timedelta(hours=1)


def _in_flight(now: dt.datetime, claim_timeout: dt.timedelta) -> ColumnElement[bool]:
    return ReviewItem.mod_message_id.is_(None) & (ReviewItem.post_claimed_at >= now - claim_timeout)


def _needs_edit(now: dt.datetime, interval: dt.timedelta) -> ColumnElement[bool]:
    return (
        ReviewItem.mod_message_id.is_not(None)
        & (ReviewItem.reporters > ReviewItem.shown_reporters)
        & or_(ReviewItem.edited_at.is_(None), ReviewItem.edited_at <= now - interval)
    )


def _unposted(now: dt.datetime, claim_timeout: dt.timedelta) -> ColumnElement[bool]:
    return ReviewItem.mod_message_id.is_(None) & or_(
        ReviewItem.post_claimed_at.is_(None), ReviewItem.post_claimed_at < now - claim_timeout
    )


async def guilds_with_work(
    session: AsyncSession, *, now: dt.datetime, claim_timeout: dt.timedelta, edit_interval: dt.timedelta
) -> list[tuple[str, str]]:
    """Servers (platform, workspace id) with pending items to post or whose posted count grew."""
    rows = await session.execute(
        select(ReviewItem.platform, ReviewItem.guild_id)
        .distinct()
        .where(ReviewItem.state == PENDING, or_(_unposted(now, claim_timeout), _needs_edit(now, edit_interval)))
        .order_by(ReviewItem.platform, ReviewItem.guild_id)
    )
    return [(row.platform, row.guild_id) for row in rows]


async def unposted(
    session: AsyncSession, guild_id: str, *, now: dt.datetime, claim_timeout: dt.timedelta, limit: int
) -> list[int]:
    """The server's pending items not posted yet, most reported first."""
    rows = await session.scalars(
        select(ReviewItem.id)
        .where(ReviewItem.guild_id == guild_id, ReviewItem.state == PENDING, _unposted(now, claim_timeout))
        .order_by(ReviewItem.reporters.desc(), ReviewItem.id)
        .limit(limit)
    )
    return list(rows)


async def posts_in_last_hour(
    session: AsyncSession, guild_id: str, *, now: dt.datetime, claim_timeout: dt.timedelta
) -> int:
    """Items posted (or being posted) in the server's moderators' channel within the hour."""
    found = await session.scalar(
        select(func.count(ReviewItem.id)).where(
            ReviewItem.guild_id == guild_id, or_(ReviewItem.posted_at >= now - HOUR, _in_flight(now, claim_timeout))
        )
    )
    return found or 0


async def claim_post(session: AsyncSession, item_id: int, *, now: dt.datetime, claim_timeout: dt.timedelta) -> bool:
    """Claim the right to post a pending, unposted item (a stale claim is taken over). Commits."""
    won = await session.scalar(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.state == PENDING, _unposted(now, claim_timeout))
        .values(post_claimed_at=now)
        .returning(ReviewItem.id)
    )
    await session.commit()
    return won is not None


async def mark_posted(
    session: AsyncSession, item_id: int, channel_id: str, message_id: str, *, shown: int, now: dt.datetime
) -> bool:
    """Record the posted message; False when another process recorded one first (delete yours). Commits."""
    won = await session.scalar(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.mod_message_id.is_(None))
        .values(mod_channel_id=channel_id, mod_message_id=message_id, posted_at=now, shown_reporters=shown)
        .returning(ReviewItem.id)
    )
    await session.commit()
    return won is not None


async def release_post(session: AsyncSession, item_id: int) -> None:
    """Give up a claim to post (posting failed). Commits."""
    await session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.mod_message_id.is_(None))
        .values(post_claimed_at=None)
    )
    await session.commit()


async def due_edits(session: AsyncSession, guild_id: str, *, now: dt.datetime, interval: dt.timedelta) -> list[int]:
    """The server's posted pending items whose count grew and were not edited within the interval."""
    rows = await session.scalars(
        select(ReviewItem.id).where(
            ReviewItem.guild_id == guild_id, ReviewItem.state == PENDING, _needs_edit(now, interval)
        )
    )
    return list(rows)


async def claim_edit(session: AsyncSession, item_id: int, *, now: dt.datetime, interval: dt.timedelta) -> bool:
    """Claim the right to edit a posted item to show its new count (at most once per interval). Commits."""
    won = await session.scalar(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.state == PENDING, _needs_edit(now, interval))
        .values(shown_reporters=ReviewItem.reporters, edited_at=now)
        .returning(ReviewItem.id)
    )
    await session.commit()
    return won is not None
