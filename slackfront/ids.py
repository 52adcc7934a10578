"""Slack's string ids as the integer ids today's services and tables take, and back: the one place that converts.

Slack ids (``T…``, ``C…``, ``U…``, ``S…``: upper-case letters and digits, at most 12) are read as base-36 numbers;
a message ``ts`` (``1712345678.000200``) becomes its microseconds. Both fit a signed 64-bit column and convert back
exactly. The services already hand the front ends `bot.platform.refs` refs, holding these numbers as strings; the
`SlackPort` reads refs in either form (`slack_channel`, `slack_ts`) and gives back `service_ref`s. This module goes
away when the services keep Slack's own id strings.
"""

from __future__ import annotations

import re

from bot.platform.refs import ChannelRef, MessageRef, Platform

_ID = re.compile(r"[A-Z][A-Z0-9]{0,11}")
_TS = re.compile(r"(\d{1,12})\.(\d{6})")
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MICROS = 1_000_000


def id_to_int(slack_id: str) -> int:
    """A Slack id (``C024BE91L``) as a number (ValueError for anything else)."""
    if not _ID.fullmatch(slack_id):
        raise ValueError(f"not a Slack id: {slack_id!r}")
    return int(slack_id, 36)


def int_to_id(number: int | str) -> str:
    """The Slack id `id_to_int` made ``number`` from (the services give ids back as strings)."""
    number = int(number)
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


def int_to_ts(number: int | str) -> str:
    """The ts `ts_to_int` made ``number`` from (the services give ids back as strings)."""
    number = int(number)
    return f"{number // MICROS}.{number % MICROS:06d}"


def slack_channel(value: str) -> str:
    """A channel (or team, user) id from a ref in either form: as Slack gives it, or as the services' number."""
    return int_to_id(int(value)) if value.isdigit() else value


def slack_ts(value: str) -> str:
    """A message ts from a ref in either form (Slack's ``1712345678.000200`` or the services' microseconds)."""
    return int_to_ts(int(value)) if value.isdigit() else value


def service_ref(team: str, channel: str, ts: str, thread: str | None = None) -> MessageRef:
    """A Slack message named the way today's services name messages: its numbers, as strings."""
    number_thread = str(ts_to_int(thread)) if thread is not None and thread != ts else None
    return MessageRef(Platform.SLACK, str(id_to_int(team)), str(id_to_int(channel)), str(ts_to_int(ts)), number_thread)


def service_channel(team: str, channel: str) -> ChannelRef:
    """A Slack channel named the way today's services name channels."""
    return ChannelRef(Platform.SLACK, str(id_to_int(team)), str(id_to_int(channel)))
