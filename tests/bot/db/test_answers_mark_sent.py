"""`mark_sent` in one statement: a pending answer becomes sent; a deleted, retracted or released one does not stay."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from bot.db.models import Answer
from bot.db.repositories.answers import NewAnswer, mark_sent, release, reserve_answer
from bot.domain import AnswerStatus
from tests.bot.helpers import Database

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


async def _reserved(db: Database) -> int:
    record = NewAnswer("1", "2", "3", "incident", "claim", 90.0, "reply", "0" * 64)
    async with db.sessions() as session:
        _, answer_id = await reserve_answer(session, record, now=NOW, cooldown=dt.timedelta(minutes=5))
    assert answer_id is not None
    return answer_id


async def _status(db: Database, answer_id: int) -> tuple[str, str | None] | None:
    async with db.sessions() as session:
        row = (
            await session.execute(select(Answer.status, Answer.answer_message_id).where(Answer.id == answer_id))
        ).one_or_none()
    return None if row is None else (row.status, row.answer_message_id)


async def _mark(db: Database, answer_id: int, message_id: str) -> bool:
    async with db.sessions() as session:
        return await mark_sent(session, answer_id, message_id, now=NOW, delivery="thread")


async def test_a_pending_answer_becomes_sent_and_a_replay_keeps_it(db: Database) -> None:
    answer_id = await _reserved(db)
    assert await _mark(db, answer_id, "100") is True
    assert await _status(db, answer_id) == (AnswerStatus.SENT, "100")
    assert await _mark(db, answer_id, "100") is True  # the outbox may replay it
    assert await _status(db, answer_id) == (AnswerStatus.SENT, "100")


@pytest.mark.parametrize("status", [AnswerStatus.DELETED, AnswerStatus.RETRACTED])
async def test_an_answer_no_longer_live_is_recorded_but_not_kept(db: Database, status: AnswerStatus) -> None:
    """Its message was deleted (or it was retracted) while it was posted: the caller deletes what it posted."""
    answer_id = await _reserved(db)
    async with db.sessions() as session:
        await session.execute(update(Answer).where(Answer.id == answer_id).values(status=status.value))
        await session.commit()
    assert await _mark(db, answer_id, "101") is False
    assert await _status(db, answer_id) == (status, "101")


async def test_a_released_answer_is_not_kept(db: Database) -> None:
    answer_id = await _reserved(db)
    async with db.sessions() as session:
        await release(session, answer_id)
    assert await _mark(db, answer_id, "102") is False
    assert await _status(db, answer_id) is None
