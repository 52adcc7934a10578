"""``db``: the database's migrations."""

from __future__ import annotations

import asyncio

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._context import CliContext, pass_cli
from bot.db.migrate import upgrade_database
from bot.db.urls import display_url


@click.group()
def db() -> None:
    """The database (DATABASE_URL)."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="The revision to reach.")
@pass_cli
def upgrade(cli: CliContext, revision: str) -> None:
    """Apply the migrations (the bot also does this when it starts)."""
    url = cli.settings.database_url
    try:
        reached = asyncio.run(upgrade_database(url, revision))
    except (OSError, SQLAlchemyError) as error:
        raise click.ClickException(f"cannot migrate {display_url(url)}: {error}") from None
    click.echo(f"{display_url(url)} is at revision {reached}")
