"""The review queue's rows: items and their reporters, decisions, posting claims, learned links, suppressions.

Every state change is a conditional ``UPDATE ... WHERE`` whose ``RETURNING`` says whether this caller won, so two
moderators (or two processes) acting at once produce exactly one decision, one post, one edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, distinct, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Answer,
    AnswerStatus,
    LearnedLink,
    ReviewDecision,
    ReviewItem,
    ReviewKind,
    ReviewReport,
    ReviewState,
    Suppression,
)
from bot.db.repositories.answers import answer_message
from bot.db.types import PlatformId
from bot.db.upsert import insert

PENDING = ReviewState.PENDING.value
ROW_IDS = range(-(2**63), 2**63)
"""The ids a row can have (64-bit signed); any other id a platform hands in names no item."""


@dataclass(frozen=True)
class NewItem:
    """What a new review item starts with (the dedupe key decides whether it joins a pending one)."""

    guild_id: str
    kind: str
    dedupe_key: str
    subject_key: str
    text_sha256: str
    channel_id: str
    message_id: str
    link: str | None = None
    author_id: str | None = None
    excerpt: str | None = None
    answer_id: int | None = None
    incident_id: str | None = None
    claim_id: str | None = None
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)
    platform: str = "discord"


@dataclass(frozen=True)
class Closing:
    """A decision to record on a pending item."""

    state: str
    action: str
    moderator_id: str | None
    incident_id: str | None = None
    claim_id: str | None = None


# Intake ------------------------------------------------------------------------------------------------------


async def open_item(session: AsyncSession, new: NewItem, *, now: dt.datetime) -> tuple[int, bool]:
    """The server's pending item with this dedupe key, created if missing; returns (id, created). Does not commit.

    One message or link is one pending item whoever brought it up: a member's report joins the match the bot
    queued (which becomes a report), and a match joins a report.
    """
    for _attempt in range(3):
        values = {name: getattr(new, name) for name in NewItem.__dataclass_fields__}
        statement = insert(session, ReviewItem).values(
            **values, open_key=new.dedupe_key, state=PENDING, created_at=now, last_seen_at=now
        )
        statement = statement.on_conflict_do_nothing(index_elements=[ReviewItem.guild_id, ReviewItem.open_key])
        created = await session.scalar(statement.returning(ReviewItem.id))
        if created is not None:
            return created, True
        existing = await session.scalar(
            select(ReviewItem.id).where(ReviewItem.guild_id == new.guild_id, ReviewItem.open_key == new.dedupe_key)
        )
        if existing is not None:
            if new.kind == ReviewKind.REPORT.value:
                await session.execute(
                    update(ReviewItem)
                    .where(ReviewItem.id == existing, ReviewItem.kind == ReviewKind.MATCH.value)
                    .values(kind=ReviewKind.REPORT.value)
                )
            return existing, False
    raise RuntimeError(f"review item {new.dedupe_key} kept changing state")  # pragma: no cover - needs a tight race


async def add_reporter(
    session: AsyncSession,
    item_id: int,
    user_id: str,
    channel_id: str,
    *,
    message_id: str | None = None,
    note: str | None = None,
    now: dt.datetime,
) -> bool:
    """Add someone to the item's reporters, once per person; True when they are new. Does not commit."""
    statement = insert(session, ReviewReport).values(
        item_id=item_id, user_id=user_id, channel_id=channel_id, message_id=message_id, note=note, created_at=now
    )
    statement = statement.on_conflict_do_nothing(index_elements=[ReviewReport.item_id, ReviewReport.user_id])
    if await session.scalar(statement.returning(ReviewReport.id)) is None:
        return False
    await session.execute(
        update(ReviewItem).where(ReviewItem.id == item_id).values(reporters=ReviewItem.reporters + 1, last_seen_at=now)
    )
    return True


async def answer_by_message(
    session: AsyncSession, answer_message_id: str, *, guild_id: str | None = None, channel_id: str | None = None
) -> Answer | None:
    """The answer the bot posted as this message (in that server and channel or thread, when given)."""
    where = answer_message(answer_message_id, guild_id=guild_id, channel_id=channel_id)
    return await session.scalar(select(Answer).where(*where))


async def set_excerpt(session: AsyncSession, item_id: int, excerpt: str, author_id: str | None) -> None:
    """Fill in the excerpt of an item that had none (a dispute's message, read when posting); commits.

    Not once the message was deleted: a late read puts nothing back.
    """
    await session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.excerpt.is_(None), ReviewItem.source_deleted_at.is_(None))
        .values(excerpt=excerpt, author_id=func.coalesce(ReviewItem.author_id, literal(author_id, PlatformId())))
    )
    await session.commit()


async def forget_message(session: AsyncSession, channel_id: str, message_id: str, *, now: dt.datetime) -> list[int]:
    """A member deleted a message: its items keep only ids (the excerpt goes); returns them. Commits."""
    result = await session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.channel_id == channel_id,
            ReviewItem.message_id == message_id,
            ReviewItem.source_deleted_at.is_(None),
        )
        .values(excerpt=None, source_deleted_at=now)
        .returning(ReviewItem.id)
    )
    forgotten = list(result.scalars())
    await session.commit()
    return forgotten


# Reading -----------------------------------------------------------------------------------------------------


async def get_item(session: AsyncSession, item_id: int) -> ReviewItem | None:
    """The item, read afresh (for the service's own follow-ups; what a user asks for goes through `item_in`)."""
    if item_id not in ROW_IDS:
        return None
    return await session.get(ReviewItem, item_id, populate_existing=True)


async def item_in(session: AsyncSession, guild_id: str, item_id: int) -> ReviewItem | None:
    """The server's item with this id, read afresh; None for another server's item or an id no row can have."""
    if item_id not in ROW_IDS:  # guild ids are strings: never test them against the range (it would iterate)
        return None
    return await session.scalar(
        select(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.guild_id == guild_id)
        .execution_options(populate_existing=True)
    )


async def reports_of(session: AsyncSession, item_id: int, limit: int) -> list[ReviewReport]:
    """The item's first reports, those with a note first."""
    rows = await session.scalars(
        select(ReviewReport)
        .where(ReviewReport.item_id == item_id)
        .order_by(ReviewReport.note.is_(None), ReviewReport.id)
        .limit(limit)
    )
    return list(rows)


async def channel_count(session: AsyncSession, item_id: int) -> int:
    """In how many channels the item was reported or seen."""
    found = await session.scalar(
        select(func.count(distinct(ReviewReport.channel_id))).where(ReviewReport.item_id == item_id)
    )
    return found or 0


async def pending_page(session: AsyncSession, guild_id: str, *, offset: int, limit: int) -> list[ReviewItem]:
    """A page of the server's pending items, most reported first."""
    rows = await session.scalars(
        select(ReviewItem)
        .where(ReviewItem.guild_id == guild_id, ReviewItem.state == PENDING)
        .order_by(ReviewItem.reporters.desc(), ReviewItem.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows)


async def count_decisions(session: AsyncSession, guild_id: str) -> int:
    """The length of the server's audit log."""
    found = await session.scalar(select(func.count(ReviewDecision.id)).where(ReviewDecision.guild_id == guild_id))
    return found or 0


async def decisions_page(session: AsyncSession, guild_id: str, *, offset: int, limit: int) -> list[ReviewDecision]:
    """A page of the server's audit log, newest first."""
    rows = await session.scalars(
        select(ReviewDecision)
        .where(ReviewDecision.guild_id == guild_id)
        .order_by(ReviewDecision.created_at.desc(), ReviewDecision.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows)


# Decisions ---------------------------------------------------------------------------------------------------


async def close_item(session: AsyncSession, item: ReviewItem, closing: Closing, *, now: dt.datetime) -> bool:
    """Decide a pending item and log it; False when it was no longer pending (someone else won). Does not commit."""
    changes: dict[str, object] = {
        "state": closing.state,
        "open_key": None,
        "decided_by": closing.moderator_id,
        "decided_at": now,
    }
    if closing.incident_id is not None:
        changes |= {"incident_id": closing.incident_id, "claim_id": closing.claim_id}
    won = await session.scalar(
        update(ReviewItem)
        .where(ReviewItem.id == item.id, ReviewItem.state == PENDING)
        .values(**changes)
        .returning(ReviewItem.id)
    )
    if won is None:
        return False
    session.add(
        ReviewDecision(
            item_id=item.id,
            guild_id=item.guild_id,
            moderator_id=closing.moderator_id,
            action=closing.action,
            state=closing.state,
            incident_id=closing.incident_id or item.incident_id,
            claim_id=closing.claim_id or item.claim_id,
            created_at=now,
        )
    )
    await session.flush()
    return True


async def learn_link(
    session: AsyncSession,
    guild_id: str,
    url: str,
    url_key: str,
    incident_id: str,
    claim_id: str,
    *,
    moderator_id: str,
    now: dt.datetime,
) -> None:
    """Record (or replace) what a link is a post of in the server. Does not commit."""
    statement = insert(session, LearnedLink).values(
        guild_id=guild_id,
        url=url,
        url_key=url_key,
        incident_id=incident_id,
        claim_id=claim_id,
        decided_by=moderator_id,
        created_at=now,
    )
    replaced = ("incident_id", "claim_id", "decided_by", "created_at")
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[LearnedLink.guild_id, LearnedLink.url_key],
            set_={name: getattr(statement.excluded, name) for name in replaced},
        )
    )


async def forget_link(session: AsyncSession, guild_id: str, url_key: str, incident_id: str) -> None:
    """Drop the server's learned link if it points at this incident. Does not commit."""
    await session.execute(
        delete(LearnedLink).where(
            LearnedLink.guild_id == guild_id, LearnedLink.url_key == url_key, LearnedLink.incident_id == incident_id
        )
    )


async def suppress(
    session: AsyncSession,
    guild_id: str,
    subject_key: str,
    incident_id: str,
    *,
    link: str | None,
    moderator_id: str,
    now: dt.datetime,
) -> None:
    """Never suggest the incident for this link or phrase in the server again. Does not commit."""
    statement = insert(session, Suppression).values(
        guild_id=guild_id,
        subject_key=subject_key,
        link=link,
        incident_id=incident_id,
        decided_by=moderator_id,
        created_at=now,
    )
    await session.execute(
        statement.on_conflict_do_nothing(
            index_elements=[Suppression.guild_id, Suppression.subject_key, Suppression.incident_id]
        )
    )


async def unsuppress(session: AsyncSession, guild_id: str, subject_key: str, incident_id: str) -> None:
    """Lift a suppression (moderators approved the incident for this subject after all). Does not commit."""
    await session.execute(
        delete(Suppression).where(
            Suppression.guild_id == guild_id,
            Suppression.subject_key == subject_key,
            Suppression.incident_id == incident_id,
        )
    )


async def retract_answer(session: AsyncSession, answer_id: int, *, now: dt.datetime) -> tuple[int, int] | None:
    """Mark a sent answer deleted; returns its (channel id, message id) to delete. Does not commit."""
    result = await session.execute(
        update(Answer)
        .where(Answer.id == answer_id, Answer.status != AnswerStatus.DELETED.value)
        .values(status=AnswerStatus.DELETED.value, deleted_at=now)
        .returning(Answer.channel_id, Answer.answer_message_id)
    )
    row = result.one_or_none()
    if row is None or row.answer_message_id is None:
        return None
    return row.channel_id, row.answer_message_id


async def approved_unanswered(session: AsyncSession, *, limit: int = 100) -> list[ReviewItem]:
    """Approved items whose answer is reserved but was never recorded as posted (a crash came between)."""
    unposted = select(Answer.id).where(
        Answer.platform == ReviewItem.platform,
        Answer.guild_id == ReviewItem.guild_id,
        Answer.channel_id == ReviewItem.channel_id,
        Answer.source_message_id == ReviewItem.message_id,
        Answer.status == AnswerStatus.PENDING.value,
        Answer.answer_message_id.is_(None),
    )
    rows = await session.scalars(
        select(ReviewItem)
        .where(ReviewItem.state == ReviewState.APPROVED.value, unposted.exists())
        .order_by(ReviewItem.id)
        .limit(limit)
    )
    return list(rows)


async def retracted_answer(session: AsyncSession, answer_id: int) -> tuple[int, int] | None:
    """The (channel id, message id) of an answer marked deleted by a retraction, to delete it (again)."""
    row = (
        await session.execute(
            select(Answer.channel_id, Answer.answer_message_id).where(
                Answer.id == answer_id, Answer.status == AnswerStatus.DELETED.value
            )
        )
    ).one_or_none()
    if row is None or row.answer_message_id is None:
        return None
    return row.channel_id, row.answer_message_id


async def expire_before(session: AsyncSession, before: dt.datetime, *, now: dt.datetime) -> list[int]:
    """Expire pending items not seen since ``before``; returns their ids. Commits."""
    candidates = await session.scalars(
        select(ReviewItem).where(ReviewItem.state == PENDING, ReviewItem.last_seen_at < before).limit(500)
    )
    expired = []
    for item in list(candidates):
        closing = Closing(ReviewState.EXPIRED.value, "expire", None)
        if await close_item(session, item, closing, now=now):
            expired.append(item.id)
    await session.commit()
    return expired


# Learning ----------------------------------------------------------------------------------------------------


async def learned_links_of(session: AsyncSession, guild_id: str) -> dict[str, tuple[str, str]]:
    """The server's learned links: canonical url -> (incident, claim)."""
    rows = await session.execute(
        select(LearnedLink.url, LearnedLink.incident_id, LearnedLink.claim_id).where(LearnedLink.guild_id == guild_id)
    )
    return {row.url: (row.incident_id, row.claim_id) for row in rows}


async def suppressions_of(session: AsyncSession, guild_id: str) -> dict[str, set[str]]:
    """The server's suppressions: subject key -> incidents."""
    rows = await session.execute(
        select(Suppression.subject_key, Suppression.incident_id).where(Suppression.guild_id == guild_id)
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.subject_key, set()).add(row.incident_id)
    return found


async def learned_links_everywhere(session: AsyncSession) -> list[tuple[str, str, str, int]]:
    """Every learned (url, incident, claim) with the number of servers that learned it."""
    servers = func.count(distinct(LearnedLink.guild_id))
    rows = await session.execute(
        select(LearnedLink.url, LearnedLink.incident_id, LearnedLink.claim_id, servers.label("servers"))
        .group_by(LearnedLink.url, LearnedLink.incident_id, LearnedLink.claim_id)
        .order_by(LearnedLink.incident_id, LearnedLink.url)
    )
    return [(row.url, row.incident_id, row.claim_id, row.servers) for row in rows]


# Statistics --------------------------------------------------------------------------------------------------


async def count_pending(session: AsyncSession, guild_id: str) -> int:
    """The server's open items."""
    found = await session.scalar(
        select(func.count(ReviewItem.id)).where(ReviewItem.guild_id == guild_id, ReviewItem.state == PENDING)
    )
    return found or 0


async def items_by_state(session: AsyncSession) -> dict[str, int]:
    """Review items in every server, by state (for the ``review_items`` gauge)."""
    rows = await session.execute(select(ReviewItem.state, func.count(ReviewItem.id)).group_by(ReviewItem.state))
    return {row[0]: row[1] for row in rows}


async def decisions_by_state(session: AsyncSession, guild_id: str, since: dt.datetime) -> dict[str, int]:
    """Decisions made in the server since a time, by outcome."""
    rows = await session.execute(
        select(ReviewDecision.state, func.count(ReviewDecision.id))
        .where(ReviewDecision.guild_id == guild_id, ReviewDecision.created_at >= since)
        .group_by(ReviewDecision.state)
    )
    return {row[0]: row[1] for row in rows}


async def most_reported(
    session: AsyncSession, guild_id: str, since: dt.datetime, *, by_link: bool, limit: int
) -> Sequence[tuple[str, int]]:
    """The incidents (or links) most reported in the server since a time, with their number of reports."""
    column = ReviewItem.link if by_link else ReviewItem.incident_id
    reports = func.count(ReviewReport.id)
    rows = await session.execute(
        select(column, reports)
        .join(ReviewReport, ReviewReport.item_id == ReviewItem.id)
        .where(ReviewItem.guild_id == guild_id, ReviewReport.created_at >= since, column.is_not(None))
        .group_by(column)
        .order_by(reports.desc(), column)
        .limit(limit)
    )
    return [(str(key), count) for key, count in rows.all()]
