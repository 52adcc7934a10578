"""Telling "the database is unavailable" (retry later) from every other database error (a bug, or bad data).

Unavailable: the server refuses or resets connections, is shutting down or starting up, a connection was killed
(``pg_terminate_backend``), a statement or connect timed out, the pool has no connection to give. Not unavailable:
constraint violations, syntax errors, missing tables; retrying those would never succeed.
"""

from __future__ import annotations

import re

from sqlalchemy import exc

UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P", "53")
"""Connection exceptions, operator intervention (shutdown, crash, cannot connect now), insufficient resources."""
_CHAIN_LIMIT = 8
_SQLITE_MISTAKES = re.compile(r"no such (table|column|function)|syntax error|has no column", re.IGNORECASE)
"""SQLite reports these as OperationalError too, but they are mistakes in the schema or the SQL, not an outage."""


def is_database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database cannot be reached now, so a retry may succeed."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < _CHAIN_LIMIT:
        seen.add(id(current))
        if _unavailable(current):
            return True
        orig = current.orig if isinstance(current, exc.DBAPIError) else None
        current = orig if isinstance(orig, BaseException) else current.__cause__ or current.__context__
    return False


def _unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated or isinstance(error, exc.InterfaceError):
            return True
        return isinstance(error, exc.OperationalError) and not _SQLITE_MISTAKES.search(str(error.orig))
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True  # the pool waited in vain for a connection; a connection died under the pool
    if isinstance(error, OSError | TimeoutError):  # ConnectionError is an OSError
        return True
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(state, str) and state.startswith(UNAVAILABLE_SQLSTATE_PREFIXES):
        return True
    return type(error).__module__.startswith("asyncpg") and type(error).__name__ in _ASYNCPG_CONNECTION_ERRORS


_ASYNCPG_CONNECTION_ERRORS = frozenset(
    {
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "ConnectionRejectionError",
        "ClientCannotConnectError",
        "CannotConnectNowError",
        "PostgresConnectionError",
    }
)
"""asyncpg's own names for a connection that failed or went away (raised before SQLAlchemy wraps them)."""
