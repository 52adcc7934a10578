"""Discord messages as the services' plain `MessageEvent`s, and which messages the bot looks at."""

from __future__ import annotations

import discord

from bot.platform.refs import MessageRef, Platform
from bot.services.alerts import MessageEvent
from bot.services.history_scan import HistoryMessage

WATCHED_CHANNELS = (discord.TextChannel, discord.Thread)
WATCHED_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})


def is_watched(message: discord.Message) -> bool:
    """A member's ordinary message in a server's text channel or thread (not a bot, webhook or system message)."""
    return (
        message.guild is not None
        and not message.author.bot
        and message.webhook_id is None
        and message.type in WATCHED_TYPES
        and isinstance(message.channel, WATCHED_CHANNELS)
    )


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (possible in JSON, not in UTF-8) replaced by ``?``, so it can be stored."""
    return text.encode("utf-8", "replace").decode("utf-8")


def message_event(message: discord.Message, *, is_edit: bool = False) -> MessageEvent:
    """The event for the alert service (``message.guild`` must be set: see `is_watched`)."""
    channel = message.channel
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    return MessageEvent(
        guild_id=str(message.guild.id) if message.guild else "",
        channel_id=str(channel.id),
        message_id=str(message.id),
        author_id=str(message.author.id),
        content=valid_text(message.content),
        parent_channel_id=str(parent_id) if parent_id is not None else None,
        author_is_bot=message.author.bot,
        is_webhook=message.webhook_id is not None,
        is_edit=is_edit,
    )


def history_message(message: discord.Message) -> HistoryMessage:
    """A message read back from a channel's history, for the history scan (``message.guild`` must be set)."""
    channel = message.channel
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    return HistoryMessage(
        ref=MessageRef(
            Platform.DISCORD,
            str(message.guild.id) if message.guild else "",
            str(channel.id),
            str(message.id),
            str(parent_id) if parent_id is not None else None,
        ),
        channel_name=getattr(channel, "name", "") or "",
        author_id=str(message.author.id),
        author_name=message.author.display_name,
        sent_at=message.created_at,
        text=valid_text(message.content),
        link=message.jump_url,
        author_is_bot=message.author.bot or message.webhook_id is not None,
        is_system=message.type not in WATCHED_TYPES,
    )
