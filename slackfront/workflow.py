"""What the Slack front end asks of the services: answering messages, deletions, and (for now) the review queue.

Messages and deletions go straight to the services' answer workflow (`bot.services.answering`), which posts
through the `SlackPort`. TEMPORARY: the services' review publisher and decision follow-through still take every
review item for a Discord one (items do not record their platform yet), so this module posts this workspace's
items and carries out decisions on them through the same port, with the services' calls in the services' order;
it goes when the services know each item's platform.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from bot.db.errors import is_database_unavailable
from bot.platform import ChannelRef, MessageGone, Platform, PlatformError, UserRef
from bot.services.alerts import AlertDecision, MessageEvent
from bot.services.container import Services
from bot.services.events import QueuedDecisionApplied, ReviewQueueChanged
from bot.services.review_types import (
    Approval,
    Decision,
    DecisionOutcome,
    ReportedMessage,
    ReviewAction,
    ReviewItemView,
)
from slackfront.ids import id_to_int, int_to_id, int_to_ts, service_channel, service_ref, ts_to_int
from slackfront.port import SlackPort

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
BACKOFF_SECONDS = 600.0
DRAIN_SECONDS = 5.0
"""On stop, how long a flush under way, or messages being handled, may take to finish."""
CANCEL_SECONDS = 2.0
"""Then how long those still running get, once cancelled, to release their reservations."""
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
        """The answer workflow's view of it."""
        return MessageEvent(
            guild_id=id_to_int(self.team),
            channel_id=id_to_int(self.channel),
            message_id=ts_to_int(self.ts),
            author_id=id_to_int(self.user),
            content=self.text,
            is_edit=is_edit,
            platform=Platform.SLACK,
        )

    def reported(self) -> ReportedMessage:
        """The review queue's view of it."""
        event = self.event()
        return ReportedMessage(event.guild_id, event.channel_id, event.message_id, event.author_id, self.text)


class Workflows:
    """One workspace's calls into the services, through its port."""

    def __init__(self, services: Services, port: SlackPort) -> None:
        self.services = services
        self.port = port
        self.team_id = port.team_id
        self.team_number = id_to_int(port.team_id)
        self._in_flight: set[asyncio.Task[object]] = set()

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        """Count the current task as handling a message until the block ends (see `drain`)."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            yield
        finally:
            self._in_flight.discard(task)  # type: ignore[arg-type]

    async def drain(self, seconds: float = DRAIN_SECONDS) -> int:
        """Let the messages being handled finish (at most ``seconds``), then cancel the rest; how many were."""
        pending = set(self._in_flight)
        if pending:
            log.info("waiting for %d Slack messages being handled", len(pending))
            _, late = await asyncio.wait(pending, timeout=seconds)
            for task in late:
                task.cancel()  # the answer workflow releases a cancelled reservation
            if late:
                await asyncio.wait(late, timeout=CANCEL_SECONDS)
        return len(pending)

    # Answers ------------------------------------------------------------------------------------------------------

    async def on_message(self, message: SlackMessage, *, is_edit: bool = False) -> AlertDecision:
        """Assess a new or edited message: the services answer it in its thread, or queue it for review."""
        self.port.note_thread(message.channel, message.ts, message.thread)
        with self._tracked():
            return await self.services.answering.message(message.event(is_edit=is_edit), received=time.perf_counter())

    async def on_deleted(self, channel: str, ts: str) -> None:
        """A member's message was deleted: the services delete the bot's answers to it."""
        with self._tracked():
            await self.services.answering.source_deleted(service_channel(self.team_id, channel), [str(ts_to_int(ts))])

    # Review decisions (temporary, see the module) -------------------------------------------------------------------

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
            id_to_int(moderator),
            action,
            guild_id=id_to_int(self.team_id),  # this workspace's items only
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
        return decision, await self.carry_out(decision)

    def mine(self, decision: Decision) -> bool:
        """Whether a decision is about one of this workspace's items."""
        return decision.item is not None and decision.item.guild_id == self.team_number

    async def applied_later(self, event: QueuedDecisionApplied) -> None:
        """A decision queued during a database outage was applied: carry it out if it is this workspace's."""
        if self.mine(event.decision):
            await self.carry_out(event.decision)

    async def carry_out(self, decision: Decision) -> str | None:
        """Show a decision on its card, post the approved answer, delete a retracted one."""
        if decision.item is not None:
            await self.refresh(decision.item)
        note = await self._approve(decision.approval) if decision.approval is not None else None
        if decision.delete_answer is not None:
            channel_id, message_id = decision.delete_answer
            channel = service_channel(self.team_id, int_to_id(channel_id))
            await self.services.answering.delete_answers(channel, [str(message_id)])
        return note

    async def _approve(self, approval: Approval) -> str | None:
        reservation = approval.reservation
        if reservation is None:
            return ALREADY_ANSWERED
        source = service_ref(self.team_id, int_to_id(approval.channel_id), int_to_ts(approval.message_id))
        try:
            await self.port.fetch_text(source)
        except PlatformError as error:
            await self.services.answering.release(reservation)
            return SOURCE_GONE if isinstance(error, MessageGone) else NOT_POSTED
        posted = await self.services.answering.post(source, approval.card, reservation, received=time.perf_counter())
        return None if posted is not None else NOT_POSTED

    async def refresh(self, item: ReviewItemView) -> None:
        """Show an item's state on its posted card."""
        if item.mod_channel_id is None or item.mod_message_id is None:
            return
        posted = service_ref(self.team_id, int_to_id(item.mod_channel_id), int_to_ts(item.mod_message_id))
        try:
            await self.port.edit_review_item(posted, item)
        except PlatformError as error:
            log.warning("could not update review item %s: %s", item.id, error)

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


class Publisher:
    """Posts the workspace's review items in its review channel (once each, within the hourly cap) and keeps counts.

    TEMPORARY (see the module): the same steps as `bot.services.review_publisher`, for this workspace.
    """

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
        """Start the flush task, woken when the queue changes in this process."""
        if self._task is None:
            self._flows.services.events.subscribe(ReviewQueueChanged, self.wake)
            self._task = asyncio.create_task(self._run(), name="slack-review-publisher")

    async def stop(self, *, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop it, letting a flush under way finish (an item posted is then also recorded as posted)."""
        self._flows.services.events.unsubscribe(ReviewQueueChanged, self.wake)
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

    def wake(self, _event: ReviewQueueChanged | None = None) -> None:
        """Flush soon."""
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
        config = await self._flows.services.guild_settings.config(self._flows.team_number)
        if config.moderators_channel_id is not None:
            return int_to_id(config.moderators_channel_id)
        return self._default_channel

    async def flush(self) -> None:
        """Post what is due and update grown counts (this workspace only)."""
        review, team = self._flows.services.review, self._flows.team_number
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
        if not await review.mark_posted(item_id, id_to_int(channel), int(posted.message), shown=item.reporters):
            await flows.port.delete_message(posted)
            return True
        current = await review.item(item_id, guild_id=item.guild_id)
        if current is not None and not current.pending:
            await flows.refresh(current)
        return True

    async def _with_excerpt(self, item: ReviewItemView) -> ReviewItemView:
        source = service_ref(self._flows.team_id, int_to_id(item.channel_id), int_to_ts(item.message_id))
        try:
            found = await self._flows.port.fetch_message(source)
        except PlatformError:
            return item
        author = int(found.author.user) if found.author is not None else item.author_id
        await self._flows.services.review.attach_excerpt(item.id, found.text, author)
        return await self._flows.services.review.item(item.id, guild_id=item.guild_id) or item
