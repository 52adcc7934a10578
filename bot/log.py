"""Logging: one stderr handler for the process. Modules use ``log = logging.getLogger(__name__)``.

Log ids (guild, channel, message, answer), never what members wrote.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
NOISY_LOGGERS = ("aiosqlite", "asyncio", "sqlalchemy.engine", "alembic.runtime.migration", "discord.gateway")


def setup_logging(level: str | int = "INFO") -> None:
    """Send log records at ``level`` and above to stderr; quiet libraries that log every step at INFO."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_misinfo_bot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._misinfo_bot = True  # type: ignore[attr-defined]  # so a second call replaces it
    root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
