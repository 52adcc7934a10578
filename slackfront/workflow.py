"""What the Slack front end asks of the services: answering messages, deletions, and deciding review items.

Messages and deletions go to the services' answer workflow (`bot.services.answering`), decisions to
`services.decisions` (which shows them on the card, posts or deletes the answer through the `SlackPort`); review
items are posted by the services' publisher (`services.publisher`), started by `slackfront.app.SlackFront`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.platform import ChannelRef, Platform, PlatformError, UserRef
from bot.services.alerts import AlertDecision, MessageEvent
from bot.services.container import Services
from bot.services.review_publisher import show_item
from bot.services.review_types import (
    Decision,
    DecisionOutcome,
    ReportedMessage,
    ReviewAction,
    ReviewItemView,
)
from bot.tasks import InFlight
from slackfront.ids import service_channel
from slackfront.port import SlackPort

log = logging.getLogger(__name__)

DRAIN_SECONDS = 5.0
"""On stop, how long messages being handled may take to finish."""
CANCEL_SECONDS = 2.0
"""Then how long those still running get, once cancelled, to release their reservations."""
RECORDED_LATER = (
    "Recorded \u2014 the database is unavailable right now; your decision will be applied when it is back "
    "(unless another reviewer's decision gets there first)."
)
GONE = "This review item no longer exists."


@dataclass(frozen=True)
class SlackMessage:
    """A member's message as the Slack front end read it."""

    team: str
    channel: str
    ts: str
    user: str
    text: str
    thread: str | None = None

    def event(self, *, is_edit: bool = False) -> MessageEvent:
        """The answer workflow's view of it."""
        return MessageEvent(
            guild_id=self.team,
            channel_id=self.channel,
            message_id=self.ts,
            author_id=self.user,
            content=self.text,
            is_edit=is_edit,
            platform=Platform.SLACK,
        )

    def reported(self) -> ReportedMessage:
        """The review queue's view of it."""
        event = self.event()
        ids = (event.guild_id, event.channel_id, event.message_id, event.author_id)
        return ReportedMessage(*ids, self.text, platform=Platform.SLACK)


class Workflows:
    """One workspace's calls into the services, through its port."""

    def __init__(self, services: Services, port: SlackPort) -> None:
        self.services = services
        self.port = port
        self.team_id = port.team_id
        self._in_flight = InFlight()

    async def drain(self, seconds: float = DRAIN_SECONDS) -> int:
        """Let the messages being handled finish (at most ``seconds``), then cancel the rest; how many were."""
        pending = self._in_flight.pending()
        if pending:
            log.info("waiting for %d Slack messages being handled", len(pending))
        late = await self._in_flight.wait(pending, seconds)
        await self._in_flight.cancel(late, CANCEL_SECONDS)  # the answer workflow releases a cancelled reservation
        return len(pending)

    # Answers ------------------------------------------------------------------------------------------------------

    async def on_message(self, message: SlackMessage, *, is_edit: bool = False) -> AlertDecision:
        """Assess a new or edited message: the services answer it in its thread, or queue it for review."""
        self.port.note_thread(message.channel, message.ts, message.thread)
        with self._in_flight.track():
            return await self.services.answering.message(message.event(is_edit=is_edit), received=time.perf_counter())

    async def on_deleted(self, channel: str, ts: str) -> None:
        """A member's message was deleted: the services delete the bot's answers to it."""
        with self._in_flight.track():
            await self.services.answering.source_deleted(service_channel(self.team_id, channel), [ts])

    # Review decisions -------------------------------------------------------------------------------

    async def decide(
        self,
        item_id: int,
        moderator: str,
        action: ReviewAction,
        *,
        incident_id: str | None = None,
        claim_id: str | None = None,
    ) -> tuple[Decision, str | None]:
        """Decide an item; the decision and the note for the moderator (None when the card says it all)."""
        decision = await self.services.decisions.decide(
            item_id,
            moderator,
            action,
            guild_id=self.team_id,  # this workspace's items only
            incident_id=incident_id,
            claim_id=claim_id,
        )
        if decision.outcome is DecisionOutcome.QUEUED:
            return decision, RECORDED_LATER
        if decision.outcome is DecisionOutcome.NOT_FOUND or decision.item is None:
            return decision, GONE
        if decision.outcome is DecisionOutcome.INVALID:
            return decision, decision.problem or GONE
        if decision.outcome is DecisionOutcome.ALREADY_DECIDED:
            return decision, "Already decided \u2014 " + _outcome(decision.item)
        return decision, await self.services.decisions.follow_through(decision)

    async def refresh(self, item: ReviewItemView) -> None:
        """Show an item's current state on its posted card."""
        await show_item(self.services.ports, item)

    async def tell(self, user: str, channel: str, text: str) -> None:
        """A private note (errors only logged)."""
        where = ChannelRef(Platform.SLACK, self.team_id, channel)
        try:
            await self.port.tell(UserRef(Platform.SLACK, self.team_id, user), text, where=where)
        except PlatformError as error:
            log.info("could not tell %s: %s", user, error)


def _outcome(item: ReviewItemView) -> str:
    from slackfront.blocks import outcome_text  # presentation of the outcome is the front end's

    return outcome_text(item)
