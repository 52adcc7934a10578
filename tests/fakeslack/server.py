"""`FakeSlack`: a local stand-in of Slack's Web API and Socket Mode, served by aiohttp on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from tests.fakeslack._events import MemberActions
from tests.fakeslack._socket import ACK_SECONDS, Delivery, SocketMode
from tests.fakeslack._store import Call, Ephemeral, Message, Store
from tests.fakeslack._web import Fault, WebApi
from tests.fakeslack._world import World, default_world

T = TypeVar("T")


class FakeSlack(MemberActions):
    """Slack for end-to-end tests: ``async with FakeSlack() as fake:``, then point the clients at `api_url`.

    Args:
        world: The workspace; `default_world()` if None.
        ack_seconds: How long the app has to acknowledge an envelope.
    """

    def __init__(self, world: World | None = None, *, ack_seconds: float = ACK_SECONDS) -> None:
        self.world = world or default_world()
        self.store = Store()
        self.socket = SocketMode(self.store, app_id=self.world.app_id, ack_seconds=ack_seconds)
        self.web = WebApi(self.world, self.store, self.socket)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def api_url(self) -> str:
        """The Web API base for ``AsyncWebClient(base_url=...)`` (and ``SLACK_API_BASE_URL``)."""
        return f"{self.base_url}/api/"

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.web.handle)
        app.router.add_get("/link", self.socket.handle)
        app.router.add_post("/respond/{user}/{channel}/{id}", self.respond)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        self.web.base_ws_url = f"ws://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # Observing ---------------------------------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """The Web API calls made (of one method), oldest first."""
        return [call for call in self.store.calls if method is None or call.method == method]

    def messages(self, channel: str) -> list[Message]:
        """A channel's messages (thread replies included), oldest first."""
        return self.store.in_channel(self.world.channel(channel).id)

    def replies(self, channel: str, ts: str) -> list[Message]:
        """A thread's replies (without its parent)."""
        return [m for m in self.store.thread(self.world.channel(channel).id, ts) if m.ts != ts]

    def message(self, channel: str, ts: str) -> Message | None:
        """A message that still exists."""
        return self.store.find(self.world.channel(channel).id, ts)

    def ephemerals(self, user: str) -> list[Ephemeral]:
        """What one user was told privately (``chat.postEphemeral``, command answers, response URLs)."""
        user_id = self.world.user(user).id
        return [ephemeral for ephemeral in self.store.ephemerals if ephemeral.user == user_id]

    @property
    def problems(self) -> list[str]:
        """What the app did that Slack would refuse, or that breaks the protocol (fails the test at teardown)."""
        return list(self.store.problems)

    def clear_problems(self) -> None:
        """Forget the problems (after asserting on an expected one)."""
        self.store.problems.clear()

    def assert_clean(self) -> None:
        """AssertionError naming every problem recorded."""
        assert not self.store.problems, "the Slack stand-in saw problems:\n  " + "\n  ".join(self.store.problems)

    async def wait_for(self, check: Callable[[], T | None], *, timeout: float = 5.0, what: str = "a condition") -> T:
        """The first truthy result of ``check``, re-run whenever something happens."""
        return await self.store.wait_until(check, timeout=timeout, what=what)

    async def wait_for_reply(self, channel: str, ts: str, *, count: int = 1, timeout: float = 5.0) -> Message:
        """The ``count``-th reply of a thread."""
        found = await self.wait_for(
            lambda: (replies := self.replies(channel, ts))[count - 1 : count] and replies,
            timeout=timeout,
            what=f"reply {count} in the thread of {ts}",
        )
        return found[count - 1]

    async def wait_for_call(
        self, method: str, check: Callable[[Call], bool] = lambda _call: True, *, after: int = 0, timeout: float = 5.0
    ) -> Call:
        """The first call of ``method`` (with index ``after`` or later) that ``check`` accepts."""

        def found() -> Call | None:
            return next((c for c in self.calls(method) if c.index >= after and check(c)), None)

        return await self.wait_for(found, timeout=timeout, what=f"a {method} call")

    async def wait_for_ephemeral(self, user: str, *, count: int = 1, timeout: float = 5.0) -> Ephemeral:
        """The ``count``-th private message to a user."""
        found = await self.wait_for(
            lambda: len(self.ephemerals(user)) >= count, timeout=timeout, what=f"private message {count} to {user}"
        )
        assert found
        return self.ephemerals(user)[count - 1]

    async def wait_for_connections(self, count: int, *, timeout: float = 10.0) -> None:
        """Until the app has opened ``count`` Socket Mode connections in all (and the last is live)."""
        await self.wait_for(
            lambda: len(self.socket.connections) >= count and bool(self.socket.live),
            timeout=timeout,
            what=f"{count} Socket Mode connections",
        )

    def deliveries(self, kind: str | None = None) -> list[Delivery]:
        """Every envelope sent, redeliveries included."""
        return [d for d in self.socket.deliveries if kind is None or d.type == kind]

    def ack_latencies(self) -> list[float]:
        """Seconds from sending each acknowledged envelope to its acknowledgement."""
        return [d.acked_at - d.sent_at for d in self.socket.deliveries if d.acked_at and d.sent_at]

    # Faults ------------------------------------------------------------------------------------------------------

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 429 and ``Retry-After`` (whole seconds)."""
        for _ in range(times):
            fault = Fault(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
            self.web.faults[method].append(fault)

    def fail(self, method: str, error: str, *, times: int = 1, status: int = 200) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": error}``."""
        for _ in range(times):
            self.web.faults[method].append(Fault(status, {"ok": False, "error": error}, {}))

    def delay(self, method: str, seconds: float) -> None:
        """Answer every call of ``method`` ``seconds`` late (0 turns it off)."""
        if seconds:
            self.web.delays[method] = seconds
        else:
            self.web.delays.pop(method, None)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Send ``disconnect`` on every live connection (the app should open a new one)."""
        await self.socket.disconnect(reason)

    async def drop_connections(self) -> None:
        """Close every connection abruptly."""
        await self.socket.drop()

    async def redeliver(
        self, delivery: Delivery, reason: str = "timeout", *, connection: int | None = None
    ) -> Delivery:
        """Send an envelope again as Slack's retry (same event id, new envelope id, ``retry_attempt`` + 1).

        ``connection``: on that connection (1 = the first opened), as Slack may pick another of the app's.
        """
        return await self.socket.redeliver(delivery, reason, connection=connection)

    def event(self, delivery: Delivery) -> dict[str, Any]:
        """The event inside an ``events_api`` envelope."""
        return dict(delivery.payload["event"])
