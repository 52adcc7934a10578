"""The application's domain vocabulary: where an answer or a review item is in its life.

Storage keeps these as strings (`bot.db.models`); services and front ends use the enums. No imports of storage
or of a chat platform here.
"""

from __future__ import annotations

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
