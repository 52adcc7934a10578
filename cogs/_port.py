"""`DiscordPort`: the `ChatPort` the services post through on Discord (embeds, buttons, retries, nonces).

Refs carry Discord's snowflakes as decimal strings; discord.py's errors become the port's: 404 `MessageGone`,
403 `PostRefused`, a 5xx or transport error still failing after the retries `TransientFailure`, another refusal
`PlatformError`. Nothing here decides anything: the services do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import discord

from bot.client import AlertBot
from bot.discord_ui.cards import card_embed
from bot.discord_ui.delivery import MARKER_EMOJI, THREAD_ARCHIVE_MINUTES, thread_name
from bot.discord_ui.events import history_message
from bot.discord_ui.limits import truncate
from bot.discord_ui.replies import NO_MENTIONS
from bot.discord_ui.retry import TRANSIENT_ERRORS, Retrier
from bot.platform.port import (
    NOTICE_CHARS,
    Delivery,
    FetchedMessage,
    MessageGone,
    PlatformError,
    PostRefused,
    TransientFailure,
)
from bot.platform.refs import ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef
from bot.services.cards import AnswerCard
from bot.services.history_scan import HistoryMessage
from bot.services.review_types import ReviewItemView
from cogs.alerts._views import answer_view
from cogs.review._embeds import item_embed
from cogs.review._views import item_view

log = logging.getLogger(__name__)

T = TypeVar("T")
THREAD_ALREADY_CREATED = 160004
"""Discord's error code for "a thread has already been created for this message"."""
Channel = discord.TextChannel | discord.Thread | discord.PartialMessageable


class DiscordPort:
    """Acts on Discord for the services, through one bot's connection."""

    platform = Platform.DISCORD

    def __init__(self, bot: AlertBot, retrier: Retrier | None = None) -> None:
        self._bot = bot
        self.retrier = retrier or Retrier()

    def serves(self, workspace: WorkspaceRef) -> bool:
        """Whether the bot is in the server (this shard sees it)."""
        if workspace.platform is not Platform.DISCORD or not workspace.workspace.isdigit():
            return False
        return self._bot.get_guild(int(workspace.workspace)) is not None

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """Answer the message as ``delivery`` says: a reply, the first message of a thread started on it (a reply
        when it is in a thread already, or when Discord refuses the thread), or a reaction (the message's own ref).

        Retried on brief failures; the answer's nonce is derived from the message, so it is never posted twice.
        """  # noqa: D205
        target = self._messageable(source.channel_ref).get_partial_message(int(source.message))
        if delivery is Delivery.MARKER:
            await self._run(lambda: target.add_reaction(MARKER_EMOJI), what=f"marker on message {source.message}")
            return source
        if delivery is Delivery.THREAD and source.thread is None:
            thread = await self._thread_on(target, card, source)
            if thread is not None:
                sent = await self._run(lambda: self._send(thread, card, source), what=f"answer in thread {thread.id}")
                return _ref(ChannelRef(source.platform, source.workspace, str(thread.id)), sent.id)

        async def reply() -> discord.Message:
            return await target.reply(
                embed=card_embed(card),
                view=answer_view(),
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
                nonce=answer_nonce(source.message),
            )

        sent = await self._run(reply, what=f"answer to message {source.message}")
        return _ref(source.channel_ref, sent.id)

    async def _thread_on(self, message: discord.PartialMessage, card: AnswerCard, source: MessageRef) -> Channel | None:
        """The thread started on the message (found when an earlier attempt made it); None when Discord refuses one.

        Refused (no Create Public Threads permission, a channel without threads, too many active threads): the
        answer becomes a reply, and the log says why. A deleted message or a brief failure still raises.
        """

        async def start() -> discord.Thread:
            return await message.create_thread(name=thread_name(card), auto_archive_duration=THREAD_ARCHIVE_MINUTES)

        try:
            return await self._run(start, what=f"thread on message {message.id}")
        except (MessageGone, TransientFailure):
            raise
        except PlatformError as error:
            cause = error.__cause__
            if isinstance(cause, discord.HTTPException) and cause.code == THREAD_ALREADY_CREATED:
                return self._messageable(ChannelRef(source.platform, source.workspace, source.message))
            log.warning("no thread on message %s (%s): answering with a reply instead", message.id, error)
            return None

    @staticmethod
    async def _send(channel: discord.Thread | Channel, card: AnswerCard, source: MessageRef) -> discord.Message:
        return await channel.send(
            embed=card_embed(card), view=answer_view(), allowed_mentions=NO_MENTIONS, nonce=answer_nonce(source.message)
        )

    async def _run(self, action: Callable[[], Awaitable[T]], *, what: str) -> T:
        """A request retried on brief failures, raising the port's exceptions."""

        async def attempt() -> T:  # a coroutine function: the retrier awaits only those
            return await action()

        return await _translated(lambda: self.retrier.run(attempt, what=what))

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        """Show the card, with the note (the "Updated ..." lines) above it, on an answer posted earlier."""
        message = self._messageable(answer.channel_ref).get_partial_message(int(answer.message))
        embed = card_embed(card)
        if card.current:
            await _translated(lambda: message.edit(content=update_note, embed=embed, allowed_mentions=NO_MENTIONS))
        else:  # nothing left to dispute: the button goes
            await _translated(
                lambda: message.edit(content=update_note, embed=embed, view=None, allowed_mentions=NO_MENTIONS)
            )

    async def delete_message(self, message: MessageRef) -> None:
        """Delete a message the bot posted; already gone is fine."""
        partial = self._messageable(message.channel_ref).get_partial_message(int(message.message))
        with contextlib.suppress(MessageGone):
            await _translated(partial.delete)

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        """The message's current text and author."""
        channel = self._messageable(message.channel_ref)
        found = await _translated(lambda: channel.fetch_message(int(message.message)))
        author = UserRef(Platform.DISCORD, message.workspace, str(found.author.id))
        return FetchedMessage(found.content, author, found.created_at)

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        """Post the item's embed with its decision buttons."""
        target = self._messageable(channel)
        sent = await _translated(
            lambda: target.send(embed=item_embed(item), view=item_view(item), allowed_mentions=NO_MENTIONS)
        )
        return _ref(channel, sent.id)

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        """Show the item's current state: a pending one keeps its buttons, a decided one loses them."""
        message = self._messageable(posted.channel_ref).get_partial_message(int(posted.message))
        if item.pending:
            await _translated(lambda: message.edit(embed=item_embed(item), allowed_mentions=NO_MENTIONS))
        else:
            await _translated(lambda: message.edit(embed=item_embed(item), view=None, allowed_mentions=NO_MENTIONS))

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        """Discord has no ephemeral message outside an interaction: the bot says nothing unasked (logged)."""
        log.info("not telling user %s privately outside an interaction: %s", user.user, text[:80])

    async def read_history(self, channel: ChannelRef, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
        """The channel's messages since ``since``, newest first, then those of its active threads.

        ``GET /channels/{id}/messages`` paged with ``before`` (100 a page), discord.py waiting out rate limits.
        Checks first that the bot may read the history: Discord answers an empty list, not an error, to a bot
        without Read Message History. Archived threads are not read (a moderator can scan a thread by name).
        """
        target = self._bot.get_channel(int(channel.channel))
        if not isinstance(target, discord.TextChannel | discord.Thread):
            raise MessageGone(f"channel {channel.channel} is not a text channel the bot can see")
        allowed = target.permissions_for(target.guild.me)
        if not (allowed.view_channel and allowed.read_message_history):
            raise PostRefused(f"no View Channel and Read Message History in channel {channel.channel}")
        async for message in _history(target, since):
            yield message
        for thread in target.threads if isinstance(target, discord.TextChannel) else []:
            last = thread.last_message_id
            if last is None or discord.utils.snowflake_time(last) >= since:
                async for message in _history(thread, since):
                    yield message

    async def post_notice(self, channel: ChannelRef, text: str) -> MessageRef:
        """Post the text as an embed's description (up to 4,096 characters; links clickable, nobody pinged)."""
        target = self._messageable(channel)
        embed = discord.Embed(description=truncate(text, NOTICE_CHARS))
        sent = await _translated(lambda: target.send(embed=embed, allowed_mentions=NO_MENTIONS))
        return _ref(channel, sent.id)

    def _messageable(self, channel: ChannelRef) -> Channel:
        """The cached channel (or thread) when there is one, else a partial one (no request either way)."""
        found = self._bot.get_channel(int(channel.channel))
        if isinstance(found, discord.TextChannel | discord.Thread):
            return found
        guild_id = int(channel.workspace) if channel.workspace else None
        return self._bot.get_partial_messageable(int(channel.channel), guild_id=guild_id)


async def _history(channel: discord.TextChannel | discord.Thread, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
    """One channel's (or thread's) messages since ``since``, newest first, with the port's exceptions."""
    history = channel.history(limit=None, after=since, oldest_first=False)
    while True:
        try:
            message = await _translated(lambda: anext(history))
        except StopAsyncIteration:
            return
        yield history_message(message)


def answer_nonce(message_id: str) -> str:
    """The nonce of the answer to a message: the same for every attempt (at most 25 characters)."""
    return f"a{message_id}"


def _ref(channel: ChannelRef, message_id: int) -> MessageRef:
    return MessageRef(channel.platform, channel.workspace, channel.channel, str(message_id))


async def _translated(action: Callable[[], Awaitable[T]]) -> T:
    """Run a Discord request, raising the port's exceptions instead of discord.py's."""
    try:
        return await action()
    except discord.NotFound as error:
        raise MessageGone(str(error)) from error
    except discord.Forbidden as error:
        raise PostRefused(str(error)) from error
    except TRANSIENT_ERRORS as error:
        raise TransientFailure(str(error) or type(error).__name__) from error
    except discord.HTTPException as error:
        raise PlatformError(str(error)) from error


def discord_port(bot: AlertBot) -> DiscordPort:
    """The bot's port, made and connected to the services on first use."""
    port = getattr(bot, "port", None)
    if not isinstance(port, DiscordPort):
        port = DiscordPort(bot)
        bot.port = port  # type: ignore[attr-defined]
        bot.services.ports.add(port)
    return port
