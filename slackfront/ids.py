"""Slack's string ids as the integer ids today's services and tables take, and back: the one place that converts.

Slack ids (``T…``, ``C…``, ``U…``, ``S…``: upper-case letters and digits, at most 12) are read as base-36 numbers;
a message ``ts`` (``1712345678.000200``) becomes its microseconds. Both fit a signed 64-bit column and convert back
exactly. This module goes away when the services take platform-neutral refs (`bot.platform.refs`).
"""

from __future__ import annotations

import re

_ID = re.compile(r"[A-Z][A-Z0-9]{0,11}")
_TS = re.compile(r"(\d{1,12})\.(\d{6})")
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MICROS = 1_000_000


def id_to_int(slack_id: str) -> int:
    """A Slack id (``C024BE91L``) as a number (ValueError for anything else)."""
    if not _ID.fullmatch(slack_id):
        raise ValueError(f"not a Slack id: {slack_id!r}")
    return int(slack_id, 36)


def int_to_id(number: int) -> str:
    """The Slack id `id_to_int` made ``number`` from."""
    if number <= 0:
        raise ValueError(f"not a converted Slack id: {number}")
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits))


def ts_to_int(ts: str) -> int:
    """A message ts (``1712345678.000200``) as microseconds (ValueError for anything else)."""
    found = _TS.fullmatch(ts)
    if found is None:
        raise ValueError(f"not a Slack ts: {ts!r}")
    return int(found.group(1)) * MICROS + int(found.group(2))


def int_to_ts(number: int) -> str:
    """The ts `ts_to_int` made ``number`` from."""
    return f"{number // MICROS}.{number % MICROS:06d}"
