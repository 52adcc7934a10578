"""The gateway half of the stand-in: HELLO, IDENTIFY, RESUME, heartbeats, dispatches and their replay."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord._payloads import Payload, guild_create_payload, member_payload, user_payload
from tests.fakediscord._recording import Notifier
from tests.fakediscord._world import Guild, World

log = logging.getLogger(__name__)

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_REACTIONS = 1 << 13
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

_APP_FLAGS = {GUILD_PRESENCES: 1 << 13, GUILD_MEMBERS: 1 << 15, MESSAGE_CONTENT: 1 << 19}
_CONTENT_FIELDS: dict[str, Any] = {"content": "", "embeds": [], "attachments": [], "components": []}


@dataclasses.dataclass(eq=False)
class Connection:
    """One websocket connection from the bot."""

    index: int
    ws: web.WebSocketResponse
    request: web.Request
    session: Session | None = None
    closed: bool = False
    close_code: int | None = None

    async def send(self, text: str) -> bool:
        """Send a text frame; False if the connection is already going away."""
        if self.closed or self.ws.closed:
            return False
        try:
            await self.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            return False
        return True


@dataclasses.dataclass(eq=False)
class Session:
    """A gateway session: what IDENTIFY asked for, and every dispatch sent in it (for RESUME)."""

    id: str
    intents: int
    identify: Payload
    seq: int = 0
    frames: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    connection: Connection | None = None
    valid: bool = True
    lock: asyncio.Lock = dataclasses.field(default_factory=asyncio.Lock)

    @property
    def shard(self) -> tuple[int, int]:
        """``(shard_id, shard_count)`` from IDENTIFY; ``(0, 1)`` when it named none."""
        shard_id, count = self.identify.get("shard") or (0, 1)
        return int(shard_id), int(count)

    def receives(self, guild_id: int | None) -> bool:
        """Whether this session gets a server's events (DMs go to shard 0), as Discord shards them."""
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else shard_of(guild_id, count))

    def frame(self, event: str, data: Payload) -> str:
        """Number the next dispatch and keep it for replay."""
        self.seq += 1
        text = json.dumps({"op": DISPATCH, "t": event, "s": self.seq, "d": data})
        self.frames.append((self.seq, text))
        return text


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a server's events: ``(guild_id >> 22) % shard_count``."""
    return (guild_id >> 22) % shard_count


def _valid_shard(shard: Any) -> bool:
    if shard is None:
        return True
    if not isinstance(shard, list) or len(shard) != 2 or not all(isinstance(part, int) for part in shard):
        return False
    return 0 <= shard[0] < shard[1]


class Gateway:
    """Serves the bot's websocket connections and dispatches events to its sessions."""

    def __init__(
        self, world: World, notifier: Notifier, *, enabled_privileged_intents: int, heartbeat_interval_ms: int
    ) -> None:
        self._world = world
        self._notifier = notifier
        self._enabled_privileged = enabled_privileged_intents
        self._heartbeat_interval_ms = heartbeat_interval_ms
        self._released = asyncio.Event()
        self._released.set()
        self.url = ""
        self.sessions: dict[str, Session] = {}
        self.connections: list[Connection] = []
        self.identifies: list[Payload] = []
        self.resumes: list[Payload] = []
        self.resumed_count = 0
        self.heartbeats = 0

    @property
    def session(self) -> Session | None:
        """The newest valid session, if the bot has identified."""
        valid = [s for s in self.sessions.values() if s.valid]
        return valid[-1] if valid else None

    @property
    def live_connections(self) -> list[Connection]:
        """Connections that are still open."""
        return [c for c in self.connections if not c.closed]

    def hold(self) -> None:
        """Make new connections wait before HELLO until `release()`."""
        self._released.clear()

    def release(self) -> None:
        """Let held connections proceed."""
        self._released.set()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Serve one websocket connection until it closes."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        connection = Connection(len(self.connections), ws, request)
        self.connections.append(connection)
        self._notifier.notify()
        try:
            await self._released.wait()
            await connection.send(json.dumps({"op": HELLO, "d": {"heartbeat_interval": self._heartbeat_interval_ms}}))
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(connection, json.loads(message.data))
        finally:
            connection.closed = True
            connection.close_code = ws.close_code
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
            self._notifier.notify()
        return ws

    async def dispatch(
        self,
        event: str,
        data: Payload,
        *,
        intent: int = 0,
        content_visible: bool = True,
        guild_id: int | None = None,
    ) -> None:
        """Dispatch an event to every valid session whose intents include one of `intent`'s bits (if given).

        Only sessions of the server's shard get it: ``guild_id``, else the data's ``guild_id`` (none: shard 0).

        With `content_visible=False`, sessions without MESSAGE_CONTENT get content, embeds, attachments and
        components blanked, as Discord does.
        """
        if guild_id is None and data.get("guild_id") is not None:
            guild_id = int(data["guild_id"])
        for session in [s for s in self.sessions.values() if s.valid and s.receives(guild_id)]:
            if intent and not session.intents & intent:
                continue
            payload = data
            if not content_visible and not session.intents & MESSAGE_CONTENT:
                payload = {**data, **_CONTENT_FIELDS}
                payload.pop("poll", None)
            await self._send_dispatch(session, event, payload)
        self._notifier.notify()

    async def send_op(self, op: int, data: Any = None) -> list[Connection]:
        """Send a non-dispatch opcode on every open connection; return those connections."""
        targets = [c for c in self.live_connections if c.session is not None]
        for connection in targets:
            await connection.send(json.dumps({"op": op, "d": data}))
        return targets

    async def close_connections(self, code: int | None) -> list[Connection]:
        """Close every open connection with `code`, or drop the TCP connection abruptly if `code` is None."""
        targets = self.live_connections
        for connection in targets:
            if code is None:
                transport = connection.request.transport
                if transport is not None:
                    transport.abort()
            else:
                await connection.ws.close(code=code, message=b"closed by the test")
        return targets

    def invalidate_sessions(self) -> None:
        """Forget every session, so a RESUME gets INVALID_SESSION."""
        for session in self.sessions.values():
            session.valid = False

    def _forget_abandoned_sessions(self) -> None:
        """On IDENTIFY: sessions without a connection are over; those still connected (another process of the
        same bot, as in a rolling deploy) stay, and each gets every dispatch, as on Discord."""
        for session in self.sessions.values():
            if session.connection is None or session.connection.closed:
                session.valid = False

    async def _send_dispatch(self, session: Session, event: str, data: Payload) -> None:
        async with session.lock:
            text = session.frame(event, data)
            if session.connection is not None:
                await session.connection.send(text)

    async def _on_frame(self, connection: Connection, frame: Payload) -> None:
        op = frame.get("op")
        handlers: dict[int, Callable[[Connection, Any], Any]] = {
            HEARTBEAT: self._on_heartbeat,
            IDENTIFY: self._on_identify,
            RESUME: self._on_resume,
            REQUEST_GUILD_MEMBERS: self._on_request_members,
        }
        if op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            return
        handler = handlers.get(op)  # type: ignore[arg-type]
        if handler is None:
            await connection.ws.close(code=4001, message=b"Unknown opcode.")
            return
        await handler(connection, frame.get("d"))

    async def _on_heartbeat(self, connection: Connection, _data: Any) -> None:
        self.heartbeats += 1
        await connection.send(json.dumps({"op": HEARTBEAT_ACK}))

    async def _on_identify(self, connection: Connection, data: Payload) -> None:
        self.identifies.append(data)
        self._notifier.notify()
        if data.get("token") != self._world.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self._enabled_privileged:
            await connection.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        if not _valid_shard(data.get("shard")):
            await connection.ws.close(code=4010, message=b"Invalid shard.")
            return
        self._forget_abandoned_sessions()
        session = Session(secrets.token_hex(16), intents, data)
        self.sessions[session.id] = session
        session.connection = connection
        connection.session = session
        await self._send_dispatch(session, "READY", self._ready_payload(session, data))
        for guild in self._guilds_of(session):
            await self._send_dispatch(session, "GUILD_CREATE", guild_create_payload(self._world, guild))
        self._notifier.notify()

    async def _on_resume(self, connection: Connection, data: Payload) -> None:
        self.resumes.append(data)
        self._notifier.notify()
        if data.get("token") != self._world.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or not session.valid:
            await connection.send(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        last_seen = data.get("seq") or 0
        async with session.lock:
            session.connection = connection
            connection.session = session
            for seq, text in session.frames:
                if seq > last_seen:
                    await connection.send(text)
            await connection.send(session.frame("RESUMED", {}))
        self.resumed_count += 1
        self._notifier.notify()

    async def _on_request_members(self, connection: Connection, data: Payload) -> None:
        session = connection.session
        guild = self._world.find_guild(int(data["guild_id"]))
        if session is None or guild is None:
            return
        query = (data.get("query") or "").lower()
        wanted = {int(x) for x in data.get("user_ids") or []}
        members = [
            m
            for m in guild.members
            if (not wanted or m.user.id in wanted) and m.user.username.lower().startswith(query)
        ]
        limit = data.get("limit") or len(members)
        chunk = {
            "guild_id": str(guild.id),
            "members": [member_payload(m) for m in members[:limit]],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self._send_dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    def _guilds_of(self, session: Session) -> list[Guild]:
        return [guild for guild in self._world.guilds if session.receives(guild.id)]

    def _ready_payload(self, session: Session, identify: Payload) -> Payload:
        app_flags = 0
        for intent, flag in _APP_FLAGS.items():
            if self._enabled_privileged & intent:
                app_flags |= flag
        return {
            "v": 10,
            "user": {**user_payload(self._world.bot), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self._guilds_of(session)],
            "session_id": session.id,
            "resume_gateway_url": self.url,
            "shard": identify.get("shard", [0, 1]),
            "application": {"id": str(self._world.application_id), "flags": app_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "session_type": "normal",
            "auth": {},
        }
