"""Safe fetching of links posted by members, for their title, description and canonical link.

The application builds one `LinkFetcher` from a `FetchPolicy`, wraps it with a `LinkCache` in a
`LinkPreviewService`, and calls `await service.preview(url)`.
"""

from bot.links.cache import CachedFetch, InMemoryLinkCache, LinkCache
from bot.links.config import DEFAULT_USER_AGENT, FetchPolicy
from bot.links.fetcher import LinkFetcher
from bot.links.policy import AddressPolicy, refusal_reason
from bot.links.resolver import PolicyResolver, RefusedAddressError
from bot.links.result import FetchError, FetchResult, PageMetadata
from bot.links.service import LinkPreviewService

__all__ = [
    "DEFAULT_USER_AGENT",
    "AddressPolicy",
    "CachedFetch",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "InMemoryLinkCache",
    "LinkCache",
    "LinkFetcher",
    "LinkPreviewService",
    "PageMetadata",
    "PolicyResolver",
    "RefusedAddressError",
    "refusal_reason",
]
