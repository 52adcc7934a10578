"""``check``: what the matcher makes of messages, as JSON lines or a readable listing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import click

from bot.cli._context import BUILD_WAIT, CliContext, load_with_warnings, pass_cli
from bot.links import InMemoryLinkCache
from bot.services.knowledge import KnowledgeHolder
from bot.services.link_fetching import open_link_previews
from bot.services.link_pages import LinkPages
from bot.settings import Settings
from knowledge.matching.types import LinkPage, Match
from knowledge.semantic.encoder import load_semantic


@click.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message per line.")
@click.option("--top", type=click.IntRange(min=1), help="List the N best candidates, even those below thresholds.")
@click.option(
    "--knowledge",
    "knowledge_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Knowledge file or directory to use instead of the default (repeatable).",
)
@click.option("--file", "input_file", type=click.File("r", encoding="utf-8"), help="One message per line ('-': stdin).")
@click.option(
    "--fetch-links",
    is_flag=True,
    help="Also read the pages of links the knowledge does not know (title, description, canonical link).",
)
@pass_cli
def check(
    cli: CliContext,
    text: str | None,
    as_json: bool,
    top: int | None,
    knowledge_paths: tuple[Path, ...],
    input_file: TextIO | None,
    fetch_links: bool,
) -> None:
    """Show what the bot would recognise in TEXT (or in each line of --file).

    With --fetch-links, up to three unknown links per message are fetched (LINK_FETCH_* settings apply).
    """
    if text is None and input_file is None:
        raise click.UsageError("give a TEXT to check or --file")
    result = load_with_warnings(cli.knowledge_paths(knowledge_paths))
    semantic = load_semantic(cli.settings.semantic_config)
    holder = KnowledgeHolder.of(result.knowledge, thresholds=cli.settings.thresholds, semantic=semantic)
    holder.current.matcher.wait_until_built(BUILD_WAIT)  # answer as the running bot would
    messages = _messages(text, input_file)
    if fetch_links:
        asyncio.run(_check_with_pages(cli.settings, holder, messages, top=top, as_json=as_json))
        return
    for message in messages:
        _show(message, holder.current.matcher.match(message, top=top, ranked=True), as_json=as_json)


async def _check_with_pages(
    settings: Settings, holder: KnowledgeHolder, messages: Iterable[str], *, top: int | None, as_json: bool
) -> None:
    async with open_link_previews(settings, InMemoryLinkCache()) as previews:
        reader = LinkPages(previews, holder)
        for message in messages:
            pages = await reader.pages_for(message)
            _show(
                message,
                holder.current.matcher.match(message, top=top, pages=pages, ranked=True),
                as_json=as_json,
                pages=pages,
            )


def _show(message: str, matches: list[Match], *, as_json: bool, pages: tuple[LinkPage, ...] = ()) -> None:
    click.echo(_as_json(message, matches) if as_json else _as_listing(message, matches, pages))


def _messages(text: str | None, input_file: TextIO | None) -> Iterator[str]:
    if text is not None:
        yield text
    if input_file is not None:
        for line in input_file:
            if line.strip():
                yield line.rstrip("\n")


def _as_json(message: str, matches: list[Match]) -> str:
    return json.dumps({"text": message, "matches": [match.to_json() for match in matches]}, ensure_ascii=False)


def _as_listing(message: str, matches: list[Match], pages: tuple[LinkPage, ...] = ()) -> str:
    lines = [f"> {message}"]
    for page in pages:
        title = page.title or page.description or "(no title)"
        lines.append(
            f"  read {page.url}: {title}" + (f" (canonical link {page.canonical_url})" if page.canonical_url else "")
        )
    if not matches:
        lines.append("  no match")
    for rank, match in enumerate(matches, start=1):
        where = f"{match.incident_id} / {match.claim_id}"
        lines.append(f"  {rank}. {match.action.value:<6} {match.score:5.1f}  {where}: {match.claim}")
        lines.extend(f"       - {reason}" for reason in match.reason_texts)
    return "\n".join(lines)
