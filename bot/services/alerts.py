"""Automatic answers: decide whether a member's message gets one, and keep the record of answers given.

The flow for a message: `AlertService.on_message` -> an `AlertDecision`; when it says `ANSWER`, post the
card, then `confirm_sent` with the posted message id (or `release` if posting failed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.db.errors import is_database_unavailable
from bot.db.storage import DisputeResult, NewAnswer, ReserveOutcome, StorageSource, storage_of
from bot.db.types import utcnow
from bot.platform.port import Delivery
from bot.platform.refs import MessageRef, Platform, WorkspaceRef
from bot.services.answer_writes import AnswerWrites, DisputeListener
from bot.services.assessment import CANDIDATES, Assessor, LocalKnowledge, MatchAdjuster, triage
from bot.services.cards import AnswerCard, compose_card
from bot.services.conversation import Conversation, Conversations
from bot.services.events import EventBus
from bot.services.guild_settings import GuildConfig, GuildSettingsService
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from bot.services.link_pages import PageProvider
from bot.services.outbox import Outbox
from knowledge.matching.types import LinkPage, Match

log = logging.getLogger(__name__)


__all__ = ["AlertDecision", "AlertService", "DisputeResult", "MatchAdjuster", "MessageEvent", "Outcome", "Reservation"]


@dataclass(frozen=True)
class MessageEvent:
    """A member's message, new or edited, as plain ids and text (no Discord objects)."""

    guild_id: str
    channel_id: str
    message_id: str
    author_id: str
    content: str
    parent_channel_id: str | None = None
    author_is_bot: bool = False
    is_webhook: bool = False
    is_edit: bool = False
    pages: tuple[LinkPage, ...] = ()
    platform: Platform = Platform.DISCORD

    @property
    def conversation(self) -> Conversation:
        """The conversation it belongs to: its channel, or a thread's parent channel."""
        return Conversation.of(self.platform, self.guild_id, self.channel_id, self.parent_channel_id)

    @property
    def ref(self) -> MessageRef:
        """The message, as the front ends name it."""
        thread = str(self.parent_channel_id) if self.parent_channel_id is not None else None
        ids = (self.guild_id, self.channel_id, self.message_id)
        return MessageRef(self.platform, *(str(part) for part in ids), thread)  # callers may still pass integers


class Outcome(StrEnum):
    """Why the bot answers or stays silent."""

    ANSWER = "answer"
    NO_MATCH = "no-match"
    IGNORED_AUTHOR = "ignored-author"
    AUTO_REPLIES_OFF = "auto-replies-off"
    CARRIES_SOURCE = "carries-source"
    COOLDOWN = "cooldown"
    ALREADY_ANSWERED = "already-answered"
    MODERATORS_ONLY = "moderators-only"


@dataclass(frozen=True)
class Reservation:
    """A claimed right to answer one message; confirm it once posted, release it if posting failed.

    Made while the database was unavailable, it holds in this process only: ``answer_id`` is 0, and ``record``
    (reserved at ``reserved_at``) is written when the answer is confirmed, once the database is back.
    """

    answer_id: int
    guild_id: str
    channel_id: str
    source_message_id: str
    incident_id: str
    claim_id: str
    record: NewAnswer | None = None
    reserved_at: dt.datetime | None = None
    platform: Platform = Platform.DISCORD
    delivery: Delivery = Delivery.REPLY

    @property
    def source(self) -> MessageRef:
        """The message to answer."""
        ids = (self.guild_id, self.channel_id, self.source_message_id)
        return MessageRef(self.platform, *(str(part) for part in ids))


@dataclass(frozen=True)
class AlertDecision:
    """The decision for one message.

    Attributes:
        outcome: What to do; only `Outcome.ANSWER` posts.
        match: The reply-tier match the decision is about, if any.
        card: What to post (with `ANSWER`).
        reservation: Confirm or release it after posting (with `ANSWER`).
        review: Review-tier matches, for moderators: scores between the thresholds, or held back by the matcher
            (too short, already disputing the claim); never about an incident whose source the message links, and
            none for a message that is answered (members may still report or dispute it). In a channel whose
            delivery is `Delivery.MODERATORS_ONLY` (`Outcome.MODERATORS_ONLY`) the would-be answer comes first.
        matcher_seconds: How long the matcher took on the message; None when it did not run (for the metrics).
        reservation_seconds: How long reserving the answer took (its database write, waits for the event loop
            included); None when no answer was reserved or tried (for the metrics).
    """

    outcome: Outcome
    match: Match | None = None
    card: AnswerCard | None = None
    reservation: Reservation | None = None
    review: tuple[Match, ...] = ()
    matcher_seconds: float | None = None
    reservation_seconds: float | None = None

    @property
    def should_post(self) -> bool:
        """Whether the bot posts an answer."""
        return self.outcome is Outcome.ANSWER


class AlertService:
    """Decides automatic answers and records them; safe to run in several processes on one database."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        storage: StorageSource,
        guild_settings: GuildSettingsService,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        max_statements: int | None = 2,
        learning: MatchAdjuster | None = None,
        on_dispute: DisputeListener | None = None,
        pages: PageProvider | None = None,
        outbox: Outbox | None = None,
        events: EventBus | None = None,
        local: LocalKnowledge | None = None,
        conversations: Conversations | None = None,
    ) -> None:
        """Args beyond the obvious: ``learning`` adjusts matches per server (learned links, suppressions);
        ``on_dispute(answer_message_id, user_id, guild_id, channel_id)`` runs after each new dispute (it feeds the
        review queue);
        ``pages`` reads the pages behind unknown links when the text alone gets no answer (None: never);
        ``outbox`` keeps the writes made while the database is unavailable (None: its errors propagate);
        ``events`` hears of answers to delete found when a deletion queued during an outage is applied;
        ``local`` adds each server's own claims (drafted by its moderators) to what its messages are matched with;
        ``conversations`` remembers the incidents each channel's messages named, so that a message naming nothing
        right after is matched with them in mind (for review only; None: each message on its own).
        """  # noqa: D205
        self._holder = holder
        self._storage = storage_of(storage)
        self._guild_settings = guild_settings
        self._clock = clock
        self._max_statements = max_statements
        self._assessor = Assessor(holder, learning, local)
        self._pages = pages
        self._writes = AnswerWrites(self._storage, outbox, on_dispute=on_dispute, events=events)
        self._conversations = conversations

    async def on_message(self, event: MessageEvent) -> AlertDecision:
        """Decide whether to answer a message; with `Outcome.ANSWER` the answer is already reserved."""
        if event.author_is_bot or event.is_webhook:
            return AlertDecision(Outcome.IGNORED_AUTHOR)
        if not event.content.strip() and not event.pages:
            return AlertDecision(Outcome.NO_MATCH)
        config = await self._guild_settings.config(event.guild_id)
        snapshot = await self._assessor.snapshot_for(event.guild_id)
        context = self._conversations.named(event.conversation) if self._conversations is not None else frozenset()
        best, review, carried, matched = await self._assess(event, config, snapshot, event.pages, context)
        if best is None and not event.pages and self._pages is not None:
            pages = await self._pages.pages_for(event.content, guild_id=event.guild_id)
            if pages:
                best, review, carried, seconds = await self._assess(event, config, snapshot, pages, context)
                matched += seconds
        if best is None:
            silent = Outcome.CARRIES_SOURCE if carried else Outcome.NO_MATCH
            return AlertDecision(silent, review=review, matcher_seconds=matched)
        outcome = await self._blocker(event, config)
        if outcome is not None:
            _log_silence(event, best, outcome)
            return AlertDecision(outcome, match=best, review=_for_review(outcome, review), matcher_seconds=matched)
        delivery = config.delivery_in(event.channel_id, event.parent_channel_id)
        if delivery is Delivery.MODERATORS_ONLY:
            _log_silence(event, best, Outcome.MODERATORS_ONLY)
            return AlertDecision(Outcome.MODERATORS_ONLY, match=best, review=(best, *review), matcher_seconds=matched)
        cooldown = config.cooldown_minutes
        started = time.perf_counter()
        decision = await self._reserve(event, snapshot, best, review, delivery=delivery, cooldown=cooldown)
        return replace(decision, matcher_seconds=matched, reservation_seconds=time.perf_counter() - started)

    async def _assess(
        self,
        event: MessageEvent,
        config: GuildConfig,
        snapshot: KnowledgeSnapshot,
        pages: tuple[LinkPage, ...],
        context: frozenset[str],
    ) -> tuple[Match | None, tuple[Match, ...], set[str], float]:
        """The match to answer (if any), those for review, the incidents whose source it links, the matcher's time.

        ``context``: the incidents its conversation named just before; those the message names are remembered.
        """
        assessed = await self._assessor.assess(
            event.content,
            event.guild_id,
            top=CANDIDATES,
            pages=pages,
            thresholds=config.thresholds,
            snapshot=snapshot,
            context=context,
        )
        candidates, matched = assessed.candidates, assessed.matcher_seconds
        if self._conversations is not None:
            self._conversations.record(event.conversation, (match.incident_id for match in candidates if match.named))
        linked = snapshot.matcher.sources_carried(event.content) if candidates else set()
        carried = {match.incident_id for match in candidates if match.incident_id in linked}
        best, review = triage(snapshot, [match for match in candidates if match.incident_id not in carried])
        return best, review, carried, matched

    async def confirm_sent(
        self, reservation: Reservation, answer_message_id: str | None, *, answer_channel_id: str | None = None
    ) -> bool:
        """Record the posted answer (None: a marker); False when the answered message was deleted meanwhile.

        ``answer_channel_id`` is where the answer is when not in the answered message's channel (a thread).
        """
        now = self._clock()
        kept = await self._writes.confirm(
            None if reservation.record is not None else reservation.answer_id,
            reservation.source_message_id,
            answer_message_id,
            channel_id=reservation.channel_id,
            record=reservation.record,
            reserved_at=reservation.reserved_at or now,
            now=now,
            answer_channel_id=answer_channel_id,
            delivery=reservation.delivery.value,
        )
        log.info(
            "answer %s posted in channel %s of guild %s for message %s (%s)",
            answer_message_id,
            reservation.channel_id,
            reservation.guild_id,
            reservation.source_message_id,
            "kept" if kept else "its message was deleted meanwhile",
        )
        return kept

    async def release(self, reservation: Reservation) -> None:
        """Give back a reservation whose answer could not be posted (frees the cooldown too)."""
        answer_id = None if reservation.record is not None else reservation.answer_id
        await self._writes.release(answer_id, reservation.source_message_id, channel_id=reservation.channel_id)
        log.warning(
            "answer to message %s in channel %s of guild %s released (not posted)",
            reservation.source_message_id,
            reservation.channel_id,
            reservation.guild_id,
        )

    async def message_deleted(
        self, channel_id: str, message_id: str, *, workspace: WorkspaceRef | None = None
    ) -> list[str]:
        """A message was deleted: returns the ids of the bot's answers to it, now marked deleted, to delete.

        While the database is unavailable: the answers this process gave; the others are announced
        (`AnswersOrphaned`) once the queued deletion is applied.
        """
        return await self._writes.source_deleted(channel_id, message_id, now=self._clock(), workspace=workspace)

    async def answer_channels(self, answer_message_ids: Sequence[str]) -> dict[str, str]:
        """Where answers are that are not in their message's channel (threads); {} while the database is down."""
        try:
            async with self._storage.transaction() as tx:
                return await tx.answers.answer_channels(answer_message_ids)
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            log.info("database unavailable: answers %s are looked for in their message's channel", answer_message_ids)
            return {}

    async def record_dispute(
        self, answer_message_id: str, user_id: str, *, guild_id: str | None = None, channel_id: str | None = None
    ) -> DisputeResult:
        """A member says an answer is wrong; recorded once per member and answer (`NEW` when queued).

        With ``guild_id`` (the server they clicked in), only that server's answers can be disputed; with
        ``channel_id`` (the channel or thread of the answer's message), only the answer there (a Slack ``ts`` is
        unique only within its channel).
        """
        now = self._clock()
        return await self._writes.dispute(answer_message_id, user_id, now=now, guild_id=guild_id, channel_id=channel_id)

    async def _blocker(self, event: MessageEvent, config: GuildConfig) -> Outcome | None:
        """The first reason not to answer, checked cheapest first; None when nothing blocks."""
        if not config.auto_replies_in(event.channel_id, event.parent_channel_id):
            return Outcome.AUTO_REPLIES_OFF
        if event.is_edit and await self._answered(event.ref):
            return Outcome.ALREADY_ANSWERED
        return None

    async def _answered(self, source: MessageRef) -> bool:
        """Whether the message has an answer; while the database is unavailable, assumed so unless known here."""
        if self._writes.guard.answered(source.message, channel_id=source.channel):
            return True
        try:
            async with self._storage.transaction() as tx:
                return await tx.answers.is_answered(source)
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            log.info("database unavailable: edited message %s is not answered (it may have been)", source.message)
            return True

    async def _reserve(
        self,
        event: MessageEvent,
        snapshot: KnowledgeSnapshot,
        best: Match,
        review: tuple[Match, ...],
        *,
        delivery: Delivery,
        cooldown: int,
    ) -> AlertDecision:
        card = compose_card(snapshot.knowledge, best, max_statements=self._max_statements)
        record = NewAnswer(
            guild_id=event.guild_id,
            channel_id=event.channel_id,
            source_message_id=event.message_id,
            incident_id=best.incident_id,
            claim_id=best.claim_id,
            score=best.score,
            action=best.action.value,
            text_sha256=message_fingerprint(event.content),
            platform=event.platform.value,
            delivery=delivery.value,
        )
        now = self._clock()
        reserved = await self._writes.reserve(record, now=now, cooldown=dt.timedelta(minutes=cooldown))
        if reserved.outcome is not ReserveOutcome.RESERVED:
            silent = Outcome.COOLDOWN if reserved.outcome is ReserveOutcome.COOLDOWN else Outcome.ALREADY_ANSWERED
            _log_silence(event, best, silent)
            return AlertDecision(silent, match=best, review=_for_review(silent, review))
        ids = (event.guild_id, event.channel_id, event.message_id, best.incident_id, best.claim_id)
        if reserved.answer_id is None:
            reservation = Reservation(
                0, *ids, record=record, reserved_at=now, platform=event.platform, delivery=delivery
            )
        else:
            reservation = Reservation(reserved.answer_id, *ids, platform=event.platform, delivery=delivery)
        log.info(
            "answering message %s in channel %s of guild %s: incident %s claim %s (score %.0f)",
            event.message_id,
            event.channel_id,
            event.guild_id,
            best.incident_id,
            best.claim_id,
            best.score,
        )
        return AlertDecision(Outcome.ANSWER, match=best, card=card, reservation=reservation)


def message_fingerprint(text: str) -> str:
    """The sha256 of the message's normalised text (NFKC, case-folded, single spaces): stored instead of the text."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()  # lone surrogates too


def _for_review(outcome: Outcome, review: tuple[Match, ...]) -> tuple[Match, ...]:
    """What goes to moderators: nothing about a message that is (or already was) answered."""
    return () if outcome in (Outcome.ANSWER, Outcome.ALREADY_ANSWERED) else review


def _log_silence(event: MessageEvent, match: Match, outcome: Outcome) -> None:
    log.debug(
        "not answering message %s in channel %s of guild %s (incident %s): %s",
        event.message_id,
        event.channel_id,
        event.guild_id,
        match.incident_id,
        outcome,
    )
