import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.db.migrate import head_revision
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.caches import shared_cache

# `check` trains the examples' judge before it answers (with the semantic layer, on the examples' embeddings):
# about 25 s on a quiet core (setup embedded the examples; some 80 s more without that seed), more with the suite's
# other workers on this 2-core machine.
pytestmark = pytest.mark.timeout(360)

CLAIM = "man shoots at CHP sergeant during the Compton street takeover"
COMPTON = "compton-chp-takeover-video"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A runner in an empty directory with a database there and no settings from the machine."""
    for name in ("KNOWLEDGE_PATHS", "REPLY_THRESHOLD", "REVIEW_THRESHOLD", "COOLDOWN_MINUTES", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    for name, value in shared_cache().items():  # the examples are embedded once per session, not once per test
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def json_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_check_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--json", CLAIM])
    assert result.exit_code == 0, result.output
    [line] = json_lines(result.stdout)
    assert line["text"] == CLAIM
    matches = line["matches"]
    assert isinstance(matches, list)
    assert matches[0]["incident"] == COMPTON
    assert matches[0]["action"] == "reply"
    assert set(matches[0]) >= {"incident", "claim", "score", "action", "reasons"}
    assert all(match["action"] in ("reply", "review") for match in matches)


def test_check_answers_as_the_bot_would_once_the_judge_is_trained(runner: CliRunner) -> None:
    """The matcher learns from the examples in the background: the command waits for it."""
    text = "she had nothing in her hands and he fired"
    result = runner.invoke(cli, ["check", "--json", text])
    assert result.exit_code == 0, result.output
    [match] = json_lines(result.stdout)[0]["matches"]
    assert (match["incident"], match["action"]) == ("westminster-duran-shooting", "reply")
    assert any("labelled as repeating" in reason for reason in match["reasons"])


def test_check_top_lists_candidates_even_when_ignored(runner: CliRunner) -> None:
    text = "police at a parade yesterday"
    assert json_lines(runner.invoke(cli, ["check", "--json", text]).stdout)[0]["matches"] == []
    result = runner.invoke(cli, ["check", "--json", "--top", "2", text])
    assert result.exit_code == 0, result.output
    [line] = json_lines(result.stdout)
    matches = line["matches"]
    assert isinstance(matches, list)
    assert [match["action"] for match in matches] == ["ignore", "ignore"]
    scores = [match["score"] for match in matches]
    assert scores == sorted(scores, reverse=True)


def test_check_reads_a_file_one_message_per_line(runner: CliRunner, tmp_path: Path) -> None:
    messages = tmp_path / "messages.txt"
    messages.write_text(f"{CLAIM}\n\nthe weather is nice today\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--json", "--file", str(messages)])
    assert result.exit_code == 0, result.output
    lines = json_lines(result.stdout)
    assert [line["text"] for line in lines] == [CLAIM, "the weather is nice today"]
    assert lines[1]["matches"] == []


def test_check_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--json", "--file", "-"], input=f"{CLAIM}\n")
    assert result.exit_code == 0, result.output
    assert json_lines(result.stdout)[0]["matches"][0]["incident"] == COMPTON  # type: ignore[index]


def test_check_uses_only_the_knowledge_given(runner: CliRunner, tmp_path: Path) -> None:
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "flint-juneteenth-parade-shooting.yaml", only)
    result = runner.invoke(cli, ["check", "--json", "--top", "5", "--knowledge", str(only), CLAIM])
    assert result.exit_code == 0, result.output
    incidents = {match["incident"] for match in json_lines(result.stdout)[0]["matches"]}  # type: ignore[union-attr]
    assert incidents <= {"flint-juneteenth-parade-shooting"}


def test_check_warns_about_bad_files_and_uses_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--json", "--knowledge", str(tmp_path), CLAIM])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "broken.yaml" in result.stderr
    assert json_lines(result.stdout)[0]["matches"][0]["incident"] == COMPTON  # type: ignore[index]


def test_check_readable_listing(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", CLAIM])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"> {CLAIM}\n  1. reply")
    assert COMPTON in result.stdout


def test_check_needs_something_to_check(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 2
    assert "give a TEXT" in result.stderr


def test_bad_settings_are_a_readable_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOLDOWN_MINUTES", "forever")
    result = runner.invoke(cli, ["check", CLAIM])
    assert result.exit_code == 2
    assert "COOLDOWN_MINUTES" in result.stderr


def test_kb_validate_ok(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 3 incidents from 3 files")


def test_kb_validate_prints_each_error_and_fails(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    (tmp_path / "worse.yaml").write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(cli, ["kb", "validate", str(tmp_path)])
    assert result.exit_code == 1
    errors = result.stdout.splitlines()
    assert any("broken.yaml" in line for line in errors)
    assert any("worse.yaml" in line for line in errors)
    assert "1 incidents from 3 files loaded" in result.stderr


def test_kb_stats(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["kb", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["incidents"] == 3
    assert stats["examples"] > 3000
    readable = runner.invoke(cli, ["kb", "stats"])
    assert "incidents: 3" in readable.stdout.splitlines()


def test_kb_export_claimreview(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "claimreview.json"
    result = runner.invoke(
        cli,
        [
            "kb",
            "export-claimreview",
            "--output",
            str(output),
            "--author",
            "Example Desk",
            "--base-url",
            "https://x.test/kb",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text(encoding="utf-8"))
    text = json.dumps(document)
    assert "ClaimReview" in text
    assert "Example Desk" in text
    assert "https://x.test/kb/compton-chp-takeover-video" in text


def test_db_upgrade(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"is at revision {head_revision()}" in result.stdout
    assert (tmp_path / "cli.sqlite3").exists()


def test_db_upgrade_unreachable_database_is_a_readable_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "cannot migrate postgresql://nobody@127.0.0.1:1/none" in result.stderr


def test_commands_are_registered() -> None:
    assert set(cli.commands) >= {"check", "kb", "db", "console"}


def test_python_m_bot_check_json_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, end to end: one JSON line, the Compton incident first."""
    environment = {key: value for key, value in os.environ.items() if key != "KNOWLEDGE_PATHS"} | shared_cache()
    environment["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--json", "Video shows a man shooting at a CHP sergeant in Compton"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=110,  # the first process of a session trains the examples' judge (without setup's seed: embeds them)
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    [line] = completed.stdout.splitlines()
    assert json.loads(line)["matches"][0]["incident"] == COMPTON
