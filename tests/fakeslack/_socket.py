"""Socket Mode: WebSocket connections, envelopes, acknowledgements within 3 s, disconnects and redelivery.

Like Slack: a connection opens with ``hello``; each envelope goes to one live connection (the newest); events
not acknowledged in time, or whose connection closed first, are sent again with ``retry_attempt`` + 1 (at most
`MAX_RETRIES` times); a ``disconnect`` asks the client to open a new connection, and nothing more is sent on the
old one, which is closed after `DISCONNECT_GRACE` seconds if the client keeps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakeslack._store import Store

ACK_SECONDS = 3.0
MAX_RETRIES = 3
DISCONNECT_GRACE = 10.0


@dataclasses.dataclass
class Delivery:
    """One envelope sent (or waiting to be sent); ``acked`` resolves with the ack's payload (or None)."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    retry_attempt: int = 0
    retry_reason: str = ""
    accepts_response_payload: bool = False
    connection: int | None = None
    sent_at: float | None = None
    acked_at: float | None = None
    late_ack: bool = False
    """Acknowledged after it was given up (too late, or its connection had closed): it was sent again."""
    acked: asyncio.Future[dict[str, Any] | None] = dataclasses.field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    @property
    def event_id(self) -> str | None:
        """The event's id (events only); the same on every redelivery."""
        return self.payload.get("event_id")

    def envelope(self) -> dict[str, Any]:
        """The JSON sent on the socket."""
        return {
            "envelope_id": self.envelope_id,
            "type": self.type,
            "payload": self.payload,
            "accepts_response_payload": self.accepts_response_payload,
            "retry_attempt": self.retry_attempt,
            "retry_reason": self.retry_reason,
        }

    async def ack(self, timeout: float = ACK_SECONDS + 0.5) -> dict[str, Any] | None:
        """Wait for the acknowledgement; its payload (a slash command's answer, a modal's response action)."""
        try:
            return await asyncio.wait_for(asyncio.shield(self.acked), timeout)
        except TimeoutError:
            raise AssertionError(f"envelope {self.envelope_id} ({self.type}) was not acknowledged") from None


@dataclasses.dataclass
class Connection:
    """One WebSocket connection of the app."""

    number: int
    ws: web.WebSocketResponse
    draining: bool = False
    closed: bool = False


class SocketMode:
    """The Socket Mode side of the stand-in (served at ``/link``)."""

    def __init__(self, store: Store, *, app_id: str, ack_seconds: float = ACK_SECONDS) -> None:
        self._store = store
        self._app_id = app_id
        self.ack_seconds = ack_seconds
        self.connections: list[Connection] = []
        self.deliveries: list[Delivery] = []
        self._tickets: set[str] = set()
        self._waiting: list[Delivery] = []
        self._outstanding: dict[str, Delivery] = {}
        self._late: dict[str, Delivery] = {}
        """Envelopes given up (late or their connection closed): an ack may still come, and is no mistake."""
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def live(self) -> list[Connection]:
        """Open connections that still get envelopes."""
        return [connection for connection in self.connections if not connection.closed and not connection.draining]

    def new_ticket(self) -> str:
        """A one-use ticket for the URL ``apps.connections.open`` returns."""
        ticket = self._store.next_id("ticket")
        self._tickets.add(ticket)
        return ticket

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """``GET /link?ticket=…``: the app's WebSocket."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            self._store.problem(f"WebSocket opened with an unknown or used ticket {ticket!r}")
            return web.Response(status=401, text="invalid ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0, timeout=1.0)
        await ws.prepare(request)
        connection = Connection(len(self.connections) + 1, ws)
        self.connections.append(connection)
        hello = {
            "type": "hello",
            "num_connections": len(self.live),
            "debug_info": {"host": "fakeslack", "approximate_connection_time": 3600},
            "connection_info": {"app_id": self._app_id},
        }
        await ws.send_str(json.dumps(hello))
        self._store.changed()
        await self._send_waiting()
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    self._received(frame.data)
        finally:
            connection.closed = True
            self._connection_closed(connection)
        return ws

    def _received(self, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            self._store.problem(f"not JSON on the socket: {data[:80]!r}")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        delivery = self._outstanding.pop(envelope_id, None) if isinstance(envelope_id, str) else None
        if delivery is None and isinstance(envelope_id, str) and envelope_id in self._late:
            self._late.pop(envelope_id).late_ack = True
            return
        if delivery is None:
            self._store.problem(f"ack for an unknown or already acknowledged envelope: {data[:120]!r}")
            return
        payload = message.get("payload")
        if payload is not None and not delivery.accepts_response_payload:
            self._store.problem(f"ack of {delivery.type} envelope {envelope_id} carries a payload it cannot take")
        if not delivery.acked.done():
            delivery.acked_at = self._store.clock()
            delivery.acked.set_result(payload)
        self._store.changed()

    async def deliver(
        self,
        type_: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = False,
        connection: int | None = None,
    ) -> Delivery:
        """Send a new envelope (or keep it until a connection is open); ``connection``: on that one (1 = first)."""
        delivery = Delivery(
            self._store.next_id("env-"), type_, payload, accepts_response_payload=accepts_response_payload
        )
        await self._send(delivery, connection)
        return delivery

    async def redeliver(
        self, delivery: Delivery, reason: str = "timeout", *, connection: int | None = None
    ) -> Delivery:
        """Send an envelope again, as Slack retries: a new envelope id, the same payload, ``retry_attempt`` + 1."""
        again = Delivery(
            self._store.next_id("env-"),
            delivery.type,
            delivery.payload,
            retry_attempt=delivery.retry_attempt + 1,
            retry_reason=reason,
            accepts_response_payload=delivery.accepts_response_payload,
        )
        await self._send(again, connection)
        return again

    async def _send(self, delivery: Delivery, number: int | None = None) -> None:
        self.deliveries.append(delivery)
        live = [c for c in self.live if number is None or c.number == number]
        if not live:
            self._waiting.append(delivery)
            return
        connection = live[-1]
        delivery.connection = connection.number
        self._outstanding[delivery.envelope_id] = delivery
        delivery.sent_at = self._store.clock()
        try:
            await connection.ws.send_str(json.dumps(delivery.envelope()))
        except (ConnectionError, RuntimeError):
            self._outstanding.pop(delivery.envelope_id, None)
            self._waiting.append(delivery)
            return
        self._spawn(self._deadline(delivery))
        self._store.changed()

    async def _send_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for delivery in waiting:
            await self._send(delivery)

    async def _deadline(self, delivery: Delivery) -> None:
        await asyncio.sleep(self.ack_seconds)
        if delivery.acked.done() or delivery.envelope_id not in self._outstanding:
            return
        self._late[delivery.envelope_id] = self._outstanding.pop(delivery.envelope_id)
        self._store.problem(
            f"{delivery.type} envelope {delivery.envelope_id} (event {delivery.event_id}) not acknowledged "
            f"within {self.ack_seconds:g} s"
        )
        if delivery.type == "events_api" and delivery.retry_attempt < MAX_RETRIES:
            await self.redeliver(delivery)

    def _connection_closed(self, connection: Connection) -> None:
        lost = [d for d in self._outstanding.values() if d.connection == connection.number and not d.acked.done()]
        for delivery in lost:
            self._late[delivery.envelope_id] = self._outstanding.pop(delivery.envelope_id)
            if delivery.type == "events_api" and delivery.retry_attempt < MAX_RETRIES:
                self._spawn(self.redeliver(delivery))
        self._store.changed()

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every live connection to reconnect; nothing more is sent on them; closed after the grace time."""
        for connection in self.live:
            connection.draining = True
            message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "fakeslack"}}
            with contextlib.suppress(ConnectionError, RuntimeError):
                await connection.ws.send_str(json.dumps(message))
            self._spawn(self._close_later(connection))

    async def drop(self) -> None:
        """Close every connection at once, without a ``disconnect`` (a network failure or a Slack restart)."""
        for connection in [c for c in self.connections if not c.closed]:
            connection.draining = True
            await connection.ws.close(code=1011, message=b"fake network failure")

    async def _close_later(self, connection: Connection) -> None:
        await asyncio.sleep(DISCONNECT_GRACE)
        if not connection.closed:
            await connection.ws.close()

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop timers and close every connection."""
        for task in list(self._tasks):
            task.cancel()
        for connection in self.connections:
            if not connection.closed:
                await connection.ws.close()
