"""Prometheus metrics of the bot, held in a registry the application builds and passes in."""

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

#: Latency buckets in seconds, from half a millisecond to one second (an implicit +Inf bucket follows).
LATENCY_BUCKETS: tuple[float, ...] = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    """Every metric the bot exports, registered in one `CollectorRegistry` (never the global default one).

    Build one in `main()` and pass it to whatever records. Labelled metrics are used with
    `.labels(...)`, e.g. `metrics.matches.labels(action="answer").inc()`.

    Attributes:
        registry: The registry holding the metrics below; the health server renders it at `/metrics`.
        messages_scanned: Counter `messages_scanned_total`: messages the matcher looked at.
        matches: Counter `matches_total{action}`: matches found, by what was done (e.g. `answer`, `review`).
        answers_sent: Counter `answers_sent_total`: replies posted in channels.
        review_items: Gauge `review_items{state}`: review items currently in each state (e.g. `pending`).
            A gauge, not a counter, because items move between states: whoever counts sets the values.
        link_fetches: Counter `link_fetches_total{outcome}`: link fetches, by `ok` or the failure reason.
        matcher_latency: Histogram `matcher_latency_seconds`: time the matcher spends on one message.
        end_to_end_latency: Histogram `end_to_end_latency_seconds`: from MESSAGE_CREATE received to the
            reply request sent.
        gateway_connected: Gauge `gateway_connected`: 1 while the Discord gateway session is up, else 0.
        database_up: Gauge `database_up`: 1 if the last database ping succeeded, else 0.
        outbox_pending: Gauge `outbox_pending`: writes waiting for the database (it was unavailable); the runner
            makes it read the outbox at each scrape.
        feed_polls: Counter `feed_polls_total{outcome}`: ClaimReview feed polls, by `changed`, `unchanged`,
            `not-modified`, `refused` (a broken, truncated or huge version) or `failed`.
        feed_changes: Counter `feed_changes_total`: new feed versions swapped into the knowledge.
        feeds_stale: Gauge `feeds_stale`: feeds without a good answer for longer than KNOWLEDGE_FEED_STALE_AFTER.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        """Create the metrics in `registry`, or in a new registry if none is given."""
        self.registry = registry if registry is not None else CollectorRegistry()
        reg = self.registry
        self.messages_scanned = Counter("messages_scanned", "Messages the matcher looked at.", registry=reg)
        self.matches = Counter("matches", "Claim matches found, by the action taken.", ["action"], registry=reg)
        self.answers_sent = Counter("answers_sent", "Answers posted in channels.", registry=reg)
        self.review_items = Gauge("review_items", "Review items currently in each state.", ["state"], registry=reg)
        self.link_fetches = Counter("link_fetches", "Link fetches, by outcome.", ["outcome"], registry=reg)
        self.matcher_latency = Histogram(
            "matcher_latency_seconds", "Matcher time per message.", buckets=LATENCY_BUCKETS, registry=reg
        )
        self.end_to_end_latency = Histogram(
            "end_to_end_latency_seconds",
            "From MESSAGE_CREATE received to the reply request sent.",
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.gateway_connected = Gauge("gateway_connected", "1 while the gateway session is up.", registry=reg)
        self.database_up = Gauge("database_up", "1 if the last database ping succeeded.", registry=reg)
        self.outbox_pending = Gauge("outbox_pending", "Writes waiting for the database to be back.", registry=reg)
        self.feed_polls = Counter("feed_polls", "ClaimReview feed polls, by outcome.", ["outcome"], registry=reg)
        self.feed_changes = Counter("feed_changes", "New feed versions swapped into the knowledge.", registry=reg)
        self.feeds_stale = Gauge("feeds_stale", "Feeds without a good answer for too long.", registry=reg)

    def record_health(self, checks: Mapping[str, bool]) -> None:
        """Set `gateway_connected` and `database_up` from health check results named `gateway` and `database`.

        Checks that are absent leave their gauge unchanged.
        """
        if "gateway" in checks:
            self.gateway_connected.set(1 if checks["gateway"] else 0)
        if "database" in checks:
            self.database_up.set(1 if checks["database"] else 0)
