"""What every export reader shares: the error, the result, and checks on untrusted JSON values."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.services.history_scan import HistoryMessage


class ExportError(Exception):
    """An export that cannot be read; the message is one sentence naming what is wrong."""


@dataclass(frozen=True)
class ChatExport:
    """The messages of an export, oldest first per channel, with where they came from."""

    platform: str
    """``discord`` or ``slack``."""
    name: str
    """The server or workspace, as the export names it (may be empty)."""
    channels: tuple[str, ...]
    messages: list[HistoryMessage]


def parse_json(data: bytes, where: str) -> Any:
    """Decode a JSON document, or raise `ExportError` saying why it is not one."""
    if not data.strip():
        raise ExportError(f"{where} is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{where} is not UTF-8 text, so it is not a JSON export.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        place = f"line {error.lineno}, column {error.colno}"
        raise ExportError(f"{where} is not valid JSON ({error.msg} at {place}).") from None
    except RecursionError:
        raise ExportError(f"{where} nests JSON too deeply to be a chat export.") from None


def kind_of(value: object) -> str:
    """A JSON value's kind, for error messages ("a list", "a number"...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def need_object(value: object, what: str) -> dict[str, Any]:
    """``value`` when it is a JSON object; else `ExportError` naming ``what``."""
    if not isinstance(value, dict):
        raise ExportError(f"{what} is {kind_of(value)}, not an object.")
    return value


def need_list(value: object, what: str) -> list[Any]:
    """``value`` when it is a JSON list; else `ExportError` naming ``what``."""
    if not isinstance(value, list):
        raise ExportError(f"{what} is {kind_of(value)}, not a list.")
    return value


def need_id(container: dict[str, Any], key: str, what: str) -> str:
    """An id field (a non-empty string, or a whole number) as a string."""
    if key not in container:
        raise ExportError(f'{what} has no "{key}".')
    value = container[key]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        found = "an empty string" if isinstance(value, str) else kind_of(value)
        raise ExportError(f'{what} has {found} as "{key}", not an id.')
    return valid_text(value.strip())


def optional_text(container: dict[str, Any], key: str, what: str) -> str:
    """A text field that may be absent or null (then ""), but not of another kind."""
    value = container.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ExportError(f'{what} has {kind_of(value)} as "{key}", not text.')
    return valid_text(value)


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (valid in JSON, not in UTF-8) replaced by ``?``, so that it can be printed."""
    return text.encode("utf-8", "replace").decode("utf-8")


def parse_timestamp(value: object, what: str) -> dt.datetime:
    """An ISO 8601 timestamp as an aware datetime (UTC when it gives no offset)."""
    if not isinstance(value, str):
        raise ExportError(f'{what} has {kind_of(value)} as "timestamp", not a date and time.')
    try:
        parsed = dt.datetime.fromisoformat(value)
        return parsed.astimezone(dt.UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise ExportError(f'{what} has an invalid "timestamp": {value[:40]!r}.') from None
