"""Outbox operations (frozen dataclasses) to and from JSON-ready dicts, so they can wait in a file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def encode(value: Any) -> Any:
    """A dataclass (nested ones included) as plain JSON values; datetimes as ISO 8601 strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(cls: type[T], data: Mapping[str, Any]) -> T:
    """The dataclass `encode` turned into ``data`` (fields missing from ``data`` take their defaults)."""
    hints = _hints(cls)
    values = {
        field.name: _decode_value(hints[field.name], data[field.name])
        for field in dataclasses.fields(cls)  # type: ignore[arg-type]
        if field.name in data
    }
    return cls(**values)


def _decode_value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    for option in _options(hint):
        if option is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if dataclasses.is_dataclass(option) and isinstance(value, Mapping):
            return decode(option, value)  # type: ignore[arg-type]
        if typing.get_origin(option) is tuple:
            return tuple(value)
    return value


def _options(hint: Any) -> tuple[Any, ...]:
    """``X | None`` -> (X, NoneType); anything else -> (hint,)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return typing.get_args(hint)
    return (hint,)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
