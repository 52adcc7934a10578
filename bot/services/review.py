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

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import SessionFactory
from bot.db.models import ReviewItem
from bot.db.repositories import answers
from bot.db.repositories import review as repo
from bot.db.repositories.answers import NewAnswer, ReserveOutcome
from bot.db.types import utcnow
from bot.domain import ReviewKind, ReviewState
from bot.platform.refs import Platform, WorkspaceRef
from bot.services.alerts import Reservation
from bot.services.assessment import Assessor
from bot.services.cards import compose_card
from bot.services.events import EventBus, ReviewQueueChanged
from bot.services.knowledge import KnowledgeHolder
from bot.services.outbox import Outbox, is_replaying
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
from bot.services.review_views import ViewBuilder, excerpt_of
from bot.services.review_writes import DecideItem, JoinItem, QueueDispute, ReviewWrites
from knowledge.matching.types import Action, Evidence, Match

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
        sessions: SessionFactory,
        learning: Learning,
        *,
        policy: ReviewPolicy | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        max_statements: int | None = 2,
        outbox: Outbox | None = None,
        events: EventBus | None = None,
    ) -> None:
        self._holder = holder
        self._sessions = sessions
        self._learning = learning
        self._assessor = Assessor(holder, learning)
        self._clock = clock
        self._max_statements = max_statements
        self._events = events or EventBus()
        self.policy = policy or ReviewPolicy()
        self._views = ViewBuilder(holder, self.policy)
        self._register(outbox, {JoinItem: self._join_item, QueueDispute: self._queue_dispute, DecideItem: self._decide})

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
        note = (note or "").strip()[:NOTE_CHARS] or None
        return await self._take(message, ReviewKind.REPORT, kept, reporter_id=reporter_id, note=note)

    async def dispute_recorded(self, answer_message_id: str, user_id: str) -> Intake:
        """Queue a member's dispute of a bot answer (one item per answer); `AlertService` calls this."""
        intake = await self._perform(QueueDispute(answer_message_id, user_id, self._clock()))
        return intake if isinstance(intake, Intake) else Intake(IntakeResult.QUEUED)

    async def _queue_dispute(self, op: QueueDispute) -> Intake:
        answer_message_id, user_id, now = op.answer_message_id, op.user_id, op.at
        async with self._sessions() as session:
            answer = await repo.answer_by_message(session, answer_message_id)
            if answer is None:
                return Intake(IntakeResult.NOTHING)
            new = repo.NewItem(
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
            intake = await self._join(session, new, user_id, answer.channel_id, answer_message_id, None, now)
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
        new = repo.NewItem(
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
        async with self._sessions() as session:
            intake = await self._join(session, new, op.user_id, op.channel_id, op.message_id, op.note, op.at)
        log.info("review %s of message %s in guild %s: %s", new.kind, new.message_id, new.guild_id, intake)
        await self._notify(WorkspaceRef(Platform(new.platform), new.guild_id), intake)
        return intake

    @staticmethod
    async def _join(
        session: AsyncSession,
        new: repo.NewItem,
        user_id: str,
        channel_id: str,
        message_id: str | None,
        note: str | None,
        now: dt.datetime,
    ) -> Intake:
        item_id, created = await repo.open_item(session, new, now=now)
        added = await repo.add_reporter(
            session, item_id, user_id, channel_id, message_id=message_id, note=note, now=now
        )
        await session.commit()
        if created:
            return Intake(IntakeResult.CREATED, item_id)
        return Intake(IntakeResult.JOINED if added else IntakeResult.ALREADY_REPORTED, item_id)

    # Decisions --------------------------------------------------------------------------------------------

    async def decide(
        self,
        item_id: int,
        moderator_id: str,
        action: ReviewAction,
        *,
        incident_id: str | None = None,
        claim_id: str | None = None,
    ) -> Decision:
        """Decide a pending item; only the first decision counts (also across processes).

        Args:
            item_id: The item.
            moderator_id: Who decides (check their permission before calling).
            action: What they decided.
            incident_id: With `APPROVE`: another incident than the suggested one (with ``claim_id``).
            claim_id: The claim of ``incident_id``.

        While the database is unavailable the decision is queued (`DecisionOutcome.QUEUED`) under a new decision
        id, and applied when it is back, unless another decision won meanwhile (see `ReviewWrites`).
        """
        op = DecideItem(uuid.uuid4().hex, item_id, moderator_id, action.value, incident_id, claim_id, self._clock())
        decision = await self._perform(op, ordered=False)
        if isinstance(decision, Decision):
            return decision
        log.info("decision %s (%s) on review item %s by %s queued", op.decision_id, action, item_id, moderator_id)
        return Decision(DecisionOutcome.QUEUED)

    async def _decide(self, op: DecideItem) -> Decision:
        decision = await self._decide_now(
            op.item_id, op.moderator_id, ReviewAction(op.action), op.incident_id, op.claim_id, now=op.at
        )
        if is_replaying():
            await self._applied_later(op, decision)
        return decision

    async def _decide_now(
        self,
        item_id: int,
        moderator_id: str,
        action: ReviewAction,
        incident_id: str | None,
        claim_id: str | None,
        *,
        now: dt.datetime,
    ) -> Decision:
        async with self._sessions() as session:
            item = await repo.get_item(session, item_id)
            if item is None:
                return Decision(DecisionOutcome.NOT_FOUND)
            if item.state != ReviewState.PENDING:
                return Decision(DecisionOutcome.ALREADY_DECIDED, await self._views.build(session, item))
            target, problem = self._target(item, action, incident_id, claim_id)
            if problem is not None:
                return Decision(DecisionOutcome.INVALID, await self._views.build(session, item), problem=problem)
            closing = repo.Closing(ACTION_STATES[action].value, action.value, moderator_id, *target)
            if not await repo.close_item(session, item, closing, now=now):
                await session.rollback()
                return await self._already_decided(session, item_id)
            delete_answer = await self._learn(session, item, action, target, moderator_id, now)
            await session.commit()
            view = await self._views.build(session, await repo.get_item(session, item_id))
        self._learning.invalidate(item.guild_id, item_id)
        log.info("review item %s in guild %s: %s by %s", item_id, item.guild_id, action, moderator_id)
        approval = None
        if action is ReviewAction.APPROVE:
            approval = await self._approval(view, item.text_sha256, *target, now=now)
        return Decision(DecisionOutcome.DECIDED, view, approval=approval, delete_answer=delete_answer)

    async def _already_decided(self, session: AsyncSession, item_id: int) -> Decision:
        item = await repo.get_item(session, item_id)
        view = await self._views.build(session, item) if item is not None else None
        return Decision(DecisionOutcome.ALREADY_DECIDED, view)

    def _target(
        self, item: ReviewItem, action: ReviewAction, incident_id: str | None, claim_id: str | None
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
            self._holder.knowledge.claim(incident_id, claim_id)
        except KeyError:
            return (None, None), "That claim is no longer in the knowledge base: choose another."
        return (incident_id, claim_id), None

    @staticmethod
    async def _learn(
        session: AsyncSession,
        item: ReviewItem,
        action: ReviewAction,
        target: tuple[str | None, str | None],
        moderator_id: str,
        now: dt.datetime,
    ) -> tuple[str, str] | None:
        """Apply what the decision teaches; returns the bot answer to delete after a retraction."""
        incident_id, claim_id = target
        if action is ReviewAction.APPROVE and incident_id is not None and claim_id is not None:
            await repo.unsuppress(session, item.guild_id, item.subject_key, incident_id)
            if item.link is not None:
                key = link_key(item.link)
                await repo.learn_link(
                    session, item.guild_id, item.link, key, incident_id, claim_id, moderator_id=moderator_id, now=now
                )
        if action in (ReviewAction.REJECT, ReviewAction.RETRACT) and item.incident_id is not None:
            await repo.suppress(
                session,
                item.guild_id,
                item.subject_key,
                item.incident_id,
                link=item.link,
                moderator_id=moderator_id,
                now=now,
            )
            if item.link is not None:
                await repo.forget_link(session, item.guild_id, link_key(item.link), item.incident_id)
        if action is ReviewAction.RETRACT and item.answer_id is not None:
            return await repo.retract_answer(session, item.answer_id, now=now)
        return None

    async def _approval(
        self,
        view: ReviewItemView,
        text_sha256: str,
        incident_id: str | None,
        claim_id: str | None,
        *,
        now: dt.datetime,
    ) -> Approval | None:
        """Reserve the answer to the item's message, as an automatic answer (no cooldown: a moderator asked)."""
        if incident_id is None or claim_id is None:
            return None
        known = {(c.incident_id, c.claim_id): c for c in (*view.candidates, *filter(None, [view.suggestion]))}
        candidate = known.get((incident_id, claim_id))
        score = candidate.score if candidate is not None and candidate.score is not None else 100.0
        reasons = (*(candidate.reasons if candidate else ()), "a moderator of this server confirmed it")
        knowledge = self._holder.knowledge
        claim = knowledge.claim(incident_id, claim_id)
        evidence = tuple(Evidence("context", "", reason) for reason in reasons)
        match = Match(incident_id, claim_id, claim.text, score, Action.REPLY, evidence)
        card = compose_card(knowledge, match, max_statements=self._max_statements)
        record = NewAnswer(
            guild_id=view.guild_id,
            channel_id=view.channel_id,
            source_message_id=view.message_id,
            incident_id=incident_id,
            claim_id=claim_id,
            score=score,
            action=Action.REPLY.value,
            text_sha256=text_sha256,
            platform=view.platform.value,
        )
        async with self._sessions() as session:
            outcome, answer_id = await answers.reserve_answer(session, record, now=now, cooldown=dt.timedelta(0))
        reservation = None
        if outcome is ReserveOutcome.RESERVED and answer_id is not None:
            ids = (view.guild_id, view.channel_id, view.message_id, incident_id, claim_id)
            reservation = Reservation(answer_id, *ids, platform=view.platform)
        return Approval(card, reservation, view.channel_id, view.message_id)

    async def expire_due(self) -> list[ReviewItemView]:
        """Expire the pending items not seen for `ReviewPolicy.expire_after_days`; returns them."""
        now = self._clock()
        before = now - dt.timedelta(days=self.policy.expire_after_days)
        async with self._sessions() as session:
            expired = await repo.expire_before(session, before, now=now)
            views = [await self._views.build(session, await repo.get_item(session, item_id)) for item_id in expired]
        if views:
            log.info("expired review items %s", [view.id for view in views])
        return views


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
