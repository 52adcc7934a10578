"""Fetching one link safely: manual redirects, address checks at every hop, time, size and concurrency limits."""

import asyncio
import logging
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.links.config import FetchPolicy
from bot.links.limits import KeyedSemaphore
from bot.links.metadata import TextLimits, decode_html, extract_metadata
from bot.links.result import FetchError, FetchResult, PageMetadata
from bot.links.session import build_session, classify_error
from bot.links.urls import check_url, parse_url

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024


@dataclass(slots=True)
class _Chain:
    """What a fetch has seen so far, turned into a `FetchResult` at the end."""

    url: str
    current: str
    redirects: list[str] = field(default_factory=list)
    status: int | None = None
    content_type: str | None = None

    def result(
        self, *, error: FetchError | None = None, metadata: PageMetadata | None = None, truncated: bool = False
    ) -> FetchResult:
        return FetchResult(
            url=self.url,
            final_url=self.current,
            redirects=tuple(self.redirects),
            status=self.status,
            content_type=self.content_type,
            metadata=metadata,
            truncated=truncated,
            error=error,
        )


class LinkFetcher:
    """Fetches pages and reads their metadata without ever reaching an address the policy refuses.

    Use as `async with LinkFetcher(policy) as fetcher: await fetcher.fetch(url)`, or call `close()`.

    Args:
        policy: Limits and the address allowlist.
        resolver: The underlying DNS resolver (default: aiohttp's `ThreadedResolver`); its answers are
            filtered by the policy.
    """

    def __init__(self, policy: FetchPolicy, *, resolver: AbstractResolver | None = None) -> None:
        self.policy = policy
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None
        self._overall = asyncio.Semaphore(policy.max_concurrency)
        self._per_host = KeyedSemaphore(policy.max_per_host)
        self._limits = TextLimits(policy.max_title_chars, policy.max_description_chars, policy.max_url_chars)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session (and with it the resolver)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str) -> FetchResult:
        """Fetch `url` and read its metadata; failures are returned as a result with `error` set."""
        chain = _Chain(url=url, current=url)
        try:
            async with asyncio.timeout(self.policy.total_timeout), self._overall:
                result = await self._follow(chain)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            result = chain.result(error=classify_error(exc))
        except Exception:  # a failure is a value: a bug here must not break message handling
            log.exception("unexpected error fetching %s", url)
            result = chain.result(error=FetchError.INTERNAL)
        if result.error is not None:
            log.info("fetch of %s failed: %s", url, result.error.value)
        return result

    async def _follow(self, chain: _Chain) -> FetchResult:
        url = parse_url(chain.url)
        if url is None:
            return chain.result(error=FetchError.BAD_URL)
        for hop in range(self.policy.max_redirects + 1):
            error = check_url(url, self.policy.address_policy)
            if error is not None:
                return chain.result(error=error)
            log.debug("fetching %s (hop %d)", url, hop)
            outcome = await self._request(url, chain)
            if isinstance(outcome, FetchResult):
                return outcome
            chain.redirects.append(str(outcome))
            chain.current = str(outcome)
            url = outcome
        return chain.result(error=FetchError.TOO_MANY_REDIRECTS)

    async def _request(self, url: URL, chain: _Chain) -> FetchResult | URL:
        """Send one GET; return the final result, or the URL a redirect points to."""
        session = self._get_session()
        async with self._per_host.hold(url.raw_host or ""), session.get(url, allow_redirects=False) as resp:
            chain.status = resp.status
            if resp.status not in REDIRECT_STATUSES:
                return await self._read_page(resp, url, chain)
            target = redirect_target(url, resp.headers.get(aiohttp.hdrs.LOCATION))
        return target if target is not None else chain.result(error=FetchError.BAD_REDIRECT)

    async def _read_page(self, resp: aiohttp.ClientResponse, url: URL, chain: _Chain) -> FetchResult:
        chain.content_type = resp.content_type
        if not 200 <= resp.status < 300:
            return chain.result(error=FetchError.HTTP_STATUS)
        if resp.content_type not in HTML_TYPES:
            return chain.result(error=FetchError.NOT_HTML)
        body, truncated = await read_capped(resp.content, self.policy.max_bytes)
        html = decode_html(body, resp.charset)
        metadata = extract_metadata(html, url, self._limits)
        if truncated and metadata.is_empty():
            return chain.result(error=FetchError.TOO_LARGE, truncated=True)
        return chain.result(metadata=metadata, truncated=truncated)

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = build_session(self.policy, self._resolver)
        return self._session


def redirect_target(base: URL, location: str | None) -> URL | None:
    """Resolve a `Location` header against the URL that sent it; None if it is missing or unparsable."""
    if not location or not location.strip():
        return None
    try:
        return base.join(URL(location.strip())).with_fragment(None)
    except (ValueError, TypeError):
        return None


async def read_capped(stream: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """Read at most `limit` bytes; return them and whether the body went on beyond."""
    body = bytearray()
    while len(body) <= limit:
        chunk = await stream.read(min(_CHUNK, limit + 1 - len(body)))
        if not chunk:
            return bytes(body), False
        body += chunk
    return bytes(body[:limit]), True
