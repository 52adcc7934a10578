"""The application's domain vocabulary: where an answer or a review item is in its life, and their records.

Storage keeps these as strings (`bot.db.models`); services and front ends use the enums. No imports of storage
or of a chat platform here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class AnswerStatus(StrEnum):
    """Where an answer is in its life."""

    PENDING = "pending"  # reserved; the bot is posting it
    SENT = "sent"
    DELETED = "deleted"  # the answered message, or the answer itself, was deleted
    RETRACTED = "retracted"  # moderators retracted it: the message now says so (see bot.services.corrections)


class ReviewKind(StrEnum):
    """How an item entered the moderators' review queue."""

    MATCH = "match"  # the matcher was unsure (review tier)
    REPORT = "report"  # a member used "Report misinformation"
    DISPUTE = "dispute"  # a member said the bot's answer is wrong


class ReviewState(StrEnum):
    """Where a review item is; every state but pending is final."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DISMISSED = "dismissed"
    UPHELD = "upheld"
    RETRACTED = "retracted"
    EXPIRED = "expired"


class CorrectionStatus(StrEnum):
    """Where a queued edit is."""

    PENDING = "pending"
    DONE = "done"  # the answer was edited
    GONE = "gone"  # the answer's message no longer exists (or it was deleted meanwhile): nothing to edit
    FAILED = "failed"  # the platform refused the edit `MAX_ATTEMPTS` times
    OFF = "off"  # the server switched corrections off before the edit


class CorrectionKind(StrEnum):
    """Why an answer is corrected."""

    RECORD = "record"  # its claim's record changed (a reload, a feed's new version)
    RETRACTION = "retraction"  # moderators retracted it


@dataclass(frozen=True)
class ReviewItemRecord:
    """A review item as storage hands it to the services (a snapshot: changing it changes nothing stored)."""

    id: int
    platform: str
    guild_id: str
    kind: str
    state: str
    subject_key: str
    text_sha256: str
    link: str | None
    channel_id: str
    message_id: str
    author_id: str | None
    excerpt: str | None
    answer_id: int | None
    incident_id: str | None
    claim_id: str | None
    score: float | None
    candidates: tuple[dict[str, object], ...]
    reporters: int
    mod_channel_id: str | None
    mod_message_id: str | None
    created_at: dt.datetime
    last_seen_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    source_deleted_at: dt.datetime | None


@dataclass(frozen=True)
class ReportRecord:
    """One member's report of a review item: who, where, and their note."""

    user_id: str
    channel_id: str
    note: str | None


@dataclass(frozen=True)
class AnswerRecord:
    """An answer the bot reserved or posted, as storage hands it to the services."""

    id: int
    platform: str
    guild_id: str
    channel_id: str
    source_message_id: str
    answer_message_id: str | None
    incident_id: str
    claim_id: str
    score: float
    text_sha256: str


@dataclass(frozen=True)
class GuildSettingsRecord:
    """A server's own settings as stored (None: the default applies)."""

    guild_id: str
    auto_replies: bool
    link_fetching: bool
    cooldown_minutes: int | None
    reply_threshold: float | None
    review_threshold: float | None
    moderators_channel_id: str | None
    reviewer_role_id: str | None
    corrections: bool
    delivery: str | None


@dataclass(frozen=True)
class DecisionRecord:
    """One entry of a server's review audit log."""

    item_id: int
    moderator_id: str | None
    action: str
    state: str
    incident_id: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredRecord:
    """An answered claim's record as corrections last saw it (`knowledge.claim_changes`), and changes seen so far."""

    record: dict[str, object]
    fingerprint: str
    version: int


@dataclass(frozen=True)
class DueAnswer:
    """An answer with corrections pending, and what editing it needs to know about it."""

    answer_id: int
    platform: str
    guild_id: str
    channel_id: str
    """Where the answer is: the answered message's channel, or the thread it was posted in."""
    answer_message_id: str
    incident_id: str
    claim_id: str
    score: float
    action: str
    status: str
    answer_channel_id: str | None = None  # an answer in a thread started on its message: the thread
    first_edit: int = 0
    """The id of its oldest pending edit (the queue's order)."""

    @property
    def answer_channel(self) -> str:
        """The channel (or thread) the answer's message is in."""
        return self.answer_channel_id or self.channel_id


@dataclass(frozen=True)
class QueuedEdit:
    """One queued correction of an answer (see `CorrectionKind`, `CorrectionStatus`)."""

    id: int
    kind: str
    note: str
    status: str
    created_at: dt.datetime
    done_at: dt.datetime | None


@dataclass(frozen=True)
class LoggedCorrection:
    """A correction for ``/review log``: which answer, about what, what changed, and where it stands."""

    answer: DueAnswer
    edit: QueuedEdit
