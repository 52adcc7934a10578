"""The tables, as typed SQLAlchemy models. Change them only together with a new Alembic migration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import PlatformId, UTCDateTime, utcnow
from bot.domain import AnswerStatus, ReviewState
from bot.domain import ReviewKind as ReviewKind  # re-exported: the domain's, for older imports

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Chat platforms' ids are strings (see `PlatformId`). Row ids are BIGINT on PostgreSQL and INTEGER (the rowid) on
# SQLite.
RowId = BigInteger().with_variant(Integer(), "sqlite")
SLUG_LENGTH = 100
PLATFORM_LENGTH = 16
DISCORD = "discord"
"""The platform of every row written before Slack (the column's server default)."""
URL_LENGTH = 2048
SHA256_LENGTH = 64
PHRASING_LENGTH = 300
DELIVERY_LENGTH = 16


class Base(DeclarativeBase):
    """The declarative base; its metadata is what the migrations must produce."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class GuildSettings(Base):
    """One server's choices; a missing row or a NULL column means the application default."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[str] = mapped_column(PlatformId, primary_key=True, autoincrement=False)
    auto_replies: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    link_fetching: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    corrections: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cooldown_minutes: Mapped[int | None] = mapped_column(Integer)
    reply_threshold: Mapped[float | None] = mapped_column(Float)
    review_threshold: Mapped[float | None] = mapped_column(Float)
    moderators_channel_id: Mapped[str | None] = mapped_column(PlatformId)
    reviewer_role_id: Mapped[str | None] = mapped_column(PlatformId)
    delivery: Mapped[str | None] = mapped_column(String(DELIVERY_LENGTH))  # `Delivery`; NULL: a reply
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ChannelSettings(Base):
    """A channel's override of the server's auto-reply setting (threads follow their parent channel)."""

    __tablename__ = "channel_settings"

    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True, autoincrement=False)
    guild_id: Mapped[str] = mapped_column(
        PlatformId, ForeignKey("guild_settings.guild_id", ondelete="CASCADE"), index=True
    )
    auto_replies: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ChannelDelivery(Base):
    """A channel's own delivery mode (`bot.platform.port.Delivery`), beating the server's; its threads follow it."""

    __tablename__ = "channel_delivery"

    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True, autoincrement=False)
    guild_id: Mapped[str] = mapped_column(
        PlatformId, ForeignKey("guild_settings.guild_id", ondelete="CASCADE"), index=True
    )
    delivery: Mapped[str] = mapped_column(String(DELIVERY_LENGTH))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Answer(Base):
    """An answer the bot gave (or is giving) to a member's message. Never stores the message text."""

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_guild_id_created_at", "guild_id", "created_at"),
        UniqueConstraint("platform", "guild_id", "channel_id", "source_message_id"),  # a Slack ts is per channel
        Index(  # the bot's own message ids too: one answer per message of the channel (or thread) it is in
            "uq_answers_answer_message_key",
            "platform",
            "guild_id",
            sql("coalesce(answer_channel_id, channel_id)"),
            "answer_message_id",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(PLATFORM_LENGTH), default=DISCORD, server_default=DISCORD)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    source_message_id: Mapped[str] = mapped_column(PlatformId)
    answer_message_id: Mapped[str | None] = mapped_column(PlatformId)  # None: a marker (a reaction)
    answer_channel_id: Mapped[str | None] = mapped_column(PlatformId)  # where the answer is, if not channel_id
    delivery: Mapped[str] = mapped_column(String(DELIVERY_LENGTH), default="reply", server_default="reply")
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    claim_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    score: Mapped[float] = mapped_column(Float)
    action: Mapped[str] = mapped_column(String(16))
    text_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=AnswerStatus.PENDING.value)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AnswerCooldown(Base):
    """The last answer about an incident in a channel; claiming this row is what makes answering atomic."""

    __tablename__ = "answer_cooldowns"

    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True, autoincrement=False)
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH), primary_key=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    answer_id: Mapped[int] = mapped_column(RowId, ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Dispute(Base):
    """A member's "this answer is wrong"; one per member per answer."""

    __tablename__ = "disputes"
    __table_args__ = (UniqueConstraint("answer_id", "user_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(RowId, ForeignKey("answers.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewItem(Base):
    """One thing for moderators to decide: a message, or a link or phrase seen in several messages.

    Keeps a short excerpt of the first message (moderators need to see it) and never more of members' text.
    ``open_key`` is the dedupe key while pending and NULL once decided, so a decided item never swallows new
    reports; the unique constraint on it makes "create or join" atomic across processes.
    """

    __tablename__ = "review_items"
    __table_args__ = (
        UniqueConstraint("guild_id", "open_key"),  # one pending item per message or link, whoever brought it up
        Index("ix_review_items_guild_id_state", "guild_id", "state"),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(PLATFORM_LENGTH), default=DISCORD, server_default=DISCORD)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=ReviewState.PENDING.value)
    open_key: Mapped[str | None] = mapped_column(String(SHA256_LENGTH))
    dedupe_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    subject_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    text_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    link: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    channel_id: Mapped[str] = mapped_column(PlatformId)
    message_id: Mapped[str] = mapped_column(PlatformId)
    author_id: Mapped[str | None] = mapped_column(PlatformId)
    excerpt: Mapped[str | None] = mapped_column(String(400))
    answer_id: Mapped[int | None] = mapped_column(RowId, ForeignKey("answers.id", ondelete="SET NULL"))
    incident_id: Mapped[str | None] = mapped_column(String(SLUG_LENGTH))
    claim_id: Mapped[str | None] = mapped_column(String(SLUG_LENGTH))
    score: Mapped[float | None] = mapped_column(Float)
    candidates: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    reporters: Mapped[int] = mapped_column(Integer, default=0)
    mod_channel_id: Mapped[str | None] = mapped_column(PlatformId)
    mod_message_id: Mapped[str | None] = mapped_column(PlatformId)
    post_claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    shown_reporters: Mapped[int] = mapped_column(Integer, default=0)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(PlatformId)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    source_deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # then the excerpt is gone too


class ReviewReport(Base):
    """Who brought an item up (reporter, disputer, or the poster for matches), where, and their note."""

    __tablename__ = "review_reports"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(RowId, ForeignKey("review_items.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    message_id: Mapped[str | None] = mapped_column(PlatformId)
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewDecision(Base):
    """The audit log: every decision on a review item (moderator NULL: expired automatically)."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_guild_id_created_at", "guild_id", "created_at"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(RowId, ForeignKey("review_items.id", ondelete="CASCADE"), index=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    moderator_id: Mapped[str | None] = mapped_column(PlatformId)
    action: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    incident_id: Mapped[str | None] = mapped_column(String(SLUG_LENGTH))
    claim_id: Mapped[str | None] = mapped_column(String(SLUG_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LearnedLink(Base):
    """A link moderators approved as a post of a claim: answered automatically in that server from then on."""

    __tablename__ = "learned_links"
    __table_args__ = (UniqueConstraint("guild_id", "url_key"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    url_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    claim_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    decided_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suppression(Base):
    """A rejected match: the incident is never suggested again for that link or phrase in that server."""

    __tablename__ = "review_suppressions"
    __table_args__ = (UniqueConstraint("guild_id", "subject_key", "incident_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    subject_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    link: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    decided_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LinkPreview(Base):
    """What fetching a link gave (its page's metadata, or why it failed), shared by every process until it expires.

    ``url_key`` is the sha256 of the link's canonical form; ``result`` is `bot.links.FetchResult.to_dict()`.
    """

    __tablename__ = "link_previews"

    url_key: Mapped[str] = mapped_column(String(SHA256_LENGTH), primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    result: Mapped[dict[str, object]] = mapped_column(JSON)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class SeenEvent(Base):
    """A platform's event id already handled (Slack redelivers events): kept a day, then pruned."""

    __tablename__ = "seen_events"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class KnowledgeFeed(Base):
    """One ClaimReview feed the bot polls: its state, and its last good version (gzip-compressed) for restarts.

    ``url_key`` is the sha256 of the feed's URL. ``succeeded_at`` is the last time the feed answered with a good
    version or "not modified"; ``changed_at`` the last time a new version was swapped in; ``error`` why the last
    poll failed or was refused (None after a good one). ``body`` stays the last good version whatever happens next.
    """

    __tablename__ = "knowledge_feeds"

    url_key: Mapped[str] = mapped_column(String(SHA256_LENGTH), primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    etag: Mapped[str | None] = mapped_column(String(1024))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    succeeded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    body_sha256: Mapped[str | None] = mapped_column(String(SHA256_LENGTH))
    jsonl: Mapped[bool] = mapped_column(Boolean, default=False)


class GuildDeparture(Base):
    """A server that removed the bot: everything about it is purged at ``purge_after`` unless the bot is back."""

    __tablename__ = "guild_departures"

    guild_id: Mapped[str] = mapped_column(PlatformId, primary_key=True, autoincrement=False)
    left_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    purge_after: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class ClaimRecordRow(Base):
    """How an answered claim's record last read (`knowledge.claim_changes.ClaimRecord`), to see what changes."""

    __tablename__ = "claim_records"

    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH), primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(SLUG_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    version: Mapped[int] = mapped_column(Integer, default=1)
    record: Mapped[dict[str, object]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Correction(Base):
    """One edit due to one answer for one change (a claim's record changed, or moderators retracted the answer)."""

    __tablename__ = "corrections"
    __table_args__ = (UniqueConstraint("answer_id", "change_key"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(RowId, ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    change_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class DraftedClaim(Base):
    """A claim a server's moderators drafted in chat: matched and answered in that server only.

    The form's five fields as typed (who said it and its link parsed apart); the incident they make is rebuilt
    through the knowledge files' schema when read (`knowledge.drafts`).
    """

    __tablename__ = "drafted_claims"
    __table_args__ = (UniqueConstraint("guild_id", "incident_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    platform: Mapped[str] = mapped_column(String(PLATFORM_LENGTH), default=DISCORD, server_default=DISCORD)
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    claim: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(32))
    clarification: Mapped[str] = mapped_column(Text)
    statement: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    review_item_id: Mapped[int | None] = mapped_column(RowId)
    created_by: Mapped[str] = mapped_column(PlatformId)
    updated_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LearnedPhrasing(Base):
    """A wording moderators decided on for a claim in a server: a phrasing of it, or not this claim.

    An approved wording is answered at once in that server; a rejected one keeps the claim from messages repeating it.

    ``text`` is the wording as kept (links, mentions and emoji removed; `knowledge.matching.learned`), ``text_key``
    the sha256 of its normalised words, so spellings differing only in case or punctuation are one row.
    """

    __tablename__ = "learned_phrasings"
    __table_args__ = (UniqueConstraint("guild_id", "text_key", "incident_id", "claim_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    guild_id: Mapped[str] = mapped_column(PlatformId)
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    claim_id: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    text: Mapped[str] = mapped_column(String(PHRASING_LENGTH))
    text_key: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    approved: Mapped[bool] = mapped_column(Boolean)
    decided_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
