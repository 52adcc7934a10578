"""Learned phrasings: the wordings moderators approved as a claim's, or rejected for it, per server."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import LearnedPhrasing
from bot.db.upsert import insert
from knowledge.matching.learned import Wording

MAX_PER_GUILD = 1000
"""A server's newest lessons read at most (each message may be compared with them)."""


@dataclass(frozen=True)
class ServerPhrasing:
    """A wording approved in one server, for curators."""

    guild_id: str
    incident_id: str
    claim_id: str
    text: str


async def learn(
    session: AsyncSession,
    guild_id: str,
    wording: Wording,
    text_key: str,
    *,
    moderator_id: str,
    now: dt.datetime,
) -> None:
    """Record (or replace) the server's decision on a wording for a claim. Does not commit."""
    statement = insert(session, LearnedPhrasing).values(
        guild_id=guild_id,
        incident_id=wording.incident_id,
        claim_id=wording.claim_id,
        text=wording.text,
        text_key=text_key,
        approved=wording.approved,
        decided_by=moderator_id,
        created_at=now,
    )
    replaced = ("text", "approved", "decided_by", "created_at")
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[
                LearnedPhrasing.guild_id,
                LearnedPhrasing.text_key,
                LearnedPhrasing.incident_id,
                LearnedPhrasing.claim_id,
            ],
            set_={name: getattr(statement.excluded, name) for name in replaced},
        )
    )


async def forget(session: AsyncSession, guild_id: str, wording: Wording, text_key: str) -> None:
    """Drop the server's decision on a wording for a claim. Does not commit."""
    await session.execute(
        delete(LearnedPhrasing).where(
            LearnedPhrasing.guild_id == guild_id,
            LearnedPhrasing.text_key == text_key,
            LearnedPhrasing.incident_id == wording.incident_id,
            LearnedPhrasing.claim_id == wording.claim_id,
        )
    )


async def of_guild(session: AsyncSession, guild_id: str, *, limit: int = MAX_PER_GUILD) -> list[Wording]:
    """The server's lessons, newest first (at most ``limit``)."""
    rows = await session.execute(
        select(LearnedPhrasing.incident_id, LearnedPhrasing.claim_id, LearnedPhrasing.text, LearnedPhrasing.approved)
        .where(LearnedPhrasing.guild_id == guild_id)
        .order_by(LearnedPhrasing.created_at.desc(), LearnedPhrasing.id.desc())
        .limit(limit)
    )
    return [Wording(row.incident_id, row.claim_id, row.text, approved=row.approved) for row in rows]


async def approved_everywhere(session: AsyncSession) -> list[ServerPhrasing]:
    """Every approved wording, by server, incident and claim, oldest first."""
    rows = await session.execute(
        select(LearnedPhrasing.guild_id, LearnedPhrasing.incident_id, LearnedPhrasing.claim_id, LearnedPhrasing.text)
        .where(LearnedPhrasing.approved.is_(True))
        .order_by(
            LearnedPhrasing.guild_id,
            LearnedPhrasing.incident_id,
            LearnedPhrasing.claim_id,
            LearnedPhrasing.created_at,
            LearnedPhrasing.id,
        )
    )
    return [ServerPhrasing(row.guild_id, row.incident_id, row.claim_id, row.text) for row in rows]
