"""``python -m bot run``: build everything from the settings, serve Discord, and close it all in reverse order.

Order: settings -> engine (reachable?) -> migrations -> metrics -> link fetcher -> services -> outbox flusher ->
health server -> bot; closing runs backwards (bot, health server, outbox flusher, link fetcher, engine). SIGTERM
and SIGINT close the bot cleanly. Every failure a person can fix ends in a `StartupError` whose text is one
sentence saying what to do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import yarl
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from bot.admin_http import AdminRoutes
from bot.client import AlertBot, StartupError
from bot.db.engine import create_engine, create_session_factory
from bot.db.errors import is_database_unavailable
from bot.db.late_start import LateMigration, SchemaGate
from bot.db.migrate import upgrade_database
from bot.db.notify import ChangeFeed, is_postgresql
from bot.db.shutdown import dispose_after_closing_sessions
from bot.db.urls import display_url
from bot.feeds import FeedPoller, enter_feeds
from bot.guild_lifecycle import install_guild_lifecycle
from bot.health import HealthChecker, HealthServer
from bot.heap import HeapKeeper
from bot.links.db_cache import DatabaseLinkCache
from bot.metrics import Metrics
from bot.reload import reload_knowledge
from bot.retention import RetentionLoop
from bot.services.changes import apply_change, forget_everything
from bot.services.container import Services
from bot.services.link_fetching import enter_link_previews
from bot.settings import Settings
from bot.sharding import build_bot
from bot.startup import DiscordLink, connect, log_in, require_knowledge, require_knowledge_paths

log = logging.getLogger(__name__)

DATABASE_TIMEOUT = 10.0
"""Seconds the database has to answer at start."""
PROBE_TIMEOUT = 1.0
"""Seconds the database has to answer a health probe."""
CLOSED_GRACE = 5.0
"""Seconds the Discord connection has to end once the bot is closed, before it is cancelled."""

MISSING_LOGIN = (
    "DISCORD_TOKEN is not set: put the bot's token from the Discord developer portal (Bot > Token) in the "
    "environment or in .env."
)
REFUSED_LOGIN = (
    "Discord refused the token: copy a fresh one from the developer portal (Bot > Reset Token) into DISCORD_TOKEN."
)
NO_MESSAGE_CONTENT = (
    "The Message Content intent is not enabled for this bot: turn it on in the Discord developer portal "
    "(Bot > Privileged Gateway Intents > Message Content Intent), then start again."
)


@dataclass(frozen=True)
class Runtime:
    """Everything a running bot holds; built by `open_runtime`."""

    settings: Settings
    engine: AsyncEngine
    services: Services
    metrics: Metrics
    bot: AlertBot
    health: HealthServer | None
    link: DiscordLink
    feeds: FeedPoller | None = None
    late_migration: LateMigration | None = None
    """Set when the bot started without its database: migrates it once it answers (see `bot.db.late_start`)."""
    change_feed: ChangeFeed | None = None
    """On PostgreSQL: shares changes with the other processes (see `bot.db.notify`)."""


@contextlib.contextmanager
def discord_endpoints(settings: Settings) -> Iterator[None]:
    """Point discord.py at ``DISCORD_API_BASE_URL`` / ``DISCORD_GATEWAY_URL`` when set; restored on exit."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if settings.discord_api_base_url:
        discord.http.Route.BASE = settings.discord_api_base_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def require_token(settings: Settings) -> str:
    """The bot token (`StartupError` when it is not set)."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise StartupError(MISSING_LOGIN)
    return token


async def ping_database(engine: AsyncEngine) -> None:
    """``SELECT 1``; raises what the driver raises (callers bound it with ``asyncio.timeout``)."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def prepare_database(engine: AsyncEngine, url: str) -> bool:
    """Check the database answers, then migrate it; False when a server database cannot be reached (start without).

    Raises:
        StartupError: with the cause, when the database answers but refuses (credentials, no such database), its
            migrations fail, or a SQLite file's directory is missing.
    """
    try:
        _check_sqlite_directory(engine)
        async with asyncio.timeout(DATABASE_TIMEOUT):
            await ping_database(engine)
    except (OSError, SQLAlchemyError, TimeoutError) as error:
        if engine.url.get_backend_name() != "sqlite" and is_database_unavailable(error):
            log.warning(
                "Cannot reach the database %s (%s): starting without it; answers come from the knowledge in memory, "
                "writes wait in the outbox, and the schema is migrated once the database answers.",
                display_url(url),
                _first_line(error),
            )
            return False
        raise StartupError(
            f"Cannot reach the database {display_url(url)} ({_first_line(error)}): check DATABASE_URL and that "
            "the database is running."
        ) from None
    try:
        await migrate_database(url)
    except (OSError, SQLAlchemyError) as error:
        raise StartupError(
            f"Cannot update the database {display_url(url)} to the current schema ({_first_line(error)}): check "
            "that DATABASE_URL's user may create tables."
        ) from None
    return True


async def migrate_database(url: str, *, connect_timeout: float | None = None) -> None:
    """Bring the database to the current schema, on connections of its own (no statement timeout).

    ``connect_timeout`` (PostgreSQL) bounds each connect, so a server that does not answer fails fast.
    """
    options: dict[str, Any] = {"connect_args": {"timeout": connect_timeout}} if connect_timeout is not None else {}
    migrator = create_engine(url, poolclass=NullPool, **options)
    try:
        await upgrade_database(migrator)
    finally:
        await migrator.dispose()


@contextlib.asynccontextmanager
async def open_runtime(
    settings: Settings, *, bot_options: Mapping[str, Any] | None = None, services: Services | None = None
) -> AsyncIterator[Runtime]:
    """Build everything the bot needs, in order, and close it all in reverse order on exit.

    Args:
        settings: The process settings.
        bot_options: Keyword arguments for `AlertBot` (``extensions``, ``guild_ready_timeout``...).
        services: Services to use instead of building them on this runtime's database (tests).
    """
    with discord_endpoints(settings):
        async with contextlib.AsyncExitStack() as stack:
            _check_outbox_path(settings)
            require_knowledge_paths(settings.knowledge_paths)
            engine = create_engine(settings.database_url, timeout=settings.database_timeout)
            stack.push_async_callback(dispose_after_closing_sessions, engine)
            gate = SchemaGate(engine, open_now=await prepare_database(engine, settings.database_url))
            metrics = services.metrics if services is not None else Metrics()
            if services is None:
                sessions = create_session_factory(engine)
                previews = await enter_link_previews(stack, settings, DatabaseLinkCache(sessions), metrics=metrics)
                services = await asyncio.to_thread(
                    Services.build, settings, sessions, link_previews=previews, metrics=metrics
                )
                if not settings.knowledge_feeds:  # with feeds, the knowledge may come from them alone
                    require_knowledge(services.knowledge, settings.knowledge_paths)
                await stack.enter_async_context(HeapKeeper(services.knowledge))  # this process's own knowledge
            await stack.enter_async_context(services.outbox)  # flushes writes queued while the database was away
            late = await enter_late_migration(stack, settings, gate, services)
            metrics.outbox_pending.set_function(lambda: services.outbox.pending)
            change_feed = await enter_change_feed(stack, settings, services)
            feeds = await enter_feeds(
                stack, settings, services.knowledge, create_session_factory(engine), metrics=metrics
            )
            bot = build_bot(settings, services, metrics=metrics, **dict(bot_options or {}))
            sessions_here = create_session_factory(engine)
            install_guild_lifecycle(bot, sessions_here, grace_days=settings.guild_purge_grace_days)
            await stack.enter_async_context(RetentionLoop(sessions_here, retention_days=settings.retention_days))
            link = DiscordLink()
            health = None
            if settings.health_port is not None:
                health = HealthServer(
                    health_checker(bot, engine, services, link, feeds=feeds, late=late),
                    metrics,
                    host=settings.health_host,
                    port=settings.health_port,
                    admin=admin_routes(settings, services),
                )
                await _start_health(stack, health, settings)
            await stack.enter_async_context(bot)
            yield Runtime(settings, engine, services, metrics, bot, health, link, feeds, late, change_feed)


async def enter_late_migration(
    stack: contextlib.AsyncExitStack, settings: Settings, gate: SchemaGate, services: Services
) -> LateMigration | None:
    """Started without the database: writes wait in the outbox until it is reached and migrated. Else None."""
    if gate.is_open:
        return None
    services.outbox.mark_down()
    timeout = settings.database_timeout
    late = LateMigration(
        lambda: migrate_database(settings.database_url, connect_timeout=timeout), gate, services.outbox.retry_now
    )
    return await stack.enter_async_context(late)


async def enter_change_feed(
    stack: contextlib.AsyncExitStack, settings: Settings, services: Services
) -> ChangeFeed | None:
    """On PostgreSQL, share changes with the other processes (`bot.db.notify`); SQLite has one process: None."""
    if not is_postgresql(settings.database_url):
        return None
    feed = ChangeFeed(
        settings.database_url,
        lambda change: apply_change(services, change),
        on_resync=lambda: forget_everything(services),
        timeout=settings.database_timeout,
    )
    services.changes.attach(feed.publish)
    stack.callback(services.changes.detach, feed.publish)
    return await stack.enter_async_context(feed)


def health_checker(
    bot: AlertBot,
    engine: AsyncEngine,
    services: Services,
    link: DiscordLink | None = None,
    *,
    feeds: FeedPoller | None = None,
    late: LateMigration | None = None,
) -> HealthChecker:
    """Probes: the gateway session is up, the database answers, the knowledge is loaded, no write waits.

    ``outbox`` fails while writes made during a database outage wait to be written: degraded, not down. When the
    gateway is not up, ``details`` says whether Discord is unreachable (and when the next attempt is) or the
    session is still being set up. With feeds, ``feeds`` fails while one is stale (degraded: its last good
    version still answers), and the JSON lists them under ``stale_feeds``.
    """

    async def database() -> bool:
        await ping_database(engine)  # the checker bounds it with PROBE_TIMEOUT
        return True

    return HealthChecker(
        {
            "gateway": lambda: bot.is_ready() and not bot.is_closed(),
            "database": database,
            "knowledge": lambda: len(services.knowledge.knowledge) > 0,
            "outbox": lambda: services.outbox.pending == 0,
            **({"feeds": lambda: not feeds.stale_feeds()} if feeds is not None else {}),
        },
        timeout=PROBE_TIMEOUT,
        details=lambda: {"gateway": _gateway_detail(bot, link), "database": _database_detail(late)},
        extras={"stale_feeds": feeds.stale_feeds} if feeds is not None else None,
    )


def _database_detail(late: LateMigration | None) -> str:
    if late is not None and late.problem is not None:
        return f"{late.problem}: the schema is not migrated yet and writes wait in the outbox"
    return "unreachable: writes wait in the outbox until it answers"


def _gateway_detail(bot: AlertBot, link: DiscordLink | None) -> str:
    if link is not None and link.problem and not bot.has_connected:  # still trying to reach Discord at start
        return link.problem
    if bot.is_closed():
        return "closed"
    return "connected" if bot.is_ready() else "connecting to the Discord gateway"


def admin_routes(settings: Settings, services: Services) -> AdminRoutes:
    """``POST /admin/reload`` reloading this runtime's knowledge (who may call it: see `bot.admin_http`)."""

    async def reload() -> dict[str, object]:
        return (await reload_knowledge(services.knowledge)).as_json()

    token = settings.admin_token.get_secret_value() if settings.admin_token else None
    return AdminRoutes(reload, token=token)


async def serve(runtime: Runtime) -> None:
    """Log in and stay connected until the bot is closed (`StartupError` for a bad token or missing intent)."""
    token = require_token(runtime.settings)
    try:
        await log_in(runtime.bot, token, runtime.link, api=discord.http.Route.BASE)
        await connect(runtime.bot, runtime.link, gateway=str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY))
    except discord.LoginFailure:
        raise StartupError(REFUSED_LOGIN) from None
    except discord.PrivilegedIntentsRequired:
        raise StartupError(NO_MESSAGE_CONTENT) from None


class _VoiceNoise(logging.Filter):
    """Drops discord.py's start-up warnings about voice libraries: the bot never joins voice channels."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


class _OneLineReconnects(logging.Filter):
    """discord.py logs each gateway reconnect with a whole traceback; keep it to one line naming the error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Attempting a reconnect"):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {str(error)[:160]})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_voice_warnings() -> None:
    """Install `_VoiceNoise` and `_OneLineReconnects` on discord.py's client logger (once)."""
    logger = logging.getLogger("discord.client")
    for noise in (_VoiceNoise, _OneLineReconnects):
        if not any(isinstance(existing, noise) for existing in logger.filters):
            logger.addFilter(noise())


async def run(settings: Settings, *, handle_signals: bool = True) -> None:
    """Run the bot until it is closed, SIGTERM or SIGINT (then close cleanly)."""
    require_token(settings)
    quiet_voice_warnings()
    async with open_runtime(settings) as runtime:
        stopping = asyncio.Event()
        with stop_on_signals(stopping, enabled=handle_signals):
            await _serve_until(runtime, stopping)
    log.info("stopped")


async def _serve_until(runtime: Runtime, stopping: asyncio.Event) -> None:
    serving = asyncio.create_task(serve(runtime), name="discord-bot")
    stop = asyncio.create_task(stopping.wait(), name="stop-signal")
    try:
        await asyncio.wait({serving, stop}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
        if not serving.done():
            log.info("closing the Discord connection")
            await runtime.bot.close()  # answers in flight are drained here
            await asyncio.wait({serving}, timeout=CLOSED_GRACE)
            if not serving.done():  # asleep between attempts to reach Discord: nothing left to do
                serving.cancel()
    await asyncio.wait({serving})
    if not serving.cancelled():
        serving.result()


@contextlib.contextmanager
def stop_on_signals(stopping: asyncio.Event, *, enabled: bool) -> Iterator[None]:
    """Set ``stopping`` on SIGTERM or SIGINT while inside (nothing when not ``enabled``, e.g. in tests)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT) if enabled else ()
    for number in signals:
        loop.add_signal_handler(number, stopping.set)
    try:
        yield
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


async def _start_health(stack: contextlib.AsyncExitStack, health: HealthServer, settings: Settings) -> None:
    try:
        await stack.enter_async_context(health)
    except OSError as error:
        raise StartupError(
            f"Cannot serve health checks on {settings.health_host}:{settings.health_port} ({error.strerror}): "
            "choose a free HEALTH_PORT or unset it."
        ) from None


def _check_outbox_path(settings: Settings) -> None:
    """The outbox file's directory must exist (`StartupError` otherwise)."""
    path = settings.outbox_path
    if path is not None and not path.parent.is_dir():
        raise StartupError(f"The directory of OUTBOX_PATH ({path.parent}) does not exist: create it, or unset it.")


def _check_sqlite_directory(engine: AsyncEngine) -> None:
    """A SQLite file's directory must exist (SQLite creates the file, not the directories)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    directory = Path(database).expanduser().parent
    if not directory.is_dir():
        raise FileNotFoundError(f"the directory {directory} does not exist")


def _first_line(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0][:200] if lines else type(cause).__name__
