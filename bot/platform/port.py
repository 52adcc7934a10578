"""The small protocol the services call to act on a chat platform; each front end implements it.

Every method takes and returns platform-neutral refs and presentation-neutral content (an `AnswerCard`, a
`ReviewItemView`); how they look (an embed, Block Kit, plain text) is the front end's business. Failures are
reported with the exceptions below, so the services decide what a failure means (release a reservation, back
off a moderators' channel) without knowing the platform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from bot.platform.refs import ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef

if TYPE_CHECKING:
    from bot.services.cards import AnswerCard
    from bot.services.history_scan import HistoryMessage
    from bot.services.review_types import ReviewItemView


NOTICE_CHARS = 4000
"""The longest text `ChatPort.post_notice` takes (each platform shows at least this much in one message)."""


class PlatformError(Exception):
    """A platform refused or failed an action."""


class MessageGone(PlatformError):
    """The message (or its channel) no longer exists."""


class PostRefused(PlatformError):
    """The platform refused the action for good (missing permission, channel archived, bot not in channel)."""


class TransientFailure(PlatformError):
    """A brief failure (5xx, timeout, connection reset) that the front end already retried within its policy."""


class Delivery(StrEnum):
    """How an answer reaches a channel."""

    REPLY = "reply"
    THREAD = "thread"
    MARKER = "marker"
    MODERATORS_ONLY = "moderators-only"


@dataclass(frozen=True)
class FetchedMessage:
    """A message as it reads now: its text, who wrote it and when (None when the platform does not say)."""

    text: str
    author: UserRef | None = None
    posted_at: dt.datetime | None = None


class ChatPort(Protocol):
    """What a front end offers the services."""

    platform: Platform

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """Answer ``source`` with the card (never pinging anyone); the posted answer's ref."""
        ...

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        """Show the card (and an "Updated ..." line) on an answer posted earlier."""
        ...

    async def delete_message(self, message: MessageRef) -> None:
        """Delete a message the bot posted; already gone is not an error."""
        ...

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        """A message's current text and author; raises `MessageGone`."""
        ...

    def serves(self, workspace: WorkspaceRef) -> bool:
        """Whether this front end is connected to the workspace now (a Discord shard sees only its servers)."""
        ...

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        """Post a review item (with its decision buttons) in the moderators' channel."""
        ...

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        """Show an item's current state (counts, or its outcome without buttons)."""
        ...

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        """Tell one member something only they see (an ephemeral message where the platform has one)."""
        ...

    def read_history(self, channel: ChannelRef, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
        """The messages posted in the channel since ``since``, read page by page within the platform's rate limits.

        The channel's own messages come newest first, then the replies in its threads (where the platform lists
        them apart). Only reads: nothing is posted, reacted to or marked read. Raises `PostRefused` when the bot
        may not read the channel's history, `MessageGone` when the channel does not exist (or the bot cannot see
        it), `TransientFailure` when the platform keeps failing.
        """
        ...

    async def post_notice(self, channel: ChannelRef, text: str) -> MessageRef:
        """Post plain text (at most `NOTICE_CHARS` characters) in a channel: no pings, no link previews."""
        ...
