"""`FakeDiscord`: a local stand-in of Discord's REST API and gateway, served by aiohttp on 127.0.0.1."""

from __future__ import annotations

from types import TracebackType

from aiohttp import web

from tests.fakediscord._control import ControlApi
from tests.fakediscord._core import Core
from tests.fakediscord._gateway import PRIVILEGED_INTENTS, Gateway
from tests.fakediscord._inject import InjectionApi
from tests.fakediscord._observe import ObservationApi
from tests.fakediscord._recording import Notifier
from tests.fakediscord._rest import RestApi, Router
from tests.fakediscord._routes_app import AppRoutes
from tests.fakediscord._routes_channels import ChannelRoutes
from tests.fakediscord._routes_interactions import InteractionRoutes
from tests.fakediscord._world import World, default_world

DEFAULT_TOKEN = "fake-bot-token.for-tests.only"


class FakeDiscord(ObservationApi, InjectionApi, ControlApi):
    """Discord for end-to-end tests: use `async with FakeDiscord() as fake:` and point discord.py at it.

    Args:
        world: The guilds, members and channels; the default world (see the package docs) if None.
        token: The only bot token accepted when `world` is None (others: REST 401, gateway close 4004).
        enabled_privileged_intents: Privileged intents enabled "in the developer portal"; IDENTIFY asking for
            any other privileged intent is closed with 4014 (discord.py raises PrivilegedIntentsRequired).
        interaction_deadline: Seconds the bot has to acknowledge an interaction.
        heartbeat_interval_ms: Sent in HELLO.
        shard_count: The shard count ``GET /gateway/bot`` recommends. Each session gets the events of the servers
            of the shard it identified as (``(guild_id >> 22) % count``; DMs on shard 0), as on Discord.
        max_concurrency: IDENTIFYs allowed per 5 s, as ``GET /gateway/bot`` says (not enforced).
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        token: str = DEFAULT_TOKEN,
        enabled_privileged_intents: int = PRIVILEGED_INTENTS,
        interaction_deadline: float = 3.0,
        heartbeat_interval_ms: int = 41_250,
        shard_count: int = 1,
        max_concurrency: int = 1,
    ) -> None:
        self.world = world or default_world(token)
        notifier = Notifier()
        gateway = Gateway(
            self.world,
            notifier,
            enabled_privileged_intents=enabled_privileged_intents,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self._core = Core(self.world, gateway, notifier, interaction_deadline=interaction_deadline)
        self._core.recommended_shards = shard_count
        self._core.max_concurrency = max_concurrency
        router = Router()
        for routes in (AppRoutes(self._core), ChannelRoutes(self._core), InteractionRoutes(self._core)):
            routes.register(router)
        self._rest = RestApi(self._core, router)
        self._runner: web.AppRunner | None = None

    @property
    def token(self) -> str:
        """The bot token the stand-in accepts."""
        return self.world.token

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return self._core.base_url

    @property
    def api_base(self) -> str:
        """The REST base for `discord.http.Route.BASE`."""
        return self._core.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        """The websocket URL for `DiscordWebSocket.DEFAULT_GATEWAY`."""
        return self._core.gateway.url

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on an ephemeral port of 127.0.0.1."""
        app = web.Application()
        app.router.add_get("/", self._core.gateway.handle)
        app.router.add_get("/attachments/{message_id}/{attachment_id}/{filename}", self._serve_file)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self._core.base_url = f"http://{host}:{port}"
        self._core.gateway.url = f"ws://{host}:{port}/"

    async def stop(self) -> None:
        """Close open gateway connections and stop listening."""
        await self._core.gateway.close_connections(1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _serve_file(self, request: web.Request) -> web.Response:
        info = request.match_info
        stored = self._core.files.get(f"{info['attachment_id']}/{info['filename']}")
        if stored is None:
            raise web.HTTPNotFound
        return web.Response(body=stored.data, content_type=stored.content_type)
