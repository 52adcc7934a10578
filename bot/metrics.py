"""Prometheus metrics of the bot, held in a registry the application builds and passes in.

Every metric's name starts with `PREFIX` (``misinfo_bot_``), the process and Python ones included
(``misinfo_bot_process_cpu_seconds_total``, ``misinfo_bot_python_gc_collections_total``...). Action labels use the
command line's vocabulary: ``reply``, ``review``, ``ignore``.
"""

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import SimpleNamespace

import aiohttp
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

PREFIX = "misinfo_bot"

#: Latency buckets in seconds, from half a millisecond to one second (an implicit +Inf bucket follows).
LATENCY_BUCKETS: tuple[float, ...] = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)

#: Gives (shard id, heartbeat latency in seconds) per connected shard.
LatencySource = Callable[[], Iterable[tuple[int, float]]]


class Metrics:
    """Every metric the bot exports, registered in one `CollectorRegistry` (never the global default one).

    Build one in `main()` and pass it to whatever records. Labelled metrics are used with
    `.labels(...)`, e.g. `metrics.matches.labels(action="reply").inc()`. Names below are without `PREFIX`.

    Attributes:
        registry: The registry holding the metrics below; the health server renders it at `/metrics`.
        messages_scanned: Counter `messages_scanned_total`: messages the matcher looked at.
        matches: Counter `matches_total{action}`: matches found, by the CLI's action: `reply` (worth an answer
            in the channel, posted or not) or `review` (for the moderators).
        answers_skipped: Counter `answers_skipped_total{reason}`: `reply` matches not answered, by why
            (`cooldown`, `auto-replies-off`, `already-answered`, `carries-source`).
        answers_sent: Counter `answers_sent_total`: replies posted in channels.
        review_items: Gauge `review_items{state}`: review items currently in each state (e.g. `pending`).
            A gauge, not a counter, because items move between states: whoever counts sets the values.
        link_fetches: Counter `link_fetches_total{outcome}`: link fetches, by `ok` or the failure reason.
        matcher_latency: Histogram `matcher_latency_seconds`: time the matcher spends on one message.
        end_to_end_latency: Histogram `end_to_end_latency_seconds`: from MESSAGE_CREATE received to the
            reply request sent.
        answer_reservation: Histogram `answer_reservation_seconds`: time to reserve an answer before posting it
            (its database write, waits for the event loop included), per answer tried; the part of
            `end_to_end_latency` that is not the matcher's.
        gateway_connected: Gauge `gateway_connected`: 1 while the Discord gateway session is up, else 0.
        gateway_reconnects: Counter `gateway_reconnects_total{how}`: sessions back after a drop, `resume`d or
            re-`identify`d.
        gateway_latency: Gauge `gateway_latency_seconds{shard}`: heartbeat latency per shard, read at each scrape
            from the source given to `track_gateway_latency`.
        discord_http_failures: Counter `discord_http_failures_total{status}`: Discord REST requests answered `429`,
            `4xx` or `5xx`, or that failed to get an answer (`connection`); see `discord_http_trace`.
        errors: Counter `errors_total{where}`: unexpected errors (bugs), in an `event` handler or a `command`.
        database_up: Gauge `database_up`: 1 if the last database ping succeeded, else 0.
        outbox_pending: Gauge `outbox_pending`: writes waiting for the database (it was unavailable); the runner
            makes it read the outbox at each scrape.
        feed_polls: Counter `feed_polls_total{outcome}`: ClaimReview feed polls, by `changed`, `unchanged`,
            `not-modified`, `refused` (a broken, truncated or huge version) or `failed`.
        feed_changes: Counter `feed_changes_total`: new feed versions swapped into the knowledge.
        feeds_stale: Gauge `feeds_stale`: feeds without a good answer for longer than KNOWLEDGE_FEED_STALE_AFTER.
    """

    def __init__(self, registry: CollectorRegistry | None = None, *, process: bool = True) -> None:
        """Create the metrics in `registry`, or in a new registry; `process` adds the process and Python ones."""
        self.registry = registry if registry is not None else CollectorRegistry()
        ns = {"namespace": PREFIX, "registry": self.registry}
        self.messages_scanned = Counter("messages_scanned", "Messages the matcher looked at.", **ns)
        self.matches = Counter("matches", "Claim matches found, by the CLI's action.", ["action"], **ns)
        self.answers_skipped = Counter(
            "answers_skipped", "Reply-level matches not answered, by reason.", ["reason"], **ns
        )
        self.answers_sent = Counter("answers_sent", "Answers posted in channels.", **ns)
        self.review_items = Gauge("review_items", "Review items currently in each state.", ["state"], **ns)
        self.link_fetches = Counter("link_fetches", "Link fetches, by outcome.", ["outcome"], **ns)
        self.matcher_latency = Histogram(
            "matcher_latency_seconds", "Matcher time per message.", buckets=LATENCY_BUCKETS, **ns
        )
        self.end_to_end_latency = Histogram(
            "end_to_end_latency_seconds",
            "From MESSAGE_CREATE received to the reply request sent.",
            buckets=LATENCY_BUCKETS,
            **ns,
        )
        self.answer_reservation = Histogram(
            "answer_reservation_seconds",
            "Time to reserve an answer (its database write) before posting it.",
            buckets=LATENCY_BUCKETS,
            **ns,
        )
        self.gateway_connected = Gauge("gateway_connected", "1 while the gateway session is up.", **ns)
        self.gateway_reconnects = Counter(
            "gateway_reconnects", "Gateway sessions back after a drop, by how.", ["how"], **ns
        )
        self.discord_http_failures = Counter(
            "discord_http_failures", "Discord REST requests that failed, by status class.", ["status"], **ns
        )
        self.errors = Counter("errors", "Unexpected errors, by where they happened.", ["where"], **ns)
        self.database_up = Gauge("database_up", "1 if the last database ping succeeded.", **ns)
        self.outbox_pending = Gauge("outbox_pending", "Writes waiting for the database to be back.", **ns)
        self.feed_polls = Counter("feed_polls", "ClaimReview feed polls, by outcome.", ["outcome"], **ns)
        self.feed_changes = Counter("feed_changes", "New feed versions swapped into the knowledge.", **ns)
        self.answer_corrections = Counter(
            "answer_corrections",
            "Edits of past answers after their claim's record changed, by outcome.",
            ["outcome"],
            **ns,
        )
        self.feeds_stale = Gauge("feeds_stale", "Feeds without a good answer for too long.", **ns)
        self.history_scans = Counter("history_scans", "History scans of channels, by how they ended.", ["status"], **ns)
        self.history_scan_messages = Counter("history_scan_messages", "Messages history scans read back.", **ns)
        self._latencies = _GatewayLatency()
        self.registry.register(self._latencies)
        if process:
            ProcessCollector(namespace=PREFIX, registry=self.registry)
            unprefixed = CollectorRegistry()  # they register themselves; only their prefixed views are served
            self.registry.register(_Prefixed(PlatformCollector(registry=unprefixed)))
            self.registry.register(_Prefixed(GCCollector(registry=unprefixed)))

    def record_health(self, checks: Mapping[str, bool]) -> None:
        """Set `gateway_connected` and `database_up` from health check results named `gateway` and `database`.

        Checks that are absent leave their gauge unchanged.
        """
        if "gateway" in checks:
            self.gateway_connected.set(1 if checks["gateway"] else 0)
        if "database" in checks:
            self.database_up.set(1 if checks["database"] else 0)

    def track_gateway_latency(self, source: LatencySource) -> None:
        """Read `gateway_latency_seconds{shard}` from ``source`` at each scrape (shards not connected are left out)."""
        self._latencies.source = source

    def discord_http_trace(self) -> aiohttp.TraceConfig:
        """An aiohttp trace (discord.py's ``http_trace``) counting failed Discord requests: `discord_http_failures`."""
        trace = aiohttp.TraceConfig()

        async def on_end(_session: object, _context: SimpleNamespace, params: aiohttp.TraceRequestEndParams) -> None:
            status = params.response.status
            if status == 429 or status >= 400:
                self.discord_http_failures.labels(status="429" if status == 429 else f"{status // 100}xx").inc()

        async def on_exception(_session: object, _context: SimpleNamespace, _params: object) -> None:
            self.discord_http_failures.labels(status="connection").inc()

        trace.on_request_end.append(on_end)
        trace.on_request_exception.append(on_exception)
        return trace


class _GatewayLatency(Collector):
    """`gateway_latency_seconds{shard}`, read from a source at each scrape."""

    def __init__(self) -> None:
        self.source: LatencySource | None = None

    def describe(self) -> list[Metric]:
        return []  # unchecked: the shards are only known at scrape time

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            f"{PREFIX}_gateway_latency_seconds", "Gateway heartbeat latency per shard.", labels=["shard"]
        )
        for shard, latency in self.source() if self.source is not None else ():
            if math.isfinite(latency):
                family.add_metric([str(shard)], latency)
        yield family


class _Prefixed(Collector):
    """Another collector's metrics (the standard Python ones) with `PREFIX` in front of their names."""

    def __init__(self, inner: Collector) -> None:
        self._inner = inner

    def collect(self) -> Iterator[Metric]:
        for family in self._inner.collect():
            family.name = f"{PREFIX}_{family.name}"
            family.samples = [sample._replace(name=f"{PREFIX}_{sample.name}") for sample in family.samples]
            yield family
