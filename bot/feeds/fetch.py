"""Fetching a feed through the address-safe machinery of link previews, conditionally (ETag, Last-Modified).

Every hop is checked as the link fetcher checks it (`bot.links.urls.check_url`, a policy resolver, a guarded
socket factory, no proxies, no cookies). The one difference: the networks in ``KNOWLEDGE_FEED_ALLOWED_NETWORKS``
are allowed for the hosts the operator named in ``KNOWLEDGE_FEEDS``, and for no other host, redirects included.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.links import FetchPolicy
from bot.links.fetcher import REDIRECT_STATUSES, read_capped, redirect_target
from bot.links.session import build_session, classify_error
from bot.links.urls import check_url, parse_url

log = logging.getLogger(__name__)

ACCEPT = "application/ld+json, application/json;q=0.9, application/x-ndjson;q=0.8, application/jsonl;q=0.8, */*;q=0.1"


@dataclass(frozen=True)
class FeedResponse:
    """One poll's answer: a body (200), "not modified" (304), or why it failed (``error``)."""

    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        """The feed said its version is the one we have (304)."""
        return self.status == 304 and self.error is None


class FeedFetcher:
    """Fetches feeds with conditional requests; never reaches an address the policy refuses.

    Args:
        policy: Limits, and the networks allowed for ``trusted_hosts``.
        trusted_hosts: The feed hosts the operator named; other hosts get the plain link-preview policy.
        resolver: The underlying DNS resolver (tests pass a stub); its answers are filtered by the policy.
    """

    def __init__(
        self, policy: FetchPolicy, trusted_hosts: frozenset[str], *, resolver: AbstractResolver | None = None
    ) -> None:
        self.policy = policy
        self._strict = dataclasses.replace(policy, allowed_networks=())
        self._trusted_hosts = trusted_hosts
        self._resolver = resolver
        self._sessions: dict[bool, aiohttp.ClientSession] = {}

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP sessions."""
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedResponse:
        """GET ``url`` with ``If-None-Match`` / ``If-Modified-Since``; failures come back with ``error`` set."""
        headers = {"Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                return await self._follow(url, headers)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            return FeedResponse(error=classify_error(exc).value)

    async def _follow(self, url: str, headers: dict[str, str]) -> FeedResponse:
        current = parse_url(url)
        if current is None:
            return FeedResponse(error="bad-url")
        for _ in range(self.policy.max_redirects + 1):
            trusted = (current.raw_host or "").lower() in self._trusted_hosts
            error = check_url(current, (self.policy if trusted else self._strict).address_policy)
            if error is not None:
                return FeedResponse(error=error.value)
            outcome = await self._request(current, headers, trusted=trusted)
            if isinstance(outcome, FeedResponse):
                return outcome
            current = outcome
        return FeedResponse(error="too-many-redirects")

    async def _request(self, url: URL, headers: dict[str, str], *, trusted: bool) -> FeedResponse | URL:
        session = self._session(trusted=trusted)
        async with session.get(url, allow_redirects=False, headers=headers) as resp:
            if resp.status in REDIRECT_STATUSES:
                target = redirect_target(url, resp.headers.get(aiohttp.hdrs.LOCATION))
                return target if target is not None else FeedResponse(status=resp.status, error="bad-redirect")
            validators = {"etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}
            if resp.status == 304:
                return FeedResponse(status=304, **validators)
            if not 200 <= resp.status < 300:
                return FeedResponse(status=resp.status, error=f"http-{resp.status}")
            body, truncated = await read_capped(resp.content, self.policy.max_bytes)
            if truncated:
                return FeedResponse(status=resp.status, error=f"too-large (over {self.policy.max_bytes} bytes)")
            return FeedResponse(resp.status, body, resp.content_type, **validators)

    def _session(self, *, trusted: bool) -> aiohttp.ClientSession:
        if trusted not in self._sessions:
            self._sessions[trusted] = build_session(self.policy if trusted else self._strict, self._resolver)
        return self._sessions[trusted]
