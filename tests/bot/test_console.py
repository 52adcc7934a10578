import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from bot.console import Console, ConsolePort
from bot.services import Services
from bot.services.cards import WITHDRAWN_TEXT, Standing, claim_card
from knowledge.matching.types import Action
from tests.caches import shared_cache

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


async def test_delivery_modes_in_the_console(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    await play(console, output, "/alerts cooldown 0", "/alerts delivery marker")
    assert "[bot marks the message" in await play(console, output, CLAIM)
    assert "(saved)" in await play(console, output, "/alerts channeldelivery thread")
    assert "[bot replies in a thread on the message]" in await play(console, output, CLAIM)
    await play(console, output, "/alerts channeldelivery moderators-only")
    assert "moderators only" in await play(console, output, CLAIM)
    assert "Delivery: marker (moderators-only in channel" in await play(console, output, "/alerts status")


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
    environment.update(shared_cache())
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
    assert not (tmp_path / "console.sqlite3").exists()  # a fresh database of its own, not the bot's


def readme_example_claim() -> str:
    """The claim the README's "Trying it without Discord" section checks."""
    readme = (ROOT / "README.md").read_text()
    line = next(line for line in readme.splitlines() if 'python -m bot check "' in line)
    return line.split('"')[1]


def test_make_run_answers_the_readme_claim_on_every_run(tmp_path: Path) -> None:
    """``make run`` without a token is ``python -m bot start``: the console, the same on each run.

    The settings name a database (as a copied .env does); the playground's cooldowns must not outlive its run.
    """
    environment = {key: value for key, value in os.environ.items() if key not in ("KNOWLEDGE_PATHS", "DISCORD_TOKEN")}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(shared_cache())
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    environment["LINK_FETCHING"] = "false"
    claim = readme_example_claim()

    outputs = []
    for _ in range(2):
        completed = subprocess.run(
            [sys.executable, "-m", "bot", "start"],
            input=f"{claim}\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        outputs.append(completed.stdout)

    for output in outputs:
        assert output.startswith("[bot replies in #general]\nMisleading: "), output
        assert QUOTE in output
    assert outputs[0] == outputs[1]


def test_console_database_option_keeps_cooldowns_across_runs(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "KNOWLEDGE_PATHS"}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(shared_cache())
    kept = f"sqlite:///{tmp_path / 'kept.sqlite3'}"

    def run() -> str:
        return subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "bot", "console", "--database", kept],
            input=f"{CLAIM}\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment,
            timeout=60,
            check=True,
        ).stdout

    assert QUOTE in run()
    assert "within the cooldown" in run()


async def test_a_corrected_answer_prints_its_update_line_and_the_current_record(services: Services) -> None:
    output = io.StringIO()
    console = Console(services, output)
    card = claim_card(
        services.knowledge.knowledge,
        "compton-chp-takeover-video",
        "man-shot-at-chp-sergeant",
        reasons=(),
        score=90,
        action=Action.REPLY,
    )
    withdrawn = replace(card, standing=Standing.WITHDRAWN, clarification=WITHDRAWN_TEXT, statements=(), rating=None)
    note = "Updated 2026-12-05: claim withdrawn"

    await ConsolePort(console).edit_answer(console.new_message(), withdrawn, update_note=note)

    printed = output.getvalue()
    assert printed.startswith(f"[bot edits its answer]\n{note}\nWithdrawn: Video shows a man shooting at a CHP")
    assert WITHDRAWN_TEXT in printed
    assert QUOTE not in printed and "Why this answer" not in printed
