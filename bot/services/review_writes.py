"""The review queue's writes as outbox operations, so intake and decisions survive a database outage.

While the database is unavailable, `ReviewService` queues what members bring up (`JoinItem`, `QueueDispute`: the
item is posted for moderators once written) and what moderators decide (`DecideItem`, under the id generated when
they clicked). Applied later, a decision still goes through the single-winner ``UPDATE ... WHERE state='pending'``:
if another decision won meanwhile, it is logged as superseded; if it won, `QueuedDecisionApplied` is published (the
decision workflow shows it and posts or deletes what it asks for).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from bot.db.storage import NewItem
from bot.services.events import EventBus, QueuedDecisionApplied
from bot.services.outbox import Operation, Outbox
from bot.services.review_types import ACTION_STATES, Decision, DecisionOutcome, ReviewAction, ReviewItemView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JoinItem:
    """Someone brought a message up: open its pending item (or join it) and count them once."""

    KIND: ClassVar[str] = "review.join"
    item: NewItem
    user_id: str
    channel_id: str
    message_id: str | None
    note: str | None
    at: dt.datetime


@dataclass(frozen=True)
class QueueDispute:
    """A member disputed a bot answer: queue it for moderators (one item per answer)."""

    KIND: ClassVar[str] = "review.dispute"
    answer_message_id: str
    user_id: str
    at: dt.datetime
    guild_id: str | None = None  # where the answer is (None: journalled by an older version)
    channel_id: str | None = None


@dataclass(frozen=True)
class DecideItem:
    """A moderator's decision, under the id generated when they clicked."""

    KIND: ClassVar[str] = "review.decide"
    decision_id: str
    item_id: int
    moderator_id: str
    action: str
    incident_id: str | None
    claim_id: str | None
    at: dt.datetime
    guild_id: str | None = None  # the server it was asked from (None: journalled by an older version)


@dataclass(frozen=True)
class ForgetMessage:
    """A member deleted a message: its review items keep only ids."""

    KIND: ClassVar[str] = "review.forget-message"
    channel_id: str
    message_id: str
    at: dt.datetime


class ReviewWrites:
    """The outbox half of `ReviewService`: performing operations and reporting on decisions applied later."""

    _outbox: Outbox | None
    _events: EventBus
    _handlers: dict[str, Callable[[Any], Awaitable[object]]]

    def _register(self, outbox: Outbox | None, handlers: dict[type[Any], Callable[[Any], Awaitable[object]]]) -> None:
        self._outbox = outbox
        self._handlers = {kind.KIND: handler for kind, handler in handlers.items()}
        for kind, handler in handlers.items():
            if outbox is not None:
                outbox.register(kind, handler)

    async def _perform(self, operation: Operation, *, ordered: bool = True) -> object:
        """Through the outbox when there is one, else straight to the handler."""
        if self._outbox is not None:
            return await self._outbox.perform(operation, ordered=ordered)
        return await self._handlers[operation.KIND](operation)

    async def _applied_later(self, op: DecideItem, decision: Decision) -> None:
        """A queued decision was applied: tell the listeners when it won, else say why it did not."""
        item = decision.item
        if decision.outcome is DecisionOutcome.DECIDED:
            log.info("queued decision %s on review item %s applied", op.decision_id, op.item_id)
            await self._events.publish(QueuedDecisionApplied(decision))
        elif decision.outcome is DecisionOutcome.ALREADY_DECIDED and item is not None and _same(op, item):
            log.info("queued decision %s on review item %s was already applied", op.decision_id, op.item_id)
        else:
            log.warning(
                "queued decision %s (%s by moderator %s at %s) on review item %s superseded: %s%s",
                op.decision_id,
                op.action,
                op.moderator_id,
                op.at.isoformat(),
                op.item_id,
                decision.outcome,
                f" (now {item.state} by {item.decided_by})" if item is not None else "",
            )


def _same(op: DecideItem, item: ReviewItemView) -> bool:
    """Whether the item shows this very decision (written by an earlier, interrupted attempt)."""
    return item.decided_by == op.moderator_id and item.state is ACTION_STATES[ReviewAction(op.action)]
