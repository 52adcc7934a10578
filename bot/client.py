"""The Discord client: a `commands.Bot` that carries the services and loads the cogs.

Build it in the runner (`bot.runner`) with the settings, services and metrics, so tests can pass their own.
It asks only for the intents it needs (servers, server messages, and Message Content, which must be enabled
for the bot in the developer portal), never pings anyone by default, and registers its slash commands at start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.discord_ui.errors import AlertCommandTree
from bot.discord_ui.extensions import discover_extensions
from bot.metrics import Metrics
from bot.services.container import Services
from bot.settings import Settings

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The bot cannot start; ``str(error)`` is one sentence saying what to do."""


def bot_intents() -> discord.Intents:
    """Servers, server messages and Message Content (privileged); not members nor presences."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    return intents


class AlertBot(commands.Bot):
    """The misinformation alert bot.

    Args:
        settings: The process settings (``DEV_GUILD_ID`` decides where commands are registered).
        services: The application's services; cogs reach them as ``bot.services``.
        metrics: Where the message pipeline counts; a private registry when None.
        extensions: Extension modules to load; every one discovered in ``cogs`` when None.
        sync_commands: Register the application commands with Discord in `setup_hook`.
        **options: Passed to `commands.Bot` (e.g. ``guild_ready_timeout`` in tests).
    """

    def __init__(
        self,
        settings: Settings,
        services: Services,
        *,
        metrics: Metrics | None = None,
        extensions: Sequence[str] | None = None,
        sync_commands: bool = True,
        **options: Any,
    ) -> None:
        metrics = metrics if metrics is not None else services.metrics
        options.setdefault("intents", bot_intents())
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        options.setdefault("http_trace", metrics.discord_http_trace())
        super().__init__(
            command_prefix=commands.when_mentioned, help_command=None, tree_cls=AlertCommandTree, **options
        )
        self.settings = settings
        self.services = services
        self.metrics = metrics
        self.metrics.track_gateway_latency(self.shard_latencies)
        self._connected_shards: set[int | None] = set()
        self._extension_names = tuple(extensions) if extensions is not None else None
        self._sync_commands = sync_commands

    async def setup_hook(self) -> None:
        """Load the cogs, then register the application commands (globally, or in ``DEV_GUILD_ID``)."""
        names = self._extension_names if self._extension_names is not None else discover_extensions()
        for name in names:
            await self.load_extension(name)
        log.info("loaded extensions: %s", ", ".join(names) or "none")
        if self._sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> list[discord.app_commands.AppCommand]:
        """Register the commands: in the dev guild only when ``DEV_GUILD_ID`` is set (instant), else globally."""
        guild_id = self.settings.dev_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.Forbidden:
            raise StartupError(
                f"Discord refused to register the commands in server {guild_id}: invite the bot there with the "
                "applications.commands scope, or unset DEV_GUILD_ID."
            ) from None
        log.info("registered %d application commands %s", len(synced), f"in guild {guild_id}" if guild else "globally")
        return synced

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are handled by the alerts cog's listener only."""

    async def on_ready(self) -> None:
        """Log who the bot is and how many servers it sees."""
        log.info("connected as %s (%s) to %d servers", self.user, self.user.id if self.user else "?", len(self.guilds))

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """An event handler failed: log it with its traceback and count it (the bot keeps running)."""
        self.metrics.errors.labels(where="event").inc()
        log.exception("unhandled error in %s", event_method)

    async def on_connect(self) -> None:
        """A gateway session was identified (sharded bots: see `on_shard_connect`)."""
        if not isinstance(self, discord.AutoShardedClient):
            self._count_session(None)

    async def on_shard_connect(self, shard_id: int) -> None:
        """A shard's gateway session was identified."""
        self._count_session(shard_id)

    def _count_session(self, shard_id: int | None) -> None:
        """A new session of a shard that had one before is a reconnect."""
        if shard_id in self._connected_shards:
            self.metrics.gateway_reconnects.labels(how="identify").inc()
        self._connected_shards.add(shard_id)

    @property
    def has_connected(self) -> bool:
        """Whether a gateway session (of any shard) was ever opened in this process."""
        return bool(self._connected_shards)

    async def on_resumed(self) -> None:
        """A dropped gateway session was resumed."""
        self.metrics.gateway_reconnects.labels(how="resume").inc()

    def shard_latencies(self) -> list[tuple[int, float]]:
        """(shard id, heartbeat latency in seconds) per shard this process runs (``latencies`` when sharded)."""
        latencies = getattr(self, "latencies", None)  # AutoShardedClient
        if latencies is not None:
            return list(latencies)
        return [(self.shard_id or 0, self.latency)] if self.ws is not None else []
