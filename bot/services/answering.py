"""The answer workflow of every platform: assess a message, reserve, post through the port, confirm or release.

A front end turns a new or edited message into a `MessageEvent` and calls `Answering.message`; everything else
(the decision, the reservation, posting through its `ChatPort`, the record, queueing what the matcher was unsure
of for moderators, the metrics) happens here, the same for Discord, Slack and the console.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence

from bot.metrics import Metrics
from bot.platform.port import Delivery, MessageGone, PlatformError
from bot.platform.refs import ChannelRef, MessageRef
from bot.services.alerts import AlertDecision, AlertService, MessageEvent, Outcome, Reservation
from bot.services.cards import AnswerCard
from bot.services.events import AnswerPosted, AnswersDeleted, AnswersOrphaned, EventBus
from bot.services.ports import Ports
from bot.services.review import ReviewService
from bot.services.review_publisher import show_item
from bot.services.review_types import ReportedMessage

log = logging.getLogger(__name__)

THREADS_KEPT = 10_000
"""Recent answers in threads whose thread this process remembers (the database knows them all)."""


class Answering:
    """Answers members' messages through whichever front end they came from."""

    def __init__(
        self, alerts: AlertService, review: ReviewService, ports: Ports, events: EventBus, metrics: Metrics
    ) -> None:
        self._alerts = alerts
        self._review = review
        self._ports = ports
        self._events = events
        self._metrics = metrics
        self._in_threads: OrderedDict[str, str] = OrderedDict()  # answer -> its thread, for deletions in an outage
        events.subscribe(AnswersOrphaned, self._delete_orphans)

    async def message(self, event: MessageEvent, *, received: float | None = None) -> AlertDecision:
        """Assess a new or edited message; answer it if it repeats a known claim, queue it for review if unsure.

        Args:
            event: The message.
            received: ``time.perf_counter()`` when the platform delivered it (for the end-to-end latency).
        """
        self._metrics.messages_scanned.inc()
        decision = await self._alerts.on_message(event)
        self._count(decision)
        if decision.should_post and decision.card is not None and decision.reservation is not None:
            await self.post(event.ref, decision.card, decision.reservation, received=received)
        if decision.review:
            await self._review.submit_matches(reported_message(event), decision.review)
        return decision

    async def post(
        self, source: MessageRef, card: AnswerCard, reservation: Reservation, *, received: float | None = None
    ) -> MessageRef | None:
        """Post a reserved answer through the source's front end; confirm it, or release it when not posted.

        The reservation is released whenever no answer was posted, also when the task is cancelled (shutdown)
        or fails unexpectedly; an answer whose message was deleted meanwhile is deleted again. The reservation's
        delivery says how (`Delivery`): a reply, an answer in a thread started on the message (the port falls back
        to a reply when it cannot start one), or a marker (a reaction; then the ref returned is the message's own).
        """
        if received is not None:
            self._metrics.end_to_end_latency.observe(time.perf_counter() - received)
        delivery = reservation.delivery
        try:
            port = self._ports.get(source.platform)
            answer = await port.post_answer(source, card, delivery=delivery)
        except PlatformError as error:
            log.warning("could not answer message %s in channel %s: %s", source.message, source.channel, error)
            await self._alerts.release(reservation)
            return None
        except BaseException:
            await self._release_anyway(reservation)  # cancelled at shutdown, or a bug: never keep the slot
            raise
        marker = delivery is Delivery.MARKER  # the answer is a reaction on the message itself, no message of its own
        elsewhere = answer.channel if answer.channel != source.channel else None  # in a thread started on it
        if elsewhere is not None:
            self._remember_thread(answer)
        if not await self._alerts.confirm_sent(
            reservation, None if marker else answer.message, answer_channel_id=elsewhere
        ):
            if not marker:  # a marker went with its deleted message
                await self._delete(answer)
            return None
        self._metrics.answers_sent.inc()
        posted = AnswerPosted(source, answer, reservation.incident_id, reservation.claim_id, delivery=delivery)
        await self._events.publish(posted)
        return answer

    async def source_deleted(self, channel: ChannelRef, message_ids: Sequence[str]) -> None:
        """Messages were deleted: delete the bot's answers to them; their review items keep only ids (shown)."""
        for message_id in message_ids:
            answers = await self._alerts.message_deleted(channel.channel, message_id, workspace=channel.workspace_ref)
            await self.delete_answers(channel, answers)
            for item in await self._review.message_deleted(channel.channel, message_id):
                await show_item(self._ports, item)

    async def delete_answers(self, channel: ChannelRef, answer_ids: Sequence[str]) -> None:
        """Delete the bot's answers in a channel (already gone ones are fine) and say so."""
        if not answer_ids:
            return
        places = await self._alerts.answer_channels(answer_ids)  # answers in threads started on their messages
        places.update({answer: self._in_threads[answer] for answer in answer_ids if answer in self._in_threads})
        refs = tuple(
            MessageRef(channel.platform, channel.workspace, places.get(answer, channel.channel), answer)
            for answer in answer_ids
        )
        for ref in refs:
            await self._delete(ref)
        await self._events.publish(AnswersDeleted(refs))

    def _remember_thread(self, answer: MessageRef) -> None:
        """Keep where a recent answer in a thread is, so it is found even while the database is unavailable."""
        self._in_threads[answer.message] = answer.channel
        while len(self._in_threads) > THREADS_KEPT:
            self._in_threads.popitem(last=False)

    async def _delete(self, message: MessageRef) -> None:
        try:
            await self._ports.get(message.platform).delete_message(message)
        except MessageGone:
            pass
        except (PlatformError, LookupError) as error:
            log.warning("could not delete answer %s in channel %s: %s", message.message, message.channel, error)

    async def _delete_orphans(self, event: AnswersOrphaned) -> None:
        """Answers to messages deleted while the database was unavailable, found once it is back."""
        if event.channel.platform in self._ports.platforms:
            await self.delete_answers(event.channel, event.answer_ids)

    async def release(self, reservation: Reservation) -> None:
        """Give back a reservation whose answer will not be posted."""
        await self._alerts.release(reservation)

    async def _release_anyway(self, reservation: Reservation) -> None:
        """Release even while being cancelled; a failure is logged, never raised over the original error."""
        try:
            await asyncio.shield(self._alerts.release(reservation))
        except (Exception, asyncio.CancelledError):
            log.exception("could not release the answer to message %s", reservation.source_message_id)

    def _count(self, decision: AlertDecision) -> None:
        metrics = self._metrics
        if decision.matcher_seconds is not None:
            metrics.matcher_latency.observe(decision.matcher_seconds)
        if decision.reservation_seconds is not None:
            metrics.answer_reservation.observe(decision.reservation_seconds)
        if decision.match is not None:
            metrics.matches.labels(action=decision.match.action.value).inc()
            if decision.outcome is not Outcome.ANSWER:
                metrics.answers_skipped.labels(reason=decision.outcome.value).inc()
        elif decision.outcome is Outcome.CARRIES_SOURCE:
            metrics.answers_skipped.labels(reason=decision.outcome.value).inc()
        if decision.review:
            metrics.matches.labels(action="review").inc(len(decision.review))


def reported_message(event: MessageEvent) -> ReportedMessage:
    """The message as brought to moderators."""
    return ReportedMessage(
        event.guild_id, event.channel_id, event.message_id, event.author_id, event.content, platform=event.platform
    )
