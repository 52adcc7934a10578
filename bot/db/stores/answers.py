"""Answers for the services: whether a message is answered, reservations made inside a decision, counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer
from bot.db.repositories import answers as repo
from bot.db.repositories.answers import DisputeResult, NewAnswer, ReserveOutcome
from bot.domain import AnswerRecord
from bot.platform.refs import MessageRef

_ANSWER_FIELDS = tuple(field.name for field in dataclasses.fields(AnswerRecord))


def answer_record(row: Answer) -> AnswerRecord:
    """The record of an answer row."""
    return AnswerRecord(**{name: getattr(row, name) for name in _ANSWER_FIELDS})


class AnswerStore:
    """`bot.db.repositories.answers` bound to a session (the calls the services make inside transactions)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_answered(self, source: MessageRef) -> bool:
        """Whether the message has an answer (pending, sent or deleted)."""
        return await repo.is_answered(self._session, source)

    async def add_pending(self, answer: NewAnswer, *, now: dt.datetime) -> int | None:
        """Reserve an answer in this transaction (no cooldown: someone asked); None when the message has one."""
        return await repo.add_pending(self._session, answer, now=now)

    async def pending_answer_of(self, source: MessageRef) -> int | None:
        """The id of the message's answer when it is reserved but not posted yet."""
        return await repo.pending_answer_of(self._session, source)

    async def reserve(
        self, answer: NewAnswer, *, now: dt.datetime, cooldown: dt.timedelta
    ) -> tuple[ReserveOutcome, int | None]:
        """Record a pending answer and claim the cooldown slot, atomically; commits or rolls back."""
        return await repo.reserve_answer(self._session, answer, now=now, cooldown=cooldown)

    async def record(
        self,
        answer: NewAnswer,
        *,
        answer_message_id: str | None,
        created_at: dt.datetime,
        sent_at: dt.datetime,
        deleted: bool = False,
        answer_channel_id: str | None = None,
    ) -> bool:
        """Record an answer posted without a reservation, once; commits."""
        return await repo.record_answer(
            self._session,
            answer,
            answer_message_id=answer_message_id,
            created_at=created_at,
            sent_at=sent_at,
            deleted=deleted,
            answer_channel_id=answer_channel_id,
        )

    async def answer_message_of(self, source: MessageRef) -> str | None:
        """The recorded answer message to a message, if any."""
        return await repo.answer_message_of(self._session, source)

    async def mark_sent(
        self,
        answer_id: int,
        answer_message_id: str | None,
        *,
        now: dt.datetime,
        answer_channel_id: str | None = None,
        delivery: str | None = None,
    ) -> bool:
        """Record the posted answer's message id (None: a marker); False when it should not stay. Commits."""
        return await repo.mark_sent(
            self._session, answer_id, answer_message_id, now=now, answer_channel_id=answer_channel_id, delivery=delivery
        )

    async def answer_channels(self, answer_message_ids: Sequence[str]) -> dict[str, str]:
        """Where answers are that are not in their message's channel (threads), by answer message id."""
        return await repo.answer_channels(self._session, answer_message_ids)

    async def release(self, answer_id: int) -> None:
        """Forget a pending answer that could not be posted, and free its cooldown slot. Commits."""
        await repo.release(self._session, answer_id)

    async def mark_source_deleted(
        self,
        channel_id: str,
        message_id: str,
        *,
        now: dt.datetime,
        platform: str | None = None,
        guild_id: str | None = None,
    ) -> list[str]:
        """Mark answers to a deleted message (or a deleted answer) deleted; the answer messages to delete. Commits."""
        return await repo.mark_source_deleted(
            self._session, channel_id, message_id, now=now, platform=platform, guild_id=guild_id
        )

    async def add_dispute(
        self,
        answer_message_id: str,
        user_id: str,
        *,
        now: dt.datetime,
        guild_id: str | None = None,
        channel_id: str | None = None,
    ) -> DisputeResult:
        """Record a member's dispute of an answer (in that server and channel, when given), once per member; commits."""
        return await repo.add_dispute(
            self._session, answer_message_id, user_id, now=now, guild_id=guild_id, channel_id=channel_id
        )

    async def count_since(self, guild_id: str, since: dt.datetime) -> tuple[int, int]:
        """Answers sent in the server since a time, and disputes of them."""
        return await repo.count_since(self._session, guild_id, since)
