import pytest
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import LATENCY_BUCKETS, Metrics

EXPECTED_FAMILIES = {
    "misinfo_bot_messages_scanned": "counter",
    "misinfo_bot_matches": "counter",
    "misinfo_bot_answers_sent": "counter",
    "misinfo_bot_review_items": "gauge",
    "misinfo_bot_link_fetches": "counter",
    "misinfo_bot_matcher_latency_seconds": "histogram",
    "misinfo_bot_end_to_end_latency_seconds": "histogram",
    "misinfo_bot_answer_reservation_seconds": "histogram",
    "misinfo_bot_gateway_connected": "gauge",
    "misinfo_bot_database_up": "gauge",
    "misinfo_bot_outbox_pending": "gauge",
    "misinfo_bot_answers_skipped": "counter",
    "misinfo_bot_gateway_reconnects": "counter",
    "misinfo_bot_gateway_latency_seconds": "gauge",
    "misinfo_bot_discord_http_failures": "counter",
    "misinfo_bot_errors": "counter",
    "misinfo_bot_feed_polls": "counter",
    "misinfo_bot_feed_changes": "counter",
    "misinfo_bot_answer_corrections": "counter",
    "misinfo_bot_feeds_stale": "gauge",
    "misinfo_bot_history_scans": "counter",
    "misinfo_bot_history_scan_messages": "counter",
}


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(metrics.registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_every_metric_is_registered_with_its_type():
    text = generate_latest(Metrics(process=False).registry).decode()
    families = {
        family.name: family.type
        for family in text_string_to_metric_families(text)
        if not family.name.endswith("_created")  # the client's creation-time series
    }
    assert families == EXPECTED_FAMILIES


def test_uses_the_given_registry_and_not_the_global_one():
    registry = CollectorRegistry()
    metrics = Metrics(registry)
    assert metrics.registry is registry
    assert registry.get_sample_value("misinfo_bot_database_up") == 0.0
    assert REGISTRY.get_sample_value("misinfo_bot_database_up") is None


def test_two_instances_do_not_clash():
    """Each instance has its own registry, so building the bot twice (as tests do) works."""
    first, second = Metrics(), Metrics()
    first.answers_sent.inc()
    assert first.registry.get_sample_value("misinfo_bot_answers_sent_total") == 1.0
    assert second.registry.get_sample_value("misinfo_bot_answers_sent_total") == 0.0


def test_counters_and_labels_are_exported():
    metrics = Metrics()
    metrics.messages_scanned.inc(3)
    metrics.matches.labels(action="reply").inc()
    metrics.link_fetches.labels(outcome="timeout").inc(2)
    metrics.review_items.labels(state="pending").set(4)
    got = samples(metrics)
    assert got[("misinfo_bot_messages_scanned_total", ())] == 3.0
    assert got[("misinfo_bot_matches_total", (("action", "reply"),))] == 1.0
    assert got[("misinfo_bot_link_fetches_total", (("outcome", "timeout"),))] == 2.0
    assert got[("misinfo_bot_review_items", (("state", "pending"),))] == 4.0


@pytest.mark.parametrize("name", ["matcher_latency", "end_to_end_latency", "answer_reservation"])
def test_histograms_use_sub_millisecond_to_one_second_buckets(name):
    metrics = Metrics()
    getattr(metrics, name).observe(0.0003)
    getattr(metrics, name).observe(0.3)
    got = samples(metrics)
    family = f"misinfo_bot_{name}_seconds"
    assert got[(f"{family}_bucket", (("le", "0.0005"),))] == 1.0
    assert got[(f"{family}_bucket", (("le", "0.25"),))] == 1.0
    assert got[(f"{family}_bucket", (("le", "0.5"),))] == 2.0
    assert got[(f"{family}_bucket", (("le", "+Inf"),))] == 2.0
    assert got[(f"{family}_count", ())] == 2.0
    assert LATENCY_BUCKETS[0] == 0.0005
    assert LATENCY_BUCKETS[-1] == 1.0


@pytest.mark.parametrize(
    ("checks", "gateway", "database"),
    [
        ({"gateway": True, "database": True}, 1.0, 1.0),
        ({"gateway": False, "database": False}, 0.0, 0.0),
        ({"gateway": True, "database": False, "knowledge": True}, 1.0, 0.0),
    ],
)
def test_record_health_sets_the_gauges(checks, gateway, database):
    metrics = Metrics()
    metrics.record_health(checks)
    assert metrics.registry.get_sample_value("misinfo_bot_gateway_connected") == gateway
    assert metrics.registry.get_sample_value("misinfo_bot_database_up") == database


def test_record_health_leaves_absent_checks_alone():
    metrics = Metrics()
    metrics.gateway_connected.set(1)
    metrics.record_health({"database": True})
    assert metrics.registry.get_sample_value("misinfo_bot_gateway_connected") == 1.0
    assert metrics.registry.get_sample_value("misinfo_bot_database_up") == 1.0


def test_every_metric_has_the_prefix_and_process_and_python_metrics_are_there():
    text = generate_latest(Metrics().registry).decode()
    names = {family.name for family in text_string_to_metric_families(text)}
    assert all(name.startswith("misinfo_bot_") for name in names), sorted(names)
    assert {
        "misinfo_bot_process_cpu_seconds",
        "misinfo_bot_process_resident_memory_bytes",
        "misinfo_bot_python_info",
        "misinfo_bot_python_gc_collections",
    } <= names


def test_gateway_latency_is_read_per_shard_at_each_scrape():
    metrics = Metrics(process=False)
    latencies = [(0, 0.041), (1, float("nan"))]
    metrics.track_gateway_latency(lambda: latencies)
    assert samples(metrics)[("misinfo_bot_gateway_latency_seconds", (("shard", "0"),))] == 0.041
    assert ("misinfo_bot_gateway_latency_seconds", (("shard", "1"),)) not in samples(metrics)  # not connected
    latencies[1] = (1, 0.07)
    assert samples(metrics)[("misinfo_bot_gateway_latency_seconds", (("shard", "1"),))] == 0.07


async def test_the_http_trace_counts_discord_failures_by_status_class():
    from types import SimpleNamespace

    metrics = Metrics(process=False)
    trace = metrics.discord_http_trace()
    for status in (200, 204, 429, 403, 404, 503):
        params = SimpleNamespace(response=SimpleNamespace(status=status))
        for callback in trace.on_request_end:
            await callback(None, SimpleNamespace(), params)
    for callback in trace.on_request_exception:
        await callback(None, SimpleNamespace(), SimpleNamespace(exception=ConnectionResetError()))
    got = samples(metrics)
    failures = {labels[0][1]: value for (name, labels), value in got.items() if name.endswith("http_failures_total")}
    assert failures == {"429": 1.0, "4xx": 2.0, "5xx": 1.0, "connection": 1.0}
