"""What the review service takes and gives: plain ids, text and dataclasses, no Discord types."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Generic, TypeVar

from bot.db.models import ReviewKind, ReviewState
from bot.platform.refs import MessageRef, Platform, WorkspaceRef
from bot.services.alerts import Reservation
from bot.services.cards import AnswerCard

T = TypeVar("T")

__all__ = [
    "Approval",
    "AuditEntry",
    "Candidate",
    "Decision",
    "DecisionOutcome",
    "Intake",
    "IntakeResult",
    "Page",
    "ReportedMessage",
    "Reporter",
    "ReviewAction",
    "ReviewItemView",
    "ReviewKind",
    "ReviewPolicy",
    "ReviewState",
    "ReviewStats",
    "StatsWindow",
    "claim_ref",
]


class ReviewAction(StrEnum):
    """What a moderator decides about an item."""

    APPROVE = "approve"  # answer the message (and learn its link)
    REJECT = "reject"  # a false match: never suggest that incident for this link or phrase again here
    DISMISS = "dismiss"  # not misinformation
    UPHOLD = "uphold"  # (disputes) the answer stands
    RETRACT = "retract"  # (disputes) the answer was wrong: delete it


ACTION_STATES = {
    ReviewAction.APPROVE: ReviewState.APPROVED,
    ReviewAction.REJECT: ReviewState.REJECTED,
    ReviewAction.DISMISS: ReviewState.DISMISSED,
    ReviewAction.UPHOLD: ReviewState.UPHELD,
    ReviewAction.RETRACT: ReviewState.RETRACTED,
}

KIND_ACTIONS = {
    ReviewKind.MATCH: (ReviewAction.APPROVE, ReviewAction.REJECT, ReviewAction.DISMISS),
    ReviewKind.REPORT: (ReviewAction.APPROVE, ReviewAction.REJECT, ReviewAction.DISMISS),
    ReviewKind.DISPUTE: (ReviewAction.UPHOLD, ReviewAction.RETRACT),
}
"""The decisions each kind of item allows."""


@dataclass(frozen=True)
class ReviewPolicy:
    """How the queue behaves; the defaults suit most servers.

    Attributes:
        posts_per_hour: Items posted in a server's moderators' channel per hour at most; the rest wait.
        expire_after_days: Pending items not seen for this long expire.
        edit_interval: A posted item's embed is edited for a grown count at most this often.
        claim_timeout: A process that claimed an item to post it has this long before another may take over.
        excerpt_chars: Members' text kept per item, at most.
        max_candidates: Incidents kept per item to choose from.
        shown_reporters: Reporters (and their notes) shown per item.
    """

    posts_per_hour: int = 10
    expire_after_days: int = 14
    edit_interval: dt.timedelta = dt.timedelta(seconds=60)
    claim_timeout: dt.timedelta = dt.timedelta(minutes=2)
    excerpt_chars: int = 300
    max_candidates: int = 5
    shown_reporters: int = 5


@dataclass(frozen=True)
class ReportedMessage:
    """A member's message brought to the moderators (the text is used for matching and a short excerpt)."""

    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    content: str


class IntakeResult(StrEnum):
    """What happened to something sent to the queue."""

    CREATED = "created"  # a new item
    JOINED = "joined"  # a new reporter of a pending item
    ALREADY_REPORTED = "already-reported"  # this person already reported the pending item
    NOTHING = "nothing"  # nothing to review (every candidate suppressed, unknown answer)
    QUEUED = "queued"  # the database is unavailable: it is taken in when it is back


@dataclass(frozen=True)
class Intake:
    """The result of a submission, with the item it went to."""

    result: IntakeResult
    item_id: int | None = None

    @property
    def changed(self) -> bool:
        """Whether the queue changed (an item to post, or a count to update)."""
        return self.result in (IntakeResult.CREATED, IntakeResult.JOINED)


def claim_ref(incident_id: str, claim_id: str) -> str:
    """A short stable reference to a claim (16 hex digits), for select menus whose values are limited in length."""
    return hashlib.blake2s(f"{incident_id}/{claim_id}".encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Candidate:
    """An incident's claim an item may be about, with the matcher's score and reasons when it suggested it."""

    incident_id: str
    claim_id: str
    incident_title: str
    claim_text: str
    verdict_label: str
    score: float | None = None
    reasons: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """The claim's short reference (see `claim_ref`)."""
        return claim_ref(self.incident_id, self.claim_id)


@dataclass(frozen=True)
class Reporter:
    """Someone who brought the item up, where, and their note."""

    user_id: int
    channel_id: int
    note: str | None = None


@dataclass(frozen=True)
class ReviewItemView:
    """A review item with everything its moderator embed shows."""

    id: int
    guild_id: int
    kind: ReviewKind
    state: ReviewState
    channel_id: int
    message_id: int
    author_id: int | None
    excerpt: str | None
    link: str | None
    suggestion: Candidate | None
    candidates: tuple[Candidate, ...]
    reporters: int
    channels: int
    reports: tuple[Reporter, ...]
    created_at: dt.datetime
    last_seen_at: dt.datetime
    mod_channel_id: int | None = None
    mod_message_id: int | None = None
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    answer_id: int | None = None
    platform: Platform = Platform.DISCORD
    excerpt_hidden: bool = False  # the viewer cannot read the message's channel, so its text is left out
    source_deleted: bool = False  # its author deleted the message: its text is gone, only ids are kept

    def seen_by(self, can_read: Callable[[int], bool] | None) -> ReviewItemView:
        """The item as a viewer who can read only the channels ``can_read`` accepts sees it (None: every one)."""
        if can_read is None or can_read(self.channel_id):
            return self
        return replace(self, excerpt=None, excerpt_hidden=True)

    @property
    def pending(self) -> bool:
        """Whether it still awaits a decision."""
        return self.state is ReviewState.PENDING

    @property
    def actions(self) -> tuple[ReviewAction, ...]:
        """The decisions this kind of item allows."""
        return KIND_ACTIONS[self.kind]

    @property
    def workspace(self) -> WorkspaceRef:
        """The server the item is about."""
        return WorkspaceRef(self.platform, str(self.guild_id))

    @property
    def source(self) -> MessageRef:
        """The message the item is about (the front end builds a link to it)."""
        return MessageRef(self.platform, str(self.guild_id), str(self.channel_id), str(self.message_id))

    @property
    def posted(self) -> MessageRef | None:
        """The item's message in the moderators' channel, once posted."""
        if self.mod_channel_id is None or self.mod_message_id is None:
            return None
        return MessageRef(self.platform, str(self.guild_id), str(self.mod_channel_id), str(self.mod_message_id))


@dataclass(frozen=True)
class Approval:
    """What to post after an approval: the card, as an automatic answer to the item's message."""

    card: AnswerCard
    reservation: Reservation | None  # None when the message already has an answer: post nothing
    channel_id: int
    message_id: int


class DecisionOutcome(StrEnum):
    """What happened to a moderator's decision."""

    DECIDED = "decided"
    ALREADY_DECIDED = "already-decided"  # someone else was first; the item shows their decision
    NOT_FOUND = "not-found"
    INVALID = "invalid"  # the action does not fit the item; `problem` says why
    QUEUED = "queued"  # the database is unavailable: applied when it is back (unless another decision wins)


@dataclass(frozen=True)
class Decision:
    """The result of `ReviewService.decide`.

    Attributes:
        outcome: Whether this decision was made.
        item: The item afterwards (with the winning decision when already decided).
        problem: With `INVALID`: the sentence to show the moderator.
        approval: With an approval: the answer to post.
        delete_answer: With a retraction: the (channel id, message id) of the bot's answer to delete.
        resumed: The same decision was made before (an outbox replay, the same click again): what it asked for
            is handed out again, to finish what an outage or a crash interrupted (posting is idempotent).
    """

    outcome: DecisionOutcome
    item: ReviewItemView | None = None
    problem: str | None = None
    approval: Approval | None = None
    delete_answer: tuple[int, int] | None = None
    resumed: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list (1-based)."""

    entries: tuple[T, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log; no moderator means the item expired."""

    item_id: int
    moderator_id: int | None
    action: str
    state: ReviewState
    incident_id: str | None
    incident_title: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StatsWindow:
    """What happened over the last ``days`` days."""

    days: int
    decisions: dict[str, int]
    incidents: tuple[tuple[str, str, int], ...]  # (incident id, title, reports)
    links: tuple[tuple[str, int], ...]  # (canonical link, reports)


@dataclass(frozen=True)
class ReviewStats:
    """``/review stats``: open items, and decisions and the most reported over two windows."""

    open_items: int
    windows: tuple[StatsWindow, ...]
