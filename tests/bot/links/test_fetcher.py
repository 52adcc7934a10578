"""LinkFetcher against real loopback servers: redirects, metadata, limits and failures."""

import pytest
from aiohttp import web

from bot.links import FetchError, LinkFetcher, PageMetadata
from tests.bot.links.conftest import Site, StubResolver, serve
from tests.ports import free_port


async def test_reads_all_metadata(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/page"))

    assert result.ok
    assert result.error is None
    assert result.final_url == site.url("/page")
    assert result.redirects == ()
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.truncated is False
    assert result.metadata == PageMetadata(
        title="The page title",
        og_title="OG title",
        og_description="OG description",
        twitter_title="Twitter title",
        twitter_description="Twitter description",
        description="Plain description",
        canonical_url=site.url("/articles/1?x=1"),
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_follows_relative_redirect_chain(fetcher: LinkFetcher, site: Site, status: int) -> None:
    result = await fetcher.fetch(site.url(f"/chain/2?status={status}"))

    assert result.ok
    assert result.metadata is not None
    assert result.metadata.og_title == "OG title"
    assert result.redirects == (
        site.url(f"/chain/1?status={status}"),
        site.url(f"/chain/0?status={status}"),
        site.url("/page"),
    )
    assert result.final_url == site.url("/page")
    assert result.metadata.canonical_url == site.url("/articles/1?x=1")


async def test_follows_a_shortener(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/s/abc123"))

    assert result.ok
    assert result.redirects == (site.url("/page"),)
    assert result.metadata is not None
    assert result.metadata.title == "The page title"


async def test_five_redirects_are_followed(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/chain/4"))  # 4 -> 3 -> 2 -> 1 -> 0 -> page: 5 redirects

    assert result.ok
    assert len(result.redirects) == 5


async def test_six_redirects_are_refused(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/chain/5"))

    assert result.error is FetchError.TOO_MANY_REDIRECTS
    assert result.metadata is None
    assert site.recorder.hits["/page"] == 0
    assert site.recorder.total == 6


async def test_redirect_without_location(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/redirect-no-location"))

    assert result.error is FetchError.BAD_REDIRECT
    assert result.status == 302


@pytest.mark.parametrize("code", [404, 410, 500, 503])
async def test_http_errors(fetcher: LinkFetcher, site: Site, code: int) -> None:
    result = await fetcher.fetch(site.url(f"/status/{code}"))

    assert result.error is FetchError.HTTP_STATUS
    assert result.status == code
    assert result.metadata is None


@pytest.mark.parametrize(("path", "content_type"), [("/png", "image/png"), ("/json", "application/json")])
async def test_non_html_is_not_parsed(fetcher: LinkFetcher, site: Site, path: str, content_type: str) -> None:
    result = await fetcher.fetch(site.url(path))

    assert result.error is FetchError.NOT_HTML
    assert result.content_type == content_type
    assert result.metadata is None


async def test_xhtml_is_parsed(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/xhtml"))

    assert result.metadata is not None
    assert result.metadata.title == "XHTML"


@pytest.mark.parametrize(
    ("path", "title"),
    [("/latin1", "Café crème"), ("/meta-charset", "Привет"), ("/bad-bytes", "ok \ufffd\ufffd end")],
)
async def test_charsets(fetcher: LinkFetcher, site: Site, path: str, title: str) -> None:
    result = await fetcher.fetch(site.url(path))

    assert result.metadata is not None
    assert result.metadata.title == title


async def test_huge_body_is_cut_at_the_limit(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/huge?meta=1"))

    assert result.ok
    assert result.truncated is True
    assert result.metadata is not None
    assert result.metadata.title == "Huge page"
    assert site.recorder.sent_bytes < 16 * 1024 * 1024  # the server was cut off long before its 64 MiB


async def test_huge_body_without_metadata_is_too_large(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/huge"))

    assert result.error is FetchError.TOO_LARGE
    assert result.truncated is True
    assert site.recorder.sent_bytes < 16 * 1024 * 1024


async def test_compressed_body_is_capped_after_decompression(fetcher: LinkFetcher, site: Site) -> None:
    result = await fetcher.fetch(site.url("/gzip-bomb"))

    assert result.truncated is True
    assert result.metadata is not None
    assert result.metadata.title == "Bomb"


@pytest.mark.parametrize("path", ["/sleep", "/trickle"])
async def test_time_limit(make_fetcher, site: Site, path: str) -> None:
    fetcher = make_fetcher(total_timeout=0.3)

    result = await fetcher.fetch(site.url(path))

    assert result.error is FetchError.TIMEOUT
    assert result.metadata is None


async def test_connection_refused(fetcher: LinkFetcher) -> None:
    result = await fetcher.fetch(f"http://127.0.0.1:{closed_port()}/")

    assert result.error is FetchError.CONNECT_FAILED


async def test_unknown_name(fetcher: LinkFetcher) -> None:
    result = await fetcher.fetch("http://no-such-name.test/")

    assert result.error is FetchError.DNS_FAILED


async def test_name_resolved_through_the_resolver(
    fetcher: LinkFetcher, site: Site, stub_resolver: StubResolver
) -> None:
    stub_resolver.answers["news.test"] = [["127.0.0.1"]]

    result = await fetcher.fetch(f"http://news.test:{site.port}/page")

    assert result.ok
    assert stub_resolver.calls == ["news.test"]
    assert result.metadata is not None
    assert result.metadata.canonical_url == f"http://news.test:{site.port}/articles/1?x=1"


async def test_sends_the_user_agent(make_fetcher) -> None:
    fetcher = make_fetcher(user_agent="TestBot/1.0")
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers.get("User-Agent", ""))
        return web.Response(text="<title>x</title>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/", handler)
    async with serve(app) as port:
        await fetcher.fetch(f"http://127.0.0.1:{port}/")

    assert seen == ["TestBot/1.0"]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    return free_port()
