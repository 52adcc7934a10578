"""`SlackPort`: the `ChatPort` the services act through on Slack, over slack_sdk's `AsyncWebClient`.

Answers go in the message's thread with link unfurling off (a marker is a reaction on the message instead); review
items are posted and updated in the review channel; private notes are ephemeral messages. Slack's errors become the
port's: `MessageGone`, `PostRefused` (for good) or `TransientFailure` (after the client's own retries: 429 with
``Retry-After``, 5xx, connection errors).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.exports.slack import BOT_SUBTYPES, MEMBER_SUBTYPES
from bot.platform import (
    ChannelRef,
    Delivery,
    FetchedMessage,
    MessageGone,
    MessageRef,
    Platform,
    PostRefused,
    TransientFailure,
    UserRef,
    WorkspaceRef,
)
from bot.platform.port import NOTICE_CHARS
from bot.services.cards import AnswerCard
from bot.services.history_scan import HistoryMessage
from bot.services.review_types import ReviewItemView
from slackfront.blocks import answer_message, review_message, review_user_ids
from slackfront.ids import service_ref
from slackfront.text import clip, escape, plain_text

log = logging.getLogger(__name__)

MARKER_REACTION = "mag"
"""The reaction of `Delivery.MARKER` (the magnifying glass): the "Fact-check message" shortcut tells what it means."""
GONE = {"message_not_found", "channel_not_found", "thread_not_found", "not_found"}
NAME_SECONDS = 600.0
"""How long a member's display name is reused on review items."""
THREADS_KEPT = 10_000
"""Recent thread replies whose thread the port remembers (older ones are answered with their own ts as thread)."""
HISTORY_PAGE = 200
"""Messages asked per ``conversations.history`` page (Slack suggests no more than 200)."""
REPLIES_PAGE = 200
"""Replies asked per ``conversations.replies`` page."""
TRANSIENT = {"ratelimited", "service_unavailable", "fatal_error", "internal_error", "request_timeout"}


def web_client(token: str, base_url: str, *, retries: int = 3) -> AsyncWebClient:
    """A Web API client retrying rate limits (waiting ``Retry-After``), 5xx answers and connection errors."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=retries),
            AsyncRateLimitErrorRetryHandler(max_retry_count=retries),
            AsyncServerErrorRetryHandler(max_retry_count=retries),
        ],
    )


@asynccontextmanager
async def translated(what: str) -> AsyncIterator[None]:
    """Turn Slack's failures into the port's exceptions."""
    try:
        yield
    except SlackApiError as error:
        code = str(error.response.get("error", "")) if error.response is not None else ""
        status = getattr(error.response, "status_code", 200)
        if code in GONE:
            raise MessageGone(f"{what}: {code}") from error
        if code in TRANSIENT or status >= 500:
            raise TransientFailure(f"{what}: {code or status}") from error
        raise PostRefused(f"{what}: {code}") from error
    except (aiohttp.ClientError, TimeoutError) as error:
        raise TransientFailure(f"{what}: {error!r}") from error


class SlackPort:
    """The services' view of one Slack workspace.

    Refs hold Slack's own ids (channel ids, message ts). Slack answers in the thread of a message's parent, which
    a ref of the services does not carry: the front end notes each message's thread as it arrives (`note_thread`).
    """

    platform = Platform.SLACK

    def __init__(self, client: AsyncWebClient, team_id: str, *, workspace_url: str = "") -> None:
        self.client = client
        self.team_id = team_id
        self.workspace_url = workspace_url
        """The workspace's address (``auth.test``'s ``url``), for links to messages; empty: no links."""
        self._threads: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._known: dict[str, tuple[float, str]] = {}

    def serves(self, workspace: WorkspaceRef) -> bool:
        """Whether ``workspace`` is the one this port is connected to."""
        return workspace.platform is Platform.SLACK and workspace.workspace == self.team_id

    def note_thread(self, channel: str, ts: str, thread: str | None) -> None:
        """Remember that the message ``ts`` is a reply in the thread of ``thread`` (kept for the recent ones)."""
        if thread is not None and thread != ts:
            self._threads[(channel, ts)] = thread
            while len(self._threads) > THREADS_KEPT:
                self._threads.popitem(last=False)

    def _parts(self, ref: MessageRef) -> tuple[str, str, str | None]:
        channel, ts = ref.channel, ref.message
        thread = ref.thread if ref.thread else self._threads.get((channel, ts))
        return channel, ts, thread

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """Answer in the message's thread (the thread's parent when the message is a reply), or mark it.

        Slack answers in threads whatever the mode: ``reply`` and ``thread`` are the same thread reply (never
        broadcast to the channel); ``marker`` adds the `MARKER_REACTION` instead and returns the message's own ref.
        """
        channel, ts, thread = self._parts(source)
        if delivery is Delivery.MARKER:
            await self._mark(channel, ts)
            return source
        parent = thread or ts
        async with translated(f"answer to {ts}"):
            sent = await self.client.chat_postMessage(
                channel=channel, thread_ts=parent, unfurl_links=False, unfurl_media=False, **answer_message(card)
            )
        return service_ref(self.team_id, channel, str(sent["ts"]), parent)

    async def _mark(self, channel: str, ts: str) -> None:
        """Add the marker; already there (a retry) is fine."""
        try:
            async with translated(f"marker on {ts}"):
                await self.client.reactions_add(channel=channel, timestamp=ts, name=MARKER_REACTION)
        except PostRefused as error:
            if "already_reacted" not in str(error):
                raise

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        """Show the card (and the note) on an answer posted earlier."""
        channel, ts, _ = self._parts(answer)
        async with translated(f"edit of answer {ts}"):
            await self.client.chat_update(
                channel=channel, ts=ts, **answer_message(card, update_note=update_note, dispute=card.current)
            )

    async def delete_message(self, message: MessageRef) -> None:
        """Delete one of the bot's messages; already gone is fine."""
        channel, ts, _ = self._parts(message)
        try:
            async with translated(f"deletion of {ts}"):
                await self.client.chat_delete(channel=channel, ts=ts)
        except MessageGone:
            log.info("message %s in %s was already gone", ts, channel)

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        """A message's current text and author."""
        channel, ts, thread = self._parts(message)
        async with translated(f"reading {ts}"):
            found = await self._fetch(channel, ts, thread)
        if found is None:
            raise MessageGone(f"message {ts} in {channel}")
        user = found.get("user")
        author = UserRef(Platform.SLACK, self.team_id, user) if user else None
        return FetchedMessage(plain_text(str(found.get("text") or "")), author, _posted_at(ts))

    async def _fetch(self, channel: str, ts: str, thread: str | None) -> dict[str, Any] | None:
        window: dict[str, Any] = {"latest": ts, "oldest": ts, "inclusive": True}
        if thread and thread != ts:
            found = await self.client.conversations_replies(channel=channel, ts=thread, **window)
        else:
            found = await self.client.conversations_history(channel=channel, limit=1, **window)
        return next((m for m in found.get("messages") or [] if m.get("ts") == ts), None)

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        """Post a review item with its buttons."""
        where = channel.channel
        async with translated(f"review item {item.id}"):
            names = await self._names(review_user_ids(item))
            sent = await self.client.chat_postMessage(
                channel=where, unfurl_links=False, unfurl_media=False, **review_message(item, names)
            )
        return service_ref(self.team_id, where, str(sent["ts"]))

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        """Show an item's current state; its blocks are sent whole, so a decided item loses its buttons."""
        channel, ts, _ = self._parts(posted)
        async with translated(f"update of review item {item.id}"):
            names = await self._names(review_user_ids(item))
            await self.client.chat_update(channel=channel, ts=ts, **review_message(item, names))

    async def _names(self, users: set[str]) -> dict[str, str]:
        """Display names of users (``users.info``, kept `NAME_SECONDS`); a user Slack does not name is left out."""
        now, names = time.monotonic(), {}
        for user in sorted(users):
            kept = self._known.get(user)
            if kept is None or now - kept[0] > NAME_SECONDS:
                try:
                    profile = (await self.client.users_info(user=user)).get("user") or {}
                except SlackApiError as error:
                    log.info("no name for %s: %s", user, error.response.get("error"))
                    continue
                display = (profile.get("profile") or {}).get("display_name")
                kept = (now, str(display or profile.get("real_name") or profile.get("name") or ""))
                self._known[user] = kept
            if kept[1]:
                names[user] = kept[1]
        return names

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        """An ephemeral message in ``where`` (Slack has no ephemeral message outside a channel)."""
        if where is None:
            log.warning("cannot tell %s privately without a channel: %s", user.user, text)
            return
        member = user.user
        async with translated(f"note to {member}"):
            await self.client.chat_postEphemeral(channel=where.channel, user=member, text=escape(text))

    async def read_history(self, channel: ChannelRef, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
        """The channel's messages since ``since``, newest first, then the replies of its threads started since.

        ``conversations.history`` is given both ends of the window (with ``oldest`` alone Slack pages from the
        oldest end), then ``conversations.replies`` reads each thread with replies in the window. Pages follow
        ``response_metadata.next_cursor``; slack_sdk waits out ``Retry-After`` on a 429.
        """
        window = {"oldest": f"{since.timestamp():.6f}", "latest": f"{time.time():.6f}"}
        threads: list[str] = []
        async for message in self._pages("conversations_history", channel.channel, window, HISTORY_PAGE):
            if int(message.get("reply_count") or 0) and str(message.get("latest_reply") or "") > window["oldest"]:
                threads.append(str(message["ts"]))
            yield self._history_message(channel.channel, message)
        for parent in threads:
            replies = self._pages("conversations_replies", channel.channel, {**window, "ts": parent}, REPLIES_PAGE)
            async for message in replies:
                if str(message.get("ts")) != parent:  # each page starts with the thread's parent
                    yield self._history_message(channel.channel, message)

    async def _pages(
        self, method: str, channel: str, arguments: dict[str, str], limit: int
    ) -> AsyncIterator[dict[str, Any]]:
        """The messages of every page of a ``conversations.*`` listing."""
        cursor = ""
        while True:
            async with translated(f"{method} of {channel}"):
                call = getattr(self.client, method)
                page = await call(channel=channel, limit=limit, **arguments, **({"cursor": cursor} if cursor else {}))
            for message in page.get("messages") or []:
                yield message
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
            if not page.get("has_more") or not cursor:
                return

    def _history_message(self, channel: str, message: dict[str, Any]) -> HistoryMessage:
        ts, subtype, user = str(message["ts"]), str(message.get("subtype") or ""), str(message.get("user") or "")
        thread = str(message.get("thread_ts") or "") or None
        return HistoryMessage(
            ref=service_ref(self.team_id, channel, ts, thread),
            channel_name=channel,
            author_id=user,
            author_name=user,
            sent_at=dt.datetime.fromtimestamp(float(ts), dt.UTC),
            text=plain_text(str(message.get("text") or "")),
            link=self._permalink(channel, ts, thread),
            author_is_bot=subtype in BOT_SUBTYPES or bool(message.get("bot_id")),
            is_system=subtype not in MEMBER_SUBTYPES | BOT_SUBTYPES,
        )

    def _permalink(self, channel: str, ts: str, thread: str | None) -> str | None:
        """A message's link, as ``chat.getPermalink`` makes them (a reply's names its thread); None without a url."""
        if not self.workspace_url:
            return None
        link = f"{self.workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
        return f"{link}?thread_ts={thread}&cid={channel}" if thread and thread != ts else link

    async def post_notice(self, channel: ChannelRef, text: str) -> MessageRef:
        """Post the text as it is (escaped, so nothing in it pings; links still clickable), previews off."""
        async with translated(f"notice in {channel.channel}"):
            sent = await self.client.chat_postMessage(
                channel=channel.channel,
                text=clip(escape(text), NOTICE_CHARS + 500),
                unfurl_links=False,
                unfurl_media=False,
            )
        return service_ref(self.team_id, channel.channel, str(sent["ts"]))


def _posted_at(ts: str) -> dt.datetime | None:
    """When a message was posted: its ``ts`` is the Unix time it was posted at."""
    try:
        return dt.datetime.fromtimestamp(float(ts), dt.UTC)
    except (ValueError, OverflowError):
        return None
