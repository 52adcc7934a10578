import asyncio
from collections.abc import AsyncIterator, Callable, Mapping

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import health
from bot.health import HealthChecker, HealthServer, Probe, Status, check_local
from bot.metrics import Metrics

# A safety net so a broken timeout fails the test instead of hanging the suite; not a speed assertion.
GUARD = 10.0


def ok() -> bool:
    return True


def fails() -> bool:
    return False


async def async_ok() -> bool:
    return True


async def async_fails() -> bool:
    return False


async def hangs() -> bool:
    await asyncio.Event().wait()
    return True


async def raises() -> bool:
    raise ConnectionRefusedError("database is not there")


@pytest.fixture
async def serve() -> AsyncIterator[Callable]:
    """Start a health server on an ephemeral loopback port; return its base URL and metrics."""
    servers: list[HealthServer] = []

    async def start(probes: Mapping[str, Probe], metrics: Metrics | None = None) -> tuple[str, Metrics]:
        metrics = metrics or Metrics()
        server = HealthServer(HealthChecker(probes, timeout=0.05), metrics, host="127.0.0.1", port=0)
        port = await server.start()
        servers.append(server)
        return f"http://127.0.0.1:{port}", metrics

    yield start
    for server in servers:
        await server.stop()


async def get(url: str, headers: Mapping[str, str] | None = None) -> tuple[int, str, str]:
    async with asyncio.timeout(GUARD), aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        return resp.status, resp.headers["Content-Type"], await resp.text()


async def get_health(url: str) -> tuple[int, dict]:
    async with asyncio.timeout(GUARD), aiohttp.ClientSession() as session, session.get(f"{url}/healthz") as resp:
        return resp.status, await resp.json()


async def test_all_probes_passing_is_ok(serve):
    url, _ = await serve({"gateway": ok, "database": async_ok, "knowledge": ok})
    status, body = await get_health(url)
    assert status == 200
    assert body == {"status": "ok", "checks": {"gateway": True, "database": True, "knowledge": True}}


@pytest.mark.parametrize(
    "database", [fails, async_fails, raises, hangs], ids=["false", "async-false", "raises", "hangs"]
)
async def test_database_failure_is_degraded_but_200(serve, database):
    """Answers keep coming from memory without the database, so the bot stays in service."""
    url, _ = await serve({"gateway": ok, "database": database, "knowledge": async_ok})
    status, body = await get_health(url)
    assert status == 200
    assert body == {"status": "degraded", "checks": {"gateway": True, "database": False, "knowledge": True}}


@pytest.mark.parametrize("failing", ["knowledge", "gateway"])
async def test_critical_failure_is_down_and_503(serve, failing):
    probes = {"gateway": ok, "database": ok, "knowledge": ok} | {failing: fails}
    url, _ = await serve(probes)
    status, body = await get_health(url)
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"][failing] is False


async def test_down_wins_over_degraded(serve):
    url, _ = await serve({"gateway": ok, "database": hangs, "knowledge": raises})
    status, body = await get_health(url)
    assert (status, body["status"]) == (503, "down")
    assert body["checks"] == {"gateway": True, "database": False, "knowledge": False}


async def test_truthy_results_are_reported_as_booleans(serve):
    url, _ = await serve({"knowledge": lambda: 1, "database": lambda: None})
    _, body = await get_health(url)
    assert body["checks"] == {"knowledge": True, "database": False}


async def test_custom_critical_set():
    checker = HealthChecker({"database": fails, "gateway": ok}, critical={"database"})
    report = await checker.check()
    assert report.status is Status.DOWN
    assert report.http_status == 503


async def test_no_probes_is_ok():
    report = await HealthChecker({}).check()
    assert (report.status, report.checks, report.http_status) == (Status.OK, {}, 200)


async def test_metrics_endpoint_lists_every_metric_and_reflects_increments(serve):
    url, metrics = await serve({"gateway": ok, "database": ok, "knowledge": ok})
    metrics.messages_scanned.inc(2)
    metrics.matches.labels(action="reply").inc()
    metrics.end_to_end_latency.observe(0.004)
    status, content_type, text = await get(f"{url}/metrics")
    assert status == 200
    assert content_type.startswith("text/plain")
    for name in (
        "misinfo_bot_messages_scanned_total",
        "misinfo_bot_matches_total",
        "misinfo_bot_answers_sent_total",
        "misinfo_bot_review_items",
        "misinfo_bot_link_fetches_total",
        "misinfo_bot_matcher_latency_seconds",
        "misinfo_bot_end_to_end_latency_seconds",
        "misinfo_bot_gateway_connected",
        "misinfo_bot_database_up",
    ):
        assert name in text
    got = {
        (sample.name, tuple(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert got[("misinfo_bot_messages_scanned_total", ())] == 2.0
    assert got[("misinfo_bot_matches_total", (("action", "reply"),))] == 1.0
    assert got[("misinfo_bot_end_to_end_latency_seconds_count", ())] == 1.0

    metrics.messages_scanned.inc()
    _, _, text = await get(f"{url}/metrics")
    assert "misinfo_bot_messages_scanned_total 3.0" in text


async def test_metrics_scrape_refreshes_the_health_gauges(serve):
    url, metrics = await serve({"gateway": ok, "database": hangs, "knowledge": ok})
    metrics.database_up.set(1)
    _, _, text = await get(f"{url}/metrics")
    assert "misinfo_bot_gateway_connected 1.0" in text
    assert "misinfo_bot_database_up 0.0" in text


async def test_healthz_refreshes_the_health_gauges(serve):
    url, metrics = await serve({"gateway": fails, "database": ok})
    await get_health(url)
    assert metrics.registry.get_sample_value("misinfo_bot_gateway_connected") == 0.0
    assert metrics.registry.get_sample_value("misinfo_bot_database_up") == 1.0


async def test_metrics_speaks_openmetrics_when_asked(serve):
    url, _ = await serve({})
    _, content_type, text = await get(f"{url}/metrics", {"Accept": "application/openmetrics-text; version=1.0.0"})
    assert content_type.startswith("application/openmetrics-text")
    assert text.endswith("# EOF\n")


async def test_unknown_path_is_404(serve):
    url, _ = await serve({})
    status, _, _ = await get(f"{url}/nope")
    assert status == 404


async def test_async_context_manager_binds_loopback_and_releases_the_port():
    server = HealthServer(HealthChecker({}), Metrics(), port=0)
    async with server:
        assert server.port != 0
        status, _ = await get_health(f"http://127.0.0.1:{server.port}")
        assert status == 200
    with pytest.raises(aiohttp.ClientConnectionError):
        await get_health(f"http://127.0.0.1:{server.port}")


async def test_stop_before_start_is_harmless():
    await HealthServer(HealthChecker({}), Metrics(), port=0).stop()


async def test_check_local_follows_the_status(serve):
    """`python -m bot.health` (the container HEALTHCHECK) passes only on HTTP 200."""
    url, _ = await serve({"database": fails})
    degraded_port = int(url.rsplit(":", 1)[1])
    url, _ = await serve({"knowledge": fails})
    down_port = int(url.rsplit(":", 1)[1])
    assert await asyncio.to_thread(check_local, degraded_port) is True
    assert await asyncio.to_thread(check_local, down_port) is False


async def test_main_reads_health_port(serve, monkeypatch):
    url, _ = await serve({"gateway": ok})
    monkeypatch.setenv("HEALTH_PORT", url.rsplit(":", 1)[1])
    assert await asyncio.to_thread(health.main) == 0


async def test_main_fails_when_nothing_listens(monkeypatch):
    server = HealthServer(HealthChecker({}), Metrics(), port=0)
    port = await server.start()
    await server.stop()
    monkeypatch.setenv("HEALTH_PORT", str(port))
    assert await asyncio.to_thread(health.main) == 1
