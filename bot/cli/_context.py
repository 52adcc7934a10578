"""What the commands share: the settings (read on first use) and the knowledge loader's warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from bot.settings import Settings, SettingsError, load_settings
from knowledge.loader import LoadResult, load_knowledge

BUILD_WAIT = 300.0
"""Seconds a command that matches waits for the matcher's background build (the knowledge's embeddings, the examples'
judge) so that it answers as the running bot would."""


class InvalidSettings(click.ClickException):
    """Settings that cannot be used: printed without the usage text, exit status 2."""

    exit_code = 2


@dataclass
class CliContext:
    """The click context object."""

    env_file: str = ".env"
    _settings: Settings | None = field(default=None, init=False)

    @property
    def settings(self) -> Settings:
        """The settings; a readable error and exit status 2 when they are invalid."""
        if self._settings is None:
            try:
                self._settings = load_settings(self.env_file)
            except SettingsError as error:
                raise InvalidSettings(str(error)) from None
        return self._settings

    def knowledge_paths(self, paths: Sequence[Path]) -> tuple[Path, ...]:
        """The paths given on the command line, else the settings' ``KNOWLEDGE_PATHS``."""
        return tuple(paths) if paths else self.settings.knowledge_paths


def load_with_warnings(paths: Sequence[Path]) -> LoadResult:
    """Load the knowledge; each error goes to stderr as a warning while the good files load."""
    result = load_knowledge(paths)
    for error in result.errors:
        click.echo(f"warning: {error}", err=True)
    return result


pass_cli = click.make_pass_decorator(CliContext)
