"""``python -m bot check --fetch-links`` against a loopback news site."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.settings import Settings
from tests.newssite import ALLOWED, KNOWN_POST, NewsSite, news_site

COMPTON = "compton-chp-takeover-video"
WESTMINSTER = "westminster-duran-shooting"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A runner in an empty directory, no settings from the machine, 127.0.0.1 allowed to the fetcher."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("LINK_FETCH_ALLOWED_NETWORKS", ALLOWED)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with news_site() as running:
        yield running


async def check(runner: CliRunner, *arguments: str) -> Result:
    """Run ``check`` in a thread: it runs its own event loop while the news site serves in the test's."""
    result = await asyncio.to_thread(runner.invoke, cli, ["check", *arguments])
    assert result.exit_code == 0, result.output
    return result


async def test_fetch_links_matches_what_the_page_says(runner: CliRunner, site: NewsSite) -> None:
    link = site.url("/news/story-123")
    text = f"check this out {link}"
    plain = json.loads((await check(runner, "--json", text)).stdout)
    fetched = json.loads((await check(runner, "--json", "--fetch-links", text)).stdout)
    assert plain == {"text": text, "matches": []}
    assert site.hits["/news/story-123"] == 1
    assert set(fetched) == {"text", "matches"}
    best = fetched["matches"][0]
    assert set(best) == {"incident", "claim", "claim_id", "score", "action", "reasons"}
    assert (best["incident"], best["action"]) == (COMPTON, "reply")
    assert best["reasons"][0].startswith(f"the page {link} says ")


async def test_fetch_links_reads_each_line_and_shows_the_pages_read(
    runner: CliRunner, site: NewsSite, tmp_path: Path
) -> None:
    messages = tmp_path / "messages.txt"
    repost, gone = site.url("/news/repost"), site.url("/news/gone")
    messages.write_text(f"look {repost}\nand {gone}\n{repost}\n", encoding="utf-8")
    result = await check(runner, "--fetch-links", "--file", str(messages))
    assert f"read {repost}: Watch this (canonical link {KNOWN_POST})" in result.stdout
    assert f"{WESTMINSTER} / bodycam-garbled-account" in result.stdout
    assert f"the page {repost} gives {KNOWN_POST} as its address" in result.stdout
    assert "> and " in result.stdout and "no match" in result.stdout
    assert (site.hits["/news/repost"], site.hits["/news/gone"]) == (1, 1)  # cached within the run
