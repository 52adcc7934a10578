"""``data``: what the bot keeps about servers (PRIVACY.md): delete a server's data, apply the retention now."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._context import CliContext, pass_cli
from bot.db.engine import SessionFactory, create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.db.urls import display_url
from bot.retention import drop_expired_previews, purge_departed, purge_guild, redact_decided_items

T = TypeVar("T")


@click.group()
def data() -> None:
    """The data the bot keeps about servers (see PRIVACY.md)."""


@data.command()
@click.option("--guild", "guild_id", type=click.IntRange(min=1), required=True, help="The server's id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_cli
def purge(cli: CliContext, guild_id: int, yes: bool) -> None:
    """Delete everything stored about one server: settings, answers, review items, reports, decisions, learning."""
    if not yes:
        click.confirm(f"Delete everything stored about server {guild_id}?", abort=True)
    deleted = _with_sessions(cli, lambda sessions: purge_guild(sessions, guild_id))
    if not deleted:
        click.echo(f"Nothing was stored about server {guild_id}.")
        return
    rows = ", ".join(f"{table} {count}" for table, count in sorted(deleted.items()))
    click.echo(f"Deleted {sum(deleted.values())} rows about server {guild_id} ({rows}).")


@data.command()
@pass_cli
def retention(cli: CliContext) -> None:
    """Apply the retention now (the bot does it hourly): blank old excerpts and notes, purge departed servers."""
    days = cli.settings.retention_days

    async def apply(sessions: SessionFactory) -> tuple[int, list[int], int]:
        redacted = await redact_decided_items(sessions, days=days)
        return redacted, await purge_departed(sessions), await drop_expired_previews(sessions)

    redacted, purged, previews = _with_sessions(cli, apply)
    click.echo(f"Blanked the excerpts and notes of {redacted} review items decided more than {days} days ago.")
    click.echo(f"Purged {len(purged)} servers that removed the bot more than the grace period ago.")
    click.echo(f"Deleted {previews} expired link previews.")


def _with_sessions(cli: CliContext, work: Callable[[SessionFactory], Awaitable[T]]) -> T:
    """Run ``work`` on the migrated database of the settings; a one-sentence error when that fails."""
    url = cli.settings.database_url

    async def run() -> T:
        engine = create_engine(url)
        try:
            await upgrade_database(engine)
            return await work(create_session_factory(engine))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except (OSError, SQLAlchemyError) as error:
        raise click.ClickException(f"cannot use the database {display_url(url)}: {error}") from None
