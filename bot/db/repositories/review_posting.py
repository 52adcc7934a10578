"""Posting review items in moderators' channels: claims so that each item is posted once, the hourly cap, edits.

Each claim is a conditional ``UPDATE ... RETURNING``: only one caller (process) gets the row back. With a cap, the
same statement counts the server's posts of the hour, and on PostgreSQL the claim first takes the server's posting
lock (a transaction-level advisory lock), so two processes cannot both see room for one more post and both take it
(SQLite runs one writing statement at a time anyway).
"""

from __future__ import annotations

import datetime as dt
import zlib

from sqlalchemy import ColumnElement, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import ReviewItem, ReviewState

PENDING = ReviewState.PENDING.value
HOUR = dt.timedelta(hours=1)
POSTING_LOCK_CLASS = 0x5EED
"""The first key of the posting locks (``pg_advisory_xact_lock(class, posting_lock_key(guild_id))``)."""


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


async def claim_post(
    session: AsyncSession, item_id: int, *, now: dt.datetime, claim_timeout: dt.timedelta, cap: int | None = None
) -> bool:
    """Claim the right to post a pending, unposted item (a stale claim is taken over). Commits.

    With ``cap``: only while the server has had fewer than ``cap`` items posted or being posted within the hour,
    checked under the server's posting lock (see the module docs).
    """
    conditions = [ReviewItem.id == item_id, ReviewItem.state == PENDING, _unposted(now, claim_timeout)]
    if cap is not None:
        await _lock_posting(session, item_id)
        conditions.append(_posts_of_the_hour(now, claim_timeout) < cap)
    won = await session.scalar(
        update(ReviewItem).where(*conditions).values(post_claimed_at=now).returning(ReviewItem.id)
    )
    await session.commit()
    return won is not None


def _posts_of_the_hour(now: dt.datetime, claim_timeout: dt.timedelta) -> ColumnElement[int]:
    """The claimed item's server's posts within the hour, posted or being posted (a correlated subquery)."""
    other = aliased(ReviewItem)
    in_flight = other.mod_message_id.is_(None) & (other.post_claimed_at >= now - claim_timeout)
    return (
        select(func.count(other.id))
        .where(other.guild_id == ReviewItem.guild_id, or_(other.posted_at >= now - HOUR, in_flight))
        .scalar_subquery()
    )


async def _lock_posting(session: AsyncSession, item_id: int) -> None:
    """PostgreSQL: take the item's server's posting lock until the transaction ends."""
    if (await session.connection()).dialect.name != "postgresql":
        return
    guild_id = await session.scalar(select(ReviewItem.guild_id).where(ReviewItem.id == item_id))
    if guild_id is not None:
        key = {"class": POSTING_LOCK_CLASS, "guild": posting_lock_key(guild_id)}
        await session.execute(text("SELECT pg_advisory_xact_lock(:class, :guild)"), key)


def posting_lock_key(guild_id: str) -> int:
    """A server's posting-lock key: a 31-bit number from its id (a string: Discord digits or Slack's ``T…``)."""
    return zlib.crc32(guild_id.encode()) & 0x7FFFFFFF


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
