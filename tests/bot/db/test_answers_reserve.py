"""`reserve_answer` on the database alone (no process's memory in front): once per message, once per cooldown."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.db.models import Answer, AnswerCooldown
from bot.db.repositories.answers import NewAnswer, ReserveOutcome, reserve_answer
from tests.bot.helpers import Database

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
COOLDOWN = dt.timedelta(minutes=10)


def _answer(message_id: str, *, channel_id: str = "2", incident_id: str = "incident") -> NewAnswer:
    return NewAnswer("1", channel_id, message_id, incident_id, "claim", 90.0, "reply", "0" * 64)


async def _reserve(db: Database, answer: NewAnswer, at: dt.datetime = NOW) -> ReserveOutcome:
    async with db.sessions() as session:
        outcome, answer_id = await reserve_answer(session, answer, now=at, cooldown=COOLDOWN)
    assert (answer_id is not None) == (outcome is ReserveOutcome.RESERVED)
    return outcome


async def _answers(db: Database) -> int:
    async with db.sessions() as session:
        return await session.scalar(select(func.count(Answer.id))) or 0


async def test_a_message_is_reserved_once(db: Database) -> None:
    assert await _reserve(db, _answer("10")) is ReserveOutcome.RESERVED
    assert await _reserve(db, _answer("10"), NOW + 2 * COOLDOWN) is ReserveOutcome.ALREADY_ANSWERED
    assert await _answers(db) == 1


async def test_the_cooldown_holds_per_channel_and_incident_then_expires(db: Database) -> None:
    """A slot held leaves no answer row behind; one expired (or exactly due) is taken over."""
    assert await _reserve(db, _answer("10")) is ReserveOutcome.RESERVED
    assert await _reserve(db, _answer("11"), NOW + COOLDOWN / 2) is ReserveOutcome.COOLDOWN
    assert await _answers(db) == 1
    assert await _reserve(db, _answer("12", channel_id="3"), NOW + COOLDOWN / 2) is ReserveOutcome.RESERVED
    assert await _reserve(db, _answer("13", incident_id="other"), NOW + COOLDOWN / 2) is ReserveOutcome.RESERVED
    assert await _reserve(db, _answer("14"), NOW + COOLDOWN) is ReserveOutcome.RESERVED
    async with db.sessions() as session:
        holder = await session.scalar(
            select(Answer.source_message_id)
            .join(AnswerCooldown, AnswerCooldown.answer_id == Answer.id)
            .where(AnswerCooldown.channel_id == "2", AnswerCooldown.incident_id == "incident")
        )
    assert holder == "14"
    assert await _reserve(db, _answer("15"), NOW + COOLDOWN) is ReserveOutcome.COOLDOWN


async def test_a_reservation_records_every_fact_of_the_answer(db: Database) -> None:
    answer = NewAnswer("T1", "C2", "171.5", "incident", "claim", 93.5, "reply", "f" * 64, "slack", "thread")
    assert await _reserve(db, answer) is ReserveOutcome.RESERVED
    async with db.sessions() as session:
        row = (await session.scalars(select(Answer))).one()
        slot = (await session.scalars(select(AnswerCooldown))).one()
    recorded = {field: getattr(row, field) for field in NewAnswer.__dataclass_fields__}
    assert NewAnswer(**recorded) == answer
    assert (row.status, row.created_at, row.sent_at) == ("pending", NOW, None)
    assert (slot.channel_id, slot.incident_id, slot.guild_id, slot.answer_id, slot.answered_at) == (
        "C2",
        "incident",
        "T1",
        row.id,
        NOW,
    )
