"""REST routes on channels: messages, history, reactions, threads started on messages, typing."""

from __future__ import annotations

import discord

from tests.fakediscord._core import Core, message_fields
from tests.fakediscord._faults import ApiResponse
from tests.fakediscord._messages import MessageDraft
from tests.fakediscord._payloads import Payload, channel_payload
from tests.fakediscord._reactions import add_reaction, remove_reaction
from tests.fakediscord._recording import RecordedRequest
from tests.fakediscord._rest import ApiRequest, Router, error, no_content, ok
from tests.fakediscord._threads import start_thread
from tests.fakediscord._validation import validate_message_body
from tests.fakediscord._world import Channel, Guild

_P = discord.Permissions
VIEW = _P(view_channel=True).value
SEND = _P(send_messages=True).value
SEND_IN_THREADS = _P(send_messages_in_threads=True).value
MANAGE_MESSAGES = _P(manage_messages=True).value
READ_HISTORY = _P(read_message_history=True).value
ADD_REACTIONS = _P(add_reactions=True).value

_MESSAGE = "/channels/{channel_id}/messages/{message_id}"


class ChannelRoutes:
    """Messages the bot sends, edits, deletes, fetches and reacts to, with Discord's permission checks."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def register(self, router: Router) -> None:
        """Add these routes to the router."""
        router.add("GET", "/channels/{channel_id}", self.get_channel)
        router.add("POST", "/channels/{channel_id}/typing", self.typing)
        router.add("GET", "/channels/{channel_id}/messages", self.history)
        router.add("POST", "/channels/{channel_id}/messages", self.create)
        router.add("GET", _MESSAGE, self.get)
        router.add("PATCH", _MESSAGE, self.edit)
        router.add("DELETE", _MESSAGE, self.delete)
        router.add("POST", _MESSAGE + "/threads", self.start_thread)
        router.add("PUT", _MESSAGE + "/reactions/{emoji}/@me", self.react)
        router.add("DELETE", _MESSAGE + "/reactions/{emoji}/@me", self.unreact)
        router.add("DELETE", _MESSAGE + "/reactions/{emoji}/{user_id}", self.remove_reaction)

    async def get_channel(self, request: ApiRequest) -> ApiResponse:
        """GET /channels/{id}."""
        found = self._channel(request, VIEW)
        if isinstance(found, ApiResponse):
            return found
        return ok(channel_payload(self._core.world, found[1]))

    async def typing(self, request: ApiRequest) -> ApiResponse:
        """POST /channels/{id}/typing."""
        found = self._channel(request, VIEW)
        return found if isinstance(found, ApiResponse) else no_content()

    async def history(self, request: ApiRequest) -> ApiResponse:
        """GET /channels/{id}/messages: newest first, with `limit`, `before`, `after`, `around`."""
        found = self._channel(request, VIEW)
        if isinstance(found, ApiResponse):
            return found
        if not self._permissions(*found) & READ_HISTORY:
            return ok([])
        query = request.record.query
        limit = int(query.get("limit", 50))
        if not 1 <= limit <= 100:
            return error(400, 50035, "Invalid Form Body", {"limit": {"_errors": [_range_error(limit, 1, 100)]}})
        messages = self._core.messages.in_channel(found[1].id)
        if "before" in query:
            messages = [m for m in messages if int(m["id"]) < int(query["before"])][-limit:]
        elif "after" in query:
            messages = [m for m in messages if int(m["id"]) > int(query["after"])][:limit]
        elif "around" in query:
            older = [m for m in messages if int(m["id"]) <= int(query["around"])][-(limit // 2 + 1) :]
            messages = older + [m for m in messages if int(m["id"]) > int(query["around"])][: limit - len(older)]
        else:
            messages = messages[-limit:]
        return ok([self._core.rest_message(m) for m in reversed(messages)])

    async def create(self, request: ApiRequest) -> ApiResponse:
        """POST /channels/{id}/messages: store the message, echo MESSAGE_CREATE, answer with the message."""
        found = self._channel(request, VIEW)
        if isinstance(found, ApiResponse):
            return found
        guild, channel = found
        needed = SEND_IN_THREADS if channel.is_thread else SEND
        if guild is not None and not self._permissions(guild, channel) & needed:
            return error(403, 50013, "Missing Permissions")
        body = request.body
        invalid = self._invalid(request.record, creating=True)
        if invalid is not None:
            return invalid
        reference = body.get("message_reference")
        if reference is not None and self._core.messages.get(int(reference.get("message_id", 0))) is None:
            if reference.get("fail_if_not_exists", True):
                return error(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "message_reference": {
                            "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                        }
                    },
                )
            reference = None
        if body.get("enforce_nonce") and body.get("nonce") is not None:
            earlier = self._core.messages.by_nonce(channel.id, self._core.world.bot.id, str(body["nonce"]))
            if earlier is not None:  # Discord returns the message created earlier with this nonce
                return ok(earlier)
        message_id = self._core.world.snowflakes.next()
        draft = MessageDraft(
            channel,
            guild,
            self._core.world.bot,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            attachments=self._core.edited_attachments(message_id, request.record, []),
            components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
            allowed_mentions=body.get("allowed_mentions"),
            reference=reference,
            tts=bool(body.get("tts")),
            nonce=body.get("nonce"),
        )
        return ok(await self._core.create_message(draft, message_id=message_id))

    async def get(self, request: ApiRequest) -> ApiResponse:
        """GET a message (content blanked without the MESSAGE_CONTENT intent, as on Discord)."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        guild, channel, message = found
        if guild is not None and not self._permissions(guild, channel) & READ_HISTORY:
            return error(403, 50013, "Missing Permissions")
        return ok(self._core.rest_message(message))

    async def edit(self, request: ApiRequest) -> ApiResponse:
        """PATCH a message the bot sent."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        _guild, _channel, message = found
        if int(message["author"]["id"]) != self._core.world.bot.id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        invalid = self._invalid(request.record, creating=False)
        if invalid is not None:
            return invalid
        changes = message_fields(request.body)
        if request.record.files or "attachments" in request.body:
            changes["attachments"] = self._core.edited_attachments(
                int(message["id"]), request.record, message["attachments"]
            )
        allowed = request.body.get("allowed_mentions")
        return ok(await self._core.update_message(int(message["id"]), changes, allowed_mentions=allowed))

    async def delete(self, request: ApiRequest) -> ApiResponse:
        """DELETE a message: the bot's own, or anyone's with Manage Messages."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        guild, channel, message = found
        own = int(message["author"]["id"]) == self._core.world.bot.id
        if not own and (guild is None or not self._permissions(guild, channel) & MANAGE_MESSAGES):
            return error(403, 50013, "Missing Permissions")
        await self._core.delete_message(int(message["id"]))
        return no_content()

    async def start_thread(self, request: ApiRequest) -> ApiResponse:
        """POST a thread started on a message (see `tests.fakediscord._threads`)."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        guild, channel, message = found
        return await start_thread(self._core, request, guild, channel, message, self._permissions(guild, channel))

    async def react(self, request: ApiRequest) -> ApiResponse:
        """PUT the bot's reaction."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        guild, channel, message = found
        needed = ADD_REACTIONS | READ_HISTORY
        if guild is not None and self._permissions(guild, channel) & needed != needed:
            return error(403, 50013, "Missing Permissions")
        await add_reaction(self._core, message, self._core.world.bot.id, request.params["emoji"])
        return no_content()

    async def unreact(self, request: ApiRequest) -> ApiResponse:
        """DELETE the bot's reaction."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        await remove_reaction(self._core, found[2], self._core.world.bot.id, request.params["emoji"])
        return no_content()

    async def remove_reaction(self, request: ApiRequest) -> ApiResponse:
        """DELETE someone's reaction (needs Manage Messages)."""
        found = self._message(request)
        if isinstance(found, ApiResponse):
            return found
        guild, channel, message = found
        if guild is None or not self._permissions(guild, channel) & MANAGE_MESSAGES:
            return error(403, 50013, "Missing Permissions")
        await remove_reaction(self._core, message, request.snowflake("user_id"), request.params["emoji"])
        return no_content()

    def _channel(self, request: ApiRequest, needed: int) -> tuple[Guild | None, Channel] | ApiResponse:
        found = self._core.world.find_channel(request.snowflake("channel_id"))
        if found is None:
            return error(404, 10003, "Unknown Channel")
        guild, channel = found
        if guild is not None and not self._permissions(guild, channel) & needed:
            return error(403, 50001, "Missing Access")
        return guild, channel

    def _message(self, request: ApiRequest) -> tuple[Guild | None, Channel, Payload] | ApiResponse:
        found = self._channel(request, VIEW)
        if isinstance(found, ApiResponse):
            return found
        message = self._core.messages.get(request.snowflake("message_id"))
        if message is None or int(message["channel_id"]) != found[1].id:
            return error(404, 10008, "Unknown Message")
        return found[0], found[1], message

    def _permissions(self, guild: Guild | None, channel: Channel) -> int:
        if guild is None:
            return ~0
        return guild.permissions_in(self._core.world.bot_member(guild), channel)

    def _invalid(self, record: RecordedRequest, *, creating: bool) -> ApiResponse | None:
        body = record.json if isinstance(record.json, dict) else {}
        problem = validate_message_body(body, has_files=bool(record.files), creating=creating)
        if problem is None:
            return None
        self._core.violation(f"{record.method} {record.path} was rejected by Discord: {problem}")
        return ApiResponse(400, problem)


def _range_error(value: int, low: int, high: int) -> Payload:
    """Discord's error for a number out of its range."""
    if value < low:
        return {"code": "NUMBER_TYPE_MIN", "message": f"Int value should be greater than or equal to {low}."}
    return {"code": "NUMBER_TYPE_MAX", "message": f"Int value should be less than or equal to {high}."}
