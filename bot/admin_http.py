"""``POST /admin/reload`` on the health server: how ``python -m bot kb reload`` reaches the running bot.

Who may call it: with ``ADMIN_TOKEN`` set, whoever sends ``Authorization: Bearer <token>``; without one, anyone
on this machine, and only while the health server is bound to loopback (``HEALTH_HOST=127.0.0.1``), so a server
published beyond the machine (a container's ``0.0.0.0``) never reloads for strangers. The body must be JSON, which
a web page cannot send cross-site without the browser asking first.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

log = logging.getLogger(__name__)

RELOAD_PATH = "/admin/reload"

ReloadCallback = Callable[[], Awaitable[Mapping[str, object]]]
"""Reloads and returns the JSON report (see `bot.reload.ReloadReport.as_json`)."""


class AdminRoutes:
    """The admin routes of the health server.

    Args:
        reload: Called for each authorised ``POST /admin/reload``; its mapping is the JSON answer.
        token: The ``ADMIN_TOKEN`` callers must present; None: loopback-only, no token.
    """

    def __init__(self, reload: ReloadCallback, *, token: str | None = None) -> None:
        self._reload = reload
        self._token = token or None
        self._loopback = False

    def register(self, app: web.Application, *, host: str) -> None:
        """Add the routes to the health server's application, which listens on ``host``."""
        self._loopback = is_loopback(host)
        app.router.add_post(RELOAD_PATH, self._handle_reload)

    async def _handle_reload(self, request: web.Request) -> web.Response:
        refusal = self._refusal(request)
        if refusal is not None:
            status, reason = refusal
            log.warning("refused %s from %s: %s", RELOAD_PATH, request.remote, reason)
            return web.json_response({"error": reason}, status=status)
        log.info("knowledge reload asked through %s", RELOAD_PATH)
        return web.json_response(dict(await self._reload()))

    def _refusal(self, request: web.Request) -> tuple[int, str] | None:
        if request.content_type != "application/json":
            return 415, "send the request with Content-Type: application/json"
        if self._token is not None:
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, f"Bearer {self._token}".encode()):
                return 401, "send the bot's ADMIN_TOKEN as Authorization: Bearer <token>"
        elif not self._loopback:
            return 403, "set ADMIN_TOKEN: without it, /admin/reload only answers when HEALTH_HOST is a loopback address"
        return None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is this machine's loopback only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[] ")).is_loopback
    except ValueError:
        return False
