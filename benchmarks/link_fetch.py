"""Link fetch latency on loopback: direct pages, pages behind 2 redirects, and cached previews.

Usage: python benchmarks/link_fetch.py [N]
"""

import asyncio
import ipaddress
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.links import FetchPolicy, InMemoryLinkCache, LinkFetcher, LinkPreviewService

PAGE = (
    "<html><head><title>Benchmark page</title>"
    '<meta property="og:title" content="OG"><meta name="description" content="Desc">'
    '<link rel="canonical" href="/canonical"></head><body>' + "<p>text</p>" * 2000 + "</body></html>"
)


def make_app() -> web.Application:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    async def hop(request: web.Request) -> web.Response:
        left = int(request.match_info["left"])
        location = f"/r/{left - 1}?{request.query_string}" if left > 1 else f"/page?{request.query_string}"
        return web.Response(status=302, headers={"Location": location})

    app = web.Application()
    app.router.add_get("/page", page)
    app.router.add_get("/r/{left}", hop)
    return app


async def measure(n: int, call: Callable[[int], Awaitable[object]]) -> list[float]:
    timings = []
    for i in range(n):
        start = time.perf_counter()
        await call(i)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def report(kind: str, timings: list[float]) -> None:
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"{kind:<12} n={len(timings):<5} median={statistics.median(timings):7.3f} ms  p95={p95:7.3f} ms")


async def main(n: int) -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    policy = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    try:
        async with LinkFetcher(policy) as fetcher:
            service = LinkPreviewService(fetcher, InMemoryLinkCache())
            await service.preview(f"{base}/page?cached")
            report("direct", await measure(n, lambda i: fetcher.fetch(f"{base}/page?{i}")))
            report("2 redirects", await measure(n, lambda i: fetcher.fetch(f"{base}/r/2?{i}")))
            report("cached", await measure(n, lambda i: service.preview(f"{base}/page?cached")))
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
