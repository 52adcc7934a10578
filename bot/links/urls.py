"""Checks a URL must pass before the fetcher connects anywhere, at every redirect hop."""

import re

from yarl import URL

from bot.links.policy import AddressPolicy, parse_ip
from bot.links.result import FetchError

ALLOWED_SCHEMES = frozenset({"http", "https"})
_NUMERIC_LABEL = re.compile(r"(?:[0-9]+|0x[0-9a-f]*)", re.IGNORECASE)


def parse_url(text: str) -> URL | None:
    """Parse `text` as an absolute URL without its fragment; return None if it cannot be parsed."""
    try:
        url = URL(text.strip())
        _ = url.port  # yarl validates the port lazily
    except (ValueError, TypeError):
        return None
    return url.with_fragment(None) if url.is_absolute() else url


def check_url(url: URL, policy: AddressPolicy) -> FetchError | None:
    """Return why `url` must not be fetched, or None if it may be.

    A host that is an IP literal is checked here, because aiohttp connects to literals without calling the
    resolver. Host names are checked by `PolicyResolver` when they are resolved.
    """
    if url.scheme not in ALLOWED_SCHEMES:
        return FetchError.BAD_SCHEME
    if url.raw_user is not None or url.raw_password is not None:
        return FetchError.USERINFO
    host = url.raw_host
    if not host or url.port is None or url.port == 0:
        return FetchError.BAD_URL
    address = parse_ip(host.replace("%25", "%"))
    if address is not None:
        return None if policy.allows(address) else FetchError.REFUSED_ADDRESS
    if looks_like_ipv4(host):
        return FetchError.REFUSED_ADDRESS  # 2130706433, 127.1, 0x7f.1: numeric forms resolvers accept
    return None


def looks_like_ipv4(host: str) -> bool:
    """Return True if a browser would read `host` as an IPv4 address (its last label is a number)."""
    labels = host.removesuffix(".").split(".")
    return bool(labels) and _NUMERIC_LABEL.fullmatch(labels[-1]) is not None
