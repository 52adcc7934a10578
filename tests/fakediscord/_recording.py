"""Recorded requests, route templates, and waiting for something to be recorded.

Public waiting helpers take a `timeout` (ruff ASYNC109 is silenced for them): the helper's own deadline,
that fails the test with an AssertionError saying what was awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


@dataclasses.dataclass
class UploadedFile:
    """A file uploaded in a multipart request (`files[n]`)."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclasses.dataclass
class RecordedRequest:
    """One REST request the bot made, with the stand-in's answer.

    `index` is the arrival order over all requests; `path` is below `/api/v10`, decoded, without the query.
    `json` is the JSON body, or the `payload_json` part of a multipart body.
    """

    index: int
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    headers: dict[str, str]
    status: int | None = None
    response: Any = None

    @property
    def ok(self) -> bool:
        """Whether the stand-in answered with a 2xx status."""
        return self.status is not None and 200 <= self.status < 300

    def __str__(self) -> str:
        return f"#{self.index} {self.method} {self.path} -> {self.status}"


@functools.lru_cache(maxsize=256)
def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^/{}]*\})", template.split("?", 1)[0])
    pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(pattern + "/?")


def path_matches(template: str, path: str) -> bool:
    """Whether `path` matches `template`, where each `{name}` stands for one path segment."""
    return _template_regex(template).fullmatch(path) is not None


def request_matches(
    request: RecordedRequest,
    method: str | None,
    path: str | None,
    predicate: Callable[[RecordedRequest], bool] | None = None,
) -> bool:
    """Whether a recorded request has this method (any if None), path template (any if None) and predicate."""
    if method is not None and request.method != method.upper():
        return False
    if path is not None and not path_matches(path, request.path):
        return False
    return predicate is None or predicate(request)


class Notifier:
    """Wakes waiters whenever the stand-in's recorded state changes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Tell every waiter to check its condition again."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, check: Callable[[], T | None], *, within: float, what: str) -> T:
        """Wait until `check()` returns something other than None, and return it.

        Raises:
            AssertionError: `within` seconds passed first; the message says what was awaited.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            result = check()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {within:g} s waiting for {what}")
            event = self._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
