"""A news site on loopback for the link-reading tests: pages repeating a known claim, a repost, redirects, errors.

``async with news_site() as site:`` serves on 127.0.0.1 (a free port); ``site.hits`` counts requests per path.
Fetchers in tests must allow 127.0.0.1/32 explicitly (`ALLOWED`): it is refused by default.
"""

from __future__ import annotations

import asyncio
import collections
import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

HOST = "127.0.0.1"
ALLOWED = "127.0.0.1/32"
HEADLINE = "Man shoots at CHP sergeant during Compton street takeover"
"""A headline repeating compton-chp-takeover-video / man-shot-at-chp-sergeant."""
KNOWN_POST = (
    "https://spamchronicles.com/alysha-duran-is-shot-and-killed-by-a-police-officer-in-westminster-colorado-"
    "after-stopping-a-car-on-the-wrong-side-of-the-street-and-reaching-for-her-gun"
)
"""A known post of westminster-duran-shooting / bodycam-garbled-account."""


def page(title: str, *, description: str = "", canonical: str | None = None) -> str:
    """An HTML page declaring OpenGraph and Twitter titles (and a canonical link when given)."""
    title, description = html.escape(title), html.escape(description)
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    return (
        f"<!doctype html><html><head><title>{title} | Example News</title>"
        f'<meta property="og:title" content="{title}"><meta property="og:description" content="{description}">'
        f'<meta name="twitter:title" content="{title}">{link}</head><body><p>Story text.</p></body></html>'
    )


@dataclass
class NewsSite:
    """A running news site."""

    port: int
    host: str = HOST
    hits: collections.Counter[str] = field(default_factory=collections.Counter)
    redirects: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Requests served so far."""
        return sum(self.hits.values())

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def redirect_to(self, target: str) -> str:
        """A link on this site answering with a 302 to ``target`` (which does not appear in the link)."""
        code = f"r{len(self.redirects) + 1}"
        self.redirects[code] = target
        return self.url(f"/go/{code}")


def news_app(site: NewsSite) -> web.Application:
    """The site's pages.

    ``/news/story-*``: the claim's headline (``/news/late-*``: the same after 0.3 s); ``/news/repost``: a canonical
    link to a known post; ``/news/pizza``: an ordinary page; ``/go/<code>``: a redirect (`NewsSite.redirect_to`);
    anything else: 404.
    """

    @web.middleware
    async def count(request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
        site.hits[request.path] += 1
        return await handler(request)

    async def story(request: web.Request) -> web.Response:
        body = page(HEADLINE, description="A clip from the takeover at Rosecrans and Atlantic.", canonical=request.path)
        return web.Response(text=body, content_type="text/html")

    async def late(request: web.Request) -> web.Response:
        await asyncio.sleep(0.3)
        return await story(request)

    async def repost(request: web.Request) -> web.Response:
        return web.Response(text=page("Watch this", canonical=KNOWN_POST), content_type="text/html")

    async def pizza(request: web.Request) -> web.Response:
        return web.Response(text=page("Pizza recipes for game night"), content_type="text/html")

    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": site.redirects[request.match_info["code"]]})

    app = web.Application(middlewares=[count])
    app.router.add_get("/news/story-{id}", story)
    app.router.add_get("/news/late-{id}", late)
    app.router.add_get("/news/repost", repost)
    app.router.add_get("/news/pizza", pizza)
    app.router.add_get("/go/{code}", redirect)
    return app


@asynccontextmanager
async def news_site(host: str = HOST) -> AsyncIterator[NewsSite]:
    """Serve the news site on ``host`` (a loopback address; 127.0.0.1 by default) until the block ends."""
    site = NewsSite(port=0, host=host)
    runner = web.AppRunner(news_app(site), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, host, 0).start()
    site.port = runner.addresses[0][1]
    try:
        yield site
    finally:
        await runner.cleanup()


class NoDns(AbstractResolver):
    """A resolver that resolves nothing and records what it was asked: tests never ask a real DNS server."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        """Record the name and fail like an unknown name."""
        self.asked.append(host)
        raise OSError(f"no DNS in tests: {host}")

    async def close(self) -> None:
        """Nothing to close."""
