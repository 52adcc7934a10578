"""What loading the knowledge reports: errors that kept something out, notes that did not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]
LineOf = Callable[[Loc], int | None]

_FIELD_PREFIX = re.compile(r"^(?P<loc>[A-Za-z_@][\w@.-]*): (?P<message>.+)$", re.DOTALL)
_MAX_INPUT_REPR = 80


@dataclass(frozen=True)
class LoadMessage:
    """A finding about one file: the field or place (``location``) and what is wrong there.

    ``location`` is a dotted field path (``claims.0.verdict``), a JSON item path (``[3].claimReviewed``),
    a place in the text (``line 12, column 5``), or empty for the whole file; ``line`` is the line
    number in the file when known. ``path`` is a file, or the address of a feed.
    """

    path: Path | str
    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        location = self.location
        if self.line is not None and not location.startswith("line "):
            location = f"{location} (line {self.line})" if location else f"line {self.line}"
        return f"{self.path}: {location}: {self.message}" if location else f"{self.path}: {self.message}"


class LoadError(LoadMessage):
    """A problem that kept a file, an incident or a ClaimReview item out of the knowledge base."""


class LoadNote(LoadMessage):
    """Something worth knowing that kept nothing out (skipped items, a rating read as 'unproven')."""


def validation_errors(
    path: Path | str, error: ValidationError, *, prefix: str = "", line_of: LineOf | None = None
) -> list[LoadError]:
    """One LoadError per pydantic error, located by field path (and line, when ``line_of`` knows it)."""
    found: list[LoadError] = []
    for detail in _without_echoes(error.errors(include_url=False)):
        loc: Loc = tuple(detail["loc"])
        message = str(detail["msg"])
        if not loc and detail["type"] == "value_error":
            loc, message = _split_field(message.removeprefix("Value error, "))
        message += _input_hint(detail.get("input"), detail["type"])
        at_root = detail["type"] == "missing" and len(loc) <= 1  # the document's first line says nothing
        line = line_of(loc) if line_of and not at_root else None
        found.append(LoadError(path, join_location(prefix, dotted(loc)), message, line))
    return found


def _without_echoes(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "too short" errors of a list whose items failed: pydantic reports both for one bad item."""
    failed = [tuple(detail["loc"]) for detail in details]

    def echo(detail: ErrorDetails) -> bool:
        loc = tuple(detail["loc"])
        return detail["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in failed
        )

    return [detail for detail in details if not echo(detail)]


def dotted(loc: Loc) -> str:
    """A pydantic ``loc`` as a dotted path: ``('claims', 0, 'verdict')`` -> ``claims.0.verdict``."""
    return ".".join(str(part) for part in loc)


def join_location(prefix: str, field: str) -> str:
    """Put a field path after an item's place: ``[3].url``, ``@graph[3].url``, ``line 4: url``."""
    if not prefix or not field:
        return prefix or field
    if prefix.startswith("line "):
        return f"{prefix}: {field}"
    return f"{prefix}{field}" if field.startswith("[") else f"{prefix}.{field}"


def _split_field(message: str) -> tuple[Loc, str]:
    """Model validators word their errors ``claims.0.statements: unknown ...``; recover the field path."""
    match = _FIELD_PREFIX.match(message)
    if not match:
        return (), message
    loc = tuple(int(part) if part.isdigit() else part for part in match["loc"].split("."))
    return loc, match["message"]


def _input_hint(value: object, error_type: str) -> str:
    if error_type == "missing" or not isinstance(value, str | int | float):
        return ""
    text = repr(value)
    return f" (got {text})" if len(text) <= _MAX_INPUT_REPR else ""
