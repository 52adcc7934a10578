"""Answers, their cooldowns and disputes.

`reserve_answer` is the one place that decides whether the bot may answer: it inserts the pending
answer (unique per source message) and claims the channel's cooldown slot for the incident in one
transaction, with ``INSERT ... ON CONFLICT`` so that two processes racing for the same slot cannot
both win on PostgreSQL or SQLite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, AnswerCooldown, AnswerStatus, Dispute
from bot.db.repositories.answer_statements import SOURCE_KEY, answer_statements
from bot.db.upsert import insert
from bot.platform.refs import MessageRef, Platform


class ReserveOutcome(StrEnum):
    """What happened to a reservation attempt."""

    RESERVED = "reserved"
    ALREADY_ANSWERED = "already-answered"
    COOLDOWN = "cooldown"


class DisputeResult(StrEnum):
    """What happened to a member's "this answer is wrong"."""

    NEW = "new"
    ALREADY_RECORDED = "already-recorded"
    UNKNOWN_ANSWER = "unknown-answer"


@dataclass(frozen=True)
class NewAnswer:
    """The facts recorded about an answer (never the member's text, only its hash)."""

    guild_id: str
    channel_id: str
    source_message_id: str
    incident_id: str
    claim_id: str
    score: float
    action: str
    text_sha256: str
    platform: str = "discord"
    delivery: str = "reply"  # `bot.platform.port.Delivery`: how the answer is given

    @property
    def source(self) -> MessageRef:
        """The answered message."""
        return MessageRef(Platform(self.platform), self.guild_id, self.channel_id, self.source_message_id)


def is_source(source: MessageRef) -> ColumnElement[bool]:
    """The condition on answers to this message (its full key)."""
    return (
        (Answer.platform == source.platform.value)
        & (Answer.guild_id == source.workspace)
        & (Answer.channel_id == source.channel)
        & (Answer.source_message_id == source.message)
    )


async def is_answered(session: AsyncSession, source: MessageRef) -> bool:
    """Whether the message has an answer (pending, sent or deleted)."""
    found = await session.scalar(select(Answer.id).where(is_source(source)))
    return found is not None


async def reserve_answer(
    session: AsyncSession, answer: NewAnswer, *, now: dt.datetime, cooldown: dt.timedelta
) -> tuple[ReserveOutcome, int | None]:
    """Record a pending answer and claim the cooldown slot, atomically; commits or rolls back.

    Returns:
        The outcome and, when reserved, the answer's row id.
    """
    statements = answer_statements(session)
    values = {field: getattr(answer, field) for field in NewAnswer.__dataclass_fields__}
    answer_id = await session.scalar(
        statements.pending, {**values, "status": AnswerStatus.PENDING.value, "created_at": now}
    )
    if answer_id is None:
        await session.rollback()
        return ReserveOutcome.ALREADY_ANSWERED, None
    claim = {
        "channel_id": answer.channel_id,
        "incident_id": answer.incident_id,
        "guild_id": answer.guild_id,
        "answer_id": answer_id,
        "answered_at": now,
        "since": now - cooldown,
    }
    claimed = await session.execute(statements.slot, claim)  # row count, not RETURNING: one trip less
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        return ReserveOutcome.COOLDOWN, None
    await session.commit()
    return ReserveOutcome.RESERVED, answer_id


async def record_answer(
    session: AsyncSession,
    answer: NewAnswer,
    *,
    answer_message_id: str | None,
    created_at: dt.datetime,
    sent_at: dt.datetime,
    deleted: bool = False,
    answer_channel_id: str | None = None,
) -> bool:
    """Record an answer posted without a reservation (the database was unavailable) and its cooldown slot; commits.

    Idempotent: False, and nothing written, when the message already has an answer (this one, written by an
    earlier attempt, or another process's). The cooldown slot moves only forward in time.
    """
    values = {field: getattr(answer, field) for field in NewAnswer.__dataclass_fields__}
    status = AnswerStatus.DELETED if deleted else AnswerStatus.SENT
    statement = insert(session, Answer).values(
        **values,
        status=status.value,
        answer_message_id=answer_message_id,
        answer_channel_id=answer_channel_id,
        created_at=created_at,
        sent_at=sent_at,
        deleted_at=sent_at if deleted else None,
    )
    answer_id = await session.scalar(statement.on_conflict_do_nothing().returning(Answer.id))
    if answer_id is None:
        adopted = await _adopt_reservation(
            session, answer, answer_message_id, sent_at=sent_at, deleted=deleted, answer_channel_id=answer_channel_id
        )
        await (session.commit() if adopted else session.rollback())
        return adopted
    await _hold_cooldown(session, answer, answer_id, created_at, ties_win=False)
    await session.commit()
    return True


async def _adopt_reservation(
    session: AsyncSession,
    answer: NewAnswer,
    answer_message_id: str | None,
    *,
    sent_at: dt.datetime,
    deleted: bool,
    answer_channel_id: str | None = None,
) -> bool:
    """Record the posted answer on a reservation of the same answer never marked posted; does not commit.

    That reservation is this very answer's when the database committed it but its reply was lost (so the bot
    went on as if the database were down); or another process's, posting the same reply (its nonce makes both
    posts one message).
    """
    status = AnswerStatus.DELETED if deleted else AnswerStatus.SENT
    adopted = await session.scalar(
        update(Answer)
        .where(
            is_source(answer.source),
            Answer.incident_id == answer.incident_id,
            Answer.claim_id == answer.claim_id,
            Answer.status == AnswerStatus.PENDING.value,
            Answer.answer_message_id.is_(None),
        )
        .values(
            status=status.value,
            answer_message_id=answer_message_id,
            answer_channel_id=answer_channel_id,
            delivery=answer.delivery,
            sent_at=sent_at,
            deleted_at=sent_at if deleted else None,
        )
        .returning(Answer.id)
    )
    return adopted is not None


async def answer_message_of(session: AsyncSession, source: MessageRef) -> str | None:
    """The recorded answer message to a message, if any."""
    return await session.scalar(select(Answer.answer_message_id).where(is_source(source)))


async def mark_sent(
    session: AsyncSession,
    answer_id: int,
    answer_message_id: str | None,
    *,
    now: dt.datetime,
    answer_channel_id: str | None = None,
    delivery: str | None = None,
) -> bool:
    """Record the posted answer's message id (None for a marker) and, for one in a thread, its channel.

    ``delivery`` (when given) replaces the mode recorded at the reservation: an approved answer follows its
    channel's mode, known only when it is posted.

    Returns:
        False when the answer should not stay: its message was deleted meanwhile, or it was released.
    """
    statements = answer_statements(session)
    values = {
        "answer_id": answer_id,
        "answer_message_id": answer_message_id,
        "answer_channel_id": answer_channel_id,
        "sent_at": now,
    }
    if delivery is None:
        status = await session.scalar(statements.sent, values)  # pending becomes sent; deleted or retracted stays
    else:
        status = await session.scalar(statements.sent_with_delivery, {**values, "delivery": delivery})
    await session.commit()
    return status == AnswerStatus.SENT  # it was pending or sent; None: released


async def release(session: AsyncSession, answer_id: int) -> None:
    """Forget a pending answer that could not be posted, and free its cooldown slot (no-op once sent)."""
    pending = delete(Answer).where(Answer.id == answer_id, Answer.status == AnswerStatus.PENDING.value)
    if await session.scalar(pending.returning(Answer.id)) is not None:
        await session.execute(delete(AnswerCooldown).where(AnswerCooldown.answer_id == answer_id))
    await session.commit()


async def answer_channels(session: AsyncSession, answer_message_ids: Sequence[str]) -> dict[str, str]:
    """Where answers are that are not in their message's channel (answers in threads), by answer message id."""
    if not answer_message_ids:
        return {}
    rows = await session.execute(
        select(Answer.answer_message_id, Answer.answer_channel_id).where(
            Answer.answer_message_id.in_(list(answer_message_ids)), Answer.answer_channel_id.is_not(None)
        )
    )
    return {row.answer_message_id: row.answer_channel_id for row in rows}


async def mark_source_deleted(
    session: AsyncSession,
    channel_id: str,
    message_id: str,
    *,
    now: dt.datetime,
    platform: str | None = None,
    guild_id: str | None = None,
) -> list[str]:
    """Mark answers to a deleted message (or a deleted answer itself) as deleted; commits.

    ``platform`` and ``guild_id`` narrow the channel to its platform and workspace (None, or an empty workspace
    from an operation journalled by an older version: any).

    Returns:
        The ids of the bot's answer messages that answered the deleted message (to delete them too).
    """
    live = Answer.status.in_([AnswerStatus.PENDING.value, AnswerStatus.SENT.value, AnswerStatus.RETRACTED.value])
    where = [Answer.channel_id == channel_id, live]
    where += [Answer.platform == platform] if platform else []
    where += [Answer.guild_id == guild_id] if guild_id else []
    deleted = {"status": AnswerStatus.DELETED.value, "deleted_at": now}
    answered = await session.execute(
        update(Answer)
        .where(Answer.source_message_id == message_id, *where)
        .values(**deleted)
        .returning(Answer.answer_message_id)
    )
    answer_message_ids = [found for found in answered.scalars() if found is not None]
    await session.execute(update(Answer).where(Answer.answer_message_id == message_id, *where).values(**deleted))
    await session.commit()
    return answer_message_ids


def answer_message(
    answer_message_id: str, *, guild_id: str | None = None, channel_id: str | None = None
) -> list[ColumnElement[bool]]:
    """Where an answer is the bot's message ``answer_message_id`` (in that server and channel or thread, if given).

    A Slack ``ts`` is unique only within its channel: lookups that know the channel pass it.
    """
    where = [Answer.answer_message_id == answer_message_id]
    where += [Answer.guild_id == guild_id] if guild_id is not None else []
    where += [func.coalesce(Answer.answer_channel_id, Answer.channel_id) == channel_id] if channel_id else []
    return where


async def add_dispute(
    session: AsyncSession,
    answer_message_id: str,
    user_id: str,
    *,
    now: dt.datetime,
    guild_id: str | None = None,
    channel_id: str | None = None,
) -> DisputeResult:
    """Record a member's dispute of an answer (of ``guild_id``'s, in ``channel_id``, when given), once per member.

    Commits.
    """
    found = select(Answer.id).where(*answer_message(answer_message_id, guild_id=guild_id, channel_id=channel_id))
    answer_id = await session.scalar(found)
    if answer_id is None:
        return DisputeResult.UNKNOWN_ANSWER
    statement = insert(session, Dispute).values(answer_id=answer_id, user_id=user_id, created_at=now)
    statement = statement.on_conflict_do_nothing(index_elements=[Dispute.answer_id, Dispute.user_id])
    added = await session.scalar(statement.returning(Dispute.id))
    await session.commit()
    return DisputeResult.NEW if added is not None else DisputeResult.ALREADY_RECORDED


async def count_since(session: AsyncSession, guild_id: str, since: dt.datetime) -> tuple[int, int]:
    """Answers sent in the server since a time, and disputes of them."""
    answers = await session.scalar(
        select(func.count(Answer.id)).where(
            Answer.guild_id == guild_id, Answer.created_at >= since, Answer.status != AnswerStatus.PENDING.value
        )
    )
    disputes = await session.scalar(
        select(func.count(Dispute.id))
        .join(Answer, Dispute.answer_id == Answer.id)
        .where(Answer.guild_id == guild_id, Dispute.created_at >= since)
    )
    return answers or 0, disputes or 0


async def add_pending(session: AsyncSession, answer: NewAnswer, *, now: dt.datetime) -> int | None:
    """Reserve an answer inside the caller's transaction (no cooldown: someone asked); does not commit.

    Returns:
        The answer's row id, or None when the message already has an answer. Its channel's cooldown slot for the
        incident moves to this answer unless a later one holds it.
    """
    values = {field: getattr(answer, field) for field in NewAnswer.__dataclass_fields__}
    statement = insert(session, Answer).values(**values, status=AnswerStatus.PENDING.value, created_at=now)
    answer_id = await session.scalar(statement.on_conflict_do_nothing(index_elements=SOURCE_KEY).returning(Answer.id))
    if answer_id is None:
        return None
    await _hold_cooldown(session, answer, answer_id, now, ties_win=True)
    return answer_id


async def pending_answer_of(session: AsyncSession, source: MessageRef) -> int | None:
    """The id of the message's answer when it is reserved but not posted yet."""
    return await session.scalar(
        select(Answer.id).where(
            is_source(source),
            Answer.status == AnswerStatus.PENDING.value,
            Answer.answer_message_id.is_(None),
        )
    )


async def _hold_cooldown(
    session: AsyncSession, answer: NewAnswer, answer_id: int, at: dt.datetime, *, ties_win: bool
) -> None:
    """Point the channel's cooldown for the incident at this answer, unless a later answer holds it.

    ``ties_win``: an answer made at the same instant as the holder takes the cooldown too.
    """
    claim = insert(session, AnswerCooldown).values(
        channel_id=answer.channel_id,
        incident_id=answer.incident_id,
        guild_id=answer.guild_id,
        answer_id=answer_id,
        answered_at=at,
    )
    held_since = AnswerCooldown.answered_at
    later = held_since <= claim.excluded.answered_at if ties_win else held_since < claim.excluded.answered_at
    await session.execute(
        claim.on_conflict_do_update(
            index_elements=[AnswerCooldown.channel_id, AnswerCooldown.incident_id],
            set_={"answer_id": claim.excluded.answer_id, "answered_at": claim.excluded.answered_at},
            where=later,
        )
    )
