"""A playground: type as a member of a simulated server and see exactly what the bot would post.

It runs the real services on real storage (the database URL in the settings it is given, migrated first), so
settings and cooldowns behave as they do on Discord within a run. ``python -m bot console`` gives it a fresh
database each run (``--database`` keeps one), so every run starts the same. Reads stdin line by line, so it also
works piped.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import itertools
import shlex
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.links.db_cache import DatabaseLinkCache
from bot.platform.port import Delivery, FetchedMessage, MessageGone, PostRefused
from bot.platform.refs import ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef
from bot.services.alerts import MessageEvent, Outcome
from bot.services.cards import AnswerCard
from bot.services.container import Services
from bot.services.guild_settings import InvalidSettingError
from bot.services.history_scan import HistoryMessage
from bot.services.link_fetching import enter_link_previews
from bot.services.render import render_card, render_factcheck, render_status
from bot.services.review_types import ReviewItemView
from bot.settings import Settings

CONSOLE_GUILD_ID = 1
MEMBER_ID = "2"
HELP = """\
Type a message as a member of the server; the bot's answer (if any) is printed.
  /factcheck <text or link>      ask the bot, like the slash command
  /channel <name>                switch to another channel (settings and cooldowns are per channel)
  /alerts status                 the server's settings
  /alerts autoreply on|off       automatic answers in the whole server
  /alerts channel on|off|default automatic answers in this channel
  /alerts cooldown <minutes>|default
  /alerts thresholds <reply> [<review>] | default
  /alerts linkfetch on|off       read unknown links' pages (titles) to recognise claims
  /alerts delivery reply|thread|marker|moderators-only|default       how answers come in the server
  /alerts channeldelivery reply|thread|marker|moderators-only|default  ... in this channel
  /reload                        reload the knowledge files
  /help, /quit"""
DELIVERY_CHOICES = (*(mode.value for mode in Delivery), "default")
_SILENCE = {
    Outcome.NO_MATCH: "no answer",
    Outcome.AUTO_REPLIES_OFF: "no answer: automatic answers are off here",
    Outcome.CARRIES_SOURCE: "no answer: the message already links an official source",
    Outcome.COOLDOWN: "no answer: this incident was answered in this channel within the cooldown",
    Outcome.ALREADY_ANSWERED: "no answer: this message was already answered",
    Outcome.IGNORED_AUTHOR: "no answer: bots and webhooks are ignored",
    Outcome.MODERATORS_ONLY: "no answer: this channel's answers go to the moderators only (a review item)",
}


class ConsolePort:
    """The `ChatPort` of the console: what the bot would post is printed; channels are named by the console."""

    platform = Platform.CONSOLE

    def __init__(self, console: Console) -> None:
        self._console = console

    def serves(self, workspace: WorkspaceRef) -> bool:
        """The console's one simulated server."""
        return workspace == WorkspaceRef(Platform.CONSOLE, self._console.guild_id)

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        """Print the card as the bot's reply (in a thread on the message), or the marker it leaves."""
        if delivery is Delivery.MARKER:
            self._console.say("[bot marks the message with a magnifying glass; /factcheck shows why]")
            return source
        where = "in a thread on the message" if delivery is Delivery.THREAD else f"in #{self._console.channel}"
        self._console.say(f"[bot replies {where}]\n{render_card(card)}\n")
        return self._console.new_message()

    async def edit_answer(self, answer: MessageRef, card: AnswerCard, *, update_note: str | None = None) -> None:
        """Print the updated card."""
        self._console.say(f"[bot edits its answer]\n{update_note or ''}\n{render_card(card)}\n")

    async def delete_message(self, message: MessageRef) -> None:
        """Say the answer was deleted."""
        self._console.say("[bot deletes its answer]")

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        """Typed lines are not kept."""
        raise MessageGone("the console keeps no messages")

    async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
        """Print a review item."""
        self._console.say(f"[review item #{item.id}: {item.excerpt or ''}]")
        return self._console.new_message()

    async def edit_review_item(self, posted: MessageRef, item: ReviewItemView) -> None:
        """Print a review item's state."""
        self._console.say(f"[review item #{item.id}: {item.state}]")

    async def tell(self, user: UserRef, text: str, *, where: ChannelRef | None = None) -> None:
        """Print a private note."""
        self._console.say(f"[privately] {text}")

    async def read_history(self, channel: ChannelRef, since: dt.datetime) -> AsyncIterator[HistoryMessage]:
        """Typed lines are not kept, so there is no history to read (``python -m bot scan`` reads exports)."""
        raise PostRefused("the console keeps no history: scan a chat export with `python -m bot scan FILE`")
        yield  # an async generator, like the other front ends'

    async def post_notice(self, channel: ChannelRef, text: str) -> MessageRef:
        """Print the notice."""
        self._console.say(f"[bot posts in #{channel.channel}]\n{text}\n")
        return self._console.new_message()


class Console:
    """Turns typed lines into events for the services and prints what the bot would post."""

    def __init__(self, services: Services, output: TextIO, *, guild_id: int | str = CONSOLE_GUILD_ID) -> None:
        self._services = services
        self._out = output
        self.guild_id = str(guild_id)
        self._guild_id = str(guild_id)
        self._ids = itertools.count(time.time_ns())
        self.channel = "general"
        services.ports.add(ConsolePort(self))
        self._commands: dict[str, Callable[[str], Awaitable[bool]]] = {
            "/help": self._help,
            "/quit": self._quit,
            "/exit": self._quit,
            "/factcheck": self._factcheck,
            "/channel": self._channel,
            "/alerts": self._alerts,
            "/reload": self._reload,
        }

    @property
    def channel_id(self) -> str:
        """A stable id for the current channel's name."""
        digest = hashlib.sha256(f"{self._guild_id}:{self.channel}".encode()).digest()
        return str(int.from_bytes(digest[:6], "big"))

    def new_message(self) -> MessageRef:
        """A new message of the bot in the current channel."""
        return MessageRef(Platform.CONSOLE, self._guild_id, self.channel_id, str(next(self._ids)))

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the user quits."""
        line = line.strip()
        if not line:
            return True
        name, _, rest = line.partition(" ")
        command = self._commands.get(name.lower()) if line.startswith("/") else None
        if command is not None:
            return await command(rest.strip())
        if line.startswith("/"):
            self.say(f"(unknown command {name}; /help lists them)")
            return True
        await self._message(line)
        return True

    async def _message(self, text: str) -> None:
        event = MessageEvent(
            guild_id=self._guild_id,
            channel_id=self.channel_id,
            message_id=str(next(self._ids)),
            author_id=MEMBER_ID,
            content=text,
            platform=Platform.CONSOLE,
        )
        decision = await self._services.answering.message(event)
        if not decision.should_post:
            self.say(f"({_SILENCE[decision.outcome]})")
        for match in decision.review:
            self.say(f"(would go to the moderators' review: {match.incident_id}, score {match.score:.0f})")

    async def _factcheck(self, text: str) -> bool:
        if not text:
            self.say("(usage: /factcheck <text or link>)")
            return True
        result = await self._services.factcheck.check(text, guild_id=self._guild_id)
        self.say(f"[bot answers privately]\n{render_factcheck(result)}\n")
        return True

    async def _channel(self, name: str) -> bool:
        if name:
            self.channel = name.lstrip("#").strip()
        self.say(f"(in #{self.channel})")
        return True

    async def _alerts(self, arguments: str) -> bool:
        settings = self._services.guild_settings
        words = shlex.split(arguments.lower())
        try:
            match words:
                case [] | ["status"]:
                    self.say(render_status(await settings.status(self._guild_id)))
                    return True
                case ["autoreply", "on" | "off" as state]:
                    await settings.set_auto_replies(self._guild_id, state == "on")
                case ["channel", "on" | "off" | "default" as state]:
                    enabled = None if state == "default" else state == "on"
                    await settings.set_channel_auto_replies(self._guild_id, self.channel_id, enabled)
                case ["delivery", mode] if mode in DELIVERY_CHOICES:
                    await settings.set_delivery(self._guild_id, None if mode == "default" else Delivery(mode))
                case ["channeldelivery", mode] if mode in DELIVERY_CHOICES:
                    chosen = None if mode == "default" else Delivery(mode)
                    await settings.set_channel_delivery(self._guild_id, self.channel_id, chosen)
                case ["linkfetch", "on" | "off" as state]:
                    await settings.set_link_fetching(self._guild_id, state == "on")
                case ["cooldown", "default"]:
                    await settings.set_cooldown(self._guild_id, None)
                case ["cooldown", minutes] if minutes.isdigit():
                    await settings.set_cooldown(self._guild_id, int(minutes))
                case ["thresholds", "default"]:
                    await settings.reset_thresholds(self._guild_id)
                case ["thresholds", reply, *review] if len(review) <= 1:
                    review_value = float(review[0]) if review else None
                    await settings.set_thresholds(self._guild_id, reply=float(reply), review=review_value)
                case _:
                    self.say("(usage: see /help)")
                    return True
        except InvalidSettingError as error:
            self.say(f"({error})")
            return True
        except ValueError:
            self.say("(thresholds are numbers from 0 to 100)")
            return True
        self.say("(saved)")
        return True

    async def _reload(self, _arguments: str) -> bool:
        result = await asyncio.to_thread(self._services.knowledge.reload)
        if result.reloaded:
            self.say(f"(reloaded: {result.incidents} incidents from {result.files} files)")
        else:
            self.say("(not reloaded; still running the previous knowledge:)\n" + "\n".join(map(str, result.errors)))
        return True

    async def _help(self, _arguments: str) -> bool:
        self.say(HELP)
        return True

    async def _quit(self, _arguments: str) -> bool:
        return False

    def say(self, text: str) -> None:
        """Print a line of output."""
        self._out.write(text + "\n")
        self._out.flush()


async def run_console(
    settings: Settings,
    *,
    knowledge_paths: Sequence[Path] = (),
    guild_id: str = CONSOLE_GUILD_ID,
    stdin: TextIO,
    stdout: TextIO,
    interactive: bool = False,
) -> None:
    """Migrate the database, build the services and read lines until end of input or ``/quit``."""
    engine = create_engine(settings.database_url)
    link_fetcher = contextlib.AsyncExitStack()
    try:
        await upgrade_database(engine)
        sessions = create_session_factory(engine)
        previews = await enter_link_previews(link_fetcher, settings, DatabaseLinkCache(sessions))
        services = await asyncio.to_thread(
            Services.build, settings, sessions, knowledge_paths=knowledge_paths, link_previews=previews
        )
        for error in services.knowledge.errors:
            stdout.write(f"(warning: {error})\n")
        console = Console(services, stdout, guild_id=guild_id)
        if interactive:
            console.say(f"Simulated server {guild_id}, channel #general. /help for commands.")
        while True:
            line = await asyncio.to_thread(_read_line, stdin, f"#{console.channel}> " if interactive else None)
            if line is None or not await console.handle(line):
                break
    finally:
        await link_fetcher.aclose()
        await engine.dispose()


def _read_line(stdin: TextIO, prompt: str | None) -> str | None:
    """The next line, or None at end of input; with a prompt, uses ``input`` (line editing)."""
    if prompt is not None:
        try:
            return input(prompt)
        except EOFError:
            return None
    line = stdin.readline()
    return line if line else None
