"""``run`` (the bot on Discord, Slack or both) and ``start`` (the bot when a token is configured, else the console)."""

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
  KNOWLEDGE_FEEDS       ClaimReview feed URLs polled while the bot runs, separated by commas (none)
  KNOWLEDGE_FEED_INTERVAL      seconds between two polls of each feed (900)
  KNOWLEDGE_FEED_STALE_AFTER   seconds without a good version after which a feed is reported stale (172800)
  KNOWLEDGE_FEED_TIMEOUT       seconds a whole feed fetch may take (30)
  KNOWLEDGE_FEED_MAX_BYTES     bytes read from one feed at most (67108864)
  KNOWLEDGE_FEED_MAX_SHRINK    a new version losing more than this fraction of reviews is refused (0.5)
  KNOWLEDGE_FEED_ALLOWED_NETWORKS  non-public networks the named feed hosts may be on, comma-separated (none)
  REPLY_THRESHOLD       default score (0-100) from which the bot answers (80)
  REVIEW_THRESHOLD      default score (0-100) from which moderators are asked (55)
  COOLDOWN_MINUTES      default quiet period per incident and channel (60)
  CONVERSATION_WINDOW_MINUTES  minutes a channel's messages naming an incident make the next ones that name
                        nothing of it go to review (10; 0: off)
  SEMANTIC_MATCHING     compare meaning too, with the installed sentence model (true)
  SEMANTIC_CACHE_PATH   file of the knowledge's embeddings, safe to delete (default: next to the SQLite file);
                        large bases' lexical index is cached beside it (*.lexical-<key>.pickle)
  CORRECTIONS_WINDOW_DAYS   answers posted this many days back are edited when their claim's record changes (30)
  CORRECTIONS_PACE_SECONDS  seconds between two edits of past answers, besides the platforms' rate limits (1)
  LINK_FETCHING         read linked pages' titles (true)
  LINK_FETCH_ALLOWED_NETWORKS  private networks the link reader may still contact, comma-separated (none)
  LINK_FETCH_TIMEOUT    seconds one link read may take, redirects included (5)
  LINK_FETCH_MAX_BYTES  bytes of a linked page read at most (524288)
  LOG_LEVEL             DEBUG, INFO, WARNING, ERROR or CRITICAL (INFO)
  LOG_FORMAT            text, or json: one JSON object per line (text)
  HEALTH_PORT           serve /healthz and /metrics on this port (unset: off)
  HEALTH_HOST           address of the health server (127.0.0.1)
  ADMIN_TOKEN           token `kb reload` sends to POST /admin/reload (unset: loopback HEALTH_HOST only)
  SHARD_COUNT           Discord shards of the whole bot: a number, or auto (unset: no sharding)
  SHARD_IDS             the shards this process runs, e.g. 0,1 or 0-1 (needs SHARD_COUNT; unset: all)
  RETENTION_DAYS        days before decided review items lose excerpts and notes (30)
  GUILD_PURGE_GRACE_DAYS  days after a server removes the bot before its data is deleted (7)
  DISCORD_API_BASE_URL  REST base URL of a proxy or local stand-in (unset: Discord's)
  DISCORD_GATEWAY_URL   gateway URL of a proxy or local stand-in (unset: Discord's)
  SLACK_BOT_TOKEN       the Slack app's bot token, xoxb-... (with SLACK_APP_TOKEN: serve Slack)
  SLACK_APP_TOKEN       the Slack app-level token for Socket Mode, xapp-... (connections:write)
  SLACK_API_BASE_URL    Slack Web API base of a proxy or local stand-in (https://slack.com/api/)
  SLACK_REVIEW_CHANNEL  channel id for review items until an admin sets one with /alerts reviewchannel
  SLACK_REVIEWERS       user ids and user group ids who may decide review items, comma-separated

\b
The bot needs the Message Content intent enabled in the developer portal, and in each server the
permissions View Channels, Send Messages, Send Messages in Threads, Embed Links and Read Message History (and
Add Reactions and Create Public Threads for the marker and thread delivery modes)."""


@click.command(epilog=SETTINGS_HELP)
@pass_cli
def run(cli: CliContext) -> None:
    """Connect to Slack and/or Discord (whichever tokens are set) and answer repeated false claims.

    Stops cleanly on Ctrl-C or SIGTERM.
    """
    settings = cli.settings
    setup_logging(settings.log_level, settings.log_format)
    try:
        if settings.slack_configured:
            from slackfront.runner import run as run_slack  # the Slack front end, only when Slack is configured

            asyncio.run(run_slack(settings))
        else:
            asyncio.run(run_bot(settings))
    except StartupError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """Run the bot when Slack's or Discord's tokens are set, else the console playground (what `make run` does)."""
    cli = ctx.find_object(CliContext)
    if cli is not None and (cli.settings.discord_configured or cli.settings.slack_configured):
        ctx.invoke(run)
        return
    click.echo(
        "Neither DISCORD_TOKEN nor SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set: starting the console playground "
        "instead (python -m bot run --help).",
        err=True,
    )
    ctx.invoke(console)
