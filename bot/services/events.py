"""Typed service events, and the small in-process bus that delivers them to every front end listening.

Services publish dataclass events (`ReviewQueueChanged`, `DecisionApplied`, ...); any number of subscribers
(the review publisher, a Slack front end, tests) receive the ones of the type they subscribed to, in the order
they subscribed. A failing subscriber is logged and never stops the others nor the publishing service.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from bot.platform.port import Delivery
from bot.platform.refs import ChannelRef, MessageRef, WorkspaceRef

if TYPE_CHECKING:
    from bot.services.review_types import Decision

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[E], Awaitable[object] | object]
"""A subscriber: a function or coroutine function taking the event."""


@dataclass(frozen=True)
class AnswerPosted:
    """The bot answered a member's message (automatically, or after a moderator's approval)."""

    source: MessageRef
    answer: MessageRef  # with a marker (`Delivery.MARKER`): the source itself, which carries the reaction
    incident_id: str
    claim_id: str
    delivery: Delivery = Delivery.REPLY


@dataclass(frozen=True)
class AnswersDeleted:
    """The bot's answers were deleted because the messages they answered were (or a moderator retracted one)."""

    answers: tuple[MessageRef, ...]


@dataclass(frozen=True)
class AnswersOrphaned:
    """Answers whose messages were deleted while the database was unavailable, found once it is back: to delete."""

    channel: ChannelRef
    answer_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReviewQueueChanged:
    """A review item is new or has a new reporter: something to post or a count to update."""

    workspace: WorkspaceRef
    item_id: int


@dataclass(frozen=True)
class QueuedDecisionApplied:
    """A decision queued during a database outage was applied and won: it still has to be carried out."""

    decision: Decision


@dataclass(frozen=True)
class DecisionApplied:
    """A moderator's decision was carried out: shown on the item, the answer posted or deleted."""

    decision: Decision


class EventBus:
    """Delivers each published event to the subscribers of its type (exact type, not subclasses)."""

    def __init__(self) -> None:
        self._handlers: dict[type[Any], list[Handler[Any]]] = {}

    def subscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        """Call ``handler`` with every event of ``event_type`` from now on."""
        self._handlers.setdefault(event_type, []).append(handler)

    def unsubscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        """Stop calling ``handler``; unknown handlers are ignored."""
        handlers = self._handlers.get(event_type, [])
        if handler in handlers:
            handlers.remove(handler)

    def subscribers(self, event_type: type[Any]) -> int:
        """How many handlers listen to ``event_type``."""
        return len(self._handlers.get(event_type, []))

    async def publish(self, event: object) -> None:
        """Deliver ``event`` to its subscribers one after another; their failures are logged, not raised."""
        for handler in list(self._handlers.get(type(event), [])):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("subscriber %r failed on %s", handler, type(event).__name__)
