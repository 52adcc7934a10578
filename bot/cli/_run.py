"""``run`` (the Discord bot) and ``start`` (the bot when a token is configured, else the console)."""

from __future__ import annotations

import asyncio

import click

from bot.cli._console import console
from bot.cli._context import CliContext, pass_cli
from bot.client import StartupError
from bot.log import setup_logging
from bot.runner import run as run_bot

SETTINGS_HELP = """\b
Settings (environment variables, or lines of the --env-file; the environment wins):
  DISCORD_TOKEN         the bot's token (required)
  DATABASE_URL          sqlite:///file.sqlite3 (default sqlite:///misinfo-bot.sqlite3) or postgresql://...
  DATABASE_TIMEOUT      seconds a database connect or statement may take before it counts as unavailable (5)
  OUTBOX_PATH           file keeping writes made while the database is unavailable (unset: memory only)
  DEV_GUILD_ID          register the slash commands in this server only (instant), else globally
  KNOWLEDGE_PATHS       incident folders or YAML files, separated by ':' (default: the bundled incidents)
  REPLY_THRESHOLD       default score (0-100) from which the bot answers (80)
  REVIEW_THRESHOLD      default score (0-100) from which moderators are asked (55)
  COOLDOWN_MINUTES      default quiet period per incident and channel (60)
  SEMANTIC_MATCHING     compare meaning too, with the installed sentence model (true)
  SEMANTIC_CACHE_PATH   file of the knowledge's embeddings, safe to delete (default: next to the SQLite file)
  LINK_FETCHING         read linked pages' titles (true)
  LINK_FETCH_ALLOWED_NETWORKS  private networks the link reader may still contact, comma-separated (none)
  LINK_FETCH_TIMEOUT    seconds one link read may take, redirects included (5)
  LINK_FETCH_MAX_BYTES  bytes of a linked page read at most (524288)
  LOG_LEVEL             DEBUG, INFO, WARNING, ERROR or CRITICAL (INFO)
  LOG_FORMAT            text, or json: one JSON object per line (text)
  HEALTH_PORT           serve /healthz and /metrics on this port (unset: off)
  HEALTH_HOST           address of the health server (127.0.0.1)
  ADMIN_TOKEN           token `kb reload` sends to POST /admin/reload (unset: loopback HEALTH_HOST only)
  DISCORD_API_BASE_URL  REST base URL of a proxy or local stand-in (unset: Discord's)
  DISCORD_GATEWAY_URL   gateway URL of a proxy or local stand-in (unset: Discord's)

\b
The bot needs the Message Content intent enabled in the developer portal, and in each server the
permissions View Channels, Send Messages, Send Messages in Threads, Embed Links and Read Message History."""


@click.command(epilog=SETTINGS_HELP)
@pass_cli
def run(cli: CliContext) -> None:
    """Connect to Discord and answer repeated false claims (stops cleanly on Ctrl-C or SIGTERM)."""
    settings = cli.settings
    setup_logging(settings.log_level, settings.log_format)
    try:
        asyncio.run(run_bot(settings))
    except StartupError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """Run the bot when DISCORD_TOKEN is set, else the console playground (what `make run` does)."""
    cli = ctx.find_object(CliContext)
    token = cli.settings.discord_token if cli is not None else None
    if token is not None and token.get_secret_value().strip():
        ctx.invoke(run)
        return
    click.echo(
        "DISCORD_TOKEN is not set: starting the console playground instead (python -m bot run --help).", err=True
    )
    ctx.invoke(console)
