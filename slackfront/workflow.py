"""The answer and review workflows driven through a `ChatPort`, for the Slack front end.

TEMPORARY: issue 9 moves these workflows into the services (the ``core`` branch), which then call the port
themselves; this module is what the Slack front end uses until that lands, and is deleted then. It holds no
Slack code: only service calls in the order the Discord cogs make them, and `slackfront.ids` conversions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from bot.db.errors import is_database_unavailable
from bot.platform import (
    ChannelRef,
    ChatPort,
    Delivery,
    MessageGone,
    MessageRef,
    Platform,
    PlatformError,
    UserRef,
    WorkspaceRef,
)
from bot.services.alerts import AlertDecision, MessageEvent, Reservation
from bot.services.container import Services
from bot.services.review_types import Approval, Decision, DecisionOutcome, ReportedMessage, ReviewAction, ReviewItemView
from slackfront.ids import slack_id, slack_ts

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
BACKOFF_SECONDS = 600.0
DRAIN_SECONDS = 5.0
"""On stop, how long a flush under way may take to finish."""
ALREADY_ANSWERED = "The message already had an answer, so nothing more was posted."
SOURCE_GONE = "The message no longer exists, so no answer was posted."
NOT_POSTED = "I could not post the answer in that channel: check that I am in it."
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
        """The alert service's view of it."""
        return MessageEvent(
            guild_id=slack_id(self.team),
            channel_id=slack_id(self.channel),
            message_id=slack_ts(self.ts),
            author_id=slack_id(self.user),
            content=self.text,
            is_edit=is_edit,
            platform=Platform.SLACK,
        )

    def reported(self) -> ReportedMessage:
        """The review service's view of it."""
        event = self.event()
        ids = (event.guild_id, event.channel_id, event.message_id, event.author_id)
        return ReportedMessage(*ids, self.text, platform=Platform.SLACK)

    @property
    def ref(self) -> MessageRef:
        """Its platform-neutral ref."""
        thread = self.thread if self.thread != self.ts else None
        return MessageRef(Platform.SLACK, self.team, self.channel, self.ts, thread)


class Workflows:
    """Answers, deletions, review items and decisions for one workspace, through the port."""

    def __init__(self, services: Services, port: ChatPort, team_id: str) -> None:
        self.services = services
        self.port = port
        self.team_id = team_id

    # Answers ------------------------------------------------------------------------------------------------------

    async def on_message(self, message: SlackMessage, *, is_edit: bool = False) -> AlertDecision:
        """Assess a new or edited message; answer it in its thread, or queue it for review."""
        decision = await self.services.alerts.on_message(message.event(is_edit=is_edit))
        if decision.should_post and decision.card is not None and decision.reservation is not None:
            await self._post(message.ref, decision.card, decision.reservation)
        if decision.review:
            await self.services.review.submit_matches(message.reported(), decision.review)
        return decision

    async def _post(self, source: MessageRef, card: object, reservation: Reservation) -> MessageRef | None:
        try:
            posted = await self.port.post_answer(source, card, delivery=Delivery.THREAD)  # type: ignore[arg-type]
        except PlatformError as error:
            log.warning("could not answer message %s in %s: %s", source.message, source.channel, error)
            await self.services.alerts.release(reservation)
            return None
        except BaseException:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.shield(self.services.alerts.release(reservation))
            raise
        if await self.services.alerts.confirm_sent(reservation, slack_ts(posted.message)):
            return posted
        await self.port.delete_message(posted)
        return None

    async def on_deleted(self, channel: str, ts: str) -> int:
        """A member's message was deleted: delete the bot's answers to it; how many."""
        workspace = WorkspaceRef(Platform.SLACK, self.team_id)
        answers = await self.services.alerts.message_deleted(slack_id(channel), slack_ts(ts), workspace=workspace)
        for answer in answers:
            await self.port.delete_message(MessageRef(Platform.SLACK, self.team_id, channel, slack_ts(answer)))
        return len(answers)

    async def delete_later(self, channel_id: str, answer_ids: list[str]) -> None:
        """Answers to messages deleted during a database outage, found once it is back."""
        for answer in answer_ids:
            ref = MessageRef(Platform.SLACK, self.team_id, slack_id(channel_id), slack_ts(answer))
            await self.port.delete_message(ref)

    # Review decisions ---------------------------------------------------------------------------------------------

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
        decision = await self.services.review.decide(
            item_id, slack_id(moderator), action, incident_id=incident_id, claim_id=claim_id
        )
        if decision.outcome is DecisionOutcome.QUEUED:
            return decision, RECORDED_LATER
        if decision.outcome is DecisionOutcome.NOT_FOUND or decision.item is None:
            return decision, GONE
        if decision.outcome is DecisionOutcome.INVALID:
            return decision, decision.problem or GONE
        if decision.outcome is DecisionOutcome.ALREADY_DECIDED:
            return decision, "Already decided \u2014 " + _outcome(decision.item)
        return decision, await self.carry_out(decision)

    async def carry_out(self, decision: Decision) -> str | None:
        """Show a decision on its card, post the approved answer, delete a retracted one."""
        if decision.item is not None:
            await self.refresh(decision.item)
        note = await self._approve(decision.approval) if decision.approval is not None else None
        if decision.delete_answer is not None:
            channel_id, message_id = decision.delete_answer
            await self.delete_later(channel_id, [message_id])
        return note

    async def _approve(self, approval: Approval) -> str | None:
        reservation = approval.reservation
        if reservation is None:
            return ALREADY_ANSWERED
        source = MessageRef(Platform.SLACK, self.team_id, slack_id(approval.channel_id), slack_ts(approval.message_id))
        try:
            await self.port.fetch_text(source)
        except PlatformError as error:
            await self.services.alerts.release(reservation)
            return SOURCE_GONE if isinstance(error, MessageGone) else NOT_POSTED
        posted = await self._post(source, approval.card, reservation)
        return None if posted is not None else NOT_POSTED

    async def refresh(self, item: ReviewItemView) -> None:
        """Show an item's state on its posted card."""
        if item.mod_channel_id is None or item.mod_message_id is None:
            return
        posted = MessageRef(Platform.SLACK, self.team_id, slack_id(item.mod_channel_id), slack_ts(item.mod_message_id))
        try:
            await self.port.edit_review_item(posted, item)
        except PlatformError as error:
            log.warning("could not update review item %s: %s", item.id, error)

    async def tell(self, user: str, channel: str, text: str) -> None:
        """A private note (errors only logged)."""
        try:
            await self.port.tell(
                UserRef(Platform.SLACK, self.team_id, user),
                text,
                where=ChannelRef(Platform.SLACK, self.team_id, channel),
            )
        except PlatformError as error:
            log.info("could not tell %s: %s", user, error)


def _outcome(item: ReviewItemView) -> str:
    from slackfront.blocks import outcome_text  # presentation of the outcome is the front end's

    return outcome_text(item)


class Publisher:
    """Posts the workspace's review items in its review channel (once each, within the hourly cap) and keeps counts."""

    def __init__(
        self, workflows: Workflows, default_channel: str | None, *, poll_seconds: float = POLL_SECONDS
    ) -> None:
        self._flows = workflows
        self._default_channel = default_channel
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._blocked_until = 0.0
        self._stopping = False

    def start(self) -> None:
        """Start the flush task."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="slack-review-publisher")

    async def stop(self, *, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop it, letting a flush under way finish (an item posted is then also recorded as posted)."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self._task), drain_seconds)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    def wake(self, _changed: object = None) -> None:
        """Flush soon (the review queue changed)."""
        self._wake.set()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.flush()
            except Exception as error:
                if is_database_unavailable(error):
                    log.warning("review publisher: the database is unavailable (%s)", error)
                else:
                    log.exception("review publisher: flush failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def review_channel(self) -> str | None:
        """The workspace's review channel: set with ``/alerts``, else ``SLACK_REVIEW_CHANNEL``."""
        config = await self._flows.services.guild_settings.config(slack_id(self._flows.team_id))
        if config.moderators_channel_id is not None:
            return slack_id(config.moderators_channel_id)
        return self._default_channel

    async def flush(self) -> None:
        """Post what is due and update grown counts (this workspace only)."""
        review, team = self._flows.services.review, slack_id(self._flows.team_id)
        if team not in await review.guilds_with_work() or self._blocked_until > time.monotonic():
            return
        channel = await self.review_channel()
        if channel is not None:
            budget = await review.post_budget(team)
            for item_id in await review.items_to_post(team, budget) if budget else []:
                if not await self._post(item_id, channel):
                    break
        for item_id in await review.items_to_edit(team):
            item = await review.claim_edit(item_id)
            if item is not None:
                await self._flows.refresh(item)

    async def _post(self, item_id: int, channel: str) -> bool:
        review, flows = self._flows.services.review, self._flows
        item = await review.claim_post(item_id)
        if item is None:
            return True
        if item.excerpt is None and item.answer_id is not None:
            item = await self._with_excerpt(item)
        try:
            posted = await flows.port.post_review_item(ChannelRef(Platform.SLACK, flows.team_id, channel), item)
        except PlatformError as error:
            await review.release_post(item_id)
            log.warning("could not post review item %s in %s: %s", item_id, channel, error)
            self._blocked_until = time.monotonic() + BACKOFF_SECONDS
            return False
        if not await review.mark_posted(item_id, slack_id(channel), slack_ts(posted.message), shown=item.reporters):
            await flows.port.delete_message(posted)
            return True
        current = await review.item(item_id)
        if current is not None and not current.pending:
            await flows.refresh(current)
        return True

    async def _with_excerpt(self, item: ReviewItemView) -> ReviewItemView:
        source = MessageRef(Platform.SLACK, self._flows.team_id, slack_id(item.channel_id), slack_ts(item.message_id))
        try:
            text = await self._flows.port.fetch_text(source)
        except PlatformError:
            return item
        await self._flows.services.review.attach_excerpt(item.id, text, item.author_id)
        return await self._flows.services.review.item(item.id) or item
