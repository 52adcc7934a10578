"""``kb``: validate the knowledge files, count what they hold, export them as ClaimReview."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TextIO

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._context import CliContext, load_with_warnings, pass_cli
from bot.cli._feeds import feeds_command
from bot.cli._reload import reload_command
from bot.db.engine import create_engine, create_session_factory
from bot.db.repositories.phrasings import ServerPhrasing
from bot.db.urls import display_url
from bot.services.drafts import Draft, drafts_everywhere, drafts_yaml
from bot.services.review_learning import LearnedLinkSummary, learned_links, learned_links_yaml
from bot.services.review_wordings import learned_phrasings, learned_phrasings_yaml
from knowledge.claimreview import export_claimreview
from knowledge.loader import knowledge_stats, load_knowledge

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@click.group()
def kb() -> None:
    """The knowledge base: incident files and ClaimReview feeds."""


kb.add_command(reload_command)
kb.add_command(feeds_command)


@kb.command()
@PATHS
@pass_cli
def validate(cli: CliContext, paths: tuple[Path, ...]) -> None:
    """Check knowledge files (default: KNOWLEDGE_PATHS): print each error, exit 1 if any."""
    result = load_knowledge(cli.knowledge_paths(paths))
    for error in result.errors:
        click.echo(str(error))
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    counts = f"{len(result.knowledge)} incidents from {result.files} files"
    if result.errors:
        click.echo(f"{len(result.errors)} error(s); {counts} loaded", err=True)
        raise SystemExit(1)
    claims = sum(len(incident.claims) for incident in result.knowledge)
    click.echo(f"OK: {counts}, {claims} claims")


@kb.command()
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@pass_cli
def stats(cli: CliContext, paths: tuple[Path, ...], as_json: bool) -> None:
    """Count incidents, claims, statements, links and phrasings."""
    counts = knowledge_stats(load_with_warnings(cli.knowledge_paths(paths)).knowledge)
    if as_json:
        click.echo(json.dumps(counts))
        return
    for name, value in counts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{key} {count}" for key, count in value.items())
        click.echo(f"{name}: {value}")


@kb.command("export-claimreview")
@PATHS
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write ('-': stdout).")
@click.option("--author", default="Misinformation alert bot", show_default=True, help="The publishing organisation.")
@click.option("--base-url", help="Reviews get the URL {base-url}/{incident}#{claim}.")
@pass_cli
def export(cli: CliContext, paths: tuple[Path, ...], output: TextIO, author: str, base_url: str | None) -> None:
    """Write the knowledge base as schema.org ClaimReview JSON-LD."""
    knowledge = load_with_warnings(cli.knowledge_paths(paths)).knowledge
    document = export_claimreview(knowledge, author=author, base_url=base_url)
    json.dump(document, output, ensure_ascii=False, indent=2)
    output.write("\n")


@kb.command()
@PATHS
@click.option("--all", "include_known", is_flag=True, help="Also list links the knowledge files already have.")
@pass_cli
def learned(cli: CliContext, paths: tuple[Path, ...], include_known: bool) -> None:
    """Print what moderators taught in servers (DATABASE_URL), in the knowledge files' format: approved links as
    ``links:`` entries, approved wordings as claims' ``phrasings:`` (per server), then drafted claims as files.
    """  # noqa: D205
    knowledge = load_with_warnings(cli.knowledge_paths(paths)).knowledge
    url = cli.settings.database_url
    try:
        links, phrasings, drafts = asyncio.run(_learned(url))
    except (OSError, SQLAlchemyError) as error:
        raise click.ClickException(f"cannot read {display_url(url)}: {error}") from None
    drafted = {draft.incident.id for draft in drafts}
    for link in links:
        if link.incident_id not in knowledge and link.incident_id not in drafted:
            click.echo(f"warning: {link.url} was learned for unknown incident {link.incident_id}", err=True)
    click.echo(learned_links_yaml(links, knowledge, include_known=include_known), nl=False)
    click.echo(learned_phrasings_yaml(phrasings, None if include_known else knowledge), nl=False)
    click.echo(drafts_yaml(drafts, knowledge, links), nl=False)


async def _learned(url: str) -> tuple[list[LearnedLinkSummary], list[ServerPhrasing], list[Draft]]:
    engine = create_engine(url)
    try:
        sessions = create_session_factory(engine)
        return await learned_links(sessions), await learned_phrasings(sessions), await drafts_everywhere(sessions)
    finally:
        await engine.dispose()
