"""What a link fetch produces: page metadata or a machine-readable failure."""

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class FetchError(StrEnum):
    """Why a fetch failed; the values are stable strings, safe to store and compare."""

    BAD_URL = "bad-url"
    BAD_SCHEME = "bad-scheme"
    USERINFO = "userinfo"
    REFUSED_ADDRESS = "refused-address"
    DNS_FAILED = "dns-failed"
    CONNECT_FAILED = "connect-failed"
    TLS_FAILED = "tls-failed"
    TIMEOUT = "timeout"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    BAD_REDIRECT = "bad-redirect"
    HTTP_STATUS = "http-status"
    PROTOCOL_ERROR = "protocol-error"
    NOT_HTML = "not-html"
    TOO_LARGE = "too-large"
    INTERNAL = "internal-error"


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself; each field stripped, whitespace-collapsed and length-capped."""

    title: str | None = None
    og_title: str | None = None
    og_description: str | None = None
    twitter_title: str | None = None
    twitter_description: str | None = None
    description: str | None = None
    canonical_url: str | None = None

    @property
    def best_title(self) -> str | None:
        """The most specific title: OpenGraph, then Twitter card, then `<title>`."""
        return self.og_title or self.twitter_title or self.title

    @property
    def best_description(self) -> str | None:
        """The most specific description: OpenGraph, then Twitter card, then `meta name=description`."""
        return self.og_description or self.twitter_description or self.description

    def is_empty(self) -> bool:
        """Return True if the page declared no title, description or canonical link."""
        return not any(asdict(self).values())


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of fetching one link; a failure has `error` set and usually no metadata.

    Attributes:
        url: The URL asked for.
        final_url: The last URL of the chain (the one refused or failed, for failures).
        redirects: Every redirect target reached, in order (the requested URL is not included).
        status: The last HTTP status received, if any.
        content_type: The last media type received, e.g. `text/html`.
        metadata: The page's metadata, when an HTML page was read.
        truncated: True if the body was longer than the read limit and only its start was parsed.
        error: A `FetchError` value, or None on success.
    """

    url: str
    final_url: str
    redirects: tuple[str, ...] = ()
    status: int | None = None
    content_type: str | None = None
    metadata: PageMetadata | None = None
    truncated: bool = False
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        """True if the page was read and parsed."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "url": self.url,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "status": self.status,
            "content_type": self.content_type,
            "metadata": asdict(self.metadata) if self.metadata is not None else None,
            "truncated": self.truncated,
            "error": self.error.value if self.error is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FetchResult":
        """Rebuild a result from `to_dict` output."""
        metadata = data.get("metadata")
        error = data.get("error")
        return cls(
            url=data["url"],
            final_url=data["final_url"],
            redirects=tuple(data.get("redirects", ())),
            status=data.get("status"),
            content_type=data.get("content_type"),
            metadata=PageMetadata(**metadata) if metadata is not None else None,
            truncated=bool(data.get("truncated", False)),
            error=FetchError(error) if error is not None else None,
        )
