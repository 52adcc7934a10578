"""Database URLs: the forms people write, turned into the async drivers the application uses."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}
_BACKENDS = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}


class DatabaseUrlError(ValueError):
    """A database URL the application cannot use."""


def parse_database_url(url: str) -> URL:
    """Parse a database URL and give it an async driver (``sqlite+aiosqlite``, ``postgresql+asyncpg``).

    An explicit driver (``postgresql+psycopg://``) is kept; ``postgres://`` is read as ``postgresql://``.

    Raises:
        DatabaseUrlError: The URL cannot be parsed or names a database other than SQLite or PostgreSQL.
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError as error:
        raise DatabaseUrlError(f"cannot parse database URL {url!r}: {error}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend not in _BACKENDS:
        raise DatabaseUrlError(
            f"unsupported database URL scheme {backend!r}: use sqlite:///path/to/file.sqlite3 "
            "or postgresql://user@host/dbname"
        )
    drivername = f"{_BACKENDS[backend]}+{driver}" if driver else _ASYNC_DRIVERS[backend]
    parsed = parsed.set(drivername=drivername)
    if drivername == "postgresql+asyncpg" and "sslmode" in parsed.query and "ssl" not in parsed.query:
        # libpq spells it sslmode=require; asyncpg takes ssl=require.
        parsed = parsed.difference_update_query(["sslmode"]).update_query_dict({"ssl": parsed.query["sslmode"]})
    return parsed


def to_async_url(url: str) -> str:
    """The URL as a string with its async driver (see `parse_database_url`), password included."""
    return parse_database_url(url).render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL for logs and messages, with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"
