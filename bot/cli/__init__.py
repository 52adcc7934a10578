"""The command line: ``python -m bot <command>``.

Every command is registered in `COMMANDS`; add new ones (``run``, ``start``) there.
"""

from __future__ import annotations

import click

from bot.cli._check import check
from bot.cli._console import console
from bot.cli._context import CliContext
from bot.cli._data import data
from bot.cli._db import db
from bot.cli._kb import kb
from bot.cli._run import run, start
from bot.cli._scan import scan

COMMANDS: tuple[click.Command, ...] = (check, kb, db, console, run, start, scan, data)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=str),
    default=".env",
    show_default=True,
    help="Settings file read after the environment (a missing file is fine).",
)
@click.pass_context
def cli(ctx: click.Context, env_file: str) -> None:
    """Misinformation alert bot: answers repeated false claims with what officials said."""
    ctx.obj = CliContext(env_file=env_file)


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Run the command line."""
    cli(prog_name="python -m bot")
