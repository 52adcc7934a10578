"""Logging: one stderr handler for the process. Modules use ``log = logging.getLogger(__name__)``.

Log ids (guild, channel, message, answer), never what members wrote. With ``LOG_FORMAT=json`` each record is one
JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, and ``guild_id``,
``channel_id``, ``message_id`` when known: given as ``extra=`` or set for a whole unit of work with `log_context`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import sys
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Literal

import pythonjsonlogger.json

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
NOISY_LOGGERS = (
    "aiosqlite",
    "asyncio",
    "sqlalchemy.engine",
    "alembic.runtime.migration",
    "discord.gateway",
    "discord.http",  # at DEBUG it logs response bodies: a reply's referenced message, with what a member wrote
)
CONTEXT_FIELDS = ("guild_id", "channel_id", "message_id")

_context: contextvars.ContextVar[Mapping[str, int]] = contextvars.ContextVar(
    "misinfo_log_context", default=MappingProxyType({})
)


@contextlib.contextmanager
def log_context(**ids: int | None) -> Iterator[None]:
    """Within the block, and tasks started in it, log records carry these ids (``guild_id``, ``channel_id``...)."""
    token = _context.set({**_context.get(), **{name: value for name, value in ids.items() if value is not None}})
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    """Copies the `log_context` ids onto each record that does not carry them already (always passes)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the ids; keep the record."""
        for name, value in _context.get().items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """One JSON object per record: time, level, logger, message, the known ids, and the traceback if any.

    python-json-logger does the work; this sets the field names and the time format (UTC, milliseconds). Ids reach
    the record as attributes (``extra=`` or `ContextFilter`), which python-json-logger adds as fields.
    """

    def __init__(self) -> None:
        super().__init__(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "exc_info": "exception",
                "stack_info": "stack",
            },
            json_default=str,
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC with milliseconds, e.g. ``2026-12-05T06:00:00.123+00:00``."""
        return dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds")


def setup_logging(level: str | int = "INFO", log_format: Literal["text", "json"] = "text") -> None:
    """Send log records at ``level`` and above to stderr, as text or JSON lines; quiet libraries' step-by-step logs."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_misinfo_bot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(FORMAT))
    handler.addFilter(ContextFilter())
    handler._misinfo_bot = True  # type: ignore[attr-defined]  # so a second call replaces it
    root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
