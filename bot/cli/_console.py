"""``console``: the playground."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._context import CliContext, pass_cli
from bot.console import CONSOLE_GUILD_ID, run_console
from bot.db.urls import display_url
from bot.log import setup_logging


@click.command()
@click.option(
    "--knowledge",
    "knowledge_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Knowledge file or directory to use instead of KNOWLEDGE_PATHS (repeatable).",
)
@click.option("--guild-id", type=click.IntRange(min=1), default=CONSOLE_GUILD_ID, show_default=True)
@click.option("--log-level", default="WARNING", show_default=True, help="Log level (logs go to stderr).")
@click.option(
    "--database",
    "database_url",
    default=None,
    help="Keep the playground's settings and cooldowns in this database URL across runs (default: a fresh one "
    "each run, so every run behaves the same; never the bot's DATABASE_URL unless given here).",
)
@pass_cli
def console(
    cli: CliContext, knowledge_paths: tuple[Path, ...], guild_id: int, log_level: str, database_url: str | None
) -> None:
    """Type as a member and see what the bot would post (the bot's services, on a fresh database each run)."""
    setup_logging(log_level.upper())
    interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="misinfo-console-") as scratch:
        url = database_url or f"sqlite:///{Path(scratch) / 'console.sqlite3'}"
        settings = cli.settings.model_copy(update={"database_url": url})
        try:
            asyncio.run(
                run_console(
                    settings,
                    knowledge_paths=knowledge_paths,
                    guild_id=guild_id,
                    stdin=sys.stdin,
                    stdout=sys.stdout,
                    interactive=interactive,
                )
            )
        except (OSError, SQLAlchemyError) as error:
            raise click.ClickException(f"cannot use the database {display_url(url)}: {error}") from None
