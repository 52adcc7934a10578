"""The tables, as typed SQLAlchemy models. Change them only together with a new Alembic migration."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, MetaData, String, UniqueConstraint, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Discord ids are 64-bit snowflakes. Row ids are BIGINT on PostgreSQL and INTEGER (the rowid) on SQLite.
Snowflake = BigInteger
RowId = BigInteger().with_variant(Integer(), "sqlite")
SLUG_LENGTH = 100


class Base(DeclarativeBase):
    """The declarative base; its metadata is what the migrations must produce."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AnswerStatus(StrEnum):
    """Where an answer is in its life."""

    PENDING = "pending"  # reserved; the bot is posting it
    SENT = "sent"
    DELETED = "deleted"  # the answered message, or the answer itself, was deleted


class GuildSettings(Base):
    """One server's choices; a missing row or a NULL column means the application default."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    auto_replies: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    link_fetching: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cooldown_minutes: Mapped[int | None] = mapped_column(Integer)
    reply_threshold: Mapped[float | None] = mapped_column(Float)
    review_threshold: Mapped[float | None] = mapped_column(Float)
    moderators_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    reviewer_role_id: Mapped[int | None] = mapped_column(Snowflake)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ChannelSettings(Base):
    """A channel's override of the server's auto-reply setting (threads follow their parent channel)."""

    __tablename__ = "channel_settings"

    channel_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(
        Snowflake, ForeignKey("guild_settings.guild_id", ondelete="CASCADE"), index=True
    )
    auto_replies: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Answer(Base):
    """An answer the bot gave (or is giving) to a member's message. Never stores the message text."""

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_guild_id_created_at", "guild_id", "created_at"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    source_message_id: Mapped[int] = mapped_column(Snowflake, unique=True)
    answer_message_id: Mapped[int | None] = mapped_column(Snowflake, unique=True)
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

    channel_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    incident_id: Mapped[str] = mapped_column(String(SLUG_LENGTH), primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    answer_id: Mapped[int] = mapped_column(RowId, ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Dispute(Base):
    """A member's "this answer is wrong"; one per member per answer."""

    __tablename__ = "disputes"
    __table_args__ = (UniqueConstraint("answer_id", "user_id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(RowId, ForeignKey("answers.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
