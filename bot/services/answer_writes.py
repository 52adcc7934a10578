"""The alert service's writes (reserve, confirm, release, deletions, disputes), riding out database outages.

With the database up, each write happens at once, as before. While it is unavailable: a reservation is made in
this process only (`AnswerGuard`: never twice, cooldowns), and what must be recorded (the answer given, its
deletion, a dispute) waits in the outbox as an idempotent operation, written once the database is back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from bot.db.errors import is_database_unavailable
from bot.db.storage import DisputeResult, NewAnswer, ReserveOutcome, StorageSource, storage_of
from bot.platform.refs import ChannelRef, Platform, WorkspaceRef
from bot.services.answer_guard import AnswerGuard
from bot.services.events import AnswersOrphaned, EventBus
from bot.services.outbox import Deferred, Operation, Outbox, is_replaying

DisputeListener = Callable[[str, str, str | None, str | None], Awaitable[object]]
"""Told of each new dispute: (answer message id, user id, server id, channel id); the ids None when not known."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordAnswer:
    """An answer posted while the database was unavailable: its record and cooldown slot, written once."""

    KIND: ClassVar[str] = "answer.record"
    answer: NewAnswer
    answer_message_id: str | None  # None: a marker (a reaction on the message), no message of its own
    reserved_at: dt.datetime
    sent_at: dt.datetime
    deleted: bool = False
    answer_channel_id: str | None = None  # where the answer is, when not in the answered message's channel


@dataclass(frozen=True)
class MarkSent:
    """A reserved answer was posted (`answers.mark_sent`)."""

    KIND: ClassVar[str] = "answer.sent"
    answer_id: int
    answer_message_id: str | None
    sent_at: dt.datetime
    answer_channel_id: str | None = None
    delivery: str | None = None  # the mode it was given in (None: as reserved)


@dataclass(frozen=True)
class ReleaseAnswer:
    """A reserved answer was not posted (`answers.release`)."""

    KIND: ClassVar[str] = "answer.release"
    answer_id: int


@dataclass(frozen=True)
class SourceDeleted:
    """A message was deleted (`answers.mark_source_deleted`); the answers found then are deleted too."""

    KIND: ClassVar[str] = "answer.source-deleted"
    channel_id: str
    message_id: str
    deleted_at: dt.datetime
    platform: str = Platform.DISCORD.value
    guild_id: str = ""


@dataclass(frozen=True)
class RecordDispute:
    """A member disputed an answer (`answers.add_dispute`), which also queues it for moderators."""

    KIND: ClassVar[str] = "answer.dispute"
    answer_message_id: str
    user_id: str
    disputed_at: dt.datetime
    guild_id: str | None = None  # the server the member clicked in (None: journalled by an older version)
    channel_id: str | None = None  # the channel (or thread) the answer is in (None: journalled by an older version)


@dataclass(frozen=True)
class Reserved:
    """The result of a reservation: ``answer_id`` is None when it was made in this process only (``offline``)."""

    outcome: ReserveOutcome
    answer_id: int | None = None
    offline: bool = False


class AnswerWrites:
    """Reservations and records of answers, through the outbox when there is one (see the module docs).

    Args:
        storage: The database (`bot.db.storage`).
        outbox: Where writes wait while the database is unavailable; None: every write goes straight to the
            database and its errors propagate.
        on_dispute: Runs after each new dispute (``answer_message_id``, ``user_id``, ``guild_id``, ``channel_id``).
        guard: This process's memory of its answers.
        events: Where `AnswersOrphaned` is published (answers to delete, found when a queued deletion is applied).
    """

    def __init__(
        self,
        storage: StorageSource,
        outbox: Outbox | None,
        *,
        on_dispute: DisputeListener | None = None,
        guard: AnswerGuard | None = None,
        events: EventBus | None = None,
    ) -> None:
        self._storage = storage_of(storage)
        self._outbox = outbox
        self._on_dispute = on_dispute
        self.guard = guard or AnswerGuard()
        self._events = events or EventBus()
        self._handlers: dict[str, Callable[[object], Awaitable[object]]] = {}
        for kind, handler in (
            (RecordAnswer, self._record),
            (MarkSent, self._mark_sent),
            (ReleaseAnswer, self._release),
            (SourceDeleted, self._source_deleted),
            (RecordDispute, self._dispute),
        ):
            self._handlers[kind.KIND] = handler  # type: ignore[assignment]
            if outbox is not None:
                outbox.register(kind, handler)  # type: ignore[arg-type]

    async def reserve(self, record: NewAnswer, *, now: dt.datetime, cooldown: dt.timedelta) -> Reserved:
        """Reserve the answer: in the database, or in this process only while the database is unavailable."""
        ids = (record.source_message_id, record.channel_id, record.incident_id)
        blocked = self.guard.blocks(*ids, now=now, cooldown=cooldown)
        if blocked is not None:
            return Reserved(blocked)
        if self._outbox is not None and self._outbox.database_down:
            return self._reserve_here(record, now=now, cooldown=cooldown)
        try:
            async with self._storage.transaction(writing=True) as tx:
                outcome, answer_id = await tx.answers.reserve(record, now=now, cooldown=cooldown)
        except Exception as error:
            if self._outbox is None or not is_database_unavailable(error):
                raise
            self._outbox.mark_down(error)
            return self._reserve_here(record, now=now, cooldown=cooldown)
        if outcome is ReserveOutcome.RESERVED:
            self.guard.note(*ids, now=now)
        return Reserved(outcome, answer_id)

    def _reserve_here(self, record: NewAnswer, *, now: dt.datetime, cooldown: dt.timedelta) -> Reserved:
        ids = (record.source_message_id, record.channel_id, record.incident_id)
        blocked = self.guard.blocks(*ids, now=now, cooldown=cooldown)  # again: others may have reserved meanwhile
        if blocked is not None:
            return Reserved(blocked)
        self.guard.note(*ids, now=now)
        log.info("database unavailable: answer to message %s reserved in this process only", record.source_message_id)
        return Reserved(ReserveOutcome.RESERVED, None, offline=True)

    async def confirm(
        self,
        answer_id: int | None,
        source_message_id: str,
        answer_message_id: str | None,
        *,
        channel_id: str,
        record: NewAnswer | None,
        reserved_at: dt.datetime,
        now: dt.datetime,
        answer_channel_id: str | None = None,
        delivery: str | None = None,
    ) -> bool:
        """Record the posted answer; False when its message was deleted meanwhile (delete the answer).

        Args:
            answer_id: The reserved answer's row; None when it was reserved in this process only.
            source_message_id: The answered message.
            answer_message_id: The posted answer (None: a marker, no message of its own).
            channel_id: The answered message's channel.
            record: With no ``answer_id``: the answer's record to write.
            reserved_at: When it was reserved (the record's creation time).
            now: When it was posted.
            answer_channel_id: Where the answer is, when not in the answered message's channel (a thread).
            delivery: The mode it was given in (`bot.platform.port.Delivery`), when not the reserved one.
        """
        kept = self.guard.sent(source_message_id, answer_message_id, channel_id=channel_id)
        if answer_id is None:
            if record is None:
                raise ValueError("an answer reserved in this process only needs its record")
            record = record if delivery is None else replace(record, delivery=delivery)
            recorded = RecordAnswer(record, answer_message_id, reserved_at, now, not kept, answer_channel_id)
            await self._perform(recorded)
            return kept
        result = await self._perform(MarkSent(answer_id, answer_message_id, now, answer_channel_id, delivery))
        return kept and (isinstance(result, Deferred) or bool(result))

    async def release(self, answer_id: int | None, source_message_id: str, *, channel_id: str) -> None:
        """Give back a reservation whose answer was not posted."""
        self.guard.forget(source_message_id, channel_id=channel_id)
        if answer_id is not None:
            await self._perform(ReleaseAnswer(answer_id))

    async def source_deleted(
        self, channel_id: str, message_id: str, *, now: dt.datetime, workspace: WorkspaceRef | None = None
    ) -> list[str]:
        """A message was deleted: the bot's answers to it to delete (those known now; queued ones follow later)."""
        found = self.guard.deleted(channel_id, message_id)
        where = (workspace.platform.value, workspace.workspace) if workspace is not None else ()
        result = await self._perform(SourceDeleted(channel_id, message_id, now, *where))
        if isinstance(result, list):
            found += [answer for answer in result if answer not in found]
        return found

    async def dispute(
        self,
        answer_message_id: str,
        user_id: str,
        *,
        now: dt.datetime,
        guild_id: str | None = None,
        channel_id: str | None = None,
    ) -> DisputeResult:
        """Record a dispute of an answer of ``guild_id`` in ``channel_id`` (queued while the database is away)."""
        result = await self._perform(RecordDispute(answer_message_id, user_id, now, guild_id, channel_id))
        return result if isinstance(result, DisputeResult) else DisputeResult.NEW

    async def _perform(self, operation: Operation) -> object:
        if self._outbox is None:
            return await self._handlers[operation.KIND](operation)
        return await self._outbox.perform(operation)

    # Handlers: idempotent, each in one transaction ----------------------------------------------------------

    async def _record(self, op: RecordAnswer) -> bool:
        async with self._storage.transaction(writing=True) as tx:
            written = await tx.answers.record(
                op.answer,
                answer_message_id=op.answer_message_id,
                created_at=op.reserved_at,
                sent_at=op.sent_at,
                deleted=op.deleted,
                answer_channel_id=op.answer_channel_id,
            )
            existing = None if written else await tx.answers.answer_message_of(op.answer.source)
        if not written and existing != op.answer_message_id:
            log.warning(
                "message %s got two answers (%s here, %s recorded): it was answered elsewhere while the database "
                "was unavailable",
                op.answer.source_message_id,
                op.answer_message_id,
                existing,
            )
        return written

    async def _mark_sent(self, op: MarkSent) -> bool:
        async with self._storage.transaction(writing=True) as tx:
            return await tx.answers.mark_sent(
                op.answer_id,
                op.answer_message_id,
                now=op.sent_at,
                answer_channel_id=op.answer_channel_id,
                delivery=op.delivery,
            )

    async def _release(self, op: ReleaseAnswer) -> None:
        async with self._storage.transaction(writing=True) as tx:
            await tx.answers.release(op.answer_id)

    async def _source_deleted(self, op: SourceDeleted) -> list[str]:
        async with self._storage.transaction(writing=True) as tx:
            found = await tx.answers.mark_source_deleted(
                op.channel_id, op.message_id, now=op.deleted_at, platform=op.platform, guild_id=op.guild_id
            )
        if found:
            log.info("message %s in channel %s deleted; deleting answers %s", op.message_id, op.channel_id, found)
        if found and is_replaying():  # the subscribers' failures are logged: a retry would find nothing to delete
            channel = ChannelRef(Platform(op.platform), op.guild_id, op.channel_id)
            await self._events.publish(AnswersOrphaned(channel, tuple(found)))
        return found

    async def _dispute(self, op: RecordDispute) -> DisputeResult:
        async with self._storage.transaction(writing=True) as tx:
            result = await tx.answers.add_dispute(
                op.answer_message_id, op.user_id, now=op.disputed_at, guild_id=op.guild_id, channel_id=op.channel_id
            )
        log.info("dispute of answer %s by user %s: %s", op.answer_message_id, op.user_id, result)
        # Replayed, an "already recorded" may be this very dispute written by an attempt cut short: queue it again
        # (the review queue counts each member once).
        queue = result is DisputeResult.NEW or (is_replaying() and result is DisputeResult.ALREADY_RECORDED)
        if queue and self._on_dispute is not None:
            await self._on_dispute(op.answer_message_id, op.user_id, op.guild_id, op.channel_id)
        return result
