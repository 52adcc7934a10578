"""Settings of the link fetcher, filled in by the application layer."""

from dataclasses import dataclass
from datetime import timedelta

from bot.links.policy import AddressPolicy, IPNetwork

DEFAULT_USER_AGENT = "MisinfoAlertBot/0.1 (+link preview; fetches page metadata only)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits and safety settings of the link fetcher.

    Any port is allowed: the address, not the port, decides what is reachable, and public sites do use
    other ports. Only http and https are fetched.

    Attributes:
        allowed_networks: Non-public networks that may still be contacted (empty by default).
        max_redirects: Redirects followed per fetch; one more is `too-many-redirects`.
        total_timeout: Seconds for a whole fetch, redirects and waiting for a free slot included.
        connect_timeout: Seconds to open one connection.
        max_bytes: Body bytes read (after decompression); the rest is not read.
        user_agent: The User-Agent header sent.
        max_concurrency: Fetches running at once, overall.
        max_per_host: Requests running at once to one host name.
        max_title_chars: Cap on title fields.
        max_description_chars: Cap on description fields.
        max_url_chars: Cap on the canonical URL; longer ones are dropped.
        success_ttl: How long a successful fetch is cached.
        failure_ttl: How long a failed fetch is cached.
    """

    allowed_networks: tuple[IPNetwork, ...] = ()
    max_redirects: int = 5
    total_timeout: float = 5.0
    connect_timeout: float = 2.0
    max_bytes: int = 512 * 1024
    user_agent: str = DEFAULT_USER_AGENT
    max_concurrency: int = 8
    max_per_host: int = 2
    max_title_chars: int = 300
    max_description_chars: int = 1000
    max_url_chars: int = 2048
    success_ttl: timedelta = timedelta(hours=24)
    failure_ttl: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        counts = (self.max_bytes, self.max_concurrency, self.max_per_host, self.max_title_chars)
        if min(counts) < 1 or self.max_redirects < 0 or min(self.total_timeout, self.connect_timeout) <= 0:
            raise ValueError("fetch limits must be positive")

    @property
    def address_policy(self) -> AddressPolicy:
        """The address policy these settings describe."""
        return AddressPolicy(tuple(self.allowed_networks))
