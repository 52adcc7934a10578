import pytest

from bot.db.urls import DatabaseUrlError, display_url, to_async_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///misinfo-bot.sqlite3", "sqlite+aiosqlite:///misinfo-bot.sqlite3"),
        ("sqlite:////var/lib/bot/bot.sqlite3", "sqlite+aiosqlite:////var/lib/bot/bot.sqlite3"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://bot@db/bot", "postgresql+asyncpg://bot@db/bot"),
        ("postgres://bot:secret@db:5433/bot", "postgresql+asyncpg://bot:secret@db:5433/bot"),
        ("postgresql+asyncpg://bot@db/bot", "postgresql+asyncpg://bot@db/bot"),
        ("postgresql+psycopg://bot@db/bot", "postgresql+psycopg://bot@db/bot"),
        ("postgres://bot@db/bot?sslmode=require", "postgresql+asyncpg://bot@db/bot?ssl=require"),
        ("  postgresql://bot@db/bot  ", "postgresql+asyncpg://bot@db/bot"),
    ],
)
def test_urls_get_the_async_driver(given: str, expected: str) -> None:
    """The usual forms become async URLs; an explicit driver is kept."""
    assert to_async_url(given) == expected


@pytest.mark.parametrize("given", ["mysql://u@h/db", "redis://localhost", "not a url", ""])
def test_unknown_schemes_are_a_clear_error(given: str) -> None:
    with pytest.raises(DatabaseUrlError, match="database URL"):
        to_async_url(given)


def test_display_hides_the_password() -> None:
    shown = display_url("postgresql://bot:hunter2@db/bot")
    assert "hunter2" not in shown
    assert "db/bot" in shown
