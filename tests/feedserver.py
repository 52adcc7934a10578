"""A ClaimReview feed publisher on loopback: versions with ETags, 304s, errors, slow and huge answers.

``async with feed_server() as feed:`` serves ``feed.url("/checks.json")`` on 127.0.0.1 (a free port). Set what
it publishes with ``feed.publish(document)`` (JSON) or ``feed.publish_text(text, content_type=...)``; it answers
``If-None-Match`` with 304 when the ETag matches. ``feed.status``, ``feed.trickle`` (seconds between bytes),
``feed.huge`` (bytes streamed) and ``feed.cut`` (announce more than is sent) make it misbehave. ``feed.requests``
records each request's conditional headers. Fetchers must allow 127.0.0.1/32 (`ALLOWED`) for the host.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

HOST = "127.0.0.1"
ALLOWED = "127.0.0.1/32"
LAST_MODIFIED = "Mon, 06 May 2024 12:00:00 GMT"


def claim_review(number: int, claim: str, *, rating: str = "False", **changes: object) -> dict[str, object]:
    """One ClaimReview of the publisher, numbered for a stable URL."""
    item: dict[str, object] = {
        "@type": "ClaimReview",
        "url": f"https://checks.example.org/reviews/{number}",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Loopback Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "datePublished": "2024-05-06",
    }
    item.update(changes)
    return item


def data_feed(*reviews: dict[str, object]) -> dict[str, object]:
    """A DataFeed of the reviews."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [review]} for review in reviews],
    }


@dataclass
class FeedServer:
    """A running feed publisher."""

    port: int = 0
    body: bytes = b"[]"
    content_type: str = "application/json"
    status: int = 200
    trickle: float = 0.0
    huge: int = 0
    cut: bool = False
    send_validators: bool = True
    requests: list[dict[str, str | None]] = field(default_factory=list)

    def url(self, path: str = "/checks.json") -> str:
        return f"http://{HOST}:{self.port}{path}"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def publish(self, document: object) -> None:
        self.publish_text(json.dumps(document), content_type="application/ld+json")

    def publish_text(self, text: str, *, content_type: str = "application/json") -> None:
        self.body, self.content_type = text.encode(), content_type

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            {
                "path": request.path,
                "if-none-match": request.headers.get("If-None-Match"),
                "if-modified-since": request.headers.get("If-Modified-Since"),
            }
        )
        if request.path.startswith("/redirect"):
            raise web.HTTPFound(request.query["to"])
        if self.status != 200:
            return web.Response(status=self.status, text="unavailable")
        validators = {"ETag": self.etag, "Last-Modified": LAST_MODIFIED} if self.send_validators else {}
        if self.send_validators and request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers=validators)
        if self.huge or self.trickle or self.cut:
            return await self._misbehave(request, validators)
        return web.Response(body=self.body, content_type=self.content_type, headers=validators)

    async def _misbehave(self, request: web.Request, validators: dict[str, str]) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": self.content_type, **validators})
        if self.cut:
            response.content_length = len(self.body) * 2
        await response.prepare(request)
        if self.huge:
            chunk = b" " * 65536
            for _ in range(self.huge // len(chunk)):
                await response.write(chunk)
        elif self.trickle:
            for byte in self.body:
                await response.write(bytes([byte]))
                await asyncio.sleep(self.trickle)
        else:
            await response.write(self.body)
            request.transport.close()  # the rest never comes
            return response
        await response.write_eof()
        return response


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    """Serve a `FeedServer` on loopback until the block ends."""
    server = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    server.port = runner.addresses[0][1]
    try:
        yield server
    finally:
        await runner.cleanup()
