"""Posting review items in moderators' channels through the front ends, keeping counts current, expiring old ones.

One background task flushes: when the queue changed in this process (`ReviewQueueChanged`), and every
`POLL_SECONDS` anyway (items from other processes, items held back by the hourly cap, restarts). Each item is
claimed in the database before it is posted, so it is posted once whatever runs at the same time. A server whose
moderators' channel refuses a post (gone, or no permission) is skipped for `BACKOFF_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from bot.db.errors import is_database_unavailable
from bot.metrics import Metrics
from bot.platform.port import ChatPort, MessageGone, PlatformError, PostRefused
from bot.platform.refs import ChannelRef, MessageRef, WorkspaceRef
from bot.services.events import EventBus, ReviewQueueChanged
from bot.services.guild_settings import GuildSettingsService
from bot.services.ports import Ports
from bot.services.review import ReviewService
from bot.services.review_types import ReviewItemView, ReviewKind

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
"""The longest an item waits to be posted when nothing in this process announced it."""
BACKOFF_SECONDS = 600.0
"""A server whose moderators' channel refused a post is skipped this long."""


class ReviewPublisher:
    """The flush task of one process, posting through whichever front ends are connected."""

    def __init__(
        self,
        review: ReviewService,
        guild_settings: GuildSettingsService,
        ports: Ports,
        events: EventBus,
        metrics: Metrics,
        *,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self._review = review
        self._guild_settings = guild_settings
        self._ports = ports
        self._events = events
        self._metrics = metrics
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._blocked: dict[WorkspaceRef, float] = {}

    def start(self, ready: Callable[[], Awaitable[object]] | None = None) -> None:
        """Start flushing (after ``ready()`` returns: say, once the front end is connected)."""
        if self._task is None:
            self._events.subscribe(ReviewQueueChanged, self.wake)
            self._task = asyncio.create_task(self._run(ready), name="review-publisher")

    async def stop(self, *, drain_seconds: float = 0.0) -> None:
        """Stop flushing, letting a flush under way finish first for up to ``drain_seconds``.

        An item posted is then also recorded as posted, so the next process does not post it again.
        """
        self._events.unsubscribe(ReviewQueueChanged, self.wake)
        task, self._task = self._task, None
        if task is not None and drain_seconds > 0:
            self._wake.set()  # the loop sees it was stopped once the flush under way returns
            await asyncio.wait({task}, timeout=drain_seconds)
        while task is not None and not task.done():  # again if a cancellation was swallowed (asyncio.wait_for)
            task.cancel()
            await asyncio.wait({task}, timeout=0.5)
        if task is not None and not task.cancelled() and task.exception() is not None:
            log.error("review publisher stopped on an error", exc_info=task.exception())

    def wake(self, _event: ReviewQueueChanged | None = None) -> None:
        """Flush soon (the queue changed in this process)."""
        self._wake.set()

    async def _run(self, ready: Callable[[], Awaitable[object]] | None) -> None:
        if ready is not None:
            await ready()
        await self._finish_interrupted()
        while self._task is not None:
            self._wake.clear()
            try:
                await self.flush()
            except Exception as error:
                if not is_database_unavailable(error):
                    log.exception("review publisher: flush failed")
                else:
                    log.warning("review publisher: the database is unavailable (%s); trying again later", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _finish_interrupted(self) -> None:
        """Post the answers of approvals a crash left unposted (handed out again as applied decisions)."""
        try:
            finished = await self._review.finish_interrupted()
        except Exception:
            log.exception("review publisher: could not finish interrupted approvals")
            return
        if finished:
            log.info("review publisher: finished %d approvals a restart interrupted", finished)

    async def flush(self) -> None:
        """Post what is due in every server a front end serves, edit grown counts, and update the gauge."""
        for workspace in await self._review.workspaces_with_work():
            port = self._ports.serving(workspace)
            if port is None or self._blocked.get(workspace, 0.0) > time.monotonic():
                continue
            await self._flush_workspace(port, workspace)
        for state, count in (await self._review.counts_by_state()).items():
            self._metrics.review_items.labels(state=state.value).set(count)

    async def _flush_workspace(self, port: ChatPort, workspace: WorkspaceRef) -> None:
        guild_id = workspace.workspace
        channel_id = (await self._guild_settings.config(guild_id)).moderators_channel_id
        if channel_id is not None:
            channel = ChannelRef(workspace.platform, workspace.workspace, channel_id)
            budget = await self._review.post_budget(guild_id)
            for item_id in await self._review.items_to_post(guild_id, budget) if budget else []:
                if not await self._post(port, item_id, channel):
                    self._blocked[workspace] = time.monotonic() + BACKOFF_SECONDS
                    break
        for item_id in await self._review.items_to_edit(guild_id):
            item = await self._review.claim_edit(item_id)
            if item is not None:
                await self._edit(port, item)

    async def _post(self, port: ChatPort, item_id: int, channel: ChannelRef) -> bool:
        """Post one item; False when the channel refused (the server is skipped for a while)."""
        item = await self._review.claim_post(item_id)
        if item is None:
            return True
        if item.excerpt is None and item.kind is ReviewKind.DISPUTE:
            item = await self._with_excerpt(port, item)
        try:
            sent = await port.post_review_item(channel, item)
        except PlatformError as error:
            await self._review.release_post(item_id)
            log.warning("could not post review item %s in channel %s: %s", item_id, channel, error)
            return not isinstance(error, MessageGone | PostRefused)
        try:
            marked = await self._review.mark_posted(item_id, channel.channel, sent.message, shown=item.reporters)
        except Exception as error:
            if is_database_unavailable(error):  # not recorded: it is posted again once the database is back
                await _delete_quietly(port, sent)
            raise
        if not marked:
            await _delete_quietly(port, sent)  # another process posted it first
            return True
        current = await self._review.item(item_id, guild_id=item.guild_id)
        if current is not None and _changed_while_posting(item, current):
            await show_item(self._ports, current)
        return True

    async def _with_excerpt(self, port: ChatPort, item: ReviewItemView) -> ReviewItemView:
        """A dispute's item with the disputed message's text, read now (the bot never stored it)."""
        try:
            found = await port.fetch_message(item.source)
        except PlatformError:
            return item
        author = found.author.user if found.author is not None else None
        await self._review.attach_excerpt(item.id, found.text, author)
        return await self._review.item(item.id, guild_id=item.guild_id) or item

    async def _edit(self, port: ChatPort, item: ReviewItemView) -> None:
        posted = item.posted
        if posted is None:
            return
        try:
            await port.edit_review_item(posted, item)
        except PlatformError as error:
            log.warning("could not update review item %s's count: %s", item.id, error)

    async def expire(self) -> None:
        """Expire old pending items and show it on their posted messages."""
        for item in await self._review.expire_due():
            await show_item(self._ports, item)


async def show_item(ports: Ports, item: ReviewItemView) -> None:
    """Show an item's current state (a decided one: its outcome, without buttons) on its posted message."""
    posted = item.posted
    if posted is None:
        return
    try:
        await ports.get(posted.platform).edit_review_item(posted, item)
    except MessageGone:
        log.info("review item %s: its message %s was deleted", item.id, posted.message)
    except (PlatformError, LookupError) as error:
        log.warning("could not update review item %s's message %s: %s", item.id, posted.message, error)


def _changed_while_posting(posted: ReviewItemView, current: ReviewItemView) -> bool:
    """Whether the item was decided or expired, or its message deleted, while its card was being posted: the card
    shows what it was, and nothing else would edit it (a deletion finds no card to edit until it is recorded).
    """  # noqa: D205
    return not current.pending or current.source_deleted != posted.source_deleted


async def _delete_quietly(port: ChatPort, message: MessageRef) -> None:
    with contextlib.suppress(MessageGone):
        await port.delete_message(message)
