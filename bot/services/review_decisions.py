"""The decision workflow of every platform: decide an item, then show it, post the approved answer or delete one.

A front end checks who may decide, calls `ReviewDecisions.decide`, shows the result where the moderator clicked,
and calls `follow_through` for the rest (the item's own message, the answer, the note for the moderator).
Decisions queued during a database outage are followed through here when they are applied.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from bot.db.types import utcnow
from bot.platform.port import Delivery, MessageGone, PlatformError
from bot.platform.refs import ChannelRef, MessageRef
from bot.services.alerts import Reservation
from bot.services.answering import Answering
from bot.services.events import DecisionApplied, EventBus, QueuedDecisionApplied
from bot.services.guild_settings import GuildSettingsService
from bot.services.ports import NoFrontEnd, Ports
from bot.services.review import ReviewService
from bot.services.review_publisher import show_item
from bot.services.review_types import Approval, Decision, DecisionOutcome, ReviewAction

log = logging.getLogger(__name__)

ALREADY_ANSWERED = "The message already had an answer, so nothing more was posted."
SOURCE_GONE = "The message no longer exists, so no answer was posted."
NOT_POSTED = "I could not post the answer in that channel: check my permissions there."
TOO_OLD = (
    "The message is more than a day old, so no answer was posted: the bot does not reply to old messages. "
    "The decision counts, and what it teaches is kept."
)
ANSWER_MAX_AGE = dt.timedelta(days=1)
"""An approval answers only a message at most this old (a history scan's items are often weeks old)."""


class ReviewDecisions:
    """Decides review items and carries the decisions out through the front ends."""

    def __init__(
        self,
        review: ReviewService,
        answering: Answering,
        ports: Ports,
        events: EventBus,
        guild_settings: GuildSettingsService | None = None,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        """``guild_settings`` gives an approved answer its channel's delivery mode (None: always a reply)."""
        self._settings = guild_settings
        self._clock = clock
        self._review = review
        self._answering = answering
        self._ports = ports
        self._events = events
        events.subscribe(QueuedDecisionApplied, self._applied_later)

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
        """Decide a pending item of the server it was asked from (first wins); check the moderator first."""
        return await self._review.decide(
            item_id, moderator_id, action, guild_id=guild_id, incident_id=incident_id, claim_id=claim_id
        )

    async def follow_through(self, decision: Decision, *, shown: MessageRef | None = None) -> str | None:
        """Carry out a decision that was made: show it on the item's message (unless ``shown`` is that message,
        already updated by the front end), post the approved answer, delete a retracted one.

        Returns a note for the moderator when the approved answer was not posted.
        """  # noqa: D205
        if decision.outcome is not DecisionOutcome.DECIDED:
            return None
        item = decision.item
        posted = item.posted if item is not None else None
        if item is not None and posted is not None and (shown is None or shown.message != posted.message):
            await show_item(self._ports, item)
        note = await self.post_approval(decision.approval) if decision.approval is not None else None
        if decision.delete_answer is not None and item is not None:
            channel_id, message_id = decision.delete_answer
            channel = ChannelRef(item.platform, item.guild_id, channel_id)
            await self._answering.delete_answers(channel, [message_id])
        await self._events.publish(DecisionApplied(decision))
        return note

    async def post_approval(self, approval: Approval) -> str | None:
        """Answer the approved message the way automatic answers are posted; a note for the moderator if not."""
        reservation = approval.reservation
        if reservation is None:
            return ALREADY_ANSWERED
        source = reservation.source
        try:
            found = await self._ports.get(source.platform).fetch_message(source)
        except (PlatformError, NoFrontEnd) as error:
            await self._answering.release(reservation)
            log.info("approved message %s could not be read: %s", source.message, error)
            return SOURCE_GONE if isinstance(error, MessageGone) else NOT_POSTED
        if found.posted_at is not None and self._clock() - found.posted_at > ANSWER_MAX_AGE:
            await self._answering.release(reservation)
            log.info("approved message %s is from %s: not answered", source.message, found.posted_at)
            return TOO_OLD
        reservation = replace(reservation, delivery=await self._delivery(reservation))
        posted = await self._answering.post(source, approval.card, reservation, received=time.perf_counter())
        return None if posted is not None else NOT_POSTED

    async def _delivery(self, reservation: Reservation) -> Delivery:
        """How an approved answer is given: as the channel's answers are, a reply where only moderators see them."""
        if self._settings is None:
            return Delivery.REPLY
        mode = (await self._settings.config(reservation.guild_id)).delivery_in(reservation.channel_id)
        return Delivery.REPLY if mode is Delivery.MODERATORS_ONLY else mode

    async def _applied_later(self, event: QueuedDecisionApplied) -> None:
        """A decision queued while the database was unavailable was applied: carry it out now, when its front end
        is connected through the ports (another front end handling its own decisions hears the event too).
        """  # noqa: D205
        item = event.decision.item
        if item is not None and item.platform not in self._ports.platforms:
            return
        note = await self.follow_through(event.decision)
        if note is not None and event.decision.item is not None:
            log.info("approved review item %s: %s", event.decision.item.id, note)
