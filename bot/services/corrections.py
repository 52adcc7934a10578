"""Corrections: the bot edits its past answers when the record they showed changes, or moderators retract one.

After each knowledge swap (a reload, a feed's new version) and at start, every claim answered within the window
(`CorrectionPolicy.window_days`) is compared with how its record last read (`knowledge.claim_changes`, stored in
the database, so changes made while the bot was stopped are seen too). A change queues one edit per answer of the
claim posted before the new knowledge came into use, in servers with corrections on; a retraction queues one for
its answer (`ReviewService`, in the decision's transaction). One task per process drains the queue through the
front ends, an edit at a time with a pause between (besides the platforms' own rate-limit handling), and again
after each change; what a stop interrupts is drained after the next start.

A claim missing from the knowledge is called withdrawn only when a swap in this process dropped it (at start it
may be a feed not restored yet). An edited answer shows the current record and one line per change, e.g.
``Updated 2026-12-05: verdict changed from False to Misleading``; a withdrawn claim's or a retracted answer's
says so instead of a verdict.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.background import BackgroundTask
from bot.db.errors import is_database_unavailable
from bot.db.storage import StorageSource, Transaction, storage_of
from bot.db.types import utcnow
from bot.domain import AnswerStatus, CorrectionKind, CorrectionStatus, DueAnswer, QueuedEdit, StoredRecord
from bot.metrics import Metrics
from bot.platform.port import MessageGone, PlatformError
from bot.platform.refs import MessageRef, Platform, WorkspaceRef
from bot.services.cards import AnswerCard
from bot.services.correction_cards import corrected_card, update_note
from bot.services.events import AnswerPosted, DecisionApplied, EventBus
from bot.services.knowledge import KnowledgeHolder
from bot.services.ports import Ports
from knowledge.base import KnowledgeBase
from knowledge.claim_changes import ClaimRecord, claim_change, record_of
from knowledge.releasing import release

log = logging.getLogger(__name__)

POLL_SECONDS = 60.0
"""The longest queued edits wait when nothing in this process announced them (another process's retraction)."""


@dataclass(frozen=True)
class CorrectionPolicy:
    """How far back answers are corrected, and how fast."""

    window_days: int = 30
    pace_seconds: float = 1.0
    lease_seconds: float = 120.0
    max_statements: int | None = 2
    page: int = 100
    """Answers read from the queue at a time."""

    @property
    def window(self) -> dt.timedelta:
        """How far back answers are corrected."""
        return dt.timedelta(days=self.window_days)


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction as ``/review log`` lists it."""

    answer: MessageRef
    incident_title: str
    note: str
    status: CorrectionStatus
    created_at: dt.datetime


class Corrections(BackgroundTask):
    """Sees what changed in answered claims, queues the edits, and makes them through the front ends."""

    task_name = "corrections"

    def __init__(
        self,
        holder: KnowledgeHolder,
        storage: StorageSource,
        ports: Ports,
        events: EventBus,
        *,
        policy: CorrectionPolicy | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        metrics: Metrics | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self._holder = holder
        self._storage = storage_of(storage)
        self._ports = ports
        self._events = events
        self.policy = policy or CorrectionPolicy()
        self._clock = clock
        self._metrics = metrics
        self._poll_seconds = poll_seconds
        self._swaps: list[KnowledgeBase] = []
        self._wake = asyncio.Event()
        self._ready: Callable[[], Awaitable[object]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._recorded: set[tuple[str, str]] = set()
        holder.add_swap_listener(self._swapped)
        events.subscribe(AnswerPosted, self._answer_posted)
        events.subscribe(DecisionApplied, self._decision_applied)

    # Running --------------------------------------------------------------------------------------------------

    def start(self, ready: Callable[[], Awaitable[object]] | None = None) -> None:
        """Start the worker (after ``ready()``): it checks the knowledge, then drains the queue (a no-op if running).

        Stopping it (`stop`) leaves the edits not made yet queued for the next start.
        """
        if self._task is None:
            self._loop, self._ready = asyncio.get_running_loop(), ready
            super().start()

    def wake(self) -> None:
        """Drain the queue soon."""
        self._wake.set()

    def _swapped(self, old: KnowledgeBase, _new: KnowledgeBase) -> None:
        """The knowledge was swapped (called from the swapping thread): check the answered claims soon."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._note_swap, old)

    def _note_swap(self, old: KnowledgeBase) -> None:
        self._swaps.append(old)
        self._wake.set()

    async def _run(self) -> None:
        if self._ready is not None:
            await self._ready()
        await self._guarded(self.check(None), "check")
        while self._task is not None:
            self._wake.clear()
            while self._swaps:
                previous = [self._swaps.pop(0)]
                await self._guarded(self.check(previous[0]), "check")
                await asyncio.to_thread(release, previous)  # freed whole on the loop, a large base stalls it
            await self._guarded(self.drain(), "drain")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _guarded(self, work: Awaitable[object], what: str) -> None:
        try:
            await work
        except Exception as error:
            if is_database_unavailable(error):
                log.warning("corrections: %s postponed, the database is unavailable (%s)", what, error)
            else:
                log.exception("corrections: %s failed", what)

    # Seeing changes -------------------------------------------------------------------------------------------

    async def check(self, previous: KnowledgeBase | None) -> int:
        """Compare the answered claims' stored records with the knowledge now; queue the edits. Returns how many.

        ``previous`` is the knowledge before a swap (None at start): a claim it had and the knowledge now lacks was
        withdrawn.
        """
        if self.policy.window_days == 0:
            return 0
        now, snapshot = self._clock(), self._holder.current
        since = now - self.policy.window
        queued = 0
        async with self._storage.transaction() as tx:
            keys = await tx.corrections.answered_claims(since)
            stored = await tx.corrections.stored_records(keys)
            for key in keys:
                queued += await self._check_claim(tx, key, stored.get(key), previous, snapshot.knowledge, now)
            await tx.corrections.forget_records_except(keys)
            await tx.commit()
        self._recorded = set(keys)
        if queued:
            log.info("corrections: %d answer edits queued", queued)
            self._wake.set()
        return queued

    async def _check_claim(
        self,
        tx: Transaction,
        key: tuple[str, str],
        kept: StoredRecord | None,
        previous: KnowledgeBase | None,
        current: KnowledgeBase,
        now: dt.datetime,
    ) -> int:
        store = tx.corrections
        new = record_of(current, *key)
        before = record_of(previous, *key) if previous is not None else None
        if new is None and before is None:
            return 0  # not known to be withdrawn: a feed not restored yet, say
        old = ClaimRecord.from_json(kept.record) if kept is not None else before
        version = kept.version if kept is not None else 0
        if old is None:  # first seen: how it reads now is what later changes are compared with
            if new is not None:
                await store.keep_record(key, new.as_json(), new.fingerprint, version=1, now=now, replace=False)
            return 0
        change = claim_change(old, new)
        if change is None:
            if kept is None:
                await store.keep_record(key, old.as_json(), old.fingerprint, version=1, now=now, replace=False)
            return 0
        record = change.record
        since = now - self.policy.window
        queued = await store.queue_change(
            key, change.key(version + 1), change.describe(), since=since, until=self._in_use_since(), now=now
        )
        await store.keep_record(key, record.as_json(), record.fingerprint, version=version + 1, now=now, replace=True)
        log.info("claim %s/%s changed (%s): %d answers to edit", *key, change.describe(), queued)
        return queued

    def _in_use_since(self) -> dt.datetime:
        """When the knowledge now in use came in: answers posted since already show it."""
        return self._holder.current.loaded_at

    async def _answer_posted(self, event: AnswerPosted) -> None:
        """Keep how the answered claim's record reads now, unless it is kept already."""
        key = (event.incident_id, event.claim_id)
        if key in self._recorded:
            return
        record = record_of(self._holder.knowledge, *key)
        if record is None:
            return
        async with self._storage.transaction() as tx:
            now = self._clock()
            await tx.corrections.keep_record(
                key, record.as_json(), record.fingerprint, version=1, now=now, replace=False
            )
            await tx.commit()
        self._recorded.add(key)

    def _decision_applied(self, event: DecisionApplied) -> None:
        """A retraction queued an edit: make it soon."""
        self._wake.set()

    # Making the edits -----------------------------------------------------------------------------------------

    async def drain(self) -> int:
        """Make the queued edits of the answers this process's front ends serve; returns how many were made."""
        platforms = [platform.value for platform in self._ports.platforms]
        made, cursor = 0, 0
        while platforms:  # page by page, so another process's answers never hide this one's
            async with self._storage.transaction() as tx:
                page = await tx.corrections.due_answers(
                    platforms, now=self._clock(), after=cursor, limit=self.policy.page
                )
            if not page:
                break
            cursor = page[-1].first_edit
            for answer in page:
                if self._served(answer) and await self._correct(answer):
                    made += 1
                    await asyncio.sleep(self.policy.pace_seconds)
        return made

    def _served(self, answer: DueAnswer) -> bool:
        return self._ports.serving(WorkspaceRef(Platform(answer.platform), answer.guild_id)) is not None

    async def _correct(self, answer: DueAnswer) -> bool:
        """Edit one answer for its pending changes; False when nothing was sent to the platform."""
        now = self._clock()
        async with self._storage.transaction() as tx:
            store = tx.corrections
            edits = await store.claim(answer.answer_id, now=now, lease=dt.timedelta(seconds=self.policy.lease_seconds))
            if not edits:
                return False
            edits = await self._skip_unwanted(tx, answer, edits, now)
            if not edits:
                return False
            made = await store.history(answer.answer_id)
            key = (answer.incident_id, answer.claim_id)
            kept = (await store.stored_records([key])).get(key)
        card = self.card_of(answer, ClaimRecord.from_json(kept.record) if kept is not None else None)
        note = update_note([*made, *edits])
        outcome = await self._edit(answer, card, note)
        async with self._storage.transaction() as tx:
            ids = [edit.id for edit in edits]
            if outcome is None:
                await tx.corrections.release(ids, now=self._clock())
            else:
                await tx.corrections.finish(ids, outcome, now=self._clock())
        self._count(outcome.value if outcome is not None else "retried", len(edits))
        return True

    async def _skip_unwanted(
        self, tx: Transaction, answer: DueAnswer, edits: list[QueuedEdit], now: dt.datetime
    ) -> list[QueuedEdit]:
        """Close edits not to make: the answer was deleted, or the server switched corrections off meanwhile."""
        store = tx.corrections
        if answer.status == AnswerStatus.DELETED.value:
            await store.finish([edit.id for edit in edits], CorrectionStatus.GONE, now=now)
            self._count(CorrectionStatus.GONE.value, len(edits))
            return []
        if await store.enabled_in(answer.guild_id):
            return edits
        off = [edit.id for edit in edits if edit.kind == CorrectionKind.RECORD.value]
        if off:
            await store.finish(off, CorrectionStatus.OFF, now=now)
            self._count(CorrectionStatus.OFF.value, len(off))
        return [edit for edit in edits if edit.kind != CorrectionKind.RECORD.value]

    async def _edit(self, answer: DueAnswer, card: AnswerCard, note: str) -> CorrectionStatus | None:
        """Edit the answer's message: done, gone, or None to try again later."""
        ref = MessageRef(Platform(answer.platform), answer.guild_id, answer.answer_channel, answer.answer_message_id)
        port = self._ports.serving(ref.workspace_ref)
        if port is None:
            return None
        try:
            await port.edit_answer(ref, card, update_note=note)
        except MessageGone:
            log.info("corrections: answer %s is gone; nothing to edit", answer.answer_message_id)
            return CorrectionStatus.GONE
        except PlatformError as error:
            log.warning("corrections: could not edit answer %s: %s", answer.answer_message_id, error)
            return None
        log.info("corrections: edited answer %s (%s)", answer.answer_message_id, note.replace("\n", " / "))
        return CorrectionStatus.DONE

    def card_of(self, answer: DueAnswer, kept: ClaimRecord | None) -> AnswerCard:
        """The card an answer shows now: the claim's current record, or that it was withdrawn or retracted."""
        return corrected_card(self._holder.knowledge, answer, kept, max_statements=self.policy.max_statements)

    def _count(self, outcome: str, number: int) -> None:
        if self._metrics is not None and number:
            self._metrics.answer_corrections.labels(outcome=outcome).inc(number)

    # Reading --------------------------------------------------------------------------------------------------

    async def recent(self, guild_id: str, *, limit: int = 10) -> list[CorrectionEntry]:
        """The server's latest corrections, newest first (for ``/review log``)."""
        async with self._storage.transaction() as tx:
            rows = await tx.corrections.recent(guild_id, limit=limit)
        knowledge = self._holder.knowledge
        entries = []
        for row in rows:
            answer = row.answer
            ids = (answer.guild_id, answer.answer_channel, answer.answer_message_id)
            ref = MessageRef(Platform(answer.platform), *ids)
            title = knowledge.get(answer.incident_id).title if answer.incident_id in knowledge else answer.incident_id
            entries.append(
                CorrectionEntry(ref, title, row.edit.note, CorrectionStatus(row.edit.status), row.edit.created_at)
            )
        return entries
