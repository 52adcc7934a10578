"""The aiohttp session the fetcher uses, and how its exceptions map to `FetchError` codes."""

import aiohttp
from aiohttp.abc import AbstractResolver

from bot.links.config import FetchPolicy
from bot.links.resolver import PolicyResolver, RefusedAddressError, guarded_socket_factory
from bot.links.result import FetchError

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


def build_session(policy: FetchPolicy, resolver: AbstractResolver | None = None) -> aiohttp.ClientSession:
    """Build a session that can only reach addresses `policy` allows.

    Name lookups go through `PolicyResolver` (without aiohttp's DNS cache, so every new connection is
    checked against a fresh answer), sockets are created by `guarded_socket_factory`, environment proxies
    are ignored and cookies are never kept. Must be called with a running event loop.
    """
    address_policy = policy.address_policy
    connector = aiohttp.TCPConnector(
        resolver=PolicyResolver(address_policy, resolver),
        socket_factory=guarded_socket_factory(address_policy),
        use_dns_cache=False,
        limit=policy.max_concurrency,
        limit_per_host=policy.max_per_host,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=policy.total_timeout, sock_connect=policy.connect_timeout),
        headers={"User-Agent": policy.user_agent, "Accept": ACCEPT},
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        raise_for_status=False,
    )


def classify_error(exc: BaseException) -> FetchError:
    """Map an exception raised while fetching to a `FetchError` code."""
    if is_refusal(exc):
        return FetchError.REFUSED_ADDRESS
    if isinstance(exc, TimeoutError):
        return FetchError.TIMEOUT
    if isinstance(exc, aiohttp.InvalidURL):
        return FetchError.BAD_URL
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FetchError.DNS_FAILED
    if isinstance(exc, aiohttp.ClientSSLError):
        return FetchError.TLS_FAILED
    if isinstance(exc, aiohttp.ClientConnectorError):
        return FetchError.CONNECT_FAILED
    return FetchError.PROTOCOL_ERROR


def is_refusal(exc: BaseException | None) -> bool:
    """Return True if `exc` comes from the address policy (directly, wrapped, or merged by happy eyeballs)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, RefusedAddressError) or "refused by link policy" in str(exc):
            return True
        os_error = getattr(exc, "os_error", None)
        exc = os_error if isinstance(os_error, BaseException) else exc.__cause__ or exc.__context__
    return False
