"""``run`` and ``start`` on the command line."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.settings import Settings


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No setting from the machine; a database in tmp_path."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_run_help_documents_every_setting(environment):
    result = CliRunner().invoke(cli, ["run", "--help"])

    assert result.exit_code == 0
    missing = [name.upper() for name in Settings.model_fields if name.upper() not in result.output]
    assert missing == []
    assert "Message Content intent" in result.output


def test_run_without_a_token_says_what_to_do(environment):
    result = CliRunner().invoke(cli, ["--env-file", str(environment / "none.env"), "run"])

    assert result.exit_code == 1
    assert result.output.startswith("Error: DISCORD_TOKEN is not set: put the bot's token")
    assert "Traceback" not in result.output


def test_start_without_a_token_opens_the_console(environment):
    result = CliRunner().invoke(cli, ["--env-file", str(environment / "none.env"), "start"], input="/quit\n")

    assert result.exit_code == 0, result.output
    assert "starting the console playground instead" in result.output
