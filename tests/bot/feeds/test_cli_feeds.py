"""``python -m bot kb feeds``: each feed's state as the bot stored it in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.db.types import utcnow
from bot.feeds import FeedState, FeedStore

GOOD = "https://checks.example.org/feed.json"
STALE = "https://other.example.net/claims.jsonl"
NEW = "https://new.example.com/feed.json"


async def _store(url: str, *states: FeedState) -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
        store = FeedStore(create_session_factory(engine))
        for state in states:
            await store.save(state)
    finally:
        await engine.dispose()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    now = utcnow()
    good = FeedState(GOOD, etag='"v2"', checked_at=now, succeeded_at=now, changed_at=now, reviews=120, problems=2)
    old = now - dt.timedelta(days=3)
    stale = FeedState(STALE, checked_at=now, succeeded_at=old, changed_at=old, reviews=40, error="http-503")
    asyncio.run(_store(url, good, stale))
    return {"DATABASE_URL": url, "KNOWLEDGE_FEEDS": f"{GOOD},{STALE},{NEW}"}


def test_kb_feeds_shows_each_feeds_state(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["kb", "feeds"], env=env)
    assert result.exit_code == 1  # one is stale, one never polled
    lines = result.stdout.splitlines()
    assert lines[0] == f"{GOOD}: ok"
    assert lines[2] == "  reviews in use: 120 (2 items left out)"
    assert lines[3] == f"{STALE}: stale"
    assert lines[6] == "  error: http-503"
    assert lines[7] == f"{NEW}: never polled"


def test_kb_feeds_json(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["kb", "feeds", "--json"], env=env)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(row["url"], row["status"], row["reviews"], row["error"]) for row in rows] == [
        (GOOD, "ok", 120, None),
        (STALE, "stale", 40, "http-503"),
        (NEW, "never polled", 0, None),
    ]


def test_kb_feeds_all_good_exits_0(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["kb", "feeds"], env={**env, "KNOWLEDGE_FEEDS": GOOD})
    assert result.exit_code == 0, result.output
    assert f"note: {STALE} has a stored state but is not in KNOWLEDGE_FEEDS any more" in result.stderr
