"""``kb feeds``: each subscribed feed's state as the running bot last stored it (DATABASE_URL)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._context import CliContext, pass_cli
from bot.db.engine import create_engine, create_session_factory
from bot.db.types import utcnow
from bot.db.urls import display_url
from bot.feeds import FeedConfig, FeedState, FeedStore


@click.command("feeds")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per feed.")
@pass_cli
def feeds_command(cli: CliContext, as_json: bool) -> None:
    """Show each feed in KNOWLEDGE_FEEDS: status, last success, reviews in use, last error.

    Exit status 1 when a feed is stale or has never given a good answer.
    """
    settings = cli.settings
    config = FeedConfig.from_settings(settings)
    try:
        stored = {state.url: state for state in asyncio.run(_states(settings.database_url))}
    except (OSError, SQLAlchemyError) as error:
        raise click.ClickException(f"cannot read {display_url(settings.database_url)}: {error}") from None
    states = [stored.get(url, FeedState(url)) for url in config.urls]
    now = utcnow()
    for state in states:
        status = state.status(now, config.stale_after)
        click.echo(json.dumps(_as_json(state, status)) if as_json else _as_text(state, status))
    for url in sorted(set(stored) - set(config.urls)):
        click.echo(f"note: {url} has a stored state but is not in KNOWLEDGE_FEEDS any more", err=True)
    if not states:
        click.echo("No feeds: set KNOWLEDGE_FEEDS to subscribe to ClaimReview feeds.")
    if any(state.succeeded_at is None or state.stale(now, config.stale_after) for state in states):
        raise SystemExit(1)


async def _states(url: str) -> list[FeedState]:
    engine = create_engine(url)
    try:
        return await FeedStore(create_session_factory(engine)).states()
    finally:
        await engine.dispose()


def _when(moment: dt.datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "never"


def _as_text(state: FeedState, status: str) -> str:
    lines = [
        f"{state.url}: {status}",
        f"  last success: {_when(state.succeeded_at)}; last change: {_when(state.changed_at)}; "
        f"last poll: {_when(state.checked_at)}",
        f"  reviews in use: {state.reviews}" + (f" ({state.problems} items left out)" if state.problems else ""),
    ]
    if state.error:
        lines.append(f"  error: {state.error}")
    return "\n".join(lines)


def _as_json(state: FeedState, status: str) -> dict[str, object]:
    return {
        "url": state.url,
        "status": status,
        "last_success": state.succeeded_at.isoformat() if state.succeeded_at else None,
        "last_change": state.changed_at.isoformat() if state.changed_at else None,
        "last_poll": state.checked_at.isoformat() if state.checked_at else None,
        "reviews": state.reviews,
        "problems": state.problems,
        "error": state.error,
    }
