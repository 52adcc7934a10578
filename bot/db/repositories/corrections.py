"""Corrections of past answers: the answered claims' last known records, and the queue of edits.

One queue row per (answer, change): queuing the same change twice (two processes seeing one reload, a retraction
handled again) adds nothing. A worker claims an answer's pending rows for a short lease before editing, so two
processes never edit the same answer at once, and a crash mid-edit lets another try after the lease.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, AnswerStatus, ClaimRecordRow, Correction, GuildSettings
from bot.db.upsert import insert
from bot.domain import CorrectionKind, CorrectionStatus, DueAnswer, LoggedCorrection, QueuedEdit, StoredRecord

MAX_ATTEMPTS = 5
"""Edits failing this many times (the platform refusing, not the message being gone) are given up."""


# Claim records --------------------------------------------------------------------------------------------------


async def answered_claims(session: AsyncSession, since: dt.datetime) -> list[tuple[str, str]]:
    """(incident id, claim id) of every claim answered (and still shown) since ``since``."""
    rows = await session.execute(
        select(Answer.incident_id, Answer.claim_id)
        .where(Answer.status == AnswerStatus.SENT.value, Answer.sent_at >= since)
        .distinct()
    )
    return [(row.incident_id, row.claim_id) for row in rows]


async def stored_records(session: AsyncSession, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], StoredRecord]:
    """The stored records of these claims (those that have one)."""
    wanted = set(keys)
    found: dict[tuple[str, str], StoredRecord] = {}
    for incident_id in {incident for incident, _ in wanted}:
        rows = await session.scalars(select(ClaimRecordRow).where(ClaimRecordRow.incident_id == incident_id))
        for row in rows:
            if (row.incident_id, row.claim_id) in wanted:
                found[(row.incident_id, row.claim_id)] = StoredRecord(dict(row.record), row.fingerprint, row.version)
    return found


async def keep_record(
    session: AsyncSession,
    key: tuple[str, str],
    record: dict[str, object],
    fingerprint: str,
    *,
    version: int,
    now: dt.datetime,
    replace: bool,
) -> None:
    """Store a claim's record (``replace``: over the one stored; else only if none is). Does not commit."""
    incident_id, claim_id = key
    values = {"fingerprint": fingerprint, "version": version, "record": record, "updated_at": now}
    statement = insert(session, ClaimRecordRow).values(incident_id=incident_id, claim_id=claim_id, **values)
    keys = [ClaimRecordRow.incident_id, ClaimRecordRow.claim_id]
    if replace:
        await session.execute(statement.on_conflict_do_update(index_elements=keys, set_=values))
    else:
        await session.execute(statement.on_conflict_do_nothing(index_elements=keys))


async def forget_records_except(session: AsyncSession, keys: Iterable[tuple[str, str]]) -> None:
    """Forget the records of claims no longer answered within the window (kept: ``keys``). Does not commit."""
    kept = set(keys)
    stored = await session.execute(select(ClaimRecordRow.incident_id, ClaimRecordRow.claim_id))
    for incident_id, claim_id in [(row.incident_id, row.claim_id) for row in stored]:
        if (incident_id, claim_id) not in kept:
            await session.execute(
                delete(ClaimRecordRow).where(
                    ClaimRecordRow.incident_id == incident_id, ClaimRecordRow.claim_id == claim_id
                )
            )


# Queuing --------------------------------------------------------------------------------------------------------


async def queue_change(
    session: AsyncSession,
    key: tuple[str, str],
    change_key: str,
    note: str,
    *,
    since: dt.datetime,
    until: dt.datetime,
    now: dt.datetime,
) -> int:
    """Queue an edit of the claim's answers sent in servers with corrections on, between two times.

    ``since``: the window's start; ``until``: when the knowledge showing the change came in (later answers show it).

    Does not commit. Returns how many rows were added (answers already queued for this change are left alone).
    """
    incident_id, claim_id = key
    enabled = or_(GuildSettings.corrections.is_(None), GuildSettings.corrections.is_(True))
    answers = (
        select(
            Answer.id,
            literal(change_key),
            literal(CorrectionKind.RECORD.value),
            literal(note[:300]),
            literal(CorrectionStatus.PENDING.value),
            literal(0),
            literal(now, Correction.created_at.type),
        )
        .outerjoin(GuildSettings, GuildSettings.guild_id == Answer.guild_id)
        .where(
            Answer.incident_id == incident_id,
            Answer.claim_id == claim_id,
            Answer.status == AnswerStatus.SENT.value,
            Answer.answer_message_id.is_not(None),
            Answer.sent_at >= since,
            Answer.sent_at < until,
            enabled,
        )
    )
    columns = ["answer_id", "change_key", "kind", "note", "status", "attempts", "created_at"]
    statement = insert(session, Correction).from_select(columns, answers)
    statement = statement.on_conflict_do_nothing(index_elements=[Correction.answer_id, Correction.change_key])
    result = await session.execute(statement.returning(Correction.id))
    return len(result.all())


async def enabled_in(session: AsyncSession, guild_id: str) -> bool:
    """Whether the server has corrections on (the default)."""
    found = await session.scalar(select(GuildSettings.corrections).where(GuildSettings.guild_id == guild_id))
    return found is None or bool(found)


async def retract(session: AsyncSession, answer_id: int, *, now: dt.datetime) -> bool:
    """Mark a sent answer retracted and queue the edit saying so; False when it is not a sent answer. No commit."""
    marked = await session.scalar(
        update(Answer)
        .where(Answer.id == answer_id, Answer.status == AnswerStatus.SENT.value, Answer.answer_message_id.is_not(None))
        .values(status=AnswerStatus.RETRACTED.value)
        .returning(Answer.id)
    )
    if marked is None:
        return False
    statement = insert(session, Correction).values(
        answer_id=answer_id,
        change_key=CorrectionKind.RETRACTION.value,
        kind=CorrectionKind.RETRACTION.value,
        note="answer retracted by the moderators",
        status=CorrectionStatus.PENDING.value,
        attempts=0,
        created_at=now,
    )
    await session.execute(
        statement.on_conflict_do_nothing(index_elements=[Correction.answer_id, Correction.change_key])
    )
    return True


# Draining -------------------------------------------------------------------------------------------------------

_ANSWER_COLUMNS = (
    Answer.id,
    Answer.platform,
    Answer.guild_id,
    func.coalesce(Answer.answer_channel_id, Answer.channel_id).label("channel_id"),  # a thread's, when in one
    Answer.answer_message_id,
    Answer.incident_id,
    Answer.claim_id,
    Answer.score,
    Answer.action,
    Answer.status,
    Answer.answer_channel_id,
)


def _due(row: object) -> DueAnswer:
    return DueAnswer(*(getattr(row, column.key) for column in _ANSWER_COLUMNS))  # type: ignore[arg-type]


async def due_answers(
    session: AsyncSession, platforms: Sequence[str], *, now: dt.datetime, after: int = 0, limit: int = 100
) -> list[DueAnswer]:
    """Answers of these platforms with pending edits nobody holds, oldest change first.

    ``after``: only answers whose oldest pending edit comes after that edit id (the last page's `first_edit`).
    """
    free = or_(Correction.claimed_until.is_(None), Correction.claimed_until < now)
    oldest = func.min(Correction.id)
    rows = await session.execute(
        select(*_ANSWER_COLUMNS, oldest.label("first"))
        .join(Correction, Correction.answer_id == Answer.id)
        .where(Correction.status == CorrectionStatus.PENDING.value, free, Answer.platform.in_(list(platforms)))
        .group_by(*_ANSWER_COLUMNS)
        .having(oldest > after)
        .order_by(oldest)
        .limit(limit)
    )
    return [replace(_due(row), first_edit=row.first) for row in rows]


async def claim(session: AsyncSession, answer_id: int, *, now: dt.datetime, lease: dt.timedelta) -> list[QueuedEdit]:
    """Hold the answer's pending edits for ``lease`` (none when another process holds them); commits."""
    free = or_(Correction.claimed_until.is_(None), Correction.claimed_until < now)
    result = await session.execute(
        update(Correction)
        .where(Correction.answer_id == answer_id, Correction.status == CorrectionStatus.PENDING.value, free)
        .values(claimed_until=now + lease)
        .returning(Correction.id)
    )
    claimed = [row.id for row in result]
    await session.commit()
    if not claimed:
        return []
    rows = await session.scalars(select(Correction).where(Correction.id.in_(claimed)).order_by(Correction.id))
    return [_edit(row) for row in rows]


async def history(session: AsyncSession, answer_id: int) -> list[QueuedEdit]:
    """The answer's edits already made, oldest first."""
    rows = await session.scalars(
        select(Correction)
        .where(Correction.answer_id == answer_id, Correction.status == CorrectionStatus.DONE.value)
        .order_by(Correction.id)
    )
    return [_edit(row) for row in rows]


async def finish(session: AsyncSession, ids: Sequence[int], status: CorrectionStatus, *, now: dt.datetime) -> None:
    """Close edits (done, gone, off); commits."""
    await session.execute(
        update(Correction).where(Correction.id.in_(list(ids))).values(status=status.value, done_at=now)
    )
    await session.commit()


async def release(session: AsyncSession, ids: Sequence[int], *, now: dt.datetime) -> int:
    """An edit attempt failed: free the edits for a later try, or give them up after `MAX_ATTEMPTS`; commits.

    Returns how many were given up.
    """
    await session.execute(
        update(Correction)
        .where(Correction.id.in_(list(ids)))
        .values(attempts=Correction.attempts + 1, claimed_until=None)
    )
    given_up = await session.execute(
        update(Correction)
        .where(Correction.id.in_(list(ids)), Correction.attempts >= MAX_ATTEMPTS)
        .values(status=CorrectionStatus.FAILED.value, done_at=now)
        .returning(Correction.id)
    )
    count = len(given_up.all())
    await session.commit()
    return count


async def pending_count(session: AsyncSession) -> int:
    """Edits still to make, in every server."""
    return (
        await session.scalar(
            select(func.count(Correction.id)).where(Correction.status == CorrectionStatus.PENDING.value)
        )
        or 0
    )


async def recent(session: AsyncSession, guild_id: str, *, limit: int = 10) -> list[LoggedCorrection]:
    """The server's latest corrections, newest first."""
    rows = await session.execute(
        select(*_ANSWER_COLUMNS, Correction)
        .join(Correction, Correction.answer_id == Answer.id)
        .where(Answer.guild_id == guild_id)
        .order_by(Correction.id.desc())
        .limit(limit)
    )
    return [LoggedCorrection(_due(row), _edit(row.Correction)) for row in rows]


def _edit(row: Correction) -> QueuedEdit:
    return QueuedEdit(row.id, row.kind, row.note, row.status, row.created_at, row.done_at)
