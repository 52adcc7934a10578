"""SSRF defences end to end: refused addresses are never connected to, at any hop or through DNS tricks.

Only 127.0.0.1 is allowed. Servers on 127.0.0.2 and ::1 (loopback, but not allowed) record every hit and
must see none.
"""

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from bot.links import FetchError, LinkFetcher
from bot.links.resolver import PolicyResolver, RefusedAddressError, guarded_socket_factory
from bot.links.session import classify_error
from tests.bot.links.conftest import TEST_POLICY, Recorder, Site, StubResolver, recording_app, serve


@dataclass
class Trap:
    """Recording servers on refused loopback addresses, on the same port as an allowed one."""

    port: int
    recorder: Recorder


@pytest.fixture
async def trap() -> AsyncIterator[Trap]:
    """A redirecting server on 127.0.0.1:P plus recorders on 127.0.0.2:P and [::1]:P."""
    recorder = Recorder()

    async def start(request: web.Request) -> web.Response:
        # Connection: close forces the next hop to open (and resolve) a new connection.
        location = f"http://{request.host}/next"
        return web.Response(status=302, headers={"Location": location, "Connection": "close"})

    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<title>allowed</title>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/start", start)
    app.router.add_get("/page", page)
    async with serve(app) as port, serve(recording_app(recorder), "127.0.0.2", port):
        if _ipv6_loopback_available():
            async with serve(recording_app(recorder), "::1", port):
                yield Trap(port, recorder)
        else:
            yield Trap(port, recorder)


def _ipv6_loopback_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00:ec2::254]/latest/meta-data",
        "http://100.100.100.200/",
        "http://0.0.0.0:{port}/",
        "http://127.0.0.2:{port}/secret",
        "http://[::1]:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://[::ffff:127.0.0.2]:{port}/secret",
        "http://2130706434:{port}/secret",  # 127.0.0.2 as one number
        "http://127.2:{port}/secret",
    ],
)
async def test_refused_addresses(fetcher: LinkFetcher, site: Site, trap: Trap, target: str) -> None:
    url = target.format(port=trap.port)

    direct = await fetcher.fetch(url)
    redirected = await fetcher.fetch(site.redirect_to(url))

    assert direct.error is FetchError.REFUSED_ADDRESS
    assert redirected.error is FetchError.REFUSED_ADDRESS
    assert redirected.redirects == (str(URL(url)),)
    assert redirected.final_url == str(URL(url))
    assert trap.recorder.total == 0


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("file:///etc/passwd", FetchError.BAD_SCHEME),
        ("ftp://127.0.0.1/", FetchError.BAD_SCHEME),
        ("javascript:alert(1)", FetchError.BAD_SCHEME),
        ("data:text/html,<title>x</title>", FetchError.BAD_SCHEME),
        ("http://user:pass@127.0.0.1/", FetchError.USERINFO),
    ],
)
async def test_bad_urls_directly_and_as_redirects(
    fetcher: LinkFetcher, site: Site, target: str, error: FetchError
) -> None:
    direct = await fetcher.fetch(target)
    redirected = await fetcher.fetch(site.redirect_to(target))

    assert direct.error is error
    assert redirected.error is error
    assert site.recorder.hits["/to"] == 1


async def test_literal_hosts_skip_the_resolver(fetcher: LinkFetcher, site: Site, stub_resolver: StubResolver) -> None:
    """aiohttp connects to IP literals without asking the resolver, which is why literals are checked first."""
    result = await fetcher.fetch(site.url("/page"))

    assert result.ok
    assert stub_resolver.calls == []


# Loopback answers only: even a broken policy could not send a packet off this machine.
@pytest.mark.parametrize("answer", [["127.0.0.2"], ["127.0.0.3", "127.0.0.2"], ["::1"], ["::ffff:127.0.0.1"]])
async def test_names_resolving_to_refused_addresses(
    fetcher: LinkFetcher, trap: Trap, stub_resolver: StubResolver, answer: list[str]
) -> None:
    stub_resolver.answers["internal.test"] = [answer]

    result = await fetcher.fetch(f"http://internal.test:{trap.port}/secret")

    assert result.error is FetchError.REFUSED_ADDRESS
    assert trap.recorder.total == 0


async def test_only_allowed_answers_are_connected(
    fetcher: LinkFetcher, trap: Trap, stub_resolver: StubResolver
) -> None:
    stub_resolver.answers["mixed.test"] = [["127.0.0.2", "::1", "127.0.0.1"]]

    result = await fetcher.fetch(f"http://mixed.test:{trap.port}/page")

    assert result.ok
    assert trap.recorder.total == 0


async def test_dns_rebinding_between_hops(fetcher: LinkFetcher, trap: Trap, stub_resolver: StubResolver) -> None:
    """The name answers 127.0.0.1 first, then 127.0.0.2: the second answer is never connected to."""
    stub_resolver.answers["rebind.test"] = [["127.0.0.1"], ["127.0.0.2"]]

    result = await fetcher.fetch(f"http://rebind.test:{trap.port}/start")

    assert stub_resolver.calls == ["rebind.test", "rebind.test"]
    assert result.error is FetchError.REFUSED_ADDRESS
    assert result.redirects == (f"http://rebind.test:{trap.port}/next",)
    assert trap.recorder.total == 0


async def test_dns_rebinding_between_fetches(fetcher: LinkFetcher, trap: Trap, stub_resolver: StubResolver) -> None:
    stub_resolver.answers["rebind.test"] = [["127.0.0.1"], ["127.0.0.2"]]
    url = f"http://rebind.test:{trap.port}/page"

    first = await fetcher.fetch(url)
    await fetcher.close()  # drop the pooled connection so the second fetch must resolve again
    second = await fetcher.fetch(url)

    assert first.ok
    assert second.error is FetchError.REFUSED_ADDRESS
    assert trap.recorder.total == 0


async def test_socket_guard_stops_what_an_unfiltered_resolver_lets_through(trap: Trap) -> None:
    """Last line of defence: even with a resolver that filters nothing, no socket reaches a refused address."""
    policy = TEST_POLICY.address_policy
    resolver = StubResolver({"leaky.test": [["127.0.0.2"]]})
    connector = aiohttp.TCPConnector(resolver=resolver, socket_factory=guarded_socket_factory(policy))
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(aiohttp.ClientConnectorError) as caught:
            await session.get(f"http://leaky.test:{trap.port}/secret")

    assert classify_error(caught.value) is FetchError.REFUSED_ADDRESS
    assert trap.recorder.total == 0


def test_socket_guard_creates_sockets_for_allowed_addresses() -> None:
    create = guarded_socket_factory(TEST_POLICY.address_policy)

    with create((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))) as sock:
        assert sock.family == socket.AF_INET
    with pytest.raises(RefusedAddressError):
        create((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", 80)))
    with pytest.raises(RefusedAddressError):
        create((socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 80, 0, 0)))


async def test_policy_resolver_filters_and_raises() -> None:
    underlying = StubResolver({"a.test": [["10.0.0.1", "127.0.0.1", "::1"]], "b.test": [["169.254.169.254", "::1"]]})
    resolver = PolicyResolver(TEST_POLICY.address_policy, underlying)

    allowed = await resolver.resolve("a.test", 80)
    with pytest.raises(RefusedAddressError):
        await resolver.resolve("b.test", 80)

    assert [result["host"] for result in allowed] == ["127.0.0.1"]


async def test_environment_proxies_are_ignored(
    fetcher: LinkFetcher, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = Recorder()
    async with serve(recording_app(proxy)) as proxy_port:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy_port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)

        result = await fetcher.fetch(site.url("/page"))

    assert result.ok
    assert proxy.total == 0
