"""REST routes about the bot itself, its application commands, the gateway, guilds and users."""

from __future__ import annotations

from tests.fakediscord._core import Core
from tests.fakediscord._faults import ApiResponse
from tests.fakediscord._payloads import (
    Payload,
    application_payload,
    channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    user_payload,
)
from tests.fakediscord._rest import ApiRequest, Router, error, ok
from tests.fakediscord._world import Guild


class AppRoutes:
    """Login, application info, command sync, gateway discovery, and guild/user look-ups."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def register(self, router: Router) -> None:
        """Add these routes to the router."""
        router.add("GET", "/users/@me", self.get_me)
        router.add("GET", "/oauth2/applications/@me", self.get_application)
        router.add("GET", "/applications/@me", self.get_application)
        router.add("GET", "/gateway", self.get_gateway)
        router.add("GET", "/gateway/bot", self.get_gateway_bot)
        router.add("POST", "/users/@me/channels", self.create_dm)
        for prefix in ("/applications/{app_id}", "/applications/{app_id}/guilds/{guild_id}"):
            router.add("GET", prefix + "/commands", self.get_commands)
            router.add("PUT", prefix + "/commands", self.put_commands)
            router.add("POST", prefix + "/commands", self.post_command)
        router.add("GET", "/users/{user_id}", self.get_user)
        router.add("GET", "/guilds/{guild_id}", self.get_guild)
        router.add("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        router.add("GET", "/guilds/{guild_id}/roles", self.get_roles)
        router.add("GET", "/guilds/{guild_id}/members", self.get_members)
        router.add("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)

    async def get_me(self, _request: ApiRequest) -> ApiResponse:
        """GET /users/@me."""
        return ok({**user_payload(self._core.world.bot), "verified": True, "mfa_enabled": False, "flags": 0})

    async def get_application(self, _request: ApiRequest) -> ApiResponse:
        """GET /oauth2/applications/@me."""
        return ok(application_payload(self._core.world))

    async def get_gateway(self, _request: ApiRequest) -> ApiResponse:
        """GET /gateway."""
        return ok({"url": self._core.gateway.url})

    async def get_gateway_bot(self, _request: ApiRequest) -> ApiResponse:
        """GET /gateway/bot: the recommended shard count and the IDENTIFY concurrency the stand-in was given."""
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": self._core.max_concurrency}
        shards = self._core.recommended_shards
        return ok({"url": self._core.gateway.url, "shards": shards, "session_start_limit": limit})

    async def create_dm(self, request: ApiRequest) -> ApiResponse:
        """POST /users/@me/channels."""
        user = self._core.world.users.get(int(request.body.get("recipient_id", 0)))
        if user is None:
            return error(400, 50007, "Cannot send messages to this user")
        return ok(channel_payload(self._core.world, self._core.world.dm_channel(user)))

    async def get_commands(self, request: ApiRequest) -> ApiResponse:
        """GET application commands (global or guild)."""
        return ok(self._core.commands.get(self._scope(request), []))

    async def put_commands(self, request: ApiRequest) -> ApiResponse:
        """PUT (bulk overwrite) application commands: echo them with ids, keeping ids of same-named commands."""
        if int(request.params["app_id"]) != self._core.world.application_id:
            return error(403, 50001, "Missing Access")
        scope = self._scope(request)
        body = request.record.json if isinstance(request.record.json, list) else []
        self._core.commands[scope] = [self._command(scope, command) for command in body]
        return ok(self._core.commands[scope])

    async def post_command(self, request: ApiRequest) -> ApiResponse:
        """POST (upsert) one application command."""
        scope = self._scope(request)
        command = self._command(scope, request.body)
        existing = self._core.commands.setdefault(scope, [])
        existing[:] = [c for c in existing if c["id"] != command["id"]] + [command]
        return ok(command)

    async def get_user(self, request: ApiRequest) -> ApiResponse:
        """GET /users/{id}."""
        user = self._core.world.users.get(request.snowflake("user_id"))
        return ok(user_payload(user)) if user else error(404, 10013, "Unknown User")

    async def get_guild(self, request: ApiRequest) -> ApiResponse:
        """GET /guilds/{id}."""
        guild = self._guild(request)
        if guild is None:
            return error(404, 10004, "Unknown Guild")
        return ok({**guild_payload(guild), "approximate_member_count": len(guild.members)})

    async def get_guild_channels(self, request: ApiRequest) -> ApiResponse:
        """GET /guilds/{id}/channels (threads excluded, as on Discord)."""
        guild = self._guild(request)
        if guild is None:
            return error(404, 10004, "Unknown Guild")
        return ok([channel_payload(self._core.world, c) for c in guild.channels if not c.is_thread])

    async def get_roles(self, request: ApiRequest) -> ApiResponse:
        """GET /guilds/{id}/roles."""
        guild = self._guild(request)
        return ok([role_payload(r) for r in guild.roles]) if guild else error(404, 10004, "Unknown Guild")

    async def get_members(self, request: ApiRequest) -> ApiResponse:
        """GET /guilds/{id}/members."""
        guild = self._guild(request)
        if guild is None:
            return error(404, 10004, "Unknown Guild")
        limit = int(request.record.query.get("limit", 1))
        after = int(request.record.query.get("after", 0))
        members = sorted((m for m in guild.members if m.user.id > after), key=lambda m: m.user.id)
        return ok([member_payload(m) for m in members[:limit]])

    async def get_member(self, request: ApiRequest) -> ApiResponse:
        """GET /guilds/{id}/members/{user_id}."""
        guild = self._guild(request)
        if guild is None:
            return error(404, 10004, "Unknown Guild")
        member = guild.member_by_id(request.snowflake("user_id"))
        return ok(member_payload(member)) if member else error(404, 10007, "Unknown Member")

    def _guild(self, request: ApiRequest) -> Guild | None:
        return self._core.world.find_guild(request.snowflake("guild_id"))

    def _scope(self, request: ApiRequest) -> int | None:
        return int(request.params["guild_id"]) if "guild_id" in request.params else None

    def _command(self, scope: int | None, command: Payload) -> Payload:
        kind = command.get("type", 1)
        previous = next(
            (c for c in self._core.commands.get(scope, []) if c["name"] == command["name"] and c["type"] == kind),
            None,
        )
        echoed = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "type": kind,
            "id": previous["id"] if previous else str(self._core.world.snowflakes.next()),
            "application_id": str(self._core.world.application_id),
            "version": str(self._core.world.snowflakes.next()),
        }
        if scope is not None:
            echoed["guild_id"] = str(scope)
        return echoed
