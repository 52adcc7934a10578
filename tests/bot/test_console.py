import io
import os
import subprocess
import sys
from pathlib import Path

from bot.console import Console
from bot.services import Services

ROOT = Path(__file__).resolve().parents[2]
CLAIM = "man shoots at chp sergeant during the compton street takeover"
QUOTE = "The sergeant related no one shot at him, as he did not see any shots being fired."
SOURCE_URL = "https://thenerdstash.com/?p=720768"


async def play(console: Console, output: io.StringIO, *lines: str) -> str:
    """Type lines; return what the console printed for them."""
    start = len(output.getvalue())
    for line in lines:
        assert await console.handle(line)
    return output.getvalue()[start:]


async def test_a_claim_prints_the_answer_card(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    printed = await play(console, output, CLAIM)
    assert printed.startswith("[bot replies in #general]\nMisleading: ")
    assert QUOTE in printed
    assert "California Highway Patrol, via KTLA" in printed
    assert SOURCE_URL in printed


async def test_cooldown_then_another_channel(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    await play(console, output, CLAIM)
    assert "within the cooldown" in await play(console, output, CLAIM)
    assert "(in #random)" in await play(console, output, "/channel #random")
    assert "[bot replies in #random]" in await play(console, output, CLAIM)


async def test_alerts_commands_change_what_the_bot_does(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    assert "(saved)" in await play(console, output, "/alerts channel off")
    assert "automatic answers are off here" in await play(console, output, CLAIM)
    await play(console, output, "/alerts channel default", "/alerts cooldown 0")
    assert "[bot replies" in await play(console, output, CLAIM)
    assert "[bot replies" in await play(console, output, CLAIM)
    status = await play(console, output, "/alerts status")
    assert "Cooldown: 0 minutes" in status
    assert "Last 24 hours: 2 answers" in status
    assert "between 0 and 10080" in await play(console, output, "/alerts cooldown 99999")
    assert "must not be above" in await play(console, output, "/alerts thresholds 50 60")
    assert "usage" in await play(console, output, "/alerts louder")


async def test_factcheck_help_and_unknown_commands(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    answer = await play(console, output, f"/factcheck {CLAIM}")
    assert answer.startswith("[bot answers privately]")
    assert QUOTE in answer
    assert "Nothing in the knowledge base" in await play(console, output, "/factcheck bananas are berries")
    assert "/factcheck <text or link>" in await play(console, output, "/help")
    assert "unknown command /dance" in await play(console, output, "/dance")
    assert "no answer" in await play(console, output, "hello everyone")
    assert not await console.handle("/quit")


def test_python_m_bot_console_with_piped_input(tmp_path: Path) -> None:
    """The real process, migrations and storage included: the CHP statement and its source are printed."""
    environment = {key: value for key, value in os.environ.items() if key != "KNOWLEDGE_PATHS"}
    environment["PYTHONPATH"] = str(ROOT)
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=f"{CLAIM}\n/alerts status\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert QUOTE in completed.stdout
    assert "California Highway Patrol" in completed.stdout
    assert SOURCE_URL in completed.stdout
    assert "Last 24 hours: 1 answer, 0 disputes" in completed.stdout
    assert (tmp_path / "console.sqlite3").exists()
