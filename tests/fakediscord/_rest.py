"""The REST half of the stand-in: recording, authentication, injected faults and routing."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakediscord._core import Core
from tests.fakediscord._faults import ApiResponse
from tests.fakediscord._recording import RecordedRequest, UploadedFile

API_PREFIX = "/api/v10"
log = logging.getLogger(__name__)


@dataclasses.dataclass
class ApiRequest:
    """A routed request: its record and the values of the route's `{placeholders}`."""

    record: RecordedRequest
    params: dict[str, str]

    @property
    def body(self) -> dict[str, Any]:
        """The JSON body (or `payload_json`), `{}` if there is none."""
        return self.record.json if isinstance(self.record.json, dict) else {}

    def snowflake(self, name: str) -> int:
        """A route placeholder as an integer id."""
        return int(self.params[name])


Handler = Callable[[ApiRequest], Awaitable[ApiResponse]]


def ok(body: Any) -> ApiResponse:
    """A 200 answer with a JSON body."""
    return ApiResponse(200, body)


def no_content() -> ApiResponse:
    """A 204 answer."""
    return ApiResponse(204)


def error(status: int, code: int, message: str, errors: Any = None) -> ApiResponse:
    """An error answer with Discord's error JSON."""
    body: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return ApiResponse(status, body)


class Router:
    """Routes `(method, path)` to handlers; each `{name}` in a template matches one path segment."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler, bool]] = []

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        """Register a handler; `auth=False` for routes Discord serves without the bot token."""
        parts = re.split(r"\{(\w+)\}", template)
        pattern = "".join(f"(?P<{p}>[^/]+)" if i % 2 else re.escape(p) for i, p in enumerate(parts))
        self._routes.append((method, re.compile(pattern), handler, auth))

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, str], bool] | None:
        """The handler, placeholder values and auth flag for a request, or None."""
        for route_method, pattern, handler, auth in self._routes:
            found = pattern.fullmatch(path)
            if route_method == method and found:
                return handler, found.groupdict(), auth
        return None


class RestApi:
    """Records every API request, then answers it with a fault, a 401, a 404 or the routed handler."""

    def __init__(self, core: Core, router: Router) -> None:
        self._core = core
        self._router = router

    async def handle(self, request: web.Request) -> web.Response:
        """aiohttp handler for everything under `/api/v10`."""
        record = await self._record(request)
        try:
            response = await self._answer(record, request)
        except Exception as exc:  # a bug of the stand-in: fail the test with it, answer without retries
            log.exception("the Discord stand-in failed on %s", record)
            self._core.violation(f"the stand-in itself failed on {record}: {exc!r}")
            response = error(501, 0, f"stand-in error: {exc!r}")
        record.status, record.response = response.status, response.body
        self._core.notifier.notify()
        headers = dict(response.headers)
        if response.body is None:
            return web.Response(status=response.status, headers=headers)
        headers["Content-Type"] = "application/json"
        return web.Response(status=response.status, body=json.dumps(response.body).encode(), headers=headers)

    async def _answer(self, record: RecordedRequest, request: web.Request) -> ApiResponse:
        fault = self._core.faults.take(record.method, record.path)
        if fault is not None and not fault.after_handling:
            return fault.response()
        handled = await self._route(record, request)
        return fault.response() if fault is not None else handled

    async def _route(self, record: RecordedRequest, request: web.Request) -> ApiResponse:
        match = self._router.match(record.method, record.path)
        if match is None:
            self._core.unknown_routes.append(record)
            return error(404, 0, "404: Not Found")
        handler, params, auth = match
        if auth and request.headers.get("Authorization") != f"Bot {self._core.world.token}":
            return error(401, 0, "401: Unauthorized")
        return await handler(ApiRequest(record, params))

    async def _record(self, request: web.Request) -> RecordedRequest:
        body: Any = None
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            body, files = await _read_multipart(request)
        elif request.can_read_body:
            text = await request.text()
            body = json.loads(text) if request.content_type == "application/json" and text else text or None
        record = RecordedRequest(
            index=len(self._core.requests),
            method=request.method,
            path=request.path.removeprefix(API_PREFIX),
            query=dict(request.query),
            json=body,
            files=files,
            headers=dict(request.headers),
        )
        self._core.requests.append(record)
        return record


async def _read_multipart(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    body: Any = None
    files: list[UploadedFile] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, aiohttp.BodyPartReader):
            continue
        data = await part.read()
        if part.name == "payload_json":
            body = json.loads(data)
        else:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(UploadedFile(part.name or "", part.filename or "", content_type, bytes(data)))
    return body, files
