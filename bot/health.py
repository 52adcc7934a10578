"""The health and metrics HTTP server: `/healthz` (JSON) and `/metrics` (Prometheus text format).

Status rules: every probe passing is `ok` (HTTP 200). A failing *critical* probe (by default `gateway` and
`knowledge`: without them the bot can't see messages or has nothing to answer with) is `down` (HTTP 503).
Any other failure, e.g. `database`, is `degraded` (HTTP 200): answers keep coming from the knowledge held in
memory, so a container orchestrator should not restart the bot for it, while the JSON and the metrics show it.

Run as `python -m bot.health` to check a local server (the container HEALTHCHECK): exit 0 if `/healthz`
answers 200, else 1. It reads the port from `HEALTH_PORT` (default 8080).
"""

import asyncio
import inspect
import logging
import os
import sys
import urllib.request
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Self

from aiohttp import web
from prometheus_client.exposition import choose_encoder

from bot.admin_http import AdminRoutes
from bot.metrics import Metrics

log = logging.getLogger(__name__)

#: A health probe: returns (or resolves to) True when its dependency is usable. Sync probes must not block.
Probe = Callable[[], bool | Awaitable[bool]]

DEFAULT_CRITICAL: frozenset[str] = frozenset({"gateway", "knowledge"})
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


class Status(StrEnum):
    """Overall health."""

    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The result of one round of probes.

    Attributes:
        status: The overall status.
        checks: Each probe's name and whether it passed.
        details: Why a failing check fails, by check name (only failing checks).
        extras: More to say (e.g. ``stale_feeds``), shown at the top level of the JSON.
    """

    status: Status
    checks: dict[str, bool]
    details: dict[str, object] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def http_status(self) -> int:
        """503 when down, else 200."""
        return 503 if self.status is Status.DOWN else 200

    def as_json(self) -> dict[str, object]:
        """The body of `/healthz`; ``details`` (why a check fails) only when one does; ``extras`` always."""
        body: dict[str, object] = {"status": self.status.value, "checks": dict(self.checks)}
        if self.details:
            body["details"] = dict(self.details)
        body.update(self.extras)
        return body


class HealthChecker:
    """Runs named probes concurrently, each under a timeout, and grades the results.

    Args:
        probes: Probe callables by check name, e.g. `{"gateway": bot.is_ready, "database": ping}`.
        critical: Names whose failure makes the status `down` rather than `degraded`.
        timeout: Seconds allowed to each async probe; a probe that times out or raises counts as failed.
        details: Says, per check name, what is wrong; reported for the checks that fail.
        extras: Non-blocking callables whose values are added to the report by name (e.g. ``stale_feeds``).
    """

    def __init__(
        self,
        probes: Mapping[str, Probe],
        *,
        critical: Iterable[str] = DEFAULT_CRITICAL,
        timeout: float = 1.0,
        details: Callable[[], Mapping[str, object]] | None = None,
        extras: Mapping[str, Callable[[], object]] | None = None,
    ) -> None:
        self._probes = dict(probes)
        self._extras = dict(extras or {})
        self._critical = frozenset(critical)
        self._timeout = timeout
        self._details = details

    async def check(self) -> HealthReport:
        """Run every probe and return the graded report."""
        names = list(self._probes)
        results = await asyncio.gather(*(self._run(name) for name in names))
        checks = dict(zip(names, results, strict=True))
        failed = {name for name, passed in checks.items() if not passed}
        if failed & self._critical:
            status = Status.DOWN
        elif failed:
            status = Status.DEGRADED
        else:
            status = Status.OK
        known = self._details() if self._details is not None and failed else {}
        chosen = {name: text for name, text in known.items() if name in failed}
        return HealthReport(status, checks, chosen, {name: extra() for name, extra in self._extras.items()})

    async def _run(self, name: str) -> bool:
        """Run one probe; False if it fails, raises or exceeds the timeout."""
        try:
            result = self._probes[name]()
            if inspect.isawaitable(result):
                result = await asyncio.wait_for(result, self._timeout)
        except TimeoutError:
            log.warning("Health probe %r timed out after %.2f s", name, self._timeout)
            return False
        except Exception:
            log.warning("Health probe %r raised", name, exc_info=True)
            return False
        return bool(result)


class HealthServer:
    """An aiohttp server for `/healthz` and `/metrics`; use `start()`/`stop()` or `async with`.

    Every request runs the probes, and `metrics.record_health` keeps the `gateway_connected` and
    `database_up` gauges in step with them.

    Args:
        checker: Grades the probes for `/healthz`.
        metrics: Whose registry `/metrics` renders.
        host: Address to bind; keep the default loopback outside a container.
        port: Port to bind; 0 picks a free one (see `port` after `start()`).
        admin: Also serve ``POST /admin/reload`` (see `bot.admin_http`); None: no admin route.
    """

    def __init__(
        self,
        checker: HealthChecker,
        metrics: Metrics,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        admin: AdminRoutes | None = None,
    ) -> None:
        self._checker = checker
        self._metrics = metrics
        self._admin = admin
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The bound port (the requested one until started)."""
        return self._port

    async def start(self) -> int:
        """Start listening and return the bound port."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._render_metrics)
        if self._admin is not None:
            self._admin.register(app, host=self._host)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = runner.addresses[0][1]
        log.info("Health server listening on %s:%d", self._host, self._port)
        return self._port

    async def stop(self) -> None:
        """Stop listening; does nothing if not started."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def _check(self) -> HealthReport:
        report = await self._checker.check()
        self._metrics.record_health(report.checks)
        return report

    async def _healthz(self, _request: web.Request) -> web.Response:
        report = await self._check()
        return web.json_response(report.as_json(), status=report.http_status)

    async def _render_metrics(self, request: web.Request) -> web.Response:
        await self._check()
        encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(body=encoder(self._metrics.registry), headers={"Content-Type": content_type})


def check_local(port: int, *, timeout: float = 4.0) -> bool:
    """Return True if the health server on this machine's loopback at `port` answers `/healthz` with 200."""
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:  # URLError, HTTPError (e.g. 503) and timeouts included
        return False


def main() -> int:
    """Exit status of the container health check: 0 if healthy, else 1."""
    return 0 if check_local(int(os.environ.get("HEALTH_PORT", DEFAULT_PORT))) else 1


if __name__ == "__main__":
    sys.exit(main())
