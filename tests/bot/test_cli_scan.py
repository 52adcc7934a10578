"""``python -m bot scan``: chat exports in, a report out; nothing posted, no link fetched."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.bot.exports.helpers import (
    CHAT,
    CLAIM,
    UNSURE,
    dce_document,
    dce_message,
    write_json,
    write_slack_folder,
    write_slack_zip,
)
from tests.caches import shared_cache

ROOT = Path(__file__).resolve().parents[2]
COMPTON = "compton-chp-takeover-video"
CLAIM_ID = "man-shot-at-chp-sergeant"
HOSTILE = '<script>alert("x")</script> ' + CLAIM


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    for name in ("KNOWLEDGE_PATHS", "REPLY_THRESHOLD", "REVIEW_THRESHOLD", "LINK_FETCHING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    messages = [
        dce_message("1001", CLAIM),
        dce_message("1002", CHAT),
        dce_message("1003", UNSURE, timestamp="2026-11-22T08:00:00+00:00"),
        dce_message("1004", HOSTILE, timestamp="2026-11-22T09:00:00+00:00"),
    ]
    return write_json(tmp_path / "export.json", dce_document(messages))


def test_the_readable_report(runner: CliRunner, export: Path) -> None:
    result = runner.invoke(cli, ["scan", str(export)])

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Scanned 4 messages in 1 channel (discord export of 'Test server', 2026-11-20 to 2026-11-22)" in out
    assert "would have answered 2 messages and queued 1 for moderators' review" in out
    assert f"at a Compton street takeover [{COMPTON}]: 3 messages" in out
    assert f"claim {CLAIM_ID}:" in out
    assert "2 would be answered, 1 queued for review" in out
    assert "https://discord.com/channels/1100000000000000001/1100000000000000002/1001" in out
    assert "@Alice in #general" in out


def test_json_prints_only_one_object_per_answered_or_queued_message(runner: CliRunner, export: Path) -> None:
    result = runner.invoke(cli, ["scan", "--json", str(export)])

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    actions = [(line["id"], line["action"]) for line in lines]
    assert actions == [("1001", "reply"), ("1003", "review"), ("1004", "reply")]
    for line in lines:
        assert set(line) == {"id", "incident", "claim", "action", "score"}
        assert (line["incident"], line["claim"]) == (COMPTON, CLAIM_ID)
        assert isinstance(line["score"], int) and 0 <= line["score"] <= 100


def test_json_of_a_slack_zip_uses_the_ts_as_id(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["scan", "--json", str(write_slack_zip(tmp_path / "slack.zip"))])

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    # the bot's own message (bot_message) and the join notice are not assessed
    assert [(line["id"], line["action"]) for line in lines] == [
        ("1763634600.000100", "reply"),
        ("1763721100.000200", "review"),
        ("1763807400.000001", "reply"),
    ]


def test_a_slack_folder_report(runner: CliRunner, tmp_path: Path) -> None:
    folder = write_slack_folder(tmp_path / "slack")
    result = runner.invoke(cli, ["scan", "--slack-url", "https://team.slack.com", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Scanned 6 messages in 2 channels (slack export, 2025-11-20 to 2025-11-22); 2 skipped" in result.stdout
    assert "https://team.slack.com/archives/C0001/p1763634600000100" in result.stdout


def test_html_report(runner: CliRunner, export: Path, tmp_path: Path) -> None:
    page = tmp_path / "out" / "report.html"
    page.parent.mkdir()
    result = runner.invoke(cli, ["scan", "--json", "--html", str(page), str(export)])

    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3  # still only the JSON lines
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text and "Matches per day" in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "<script" not in text
    assert "src=" not in text and "<link" not in text  # self-contained
    assert '<a href="https://discord.com/channels/1100000000000000001/1100000000000000002/1001">' in text


def test_nothing_matched(runner: CliRunner, tmp_path: Path) -> None:
    path = write_json(tmp_path / "e.json", dce_document([dce_message("1", CHAT)]))
    page = tmp_path / "r.html"
    result = runner.invoke(cli, ["scan", "--html", str(page), str(path)])
    assert result.exit_code == 0, result.output
    assert "Nothing matched" in result.stdout
    assert "No message matched a known claim." in page.read_text(encoding="utf-8")
    assert runner.invoke(cli, ["scan", "--json", str(path)]).stdout == ""


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ("{", "export.json is not valid JSON (Expecting property name enclosed in double quotes at line 1, column 2)."),
        (
            "[]",
            "export.json is a JSON list, not a DiscordChatExporter export (an object with guild, channel and "
            "messages); a Slack export is read from its folder or zip.",
        ),
        (json.dumps(dce_document([{"id": "5"}])), 'export.json: message #1 (id 5) has no "timestamp".'),
    ],
)
def test_a_malformed_export_gets_one_sentence(runner: CliRunner, tmp_path: Path, content: str, sentence: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")

    result = runner.invoke(cli, ["scan", "--json", str(path)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {sentence}\n"


def test_the_real_command_prints_only_json_lines(tmp_path: Path, export: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env"), "scan", "--json", str(export)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "LINK_FETCHING": "false", "HOME": str(tmp_path), **shared_cache()},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["1001", "1003", "1004"]


def test_lone_surrogates_and_terminal_escapes_are_printed_harmlessly(runner: CliRunner, tmp_path: Path) -> None:
    document = dce_document([dce_message("7", "\ud83d \x1b[31m" + CLAIM, author={"id": "9", "name": "\udc00x"})])
    path = tmp_path / "e.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # json escapes the surrogates as \\ud83d
    page = tmp_path / "r.html"

    result = runner.invoke(cli, ["scan", "--html", str(page), str(path)])

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "@?x in #general" in result.stdout
    assert "? [31mCrazy video" in page.read_text(encoding="utf-8")


def test_an_html_report_that_cannot_be_written(runner: CliRunner, export: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["scan", "--html", str(tmp_path / "missing" / "r.html"), str(export)])
    assert result.exit_code == 1
    assert result.stderr.endswith("r.html cannot be written: No such file or directory.\n")
