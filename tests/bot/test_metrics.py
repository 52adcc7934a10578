import pytest
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import LATENCY_BUCKETS, Metrics

EXPECTED_FAMILIES = {
    "messages_scanned": "counter",
    "matches": "counter",
    "answers_sent": "counter",
    "review_items": "gauge",
    "link_fetches": "counter",
    "matcher_latency_seconds": "histogram",
    "end_to_end_latency_seconds": "histogram",
    "gateway_connected": "gauge",
    "database_up": "gauge",
    "outbox_pending": "gauge",
    "feed_polls": "counter",
    "feed_changes": "counter",
    "feeds_stale": "gauge",
}


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(metrics.registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_every_metric_is_registered_with_its_type():
    text = generate_latest(Metrics().registry).decode()
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
    assert registry.get_sample_value("database_up") == 0.0
    assert REGISTRY.get_sample_value("database_up") is None


def test_two_instances_do_not_clash():
    """Each instance has its own registry, so building the bot twice (as tests do) works."""
    first, second = Metrics(), Metrics()
    first.answers_sent.inc()
    assert first.registry.get_sample_value("answers_sent_total") == 1.0
    assert second.registry.get_sample_value("answers_sent_total") == 0.0


def test_counters_and_labels_are_exported():
    metrics = Metrics()
    metrics.messages_scanned.inc(3)
    metrics.matches.labels(action="answer").inc()
    metrics.link_fetches.labels(outcome="timeout").inc(2)
    metrics.review_items.labels(state="pending").set(4)
    got = samples(metrics)
    assert got[("messages_scanned_total", ())] == 3.0
    assert got[("matches_total", (("action", "answer"),))] == 1.0
    assert got[("link_fetches_total", (("outcome", "timeout"),))] == 2.0
    assert got[("review_items", (("state", "pending"),))] == 4.0


@pytest.mark.parametrize("name", ["matcher_latency", "end_to_end_latency"])
def test_histograms_use_sub_millisecond_to_one_second_buckets(name):
    metrics = Metrics()
    getattr(metrics, name).observe(0.0003)
    getattr(metrics, name).observe(0.3)
    got = samples(metrics)
    family = f"{name}_seconds"
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
    assert metrics.registry.get_sample_value("gateway_connected") == gateway
    assert metrics.registry.get_sample_value("database_up") == database


def test_record_health_leaves_absent_checks_alone():
    metrics = Metrics()
    metrics.gateway_connected.set(1)
    metrics.record_health({"database": True})
    assert metrics.registry.get_sample_value("gateway_connected") == 1.0
    assert metrics.registry.get_sample_value("database_up") == 1.0
