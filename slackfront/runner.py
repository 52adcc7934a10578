"""Serving Slack (and Discord too when its token is set) until SIGTERM or SIGINT, then closing in reverse order.

Slack alone: knowledge paths -> engine -> migrations -> link fetcher -> services -> outbox flusher -> late migration
-> change feed -> feeds -> retention -> health server -> Slack front end (Discord's order, without its gateway).
With Discord: Discord's runtime (`bot.runner.open_runtime`) is built first and the Slack front end shares its
services, so both platforms answer from one knowledge base, one database and one outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.client import StartupError
from bot.db.engine import create_engine, create_session_factory
from bot.db.late_start import SchemaGate
from bot.feeds import FeedPoller, enter_feeds
from bot.health import HealthChecker, HealthServer
from bot.heap import HeapKeeper
from bot.links.db_cache import DatabaseLinkCache
from bot.metrics import Metrics
from bot.retention import RetentionLoop
from bot.runner import (
    PROBE_TIMEOUT,
    admin_routes,
    enter_change_feed,
    enter_late_migration,
    open_runtime,
    ping_database,
    prepare_database,
    serve,
    stop_on_signals,
)
from bot.services.container import Services
from bot.services.event_ledger import EventLedger
from bot.services.link_fetching import enter_link_previews
from bot.settings import Settings
from bot.startup import require_knowledge, require_knowledge_paths
from slackfront.app import SlackFront
from slackfront.port import web_client

log = logging.getLogger(__name__)

MISSING_TOKENS = (
    "SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-..., with connections:write) must both be set: copy them "
    "from the Slack app's settings (OAuth & Permissions, and Basic Information > App-Level Tokens)."
)


def build_front(settings: Settings, services: Services, **options: Any) -> SlackFront:
    """The Slack front end for these settings, on these services (``options``: more `SlackFront` arguments)."""
    bot_token = settings.slack_bot_token.get_secret_value().strip() if settings.slack_bot_token else ""
    app_token = settings.slack_app_token.get_secret_value().strip() if settings.slack_app_token else ""
    if not bot_token or not app_token:
        raise StartupError(MISSING_TOKENS)
    return SlackFront(
        services,
        web_client(bot_token, settings.slack_api_base_url),
        app_token=app_token,
        ledger=_ledger(services),
        review_channel=settings.slack_review_channel,
        reviewers=settings.slack_reviewers,
        **options,
    )


def _ledger(services: Services) -> EventLedger:
    if services.seen_events is None:
        raise StartupError("The services were built without their event ledger (Services.assemble builds it).")
    return services.seen_events


@contextlib.asynccontextmanager
async def open_slack(settings: Settings, services: Services | None = None, **options: Any) -> AsyncIterator[SlackFront]:
    """Build everything Slack alone needs and start the front end; close it all in reverse order on exit.

    The same steps as Discord's runtime (`bot.runner.open_runtime`) without its gateway: the knowledge is checked,
    the database migrated (or later, when it is down at start), writes kept in the outbox while it is away, changes
    shared between processes on PostgreSQL, feeds polled, old records purged.

    ``services``: use these instead of building them (tests); ``options``: more `SlackFront` arguments.
    """
    async with contextlib.AsyncExitStack() as stack:
        require_knowledge_paths(settings.knowledge_paths)
        engine = create_engine(settings.database_url, timeout=settings.database_timeout)
        stack.push_async_callback(engine.dispose)
        gate = SchemaGate(engine, open_now=await prepare_database(engine, settings.database_url))
        sessions = create_session_factory(engine)
        metrics = services.metrics if services is not None else Metrics()
        if services is None:
            previews = await enter_link_previews(stack, settings, DatabaseLinkCache(sessions), metrics=metrics)
            services = await asyncio.to_thread(
                Services.build, settings, sessions, link_previews=previews, metrics=metrics
            )
            if not settings.knowledge_feeds:  # with feeds, the knowledge may come from them alone
                require_knowledge(services.knowledge, settings.knowledge_paths)
            await stack.enter_async_context(HeapKeeper(services.knowledge))  # this process's own knowledge
        await stack.enter_async_context(services.outbox)
        late = await enter_late_migration(stack, settings, gate, services)
        metrics.outbox_pending.set_function(lambda: services.outbox.pending)
        await enter_change_feed(stack, settings, services)
        feeds = await enter_feeds(stack, settings, services.knowledge, sessions, metrics=metrics)
        await stack.enter_async_context(RetentionLoop(sessions, retention_days=settings.retention_days))
        front = build_front(settings, services, **options)
        if settings.health_port is not None:
            health = HealthServer(
                _health(front, engine, services, feeds=feeds, late=late is not None),
                metrics,
                host=settings.health_host,
                port=settings.health_port,
                admin=admin_routes(settings, services),
            )
            await stack.enter_async_context(health)
        await _start(front, stack)
        yield front


async def _start(front: SlackFront, stack: contextlib.AsyncExitStack) -> None:
    stack.push_async_callback(front.stop)
    try:
        await front.start()
    except Exception as error:
        raise StartupError(f"Cannot connect to Slack ({error}): check SLACK_BOT_TOKEN and SLACK_APP_TOKEN.") from None


def _health(
    front: SlackFront, engine: AsyncEngine, services: Services, *, feeds: FeedPoller | None, late: bool
) -> HealthChecker:
    """Probes: the Socket Mode connection is up, the database answers, the knowledge is loaded, no write waits."""

    async def database() -> bool:
        await ping_database(engine)
        return True

    return HealthChecker(
        {
            "slack": lambda: front.connected,
            "database": database,
            "knowledge": lambda: len(services.knowledge.knowledge) > 0,
            "outbox": lambda: services.outbox.pending == 0,
            **({"feeds": lambda: not feeds.stale_feeds()} if feeds is not None else {}),
        },
        critical=("slack", "knowledge"),
        timeout=PROBE_TIMEOUT,
        details=lambda: {"database": "migrating once reachable" if late else "ok"},
    )


async def run(settings: Settings, *, handle_signals: bool = True) -> None:
    """Serve Slack, and Discord too when ``DISCORD_TOKEN`` is set, until SIGTERM or SIGINT."""
    stopping = asyncio.Event()
    with stop_on_signals(stopping, enabled=handle_signals):
        if settings.discord_configured:
            await _run_both(settings, stopping)
        else:
            async with open_slack(settings):
                await stopping.wait()
    log.info("stopped")


async def _run_both(settings: Settings, stopping: asyncio.Event) -> None:
    async with open_runtime(settings) as runtime, contextlib.AsyncExitStack() as stack:
        front = build_front(settings, runtime.services)
        await _start(front, stack)
        serving = asyncio.create_task(serve(runtime), name="discord-bot")
        stop = asyncio.create_task(stopping.wait(), name="stop-signal")
        try:
            await asyncio.wait({serving, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not serving.done():
                await runtime.bot.close()
        await serving
