"""DiscordChatExporter's JSON format: one file per channel, ``{"guild", "channel", "messages": [...]}``.

Each message has ``id``, ``type`` ("Default", "Reply", or a system notice such as "GuildMemberJoin"),
``timestamp`` (ISO 8601 with offset), ``content`` and ``author`` (``id``, ``name``, ``nickname``, ``isBot``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.exports._common import (
    ExportError,
    kind_of,
    need_id,
    need_list,
    need_object,
    optional_text,
    parse_json,
    parse_timestamp,
)
from bot.platform.refs import MessageRef, Platform
from bot.services.history_scan import HistoryMessage

MEMBER_TYPES = frozenset({"Default", "Reply"})
"""Message types carrying a member's own words; every other type is a system notice."""
DIRECT_MESSAGES_GUILD = "0"
"""DiscordChatExporter's guild id for direct messages."""


def looks_like_dce(document: object) -> bool:
    """Whether a parsed JSON document is shaped like a DiscordChatExporter export."""
    return isinstance(document, dict) and "messages" in document and ("channel" in document or "guild" in document)


def read_dce(data: bytes, where: str) -> tuple[str, str, list[HistoryMessage]]:
    """The server's name, the channel's name and the messages of one export file."""
    document = parse_json(data, where)
    if isinstance(document, list):
        raise ExportError(
            f"{where} is a JSON list, not a DiscordChatExporter export (an object with guild, channel and messages); "
            "a Slack export is read from its folder or zip."
        )
    if not isinstance(document, dict) or "messages" not in document:
        shape = "an object" if isinstance(document, dict) else kind_of(document)
        raise ExportError(f'{where} is not a DiscordChatExporter export: it is {shape} without "messages".')
    guild = need_object(document.get("guild"), f'{where}\'s "guild"')
    channel = need_object(document.get("channel"), f'{where}\'s "channel"')
    guild_id = need_id(guild, "id", f'{where}\'s "guild"')
    channel_id = need_id(channel, "id", f'{where}\'s "channel"')
    channel_name = optional_text(channel, "name", f'{where}\'s "channel"') or channel_id
    raw = need_list(document["messages"], f'{where}\'s "messages"')
    messages = [
        _message(entry, guild_id, channel_id, channel_name, f"{where}: message #{number}")
        for number, entry in enumerate(raw, start=1)
    ]
    return optional_text(guild, "name", f'{where}\'s "guild"'), channel_name, messages


def _message(entry: object, guild_id: str, channel_id: str, channel_name: str, what: str) -> HistoryMessage:
    message = need_object(entry, what)
    message_id = need_id(message, "id", what)
    what = f"{what} (id {message_id[:30]})"
    if "timestamp" not in message:
        raise ExportError(f'{what} has no "timestamp".')
    if "author" not in message:
        raise ExportError(f'{what} has no "author".')
    author = need_object(message["author"], f'{what}\'s "author"')
    kind = optional_text(message, "type", what) or "Default"
    return HistoryMessage(
        ref=MessageRef(Platform.DISCORD, guild_id, channel_id, message_id),
        channel_name=channel_name,
        author_id=need_id(author, "id", f'{what}\'s "author"'),
        author_name=_author_name(author, f'{what}\'s "author"'),
        sent_at=parse_timestamp(message["timestamp"], what),
        text=optional_text(message, "content", what),
        link=message_link(guild_id, channel_id, message_id),
        author_is_bot=_flag(author, "isBot", f'{what}\'s "author"'),
        is_system=kind not in MEMBER_TYPES,
    )


def message_link(guild_id: str, channel_id: str, message_id: str) -> str:
    """The message's jump link."""
    server = "@me" if guild_id == DIRECT_MESSAGES_GUILD else quote(guild_id, safe="")
    return f"https://discord.com/channels/{server}/{quote(channel_id, safe='')}/{quote(message_id, safe='')}"


def _author_name(author: dict[str, Any], what: str) -> str:
    return optional_text(author, "nickname", what) or optional_text(author, "name", what)


def _flag(container: dict[str, Any], key: str, what: str) -> bool:
    value = container.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ExportError(f'{what} has "{key}" that is not true or false.')
    return value
