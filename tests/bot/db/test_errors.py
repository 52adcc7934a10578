import sqlite3

import pytest
from sqlalchemy import exc

from bot.db.errors import is_database_unavailable


class FakeAsyncpgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def wrapped(orig: BaseException, kind: type[exc.DBAPIError] = exc.DBAPIError, **options: bool) -> exc.DBAPIError:
    error = kind("SELECT 1", None, orig, **options)  # type: ignore[arg-type]
    error.__cause__ = orig
    return error


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        ConnectionResetError(104, "Connection reset by peer"),
        TimeoutError(),  # a statement or connect timeout
        exc.TimeoutError("QueuePool limit reached"),
        wrapped(Exception("connection was closed in the middle of operation"), connection_invalidated=True),
        wrapped(sqlite3.OperationalError("database is locked"), exc.OperationalError),
        wrapped(FakeAsyncpgError("57P01")),  # admin shutdown (pg_terminate_backend)
        wrapped(FakeAsyncpgError("08006")),  # connection failure
        wrapped(FakeAsyncpgError("57P03")),  # cannot connect now: starting up
    ],
    ids=repr,
)
def test_outages_are_recognised(error: BaseException) -> None:
    assert is_database_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(FakeAsyncpgError("23505"), exc.IntegrityError),  # unique violation
        wrapped(sqlite3.OperationalError("no such table: answers"), exc.OperationalError),
        wrapped(FakeAsyncpgError("42601"), exc.ProgrammingError),  # syntax error
        ValueError("a bug"),
        KeyError("a bug"),
    ],
    ids=repr,
)
def test_mistakes_are_not_outages(error: BaseException) -> None:
    assert not is_database_unavailable(error)


def test_an_outage_found_deeper_in_the_chain_counts() -> None:
    try:
        try:
            raise ConnectionResetError(104, "reset")
        except ConnectionResetError as inner:
            raise RuntimeError("while reading settings") from inner
    except RuntimeError as outer:
        assert is_database_unavailable(outer)
