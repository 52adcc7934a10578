"""The moderators' review queue: what the bot is unsure of, what members report, answers they dispute.

Items come in through `ReviewService.submit_matches` (review-tier matches), `report` (the "Report misinformation"
context menu) and `dispute_recorded` (called by `AlertService.record_dispute`). The same link or phrase is one
pending item per server and kind, with a count of who brought it up and where. Moderators `decide`; exactly one
decision wins even across processes, and the bot learns from it (`bot.services.review_learning`). Posting items
in the moderators' channel is in `bot.services.review_posting`, listings and statistics in `review_reading`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable, Sequence

from bot.db.storage import Closing, NewItem, StorageSource, Transaction, storage_of
from bot.db.types import utcnow
from bot.domain import ReviewItemRecord, ReviewKind, ReviewState
from bot.platform.refs import MessageRef, Platform, WorkspaceRef
from bot.services.assessment import Assessor, LocalKnowledge
from bot.services.events import EventBus, QueuedDecisionApplied, ReviewQueueChanged
from bot.services.knowledge import KnowledgeHolder
from bot.services.outbox import Outbox, is_replaying
from bot.services.review_approval import answer_record, approval, approved_card, reserve_with_decision
from bot.services.review_approval import resume as resume_approval
from bot.services.review_learning import Learning, link_key, subject_of
from bot.services.review_posting import ReviewPosting
from bot.services.review_reading import ReviewReading
from bot.services.review_types import (
    ACTION_STATES,
    KIND_ACTIONS,
    Approval,
    Decision,
    DecisionOutcome,
    Intake,
    IntakeResult,
    ReportedMessage,
    ReviewAction,
    ReviewItemView,
    ReviewPolicy,
)
from bot.services.review_views import ViewBuilder, excerpt_of, storable
from bot.services.review_wordings import learn_wording
from bot.services.review_writes import DecideItem, ForgetMessage, JoinItem, QueueDispute, ReviewWrites
from knowledge.base import KnowledgeBase
from knowledge.matching.types import Match

log = logging.getLogger(__name__)

MIN_SUGGESTION_SCORE = 30.0
"""Reported messages get the matcher's candidates scoring at least this as suggestions."""
NOTE_CHARS = 300


class ReviewService(ReviewPosting, ReviewReading, ReviewWrites):
    """The review queue: intake, decisions and learning; posting in `ReviewPosting`, listings in `ReviewReading`.

    Changes of the queue are published on ``events`` (`ReviewQueueChanged`), and so are decisions queued during
    an outage once applied (`QueuedDecisionApplied`). With an ``outbox``, intake and decisions made while the
    database is unavailable are queued and applied when it is back (`ReviewWrites`); they then come back as
    `IntakeResult.QUEUED` and `DecisionOutcome.QUEUED`.
    """

    def __init__(
        self,
        holder: KnowledgeHolder,
        storage: StorageSource,
        learning: Learning,
        *,
        policy: ReviewPolicy | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        max_statements: int | None = 2,
        outbox: Outbox | None = None,
        events: EventBus | None = None,
        local: LocalKnowledge | None = None,
    ) -> None:
        self._holder = holder
        self._storage = storage_of(storage)
        self._learning = learning
        self._assessor = Assessor(holder, learning, local)
        self._clock = clock
        self._max_statements = max_statements
        self._events = events or EventBus()
        self.policy = policy or ReviewPolicy()
        self._views = ViewBuilder(holder, self.policy, local)
        self._register(
            outbox,
            {
                JoinItem: self._join_item,
                QueueDispute: self._queue_dispute,
                DecideItem: self._decide,
                ForgetMessage: self._forget_message,
            },
        )

    async def _notify(self, workspace: WorkspaceRef, intake: Intake) -> None:
        if intake.changed and intake.item_id is not None:
            await self._events.publish(ReviewQueueChanged(workspace, intake.item_id))

    # Intake -----------------------------------------------------------------------------------------------

    async def submit_matches(self, message: ReportedMessage, matches: Sequence[Match]) -> Intake:
        """Queue a message the matcher was unsure about (its review-tier matches, best first)."""
        subject = subject_of(message.content)
        kept = await self._learning.without_suppressed(message.guild_id, subject, list(matches))
        if not kept:
            return Intake(IntakeResult.NOTHING)
        return await self._take(message, ReviewKind.MATCH, kept, reporter_id=message.author_id)

    async def report(self, message: ReportedMessage, reporter_id: str, note: str | None = None) -> Intake:
        """Queue a message a member reported as misinformation, with their optional note."""
        assessed = await self._assessor.assess(message.content, message.guild_id, top=2 * self.policy.max_candidates)
        kept = [match for match in assessed.candidates if match.score >= MIN_SUGGESTION_SCORE]
        note = storable(note or "").strip()[:NOTE_CHARS] or None
        return await self._take(message, ReviewKind.REPORT, kept, reporter_id=reporter_id, note=note)

    async def dispute_recorded(
        self, answer_message_id: str, user_id: str, guild_id: str | None = None, channel_id: str | None = None
    ) -> Intake:
        """Queue a member's dispute of a bot answer (in that server and channel, when given; one item per answer).

        `AlertService` calls this.
        """
        intake = await self._perform(QueueDispute(answer_message_id, user_id, self._clock(), guild_id, channel_id))
        return intake if isinstance(intake, Intake) else Intake(IntakeResult.QUEUED)

    async def _queue_dispute(self, op: QueueDispute) -> Intake:
        answer_message_id, user_id, now = op.answer_message_id, op.user_id, op.at
        async with self._storage.transaction() as tx:
            answer = await tx.review.answer_by_message(
                answer_message_id, guild_id=op.guild_id, channel_id=op.channel_id
            )
            if answer is None:
                return Intake(IntakeResult.NOTHING)
            new = NewItem(
                guild_id=answer.guild_id,
                kind=ReviewKind.DISPUTE.value,
                dedupe_key=_sha256(f"answer:{answer.id}"),
                subject_key=answer.text_sha256,
                text_sha256=answer.text_sha256,
                channel_id=answer.channel_id,
                message_id=answer.source_message_id,
                answer_id=answer.id,
                incident_id=answer.incident_id,
                claim_id=answer.claim_id,
                score=answer.score,
                platform=answer.platform,
            )
            intake = await self._join(tx, new, user_id, answer.channel_id, answer_message_id, None, now)
        await self._notify(WorkspaceRef(Platform(answer.platform), answer.guild_id), intake)
        return intake

    async def _take(
        self,
        message: ReportedMessage,
        kind: ReviewKind,
        matches: Sequence[Match],
        *,
        reporter_id: str,
        note: str | None = None,
    ) -> Intake:
        subject = subject_of(message.content)
        best = matches[0] if matches else None
        dedupe = subject.key if message.content.strip() else _sha256(f"message:{message.message_id}")
        new = NewItem(
            guild_id=message.guild_id,
            kind=kind.value,
            dedupe_key=dedupe,
            subject_key=subject.key,
            text_sha256=subject.text_key,
            channel_id=message.channel_id,
            message_id=message.message_id,
            link=subject.link,
            author_id=message.author_id,
            excerpt=excerpt_of(message.content, self.policy.excerpt_chars) or None,
            incident_id=best.incident_id if best else None,
            claim_id=best.claim_id if best else None,
            score=best.score if best else None,
            candidates=_stored_candidates(matches, self.policy.max_candidates),
            platform=message.platform.value,
        )
        intake = await self._perform(
            JoinItem(new, reporter_id, message.channel_id, message.message_id, note, self._clock())
        )
        if isinstance(intake, Intake):
            return intake
        log.info("review %s of message %s in guild %s: queued", kind, message.message_id, message.guild_id)
        return Intake(IntakeResult.QUEUED)

    async def _join_item(self, op: JoinItem) -> Intake:
        new = op.item
        async with self._storage.transaction() as tx:
            if new.kind == ReviewKind.MATCH.value and await tx.answers.is_answered(new_source(new)):
                return Intake(IntakeResult.NOTHING)  # answered: only a member's report or dispute brings it back
            intake = await self._join(tx, new, op.user_id, op.channel_id, op.message_id, op.note, op.at)
        log.info("review %s of message %s in guild %s: %s", new.kind, new.message_id, new.guild_id, intake)
        await self._notify(WorkspaceRef(Platform(new.platform), new.guild_id), intake)
        return intake

    @staticmethod
    async def _join(
        tx: Transaction,
        new: NewItem,
        user_id: str,
        channel_id: str,
        message_id: str | None,
        note: str | None,
        now: dt.datetime,
    ) -> Intake:
        item_id, created = await tx.review.open_item(new, now=now)
        added = await tx.review.add_reporter(item_id, user_id, channel_id, message_id=message_id, note=note, now=now)
        await tx.commit()
        if created:
            return Intake(IntakeResult.CREATED, item_id)
        return Intake(IntakeResult.JOINED if added else IntakeResult.ALREADY_REPORTED, item_id)

    async def message_deleted(self, channel_id: str, message_id: str) -> list[ReviewItemView]:
        """A member deleted a message: its items lose their excerpt (only ids stay); returns them to show it.

        While the database is unavailable this is queued (and nothing is returned): applied when it is back.
        """
        forgotten = await self._perform(ForgetMessage(channel_id, message_id, self._clock()), ordered=False)
        return forgotten if isinstance(forgotten, list) else []

    async def _forget_message(self, op: ForgetMessage) -> list[ReviewItemView]:
        async with self._storage.transaction() as tx:
            ids = await tx.review.forget_message(op.channel_id, op.message_id, now=op.at)
            views = [await self._views.build(tx, await tx.review.get(item_id)) for item_id in ids]
        if views:
            log.info("message %s was deleted: review items %s keep only ids", op.message_id, ids)
        return views

    # Decisions --------------------------------------------------------------------------------------------

    async def decide(
        self,
        item_id: int,
        moderator_id: str,
        action: ReviewAction,
        *,
        guild_id: str,
        incident_id: str | None = None,
        claim_id: str | None = None,
    ) -> Decision:
        """Decide a pending item; only the first decision counts (also across processes).

        Args:
            item_id: The item; another server's item is `DecisionOutcome.NOT_FOUND`.
            moderator_id: Who decides (check their permission before calling).
            action: What they decided.
            guild_id: The server the decision was asked from.
            incident_id: With `APPROVE`: another incident than the suggested one (with ``claim_id``).
            claim_id: The claim of ``incident_id``.

        While the database is unavailable the decision is queued (`DecisionOutcome.QUEUED`) under a new decision
        id, and applied when it is back, unless another decision won meanwhile (see `ReviewWrites`).
        """
        op = DecideItem(
            uuid.uuid4().hex, item_id, moderator_id, action.value, incident_id, claim_id, self._clock(), guild_id
        )
        decision = await self._perform(op, ordered=False)
        if isinstance(decision, Decision):
            return decision
        log.info("decision %s (%s) on review item %s by %s queued", op.decision_id, action, item_id, moderator_id)
        return Decision(DecisionOutcome.QUEUED)

    async def _decide(self, op: DecideItem) -> Decision:
        decision = await self._decide_now(
            op.guild_id, op.item_id, op.moderator_id, ReviewAction(op.action), op.incident_id, op.claim_id, now=op.at
        )
        if is_replaying():
            await self._applied_later(op, decision)
        return decision

    async def _decide_now(
        self,
        guild_id: str | None,
        item_id: int,
        moderator_id: str,
        action: ReviewAction,
        incident_id: str | None,
        claim_id: str | None,
        *,
        now: dt.datetime,
    ) -> Decision:
        knowledge = await self._knowledge_of(guild_id) if guild_id is not None else None
        async with self._storage.transaction() as tx:
            item = await (tx.review.get(item_id) if guild_id is None else tx.review.item_in(guild_id, item_id))
            if item is None:
                return Decision(DecisionOutcome.NOT_FOUND)
            if item.state != ReviewState.PENDING:
                if item.decided_by == moderator_id and item.state == ACTION_STATES[action]:
                    return await self._resumed(tx, item, action, knowledge)  # a replay, or the same click
                return Decision(DecisionOutcome.ALREADY_DECIDED, await self._views.build(tx, item))
            knowledge = knowledge or await self._knowledge_of(item.guild_id)
            target, problem = self._target(knowledge, item, action, incident_id, claim_id)
            if problem is not None:
                return Decision(DecisionOutcome.INVALID, await self._views.build(tx, item), problem=problem)
            closing = Closing(ACTION_STATES[action].value, action.value, moderator_id, *target)
            if not await tx.review.close(item, closing, now=now):
                await tx.rollback()
                return await self._already_decided(tx, item_id)
            delete_answer = await self._learn(tx, item, action, target, moderator_id, now)
            suggested = (item.incident_id, item.claim_id)
            await learn_wording(
                tx,
                self._holder.current.matcher,
                item.guild_id,
                item.excerpt,
                (action, suggested, target),
                link=item.link,
                moderator_id=moderator_id,
                now=now,
            )
            view = await self._views.build(tx, await tx.review.get(item_id))
            approved = await self._reserve_answer(tx, knowledge, view, item.text_sha256, target, now=now)
            await tx.commit()  # the decision, what it teaches and its answer's reservation: all or nothing
        self._learning.invalidate(item.guild_id, item_id)
        log.info("review item %s in guild %s: %s by %s", item_id, item.guild_id, action, moderator_id)
        return Decision(DecisionOutcome.DECIDED, view, approval=approved, delete_answer=delete_answer)

    async def _knowledge_of(self, guild_id: str) -> KnowledgeBase:
        """The knowledge a server decides with: the shared one and the server's own claims."""
        return (await self._assessor.snapshot_for(guild_id)).knowledge

    async def _reserve_answer(
        self,
        tx: Transaction,
        knowledge: KnowledgeBase,
        view: ReviewItemView,
        text_sha256: str,
        target: tuple[str | None, str | None],
        *,
        now: dt.datetime,
    ) -> Approval | None:
        """With an approval: its card, and its answer reserved in the decision's transaction (not committed)."""
        incident_id, claim_id = target
        if incident_id is None or claim_id is None:
            return None
        card, score = approved_card(knowledge, view, incident_id, claim_id, self._max_statements)
        record = answer_record(view, text_sha256, incident_id, claim_id, score)
        return approval(view, card, await reserve_with_decision(tx, record, now=now))

    async def _resumed(
        self, tx: Transaction, item: ReviewItemRecord, action: ReviewAction, knowledge: KnowledgeBase | None = None
    ) -> Decision:
        """This very decision was made before: finish what it asked for (an answer not posted, one to delete)."""
        view = await self._views.build(tx, item)
        knowledge = knowledge or await self._knowledge_of(item.guild_id)
        approved = None
        if action is ReviewAction.APPROVE and item.incident_id is not None and item.claim_id is not None:
            try:
                card, _ = approved_card(knowledge, view, item.incident_id, item.claim_id, self._max_statements)
            except KeyError:
                log.warning("review item %s: its approved claim is no longer known; nothing to post", item.id)
            else:
                approved = await resume_approval(tx, view, card)
        delete_answer = None
        if action is ReviewAction.RETRACT and item.answer_id is not None:
            delete_answer = await tx.review.retracted_answer(item.answer_id)
        log.info("review item %s: %s by %s seen again; finishing it", item.id, action, item.decided_by)
        return Decision(DecisionOutcome.DECIDED, view, approval=approved, delete_answer=delete_answer, resumed=True)

    async def finish_interrupted(self) -> int:
        """At start: approvals whose answer a crash left unposted are handed to the decision listeners again.

        Returns how many; the listeners post them (a reply's nonce makes a second post return the first).
        """
        async with self._storage.transaction() as tx:
            resumed = [
                await self._resumed(tx, item, ReviewAction.APPROVE) for item in await tx.review.approved_unanswered()
            ]
        for decision in resumed:
            await self._events.publish(QueuedDecisionApplied(decision))
        return len(resumed)

    async def _already_decided(self, tx: Transaction, item_id: int) -> Decision:
        item = await tx.review.get(item_id)
        view = await self._views.build(tx, item) if item is not None else None
        return Decision(DecisionOutcome.ALREADY_DECIDED, view)

    def _target(
        self,
        knowledge: KnowledgeBase,
        item: ReviewItemRecord,
        action: ReviewAction,
        incident_id: str | None,
        claim_id: str | None,
    ) -> tuple[tuple[str | None, str | None], str | None]:
        """The (incident, claim) the decision is about, or the reason it cannot be made."""
        kind = ReviewKind(item.kind)
        if action not in KIND_ACTIONS[kind]:
            return (None, None), f"A {kind.value} cannot be {ACTION_STATES[action].value}."
        if action is not ReviewAction.APPROVE:
            if action is ReviewAction.REJECT and item.incident_id is None:
                return (None, None), "Nothing was suggested to reject: dismiss the item instead."
            return (None, None), None
        incident_id, claim_id = (incident_id, claim_id) if incident_id else (item.incident_id, item.claim_id)
        if incident_id is None or claim_id is None:
            return (None, None), "Nothing was suggested: choose an incident first."
        try:
            knowledge.claim(incident_id, claim_id)
        except KeyError:
            return (None, None), "That claim is no longer in the knowledge base: choose another."
        return (incident_id, claim_id), None

    @staticmethod
    async def _learn(
        tx: Transaction,
        item: ReviewItemRecord,
        action: ReviewAction,
        target: tuple[str | None, str | None],
        moderator_id: str,
        now: dt.datetime,
    ) -> tuple[str, str] | None:
        """Apply what the decision teaches; returns the bot answer to delete after a retraction."""
        incident_id, claim_id = target
        if action is ReviewAction.APPROVE and incident_id is not None and claim_id is not None:
            await tx.review.unsuppress(item.guild_id, item.subject_key, incident_id)
            if item.link is not None:
                key = link_key(item.link)
                await tx.review.learn_link(
                    item.guild_id, item.link, key, incident_id, claim_id, moderator_id=moderator_id, now=now
                )
        if action in (ReviewAction.REJECT, ReviewAction.RETRACT) and item.incident_id is not None:
            await tx.review.suppress(
                item.guild_id,
                item.subject_key,
                item.incident_id,
                link=item.link,
                moderator_id=moderator_id,
                now=now,
            )
            if item.link is not None:
                await tx.review.forget_link(item.guild_id, link_key(item.link), item.incident_id)
        if action is ReviewAction.RETRACT and item.answer_id is not None:
            if await tx.corrections.enabled_in(item.guild_id):
                await tx.corrections.retract(item.answer_id, now=now)  # once, while it is a sent answer
                return None  # the answer is edited to say it was retracted (bot.services.corrections)
            return await tx.review.retract_answer(item.answer_id, now=now)
        return None

    async def expire_due(self) -> list[ReviewItemView]:
        """Expire the pending items not seen for `ReviewPolicy.expire_after_days`; returns them."""
        now = self._clock()
        before = now - dt.timedelta(days=self.policy.expire_after_days)
        async with self._storage.transaction() as tx:
            expired = await tx.review.expire_before(before, now=now)
            views = [await self._views.build(tx, await tx.review.get(item_id)) for item_id in expired]
        if views:
            log.info("expired review items %s", [view.id for view in views])
        return views


def new_source(new: NewItem) -> MessageRef:
    """The message a new item is about."""
    return MessageRef(Platform(new.platform), new.guild_id, new.channel_id, new.message_id)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _stored_candidates(matches: Sequence[Match], limit: int) -> list[dict[str, object]]:
    stored: dict[tuple[str, str], dict[str, object]] = {}
    for match in matches:
        key = (match.incident_id, match.claim_id)
        if key not in stored and len(stored) < limit:
            stored[key] = {
                "incident": match.incident_id,
                "claim": match.claim_id,
                "score": round(match.score, 1),
                "reasons": match.reason_texts,
            }
    return list(stored.values())
