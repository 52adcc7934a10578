"""Slack's ids as the services take them: the strings themselves, checked once where they come in.

The services and tables hold platform id strings (`bot.db.types.PlatformId`), so a Slack id (``T…``, ``C…``,
``U…``, ``S…``: upper-case letters and digits, at most 12) and a message ``ts`` (``1712345678.000200``) are stored
as given; these functions only refuse anything that is not one.
"""

from __future__ import annotations

import re

_ID = re.compile(r"[A-Z][A-Z0-9]{0,11}")
_TS = re.compile(r"(\d{1,12})\.(\d{6})")


def slack_id(value: str) -> str:
    """A Slack id (``C024BE91L``), checked (ValueError for anything else)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(f"not a Slack id: {value!r}")
    return value


def slack_ts(value: str) -> str:
    """A message ts (``1712345678.000200``), checked (ValueError for anything else)."""
    if not isinstance(value, str) or _TS.fullmatch(value) is None:
        raise ValueError(f"not a Slack ts: {value!r}")
    return value
