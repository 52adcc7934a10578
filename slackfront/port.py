"""`SlackPort`: the `ChatPort` the services act through on Slack, over slack_sdk's `AsyncWebClient`.

Answers go in the message's thread with link unfurling off; review items are posted and updated in the review
channel; private notes are ephemeral messages. Slack's errors become the port's: `MessageGone`, `PostRefused`
(for good) or `TransientFailure` (after the client's own retries: 429 with ``Retry-After``, 5xx, connection errors).
"""

from __future__ import annotations

import logging
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

from bot.platform import (
    ChannelRef,
    Delivery,
    MessageGone,
    MessageRef,
    Platform,
    PostRefused,
    TransientFailure,
    UserRef,
    WorkspaceRef,
)
from bot.services.cards import AnswerCard
from bot.services.review_types import ReviewItemView
from slackfront.blocks import answer_message, review_message
from slackfront.text import escape, plain_text

log = logging.getLogger(__name__)

GONE = {"message_not_found", "channel_not_found", "thread_not_found", "not_found"}
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
    """The services' view of one Slack workspace."""

    platform = Platform.SLACK

    def __init__(self, client: AsyncWebClient, team_id: str) -> None:
        self.client = client
        self.team_id = team_id

    def serves(self, workspace: WorkspaceRef) -> bool:
        """Whether ``workspace`` is the one this port is connected to."""
        return workspace.platform is Platform.SLACK and workspace.workspace == self.team_id

    def message_ref(self, channel: str, ts: str, thread: str | None = None) -> MessageRef:
        """A message of this workspace."""
        return MessageRef(Platform.SLACK, self.team_id, channel, ts, thread if thread != ts else None)

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """Answer in the message's thread (the thread's parent when the message is a reply)."""
        thread = source.thread or source.message
        async with translated(f"answer to {source.message}"):
            sent = await self.client.chat_postMessage(
                channel=source.channel,
                thread_ts=thread,
                unfurl_links=False,
                unfurl_media=False,
                **answer_message(card),
            )
        return self.message_ref(source.channel, str(sent["ts"]), thread)

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        """Show the card (and the note) on an answer posted earlier."""
        async with translated(f"edit of answer {answer.message}"):
            await self.client.chat_update(
                channel=answer.channel, ts=answer.message, **answer_message(card, update_note=update_note)
            )

    async def delete_message(self, message: MessageRef) -> None:
        """Delete one of the bot's messages; already gone is fine."""
        try:
            async with translated(f"deletion of {message.message}"):
                await self.client.chat_delete(channel=message.channel, ts=message.message)
        except MessageGone:
            log.info("message %s in %s was already gone", message.message, message.channel)

    async def fetch_text(self, message: MessageRef) -> str:
        """A message's current text, as the member typed it."""
        async with translated(f"reading {message.message}"):
            found = await self._fetch(message)
        if found is None:
            raise MessageGone(f"message {message.message} in {message.channel}")
        return plain_text(str(found.get("text") or ""))

    async def _fetch(self, message: MessageRef) -> dict[str, Any] | None:
        window: dict[str, Any] = {"latest": message.message, "oldest": message.message, "inclusive": True}
        if message.thread and message.thread != message.message:
            found = await self.client.conversations_replies(channel=message.channel, ts=message.thread, **window)
        else:
            found = await self.client.conversations_history(channel=message.channel, limit=1, **window)
        return next((m for m in found.get("messages") or [] if m.get("ts") == message.message), None)

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        """Post a review item with its buttons."""
        async with translated(f"review item {item.id}"):
            sent = await self.client.chat_postMessage(
                channel=channel.channel, unfurl_links=False, unfurl_media=False, **review_message(item)
            )
        return self.message_ref(channel.channel, str(sent["ts"]))

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        """Show an item's current state; its blocks are sent whole, so a decided item loses its buttons."""
        async with translated(f"update of review item {item.id}"):
            await self.client.chat_update(channel=posted.channel, ts=posted.message, **review_message(item))

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        """An ephemeral message in ``where`` (Slack has no ephemeral message outside a channel)."""
        if where is None:
            log.warning("cannot tell %s privately without a channel: %s", user.user, text)
            return
        async with translated(f"note to {user.user}"):
            await self.client.chat_postEphemeral(channel=where.channel, user=user.user, text=escape(text))
