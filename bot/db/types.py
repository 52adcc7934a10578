"""Column types shared by the models."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the callable column default)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC; naive datetimes are refused.

    PostgreSQL keeps it as ``timestamptz``; SQLite, which has no time zones, stores the UTC wall time and
    gets the UTC zone back on reading, so comparisons in SQL stay correct on both.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert to UTC before storing (naive SQLite wall time there)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Give back an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


PLATFORM_ID_LENGTH = 64
"""Room for any platform's id: Discord snowflakes (up to 20 digits), Slack ids and ``ts`` values."""


class PlatformId(TypeDecorator[str]):
    """A chat platform's own id, as a string (a Discord snowflake's decimal digits, a Slack ``C024BE91L``).

    Integers are accepted on the way in (older callers, queued writes from before the ids were strings) and
    stored as their decimal string; what comes back is always a string.
    """

    impl = String(PLATFORM_ID_LENGTH)
    cache_ok = True

    def process_bind_param(self, value: str | int | None, dialect: Dialect) -> str | None:
        """Store the id as a string."""
        return None if value is None else str(value)

    def process_result_value(self, value: str | int | None, dialect: Dialect) -> str | None:
        """Give back a string."""
        return None if value is None else str(value)
