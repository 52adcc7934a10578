"""What the Slack stand-in remembers: messages by channel and ts, modals, trigger ids, calls and problems."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

TRIGGER_SECONDS = 3.0
"""A trigger id is good for this long after the interaction carrying it was sent, and once."""


@dataclasses.dataclass
class Call:
    """One Web API call: the method, its merged arguments (query, form or JSON), the token and the answer."""

    index: int
    method: str
    args: dict[str, Any]
    token: str | None
    content_type: str
    at: float
    status: int = 200
    response: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether Slack would have said ``ok: true``."""
        return self.status == 200 and self.response.get("ok") is True


@dataclasses.dataclass
class Message:
    """A message in a channel (``thread_ts`` set for replies and for parents that have replies)."""

    channel: str
    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    thread_ts: str | None = None
    bot_id: str | None = None
    app_id: str | None = None
    edited: bool = False
    deleted: bool = False
    subtype: str | None = None
    args: dict[str, Any] = dataclasses.field(default_factory=dict)
    """The arguments the bot posted (or last updated) it with."""
    reactions: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Who reacted with what: emoji name -> user ids, in order."""

    def as_json(self) -> dict[str, Any]:
        """As the Web API and events show it."""
        data: dict[str, Any] = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        if self.subtype is not None:
            data["subtype"] = self.subtype
        if self.blocks:
            data["blocks"] = self.blocks
        if self.thread_ts is not None:
            data["thread_ts"] = self.thread_ts
        if self.bot_id is not None:
            data["bot_id"] = self.bot_id
            data["app_id"] = self.app_id
        if self.edited:
            data["edited"] = {"user": self.user, "ts": self.ts}
        shown = [{"name": name, "users": users, "count": len(users)} for name, users in self.reactions.items() if users]
        if shown:
            data["reactions"] = shown
        return data


@dataclasses.dataclass
class Ephemeral:
    """A message only one user sees (``chat.postEphemeral``, or a slash command's answer)."""

    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]]
    via: str


@dataclasses.dataclass
class View:
    """A modal opened for a user."""

    id: str
    user: str
    view: dict[str, Any]
    hash: str
    closed: bool = False
    errors: dict[str, str] = dataclasses.field(default_factory=dict)
    """The errors the app answered the last submission with (``response_action: errors``)."""


class Store:
    """The stand-in's state; every change wakes those waiting (`wait_until`)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.messages: dict[str, dict[str, Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, View] = {}
        self.calls: list[Call] = []
        self.problems: list[str] = []
        self.response_uses: dict[str, int] = {}
        """Messages sent through each response URL (by its id)."""
        self._triggers: dict[str, tuple[str, float]] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()

    def next_ts(self) -> str:
        """A new message ts, increasing like Slack's (``1712345678.000100``)."""
        return f"1712345678.{next(self._ts) * 100:06d}"

    def next_id(self, prefix: str) -> str:
        """A new opaque id (``Ev…``, ``V…``, envelope ids, trigger ids)."""
        return f"{prefix}{next(self._ids):08d}"

    def add(self, message: Message) -> Message:
        """Keep a new message."""
        self.messages.setdefault(message.channel, {})[message.ts] = message
        if message.thread_ts is not None and message.thread_ts != message.ts:
            parent = self.find(message.channel, message.thread_ts)
            if parent is not None:
                parent.thread_ts = parent.ts
        self.changed()
        return message

    def find(self, channel: str, ts: str) -> Message | None:
        """A message that exists (not deleted)."""
        message = self.messages.get(channel, {}).get(ts)
        return message if message is not None and not message.deleted else None

    def in_channel(self, channel: str) -> list[Message]:
        """The channel's top-level messages and thread replies, oldest first."""
        found = [message for message in self.messages.get(channel, {}).values() if not message.deleted]
        return sorted(found, key=lambda message: message.ts)

    def thread(self, channel: str, ts: str) -> list[Message]:
        """A thread: its parent, then its replies, oldest first."""
        return [message for message in self.in_channel(channel) if ts in (message.ts, message.thread_ts)]

    def issue_trigger(self, user: str) -> str:
        """A trigger id for an interaction sent now."""
        trigger = f"{next(self._ids)}.{next(self._ids)}.fake{next(self._ids):04d}"
        self._triggers[trigger] = (user, self.clock())
        return trigger

    def use_trigger(self, trigger: object) -> tuple[str | None, str]:
        """Use a trigger id up: (the error, None when good; the user whose interaction carried it)."""
        if not isinstance(trigger, str) or trigger not in self._triggers:
            return "invalid_trigger_id", ""
        user, issued = self._triggers[trigger]
        if issued < 0:
            return "exchanged_trigger_id", user
        if self.clock() - issued > TRIGGER_SECONDS:
            return "expired_trigger_id", user
        self._triggers[trigger] = (user, -1.0)
        return None, user

    def problem(self, text: str) -> None:
        """Note something the bot did that real Slack would refuse or that breaks the protocol."""
        self.problems.append(text)
        self.changed()

    def changed(self) -> None:
        """Wake the waiters (callable from sync code)."""
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, check: Callable[[], T | None], *, timeout: float, what: str) -> T:
        """The first truthy result of ``check``, re-run on every change; AssertionError after ``timeout``."""

        async def waiting() -> T:
            async with self._changed:
                while True:
                    found = check()
                    if found:
                        return found
                    await _wait(self._changed)

        try:
            return await asyncio.wait_for(waiting(), timeout)
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}") from None


async def _wait(condition: asyncio.Condition) -> None:
    """Wait for a change, but at most 50 ms (checks that read the clock get re-run)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(condition.wait(), 0.05)
