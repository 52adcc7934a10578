"""Cached link fetch results, one row per canonical link (keyed by its sha256), with an expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import URL_LENGTH, LinkPreview
from bot.db.upsert import insert


async def get_fresh(session: AsyncSession, url_key: str, *, now: dt.datetime) -> LinkPreview | None:
    """The row for ``url_key`` unless it expired by ``now``."""
    return await session.scalar(select(LinkPreview).where(LinkPreview.url_key == url_key, LinkPreview.expires_at > now))


async def put(
    session: AsyncSession,
    url_key: str,
    url: str,
    result: dict[str, Any],
    *,
    fetched_at: dt.datetime,
    expires_at: dt.datetime,
) -> None:
    """Store a result, replacing the row for ``url_key`` if there is one (safe when two processes store at once)."""
    values = {"url": url[:URL_LENGTH], "result": result, "fetched_at": fetched_at, "expires_at": expires_at}
    statement = insert(session, LinkPreview).values(url_key=url_key, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=[LinkPreview.url_key], set_=values))


async def delete_expired(session: AsyncSession, *, now: dt.datetime) -> int:
    """Delete the rows that expired by ``now``; returns how many."""
    result = await session.execute(delete(LinkPreview).where(LinkPreview.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
