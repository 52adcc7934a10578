"""``scan``: what the bot would have done with a chat export's messages (offline: no reply, no link fetched)."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli._context import BUILD_WAIT, CliContext, load_with_warnings, pass_cli
from bot.cli._scan_html import html_report
from bot.cli._scan_text import json_lines, readable_report
from bot.exports import ExportError, read_export
from bot.services.history_scan import HistoryScanner
from bot.services.history_scan_processes import scan_in_processes
from bot.services.knowledge import KnowledgeHolder


class UnreadableExport(click.ClickException):
    """An export that cannot be read: one sentence on standard error, exit status 2."""

    exit_code = 2


@click.command()
@click.argument("export_path", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Only one JSON object per line per answered or queued message.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write an HTML report.")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True, help="Messages listed per claim.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes matching the messages of a large export; more help only where CPUs are idle.",
)
@click.option("--slack-url", help="The Slack workspace's address (https://team.slack.com), to link Slack messages.")
@click.option(
    "--knowledge",
    "knowledge_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Knowledge file or directory to use instead of the default (repeatable).",
)
@pass_cli
def scan(
    cli: CliContext,
    export_path: Path,
    as_json: bool,
    html_path: Path | None,
    limit: int,
    slack_url: str | None,
    workers: int,
    knowledge_paths: tuple[Path, ...],
) -> None:
    """Report which messages of a chat export the bot would have answered or queued for review.

    FILE is a DiscordChatExporter JSON file (or a folder of them), or a Slack export folder or zip. The same
    matcher and thresholds as the running bot are used; nothing is posted and no link is fetched.
    """
    try:
        export = read_export(export_path, slack_workspace_url=slack_url)
    except ExportError as error:
        raise UnreadableExport(str(error)) from None
    result = load_with_warnings(cli.knowledge_paths(knowledge_paths))
    holder = KnowledgeHolder.of(result.knowledge, thresholds=cli.settings.thresholds)
    holder.current.matcher.wait_until_built(BUILD_WAIT)  # answer as the running bot would
    report = scan_in_processes(HistoryScanner(holder.current), export.messages, workers=workers)
    lines = json_lines(report) if as_json else readable_report(export, report, holder.knowledge, limit=limit)
    for line in lines:
        click.echo(line)
    if html_path is not None:
        page = html_report(export, report, holder.knowledge, source=export_path.name or str(export_path))
        try:
            html_path.write_text(page, encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"{html_path} cannot be written: {error.strerror or error}.") from None
        if not as_json:
            click.echo(f"\nHTML report written to {html_path}")
