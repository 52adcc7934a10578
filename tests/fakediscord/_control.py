"""Fault injection: REST failures and gateway disruptions."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from tests.fakediscord._core import Core
from tests.fakediscord._faults import Fault
from tests.fakediscord._gateway import INVALID_SESSION, RECONNECT, Connection


class ControlApi:
    """Ways a test makes Discord misbehave (mixed into `FakeDiscord`)."""

    _core: Core

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
        body: Any = None,
        after_handling: bool = False,
    ) -> None:
        """Answer the next `times` requests matching `method` and path template `path` with `status`.

        429 comes with `Via`, `retry_after` and `X-RateLimit-*` (discord.py then waits and retries). 500/502/504
        are retried by discord.py after 1 s, 3 s, …; other statuses raise at once (e.g. 503 -> DiscordServerError).
        With `after_handling`, the request takes effect first (e.g. the message is created) and only its response
        is the failure, as when Discord's edge loses a response.
        """
        fault = Fault(method.upper(), path, status, times, retry_after, is_global, body, after_handling)
        self._core.faults.add(fault)

    async def send_reconnect(self, *, timeout: float = 5.0) -> None:
        """Send op 7 RECONNECT and wait until the bot has closed that connection (it then resumes)."""
        closing = await self._core.gateway.send_op(RECONNECT)
        await self._wait_closed(closing, timeout, "the bot to close the connection after op 7")

    async def invalidate_session(self, *, resumable: bool = False, timeout: float = 5.0) -> None:
        """Send op 9 INVALID_SESSION; unless `resumable`, the session is forgotten and the bot must IDENTIFY again."""
        if not resumable:
            self._core.gateway.invalidate_sessions()
        closing = await self._core.gateway.send_op(INVALID_SESSION, resumable)
        await self._wait_closed(closing, timeout, "the bot to close the connection after op 9")

    async def close_gateway(self, code: int = 4000, *, timeout: float = 5.0) -> None:
        """Close the gateway connection with a close code (4000: the bot resumes; 4004: fatal)."""
        closing = await self._core.gateway.close_connections(code)
        await self._wait_closed(closing, timeout, f"the connection to close with {code}")

    async def drop_gateway(self, *, timeout: float = 5.0) -> None:
        """Drop the gateway TCP connection without a close frame."""
        closing = await self._core.gateway.close_connections(None)
        await self._wait_closed(closing, timeout, "the dropped connection to end")

    @contextlib.asynccontextmanager
    async def gateway_held(self) -> AsyncIterator[None]:
        """While inside, new gateway connections wait before HELLO, so events injected meanwhile are replayed."""
        self._core.gateway.hold()
        try:
            yield
        finally:
            self._core.gateway.release()

    async def _wait_closed(self, connections: list[Connection], within: float, what: str) -> None:
        await self._core.notifier.wait_for(
            lambda: True if all(c.closed for c in connections) else None, within=within, what=what
        )
