"""The statements of an answer's hot path (reserve, then mark sent), built once per database and reused.

Building an ``INSERT ... ON CONFLICT`` from its values costs more than running it (coercing every value, the
cache key, the ``excluded`` columns): about a millisecond of the event loop per answer. Built once with bound
parameters, a statement keeps its cache key and compiled form, and each answer only binds its values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, Update, bindparam, case, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, AnswerCooldown, AnswerStatus
from bot.db.upsert import insert_for

_ANSWERS = Answer.__table__
_COOLDOWNS = AnswerCooldown.__table__
SOURCE_KEY = (Answer.platform, Answer.guild_id, Answer.channel_id, Answer.source_message_id)
"""What identifies an answer's source message (unique): a Slack ``ts`` is unique only within its channel."""
RESERVED_COLUMNS = (
    "guild_id",
    "channel_id",
    "source_message_id",
    "incident_id",
    "claim_id",
    "score",
    "action",
    "text_sha256",
    "platform",
    "delivery",
    "status",
    "created_at",
)
"""The columns a reservation writes (a `NewAnswer`'s fields, its status and creation time)."""


@dataclass(frozen=True)
class AnswerStatements:
    """An answer's reservation (the pending answer, the cooldown slot) and its record once posted."""

    pending: Insert
    """The pending answer, unless its message has one; returns its id."""
    slot: Insert
    """The channel's cooldown slot for the incident, unless taken ``since`` or later."""
    sent: Update
    """The posted answer's message (pending becomes sent); returns its status."""
    sent_with_delivery: Update
    """The same, replacing the delivery recorded at the reservation."""


def answer_statements(session: AsyncSession) -> AnswerStatements:
    """The statements for the session's database."""
    return _built(session.get_bind().dialect.name)


@functools.cache
def _built(dialect: str) -> AnswerStatements:
    pending = insert_for(dialect, _ANSWERS).values({name: _bound(_ANSWERS, name) for name in RESERVED_COLUMNS})
    pending = pending.on_conflict_do_nothing(index_elements=SOURCE_KEY).returning(_ANSWERS.c.id)
    names = ("channel_id", "incident_id", "guild_id", "answer_id", "answered_at")
    slot = insert_for(dialect, _COOLDOWNS).values({name: _bound(_COOLDOWNS, name) for name in names})
    slot = slot.on_conflict_do_update(
        index_elements=[_COOLDOWNS.c.channel_id, _COOLDOWNS.c.incident_id],
        set_={"answer_id": slot.excluded.answer_id, "answered_at": slot.excluded.answered_at},
        where=_COOLDOWNS.c.answered_at <= bindparam("since", type_=_COOLDOWNS.c.answered_at.type),
    )
    return AnswerStatements(pending, slot, _sent(delivery=False), _sent(delivery=True))


def _sent(*, delivery: bool) -> Update:
    status = _ANSWERS.c.status
    values: dict[str, Any] = {
        "status": case((status == AnswerStatus.PENDING.value, AnswerStatus.SENT.value), else_=status),
        "answer_message_id": _bound(_ANSWERS, "answer_message_id"),
        "answer_channel_id": _bound(_ANSWERS, "answer_channel_id"),
        "sent_at": _bound(_ANSWERS, "sent_at"),
    }
    if delivery:
        values["delivery"] = _bound(_ANSWERS, "delivery")
    row = _ANSWERS.c.id == bindparam("answer_id", type_=_ANSWERS.c.id.type)
    return update(_ANSWERS).where(row).values(values).returning(status)


def _bound(table: Any, name: str) -> Any:
    """A parameter named after the column, of its type (so its values are converted as the column's)."""
    return bindparam(name, type_=table.c[name].type)
