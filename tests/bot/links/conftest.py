"""Loopback HTTP servers and a stub resolver for the link fetcher tests.

Every test fetcher uses `StubResolver`, so no test asks a real DNS server, and a policy that allows only
127.0.0.1, so nothing else can be connected to.
"""

import asyncio
import collections
import gzip
import ipaddress
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.links import FetchPolicy, LinkFetcher

ALLOWED_HOST = "127.0.0.1"
TEST_POLICY = FetchPolicy(
    allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),),
    total_timeout=2.0,
    connect_timeout=1.0,
    max_bytes=64 * 1024,
)

PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<title>  The   page
 title </title>
<meta property="og:title" content="OG title">
<meta property="og:description" content="OG description">
<meta name="twitter:title" content="Twitter title">
<meta name="twitter:description" content="Twitter description">
<meta name="description" content="Plain description">
<link rel="canonical" href="/articles/1?x=1#frag">
</head><body><p>Body text</p></body></html>"""


class StubResolver(AbstractResolver):
    """Answers from a table; each name maps to a list of answers handed out in turn (the last one repeats)."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        turns = self.answers.get(host)
        if not turns:
            raise OSError(f"stub resolver has no answer for {host}")
        addresses = turns.pop(0) if len(turns) > 1 else turns[0]
        return [_result(host, address, port) for address in addresses]

    async def close(self) -> None:
        return None


def _result(host: str, address: str, port: int) -> ResolveResult:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return {"hostname": host, "host": address, "port": port, "family": family, "proto": 0, "flags": 0}


@dataclass
class Recorder:
    """Counts requests per path, and the most requests in progress at once."""

    hits: collections.Counter[str] = field(default_factory=collections.Counter)
    active: int = 0
    peak: int = 0
    sent_bytes: int = 0

    @property
    def total(self) -> int:
        return sum(self.hits.values())


@asynccontextmanager
async def serve(app: web.Application, host: str = ALLOWED_HOST, port: int = 0) -> AsyncIterator[int]:
    """Run `app` on `host` and yield its port."""
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    try:
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


def recording_app(recorder: Recorder) -> web.Application:
    """A server that only records hits; used where nothing may ever connect."""

    async def anything(request: web.Request) -> web.Response:
        recorder.hits[request.path] += 1
        return web.Response(text="<title>should never be seen</title>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", anything)
    return app


def site_app(recorder: Recorder) -> web.Application:
    """The main test site: pages, redirects, shortener, size and time traps."""

    @web.middleware
    async def count(request: web.Request, handler: Callable) -> web.StreamResponse:
        recorder.hits[request.path] += 1
        recorder.active += 1
        recorder.peak = max(recorder.peak, recorder.active)
        try:
            return await handler(request)
        finally:
            recorder.active -= 1

    app = web.Application(middlewares=[count])
    routes = web.RouteTableDef()

    @routes.get("/page")
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    @routes.get("/chain/{n:\\d+}")
    async def chain(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        status = int(request.query.get("status", "302"))
        location = "../page" if n == 0 else f"{n - 1}?status={status}"  # relative Location headers
        return web.Response(status=status, headers={"Location": location})

    @routes.get("/s/{code}")
    async def shortener(request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": f"http://{request.host}/page"})

    @routes.get("/to")
    async def redirect_to(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": request.query["url"]})

    @routes.get("/status/{code:\\d+}")
    async def status(request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="<title>error page</title>")

    @routes.get("/redirect-no-location")
    async def no_location(request: web.Request) -> web.Response:
        return web.Response(status=302)

    @routes.get("/png")
    async def png(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")

    @routes.get("/json")
    async def json(request: web.Request) -> web.Response:
        return web.json_response({"title": "not a page"})

    @routes.get("/xhtml")
    async def xhtml(request: web.Request) -> web.Response:
        return web.Response(text="<html><head><title>XHTML</title></head></html>", content_type="application/xhtml+xml")

    @routes.get("/latin1")
    async def latin1(request: web.Request) -> web.Response:
        body = "<title>Caf\u00e9 cr\u00e8me</title>".encode("latin-1")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})

    @routes.get("/meta-charset")
    async def meta_charset(request: web.Request) -> web.Response:
        body = '<meta charset="windows-1251"><title>Привет</title>'.encode("cp1251")
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    @routes.get("/bad-bytes")
    async def bad_bytes(request: web.Request) -> web.Response:
        return web.Response(
            body=b"<title>ok \xff\xfe end</title>", headers={"Content-Type": "text/html; charset=utf-8"}
        )

    @routes.get("/huge")
    async def huge(request: web.Request) -> web.StreamResponse:
        head = b"<html><head><title>Huge page</title></head><body>" if request.query.get("meta") else b"<html>"
        return await _stream(request, recorder, head, total=64 * 1024 * 1024)

    @routes.get("/gzip-bomb")
    async def gzip_bomb(request: web.Request) -> web.Response:
        body = gzip.compress(b"<title>Bomb</title>" + b" " * (8 * 1024 * 1024), compresslevel=9)
        return web.Response(body=body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})

    @routes.get("/sleep")
    async def sleep(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response(text="<title>late</title>", content_type="text/html")

    @routes.get("/trickle")
    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(300):
            await response.write(b" ")
            await asyncio.sleep(0.1)
        return response

    @routes.get("/busy")
    async def busy(request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.query.get("delay", "0.1")))
        return web.Response(text="<title>busy</title>", content_type="text/html")

    app.add_routes(routes)
    return app


async def _stream(request: web.Request, recorder: Recorder, head: bytes, total: int) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html"})
    await response.prepare(request)
    await response.write(head)
    chunk = b"<p>" + b"x" * 65530 + b"</p>"
    try:
        while recorder.sent_bytes < total:
            await response.write(chunk)
            recorder.sent_bytes += len(chunk)
    except (ConnectionResetError, ConnectionError):
        return response
    return response


@dataclass
class Site:
    """A running test site."""

    port: int
    recorder: Recorder

    def url(self, path: str) -> str:
        return f"http://{ALLOWED_HOST}:{self.port}{path}"

    def redirect_to(self, target: str) -> str:
        """A URL on this site that answers with a 302 to `target`."""
        return str(URL(self.url("/to")).with_query(url=target))


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    recorder = Recorder()
    async with serve(site_app(recorder)) as port:
        yield Site(port, recorder)


@pytest.fixture
def stub_resolver() -> StubResolver:
    return StubResolver()


@pytest.fixture
async def fetcher(stub_resolver: StubResolver) -> AsyncIterator[LinkFetcher]:
    async with LinkFetcher(TEST_POLICY, resolver=stub_resolver) as fetcher:
        yield fetcher


@pytest.fixture
async def make_fetcher(stub_resolver: StubResolver) -> AsyncIterator[Callable[..., LinkFetcher]]:
    """Build fetchers with `TEST_POLICY` overridden by keyword arguments; all closed after the test."""
    built: list[LinkFetcher] = []

    def build(**overrides: object) -> LinkFetcher:
        fetcher = LinkFetcher(replace(TEST_POLICY, **overrides), resolver=stub_resolver)
        built.append(fetcher)
        return fetcher

    yield build
    for fetcher in built:
        await fetcher.close()
