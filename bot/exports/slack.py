"""Slack's workspace export: a folder (or its zip) of conversation lists and one folder per conversation.

``channels.json`` and ``users.json`` list the channels and members; each conversation's folder holds one
``YYYY-MM-DD.json`` file per day, each a list of messages (``ts``, ``text``, ``user``, ``subtype``).

Private channels (``groups.json``) and group messages (``mpims.json``) have folders named like channels, direct
messages (``dms.json``) folders named by id. Enterprise Grid exports name the members file ``org_users.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

from bot.exports._common import ExportError, need_id, need_list, need_object, optional_text, parse_json
from bot.exports.slack_text import plain_text
from bot.platform.refs import MessageRef, Platform
from bot.services.history_scan import HistoryMessage

CONVERSATION_FILES = (("channels.json", "name"), ("groups.json", "name"), ("mpims.json", "name"), ("dms.json", "id"))
"""The conversation lists an export may hold, and which field names each conversation's folder."""
USER_FILES = ("users.json", "org_users.json")
MEMBER_SUBTYPES = frozenset({"", "thread_broadcast", "file_share", "me_message"})
"""Subtypes carrying a member's own words; every other subtype (joins, topics, pins...) is a system notice."""
BOT_SUBTYPES = frozenset({"bot_message"})
_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_TS = re.compile(r"\d{1,12}(\.\d{1,9})?")


class ExportTree(Protocol):
    """The files of an export, read by their path relative to the export's root (``/``-separated)."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes; None when there is no such file."""
        ...

    def files_in(self, folder: str) -> list[str]:
        """The names of the files directly in a folder (empty when there is no such folder)."""
        ...


@dataclass(frozen=True)
class _Conversation:
    id: str
    name: str
    folder: str


def read_slack(
    tree: ExportTree, where: str, *, workspace_url: str | None = None
) -> tuple[list[str], list[HistoryMessage]]:
    """The conversations' names and their messages, oldest first per conversation."""
    conversations = _conversations(tree, where)
    channels = {conversation.id: conversation.name for conversation in conversations}
    users = _users(tree)
    messages: list[HistoryMessage] = []
    for conversation in conversations:
        reader = _MessageReader(conversation, users, channels, workspace_url)
        for day in sorted(name for name in tree.files_in(conversation.folder) if _DAY_FILE.fullmatch(name)):
            path = f"{conversation.folder}/{day}"
            raw = need_list(parse_json(tree.read(path) or b"", path), path)
            for number, entry in enumerate(raw, start=1):
                messages.append(reader.read(entry, f"{path}: message #{number}"))
    return [conversation.name for conversation in conversations], messages


def _conversations(tree: ExportTree, where: str) -> list[_Conversation]:
    found: list[_Conversation] = []
    if tree.read("channels.json") is None:
        raise ExportError(f"{where} has no channels.json, so it is not a Slack export.")
    for filename, folder_key in CONVERSATION_FILES:
        data = tree.read(filename)
        if data is None:
            continue
        for number, entry in enumerate(need_list(parse_json(data, filename), filename), start=1):
            what = f"{filename}: conversation #{number}"
            conversation = need_object(entry, what)
            conversation_id = need_id(conversation, "id", what)
            name = optional_text(conversation, "name", what) or conversation_id
            folder = need_id(conversation, folder_key, what)
            if "/" in folder or folder in {".", ".."}:
                raise ExportError(f'{what} has "{folder_key}" {folder[:40]!r}, which is not a folder name.')
            found.append(_Conversation(conversation_id, name, folder))
    return found


def _users(tree: ExportTree) -> dict[str, str]:
    for filename in USER_FILES:
        data = tree.read(filename)
        if data is None:
            continue
        names: dict[str, str] = {}
        for number, entry in enumerate(need_list(parse_json(data, filename), filename), start=1):
            user = need_object(entry, f"{filename}: member #{number}")
            names[need_id(user, "id", f"{filename}: member #{number}")] = _display_name(user)
        return names
    return {}


def _display_name(user: dict[str, Any]) -> str:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for value in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@dataclass(frozen=True)
class _MessageReader:
    conversation: _Conversation
    users: dict[str, str]
    channels: dict[str, str]
    workspace_url: str | None

    def read(self, entry: object, what: str) -> HistoryMessage:
        message = need_object(entry, what)
        ts = optional_text(message, "ts", what)
        if not ts:
            raise ExportError(f'{what} has no "ts" (the message id and time).')
        if not _TS.fullmatch(ts):
            raise ExportError(f'{what} has {ts[:30]!r} as "ts", which is not a Slack timestamp.')
        what = f"{what} (ts {ts})"
        subtype = optional_text(message, "subtype", what)
        user = optional_text(message, "user", what)
        team = optional_text(message, "team", what)  # the workspace, when the export says
        return HistoryMessage(
            ref=MessageRef(Platform.SLACK, team, self.conversation.id, ts, _thread(message, ts, what)),
            channel_name=self.conversation.name,
            author_id=user,
            author_name=self.users.get(user) or _profile_name(message) or user,
            sent_at=_sent_at(ts, what),
            text=plain_text(optional_text(message, "text", what), self.users, self.channels),
            link=self._link(ts),
            author_is_bot=subtype in BOT_SUBTYPES or bool(message.get("bot_id")),
            is_system=subtype not in MEMBER_SUBTYPES | BOT_SUBTYPES,
        )

    def _link(self, ts: str) -> str | None:
        if self.workspace_url is None:
            return None
        return f"{self.workspace_url.rstrip('/')}/archives/{self.conversation.id}/p{ts.replace('.', '')}"


def _thread(message: dict[str, Any], ts: str, what: str) -> str | None:
    """The thread's parent ``ts`` for a reply in a thread (None for a thread's parent and other messages)."""
    parent = optional_text(message, "thread_ts", what)
    return parent if parent and parent != ts else None


def _sent_at(ts: str, what: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(float(ts), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ExportError(f'{what} has a "ts" outside the range of dates.') from None


def _profile_name(message: dict[str, Any]) -> str:
    profile = message.get("user_profile")
    return _display_name({"profile": profile}) if isinstance(profile, dict) else ""
