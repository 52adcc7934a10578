"""``check``: what the matcher makes of messages, as JSON lines or a readable listing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from bot.cli._context import CliContext, load_with_warnings, pass_cli
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Match


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
@pass_cli
def check(
    cli: CliContext,
    text: str | None,
    as_json: bool,
    top: int | None,
    knowledge_paths: tuple[Path, ...],
    input_file: TextIO | None,
) -> None:
    """Show what the bot would recognise in TEXT (or in each line of --file)."""
    if text is None and input_file is None:
        raise click.UsageError("give a TEXT to check or --file")
    result = load_with_warnings(cli.knowledge_paths(knowledge_paths))
    matcher = Matcher(result.knowledge, thresholds=cli.settings.thresholds)
    for message in _messages(text, input_file):
        matches = matcher.match(message, top=top)
        click.echo(_as_json(message, matches) if as_json else _as_listing(message, matches))


def _messages(text: str | None, input_file: TextIO | None) -> Iterator[str]:
    if text is not None:
        yield text
    if input_file is not None:
        for line in input_file:
            if line.strip():
                yield line.rstrip("\n")


def _as_json(message: str, matches: list[Match]) -> str:
    return json.dumps({"text": message, "matches": [match.to_json() for match in matches]}, ensure_ascii=False)


def _as_listing(message: str, matches: list[Match]) -> str:
    lines = [f"> {message}"]
    if not matches:
        lines.append("  no match")
    for rank, match in enumerate(matches, start=1):
        where = f"{match.incident_id} / {match.claim_id}"
        lines.append(f"  {rank}. {match.action.value:<6} {match.score:5.1f}  {where}: {match.claim}")
        lines.extend(f"       - {reason}" for reason in match.reason_texts)
    return "\n".join(lines)
