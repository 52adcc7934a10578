"""Claims moderators drafted in chat, per server: added, edited, removed and read back as plain records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DraftedClaim

ROW_IDS = range(-(2**63), 2**63)


@dataclass(frozen=True)
class DraftRecord:
    """One drafted claim as stored: the form's fields (who said it and the link apart) and who drafted it."""

    id: int
    guild_id: str
    platform: str
    incident_id: str
    claim: str
    verdict: str
    clarification: str
    statement: str
    speaker: str
    source_url: str
    review_item_id: int | None
    created_by: str
    updated_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class DraftFields:
    """What a moderator sets on a draft."""

    claim: str
    verdict: str
    clarification: str
    statement: str
    speaker: str
    source_url: str


def _record(row: DraftedClaim) -> DraftRecord:
    return DraftRecord(
        row.id,
        row.guild_id,
        row.platform,
        row.incident_id,
        row.claim,
        row.verdict,
        row.clarification,
        row.statement,
        row.speaker,
        row.source_url,
        row.review_item_id,
        row.created_by,
        row.updated_by,
        row.created_at,
        row.updated_at,
    )


async def add(
    session: AsyncSession,
    guild_id: str,
    incident_id: str,
    fields: DraftFields,
    *,
    platform: str,
    moderator_id: str,
    review_item_id: int | None,
    now: dt.datetime,
) -> DraftRecord | None:
    """Store a new draft and commit; None when the server already has a draft with that incident id."""
    row = DraftedClaim(
        guild_id=guild_id,
        platform=platform,
        incident_id=incident_id,
        review_item_id=review_item_id,
        created_by=moderator_id,
        updated_by=moderator_id,
        created_at=now,
        updated_at=now,
        **vars(fields),
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return None
    return _record(row)


async def update_fields(
    session: AsyncSession, guild_id: str, draft_id: int, fields: DraftFields, *, moderator_id: str, now: dt.datetime
) -> DraftRecord | None:
    """Change a server's draft and commit; None when it has no such draft."""
    row = await _row(session, guild_id, draft_id)
    if row is None:
        return None
    for name, value in vars(fields).items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = moderator_id, now
    await session.commit()
    return _record(row)


async def remove(session: AsyncSession, guild_id: str, draft_id: int) -> DraftRecord | None:
    """Delete a server's draft and commit; the draft removed, or None when there was none."""
    row = await _row(session, guild_id, draft_id)
    if row is None:
        return None
    record = _record(row)
    await session.execute(delete(DraftedClaim).where(DraftedClaim.id == row.id))
    await session.commit()
    return record


async def get(session: AsyncSession, guild_id: str, draft_id: int) -> DraftRecord | None:
    """One of the server's drafts (None: not this server's, or none)."""
    row = await _row(session, guild_id, draft_id)
    return _record(row) if row is not None else None


async def of_guild(session: AsyncSession, guild_id: str) -> list[DraftRecord]:
    """The server's drafts, oldest first."""
    rows = await session.scalars(
        select(DraftedClaim).where(DraftedClaim.guild_id == guild_id).order_by(DraftedClaim.id)
    )
    return [_record(row) for row in rows]


async def everywhere(session: AsyncSession) -> list[DraftRecord]:
    """Every server's drafts, by server then age (for curators' export)."""
    rows = await session.scalars(select(DraftedClaim).order_by(DraftedClaim.guild_id, DraftedClaim.id))
    return [_record(row) for row in rows]


async def _row(session: AsyncSession, guild_id: str, draft_id: int) -> DraftedClaim | None:
    if draft_id not in ROW_IDS:
        return None
    return await session.scalar(
        select(DraftedClaim).where(DraftedClaim.guild_id == guild_id, DraftedClaim.id == draft_id)
    )
