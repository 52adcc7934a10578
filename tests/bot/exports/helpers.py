"""Small exports written the way DiscordChatExporter and Slack write them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

GUILD_ID = "1100000000000000001"
CHANNEL_ID = "1100000000000000002"
CLAIM = "Crazy video: a man shoots at a CHP sergeant during the Compton street takeover"
UNSURE = "that chp sergeant clip from the compton takeover is wild, shots everywhere"
CHAT = "anyone up for pizza and a movie tonight?"


def dce_message(
    message_id: str, content: str, *, timestamp: str = "2026-11-20T10:30:00.123+01:00", **fields: Any
) -> dict[str, Any]:
    """One message as DiscordChatExporter writes it (``author``/``type`` overridable through ``fields``)."""
    message: dict[str, Any] = {
        "id": message_id,
        "type": "Default",
        "timestamp": timestamp,
        "timestampEdited": None,
        "callEndedTimestamp": None,
        "isPinned": False,
        "content": content,
        "author": {
            "id": "1100000000000000099",
            "name": "alice",
            "discriminator": "0000",
            "nickname": "Alice",
            "color": None,
            "isBot": False,
            "roles": [],
            "avatarUrl": "https://cdn.discordapp.com/embed/avatars/0.png",
        },
        "attachments": [],
        "embeds": [],
        "stickers": [],
        "reactions": [],
        "mentions": [],
        "inlineEmojis": [],
    }
    message.update(fields)
    return message


def dce_document(messages: list[dict[str, Any]], *, channel: str = "general") -> dict[str, Any]:
    """A whole DiscordChatExporter export of one channel."""
    return {
        "guild": {"id": GUILD_ID, "name": "Test server", "iconUrl": "https://cdn.discordapp.com/x.png"},
        "channel": {
            "id": CHANNEL_ID,
            "type": "GuildTextChat",
            "categoryId": None,
            "category": None,
            "name": channel,
            "topic": None,
        },
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2026-12-01T00:00:00+00:00",
        "messages": messages,
        "messageCount": len(messages),
    }


def write_json(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def slack_files() -> dict[str, Any]:
    """A Slack export's files by path: two channels, members, and a few days of messages."""
    return {
        "channels.json": [{"id": "C0001", "name": "general"}, {"id": "C0002", "name": "random"}],
        "users.json": [
            {"id": "U0001", "name": "alice", "real_name": "Alice A", "profile": {"display_name": "alice"}},
            {"id": "U0002", "name": "bob", "profile": {"real_name": "Bob B", "display_name": ""}},
        ],
        "general/2026-11-20.json": [
            {"type": "message", "user": "U0001", "text": CLAIM, "ts": "1763634600.000100"},
            {"type": "message", "user": "U0002", "text": CHAT, "ts": "1763634700.000200"},
            {
                "type": "message",
                "subtype": "channel_join",
                "user": "U0002",
                "text": "<@U0002> joined",
                "ts": "1763634800.000300",
            },
        ],
        "general/2026-11-21.json": [
            {"type": "message", "subtype": "bot_message", "bot_id": "B1", "text": CLAIM, "ts": "1763721000.000100"},
            {"type": "message", "user": "U0002", "text": f"&gt; <@U0001> said: {UNSURE}", "ts": "1763721100.000200"},
        ],
        "random/2026-11-22.json": [
            {
                "type": "message",
                "user": "U0001",
                "text": CLAIM.replace("Compton", "<https://compton.example/x|Compton>"),
                "ts": "1763807400.000001",
            },
        ],
    }


def write_slack_folder(root: Path, files: dict[str, Any] | None = None) -> Path:
    for name, document in (files or slack_files()).items():
        write_json(root / name, document)
    return root


def write_slack_zip(path: Path, files: dict[str, Any] | None = None, *, prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, document in (files or slack_files()).items():
            archive.writestr(prefix + name, json.dumps(document))
    return path
