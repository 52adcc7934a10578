"""Reading the pages behind links the knowledge does not know, so the matcher can match what they say.

Only links that are neither known posts nor sources are fetched, at most `MAX_LINKS` per message, at once,
through the cached, single-flight `LinkPreviewService`. A link that cannot be read is no page (a quiet non-match),
unless it redirected first: then where it led still counts as its address.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Protocol

from yarl import URL

from bot.links import FetchResult, LinkPreviewService
from bot.services.guild_settings import GuildSettingsService
from bot.services.knowledge import KnowledgeHolder
from knowledge.matching.matcher import Matcher
from knowledge.matching.query import split_links
from knowledge.matching.types import LinkPage
from knowledge.matching.urls import canonicalize

log = logging.getLogger(__name__)

MAX_LINKS = 3
"""Links read per message at most (the first unknown ones)."""
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class PageProvider(Protocol):
    """What the alert and fact-check services ask for the pages behind a message's unknown links."""

    async def pages_for(self, text: str, *, guild_id: str | None = None) -> tuple[LinkPage, ...]:
        """The pages read from the text's unknown links; () when there are none or fetching is off."""
        ...


@dataclass(frozen=True)
class FetchTarget:
    """A link to read: the address to fetch (as posted, with a scheme) and the key its result is cached under."""

    url: str
    key: str


class LinkPages:
    """Reads the pages behind a message's unknown links (a `PageProvider`).

    Args:
        previews: The cached fetcher; its owner closes it.
        holder: The knowledge, to tell unknown links from known posts and sources (those are never fetched).
        guild_settings: Whether a server reads links (``/alerts linkfetch``); None: always.
        max_links: Links read per message at most.
    """

    def __init__(
        self,
        previews: LinkPreviewService,
        holder: KnowledgeHolder,
        guild_settings: GuildSettingsService | None = None,
        *,
        max_links: int = MAX_LINKS,
    ) -> None:
        self._previews = previews
        self._holder = holder
        self._guild_settings = guild_settings
        self._max_links = max_links

    async def pages_for(self, text: str, *, guild_id: str | None = None) -> tuple[LinkPage, ...]:
        """The pages read from the text's unknown links, in the order posted; failures are left out.

        Args:
            text: The message.
            guild_id: The server (its link-reading setting applies); None: the operator's default.

        A caller that stops waiting (``asyncio.timeout``) stops only its own wait: the fetches go on and
        their results are cached for the next message with those links.
        """
        targets = fetch_targets(text, self._holder.current.matcher, self._max_links)
        if not targets or not await self._enabled(guild_id):
            return ()
        results = await asyncio.gather(
            *(self._previews.preview(target.url, key=target.key) for target in targets), return_exceptions=True
        )
        pages = tuple(page for page in map(_page_or_none, targets, results) if page is not None)
        log.debug("read %d of %d links in guild %s", len(pages), len(targets), guild_id)
        return pages

    async def _enabled(self, guild_id: str | None) -> bool:
        if self._guild_settings is None:
            return True
        if guild_id is None:
            return self._guild_settings.defaults.link_fetching
        return (await self._guild_settings.config(guild_id)).link_fetching


def fetch_targets(text: str, matcher: Matcher, limit: int = MAX_LINKS) -> list[FetchTarget]:
    """The first ``limit`` distinct links of ``text`` the matcher does not know (neither known posts nor sources)."""
    unknown = set(matcher.unknown_links(text))
    if not unknown:
        return []
    targets: dict[str, FetchTarget] = {}
    for link in split_links(text)[1]:
        canonical = canonicalize(link)
        if canonical is None or canonical not in unknown:
            continue
        url = link if _SCHEME.match(link) else "https://" + link.lstrip("/")
        key = cache_key(url, canonical)
        targets.setdefault(key, FetchTarget(url, key))
        if len(targets) >= limit:
            break
    return list(targets.values())


def cache_key(url: str, canonical: str) -> str:
    """The canonical link, with the port when the posted link names a non-default one (another site)."""
    try:
        parsed = URL(url)
        port = parsed.explicit_port
    except ValueError:
        return canonical
    if port is None or port == _DEFAULT_PORTS.get(parsed.scheme.lower()):
        return canonical
    return str(URL(canonical).with_port(port))


def _page_or_none(target: FetchTarget, result: FetchResult | BaseException) -> LinkPage | None:
    if isinstance(result, asyncio.CancelledError):  # the previews are closing: the bot is stopping
        return None
    if isinstance(result, BaseException):
        log.error("reading a link failed", exc_info=result)
        return None
    return page_of(target.url, result)


def page_of(url: str, result: FetchResult) -> LinkPage | None:
    """What the matcher reads from fetching ``url``: title, description and address (None if nothing).

    The page's address is its canonical link, else where redirects led, which counts even when that last hop
    failed (a shortener's target is evidence even if the target refuses bots); either may be a known post.
    """
    metadata = result.metadata if result.ok else None
    title = metadata.best_title if metadata is not None else None
    description = metadata.best_description if metadata is not None else None
    canonical = metadata.canonical_url if metadata is not None else None
    address = canonical or (result.final_url if result.redirects else None)
    if not (title or description or address):
        return None
    return LinkPage(url=url, canonical_url=address, title=title, description=description)
