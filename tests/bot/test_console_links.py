"""The console reads unknown links' pages like the bot does, and ``/alerts linkfetch`` turns that off."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console import run_console
from bot.settings import Settings
from tests.newssite import ALLOWED, news_site


async def test_the_console_reads_linked_pages_until_turned_off(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'console.sqlite3'}", link_fetch_allowed_networks=[ALLOWED]
    )
    output = io.StringIO()
    async with news_site() as site:
        lines = [
            f"check this out {site.url('/news/story-1')}",
            "/alerts linkfetch off",
            f"check this out {site.url('/news/story-2')}",
            "/alerts status",
        ]
        await run_console(settings, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=output)
    printed = output.getvalue()
    assert printed.startswith("[bot replies in #general]\nMisleading: ")
    assert f"the page {site.url('/news/story-1')} says" in printed
    assert "(saved)\n(no answer)\n" in printed
    assert (site.hits["/news/story-1"], site.hits["/news/story-2"]) == (1, 0)
