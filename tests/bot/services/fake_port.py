"""A `ChatPort` that records what the services asked of it, for the workflow tests."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from bot.platform.port import Delivery, FetchedMessage, MessageGone, PlatformError, PostRefused
from bot.platform.refs import ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef
from bot.services.cards import AnswerCard
from bot.services.history_scan import HistoryMessage
from bot.services.review_types import ReviewItemView

_ids = itertools.count(800_000)


@dataclass
class FakePort:
    """Records posts, edits and deletions; ``refuse`` makes the next posts fail with that error."""

    platform: Platform = Platform.SLACK
    workspaces: set[str] | None = None  # None: every workspace
    answers: list[tuple[MessageRef, AnswerCard, MessageRef]] = field(default_factory=list)
    deleted: list[MessageRef] = field(default_factory=list)
    items: list[tuple[ChannelRef, ReviewItemView]] = field(default_factory=list)
    item_edits: list[tuple[MessageRef, ReviewItemView]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    posted: dict[str, dt.datetime] = field(default_factory=dict)
    """When messages were posted, by id (not given: the platform does not say)."""
    refuse: PlatformError | None = None
    history: dict[str, list[HistoryMessage]] = field(default_factory=dict)
    """Channels' messages, in any order (read back newest first; ``since`` is ignored when ``past_since``)."""
    past_since: bool = False
    unreadable: set[str] = field(default_factory=set)
    history_error: PlatformError | None = None
    """Raised by `read_history` (say, a `TransientFailure`)."""
    read: list[HistoryMessage] = field(default_factory=list)
    """Every message `read_history` handed out."""
    notices: list[tuple[ChannelRef, str]] = field(default_factory=list)
    edits: list[tuple[MessageRef, AnswerCard, str | None]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)
    """Answer message ids whose edit fails with `MessageGone`."""
    deliveries: list[Delivery] = field(default_factory=list)
    markers: list[MessageRef] = field(default_factory=list)

    def serves(self, workspace: WorkspaceRef) -> bool:
        known = self.workspaces is None or workspace.workspace in self.workspaces
        return workspace.platform is self.platform and known

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """A reply; in a thread named after the message (as on Discord); or a marker: the source's own ref."""
        if self.refuse is not None:
            raise self.refuse
        self.deliveries.append(delivery)
        if delivery is Delivery.MARKER:
            self.markers.append(source)
            return source
        channel = source.message if delivery is Delivery.THREAD else source.channel
        answer = MessageRef(source.platform, source.workspace, channel, str(next(_ids)))
        self.answers.append((source, card, answer))
        return answer

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        if answer.message in self.gone:
            raise MessageGone(answer.message)
        if self.refuse is not None:
            raise self.refuse
        self.edits.append((answer, card, update_note))

    async def delete_message(self, message: MessageRef) -> None:
        self.deleted.append(message)

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        if message.message not in self.texts:
            raise MessageGone(message.message)
        author = UserRef(message.platform, message.workspace, "5")
        return FetchedMessage(self.texts[message.message], author, self.posted.get(message.message))

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        if self.refuse is not None:
            raise self.refuse
        self.items.append((channel, item))
        return MessageRef(channel.platform, channel.workspace, channel.channel, str(next(_ids)))

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        self.item_edits.append((posted, item))

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        return None

    async def read_history(self, channel: ChannelRef, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
        if channel.channel in self.unreadable:
            raise PostRefused(f"cannot read channel {channel.channel}")
        if self.history_error is not None:
            raise self.history_error
        for message in sorted(self.history.get(channel.channel, []), key=lambda m: m.sent_at, reverse=True):
            if message.sent_at >= since or self.past_since:
                self.read.append(message)
                yield message

    async def post_notice(self, channel: ChannelRef, text: str) -> MessageRef:
        if self.refuse is not None:
            raise self.refuse
        self.notices.append((channel, text))
        return MessageRef(channel.platform, channel.workspace, channel.channel, str(next(_ids)))
