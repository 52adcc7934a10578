"""The engine and session factory: created once in ``main()`` and passed to whoever needs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState

from bot.db.urls import parse_database_url

SessionFactory = async_sessionmaker[AsyncSession]


def create_engine(url: str, *, schema: str | None = None, timeout: float | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine for a database URL in any form `parse_database_url` accepts.

    Pooled connections to a server are pinged before use (``pool_pre_ping``), so one the server closed or killed is
    replaced instead of failing the next statement. SQLite's are not (no server can close them), and are rolled back
    on their return to the pool only when a transaction is open (`_sqlite_options`).

    Args:
        url: The database URL, e.g. ``sqlite:///misinfo-bot.sqlite3`` or ``postgresql://bot@db/bot``.
        schema: PostgreSQL only: the schema to work in (its ``search_path``), e.g. one per test.
        timeout: Seconds a connect, a statement (PostgreSQL) or a wait for a pooled connection may take before
            failing with a `TimeoutError`, so a dead server fails fast instead of hanging callers; None: the
            drivers' defaults (no statement timeout).
        **kwargs: Passed to SQLAlchemy's ``create_async_engine`` (``poolclass``, ``echo``...).
    """
    parsed = parse_database_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _sqlite_options(kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    if schema is not None:
        if parsed.drivername != "postgresql+asyncpg":
            raise ValueError("a schema can only be chosen on PostgreSQL with asyncpg")
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("server_settings", {})["search_path"] = schema
    if timeout is not None:
        _set_timeouts(kwargs, parsed.drivername, timeout)
    engine = _create_async_engine(parsed, **kwargs)
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if kwargs["pool_reset_on_return"] is None:
            event.listen(engine.sync_engine, "reset", _rollback_if_open)
    return engine


def _sqlite_options(kwargs: dict[str, Any]) -> None:
    """No ping, and no rollback on return after a commit: on aiosqlite each costs trips to the connection's thread
    (a ping four), in every transaction (an answer's reservation makes one, its record another).
    """  # noqa: D205
    kwargs.setdefault("pool_pre_ping", False)
    kwargs.setdefault("pool_reset_on_return", None)  # `_rollback_if_open` resets instead


def _rollback_if_open(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, state: PoolResetState) -> None:
    """What the pool's own reset does (roll back, unless garbage-collected off the loop), only when a transaction is
    open: a rollback without one does nothing, but costs a trip to aiosqlite's thread.
    """  # noqa: D205
    if state.asyncio_safe and getattr(record.driver_connection, "in_transaction", True):
        dbapi_connection.rollback()


def _set_timeouts(kwargs: dict[str, Any], drivername: str, timeout: float) -> None:
    """Set the connect and statement timeouts of asyncpg, and the pool wait (SQLite keeps its busy timeout)."""
    if drivername != "postgresql+asyncpg":
        return
    connect_args = kwargs.setdefault("connect_args", {})
    connect_args.setdefault("timeout", timeout)
    connect_args.setdefault("command_timeout", timeout)
    if kwargs.get("poolclass") is None:
        kwargs.setdefault("pool_timeout", timeout)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys (SQLite leaves them off per connection); write ahead (WAL) and sync at checkpoints
    only (`synchronous=NORMAL`): a commit no longer waits for the disk (an answer's reservation, then its record,
    each commit), readers (the CLI beside the bot) no longer wait for writers, and a crash of the process loses
    nothing committed (a power cut may lose the last commits, never the file's consistency).
    """  # noqa: D205
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Sessions for units of work: one per event or interaction, committed explicitly."""
    return async_sessionmaker(engine, expire_on_commit=False)
