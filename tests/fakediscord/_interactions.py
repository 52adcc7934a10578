"""Interactions: INTERACTION_CREATE payloads, command options, and what the bot answered."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from typing import Any

from tests.fakediscord._messages import EPHEMERAL
from tests.fakediscord._payloads import (
    Payload,
    channel_payload,
    member_payload,
    resolved_channel_payload,
    role_payload,
    user_payload,
)
from tests.fakediscord._world import Channel, Guild, Member, Role, User, World

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = range(1, 11)
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Option:
    """A slash command option value with an explicit option type (e.g. `Option(MENTIONABLE, member)`)."""

    type: int
    value: Any


@dataclasses.dataclass
class InteractionResponse:
    """The bot's callback to an interaction: its type (4 message, 5 defer, 6, 7, 8 choices, 9 modal) and data."""

    type: int
    data: Payload
    seconds: float

    @property
    def flags(self) -> int:
        """The message flags of the response (0 if none)."""
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """Whether the response is only visible to the invoking user."""
        return bool(self.flags & EPHEMERAL)

    @property
    def content(self) -> str | None:
        """The response's message content, if it has one."""
        return self.data.get("content")

    @property
    def embeds(self) -> list[Payload]:
        """The response's embeds."""
        return list(self.data.get("embeds") or [])

    @property
    def choices(self) -> list[Payload]:
        """Autocomplete choices (type 8)."""
        return list(self.data.get("choices") or [])


@dataclasses.dataclass(eq=False)
class InteractionRecord:
    """An interaction the test injected, and everything the bot did with it.

    `original_message_id` is the message that `@original` designates: the response message for types 4/5, the
    clicked message for component interactions. `followups` are the follow-up messages, `original_edits` the
    bodies of `PATCH …/messages/@original`.
    """

    id: int
    token: str
    type: int
    payload: Payload
    guild: Guild
    channel: Channel
    member: Member
    created_at: float = dataclasses.field(default_factory=time.monotonic)
    expect_response: bool = True
    response: InteractionResponse | None = None
    original_message_id: int | None = None
    followups: list[Payload] = dataclasses.field(default_factory=list)
    original_edits: list[Payload] = dataclasses.field(default_factory=list)
    original_deleted: bool = False

    @property
    def message_id(self) -> int | None:
        """For a component interaction, the id of the clicked message."""
        message = self.payload.get("message")
        return int(message["id"]) if message else None


def command_options(
    world: World, guild: Guild, member: Member, options: Mapping[str, Any], focused: str | None
) -> tuple[list[Payload], Payload]:
    """Build `data.options` and `data.resolved` from Python values (see `option_type`)."""
    resolved: Payload = {}
    built = []
    for name, value in options.items():
        kind, raw = option_type(value)
        payload: Payload = {"name": name, "type": kind, "value": _option_value(raw)}
        _resolve(world, guild, member, raw, resolved)
        if name == focused:
            payload["focused"] = True
        built.append(payload)
    return built, resolved


def option_type(value: Any) -> tuple[int, Any]:
    """The option type of a Python value: bool, int, float, str, Member/User, Channel, Role or an `Option`."""
    if isinstance(value, Option):
        return value.type, value.value
    for kind, option in ((bool, BOOLEAN), (int, INTEGER), (float, NUMBER), (str, STRING)):
        if isinstance(value, kind):
            return option, value
    for kind, option in ((Member, USER), (User, USER), (Channel, CHANNEL), (Role, ROLE)):
        if isinstance(value, kind):
            return option, value
    raise TypeError(f"cannot tell the option type of {value!r}; wrap it in Option(type, value)")


def nest_subcommands(path: str, options: list[Payload]) -> tuple[str, list[Payload]]:
    """Split `"alerts autoreply"` into the command name and its nested SUB_COMMAND(_GROUP) options."""
    names = path.split()
    if not 1 <= len(names) <= 3:
        raise ValueError(f"a command path has 1 to 3 words, not {path!r}")
    nested = options
    for depth, name in reversed(list(enumerate(names[1:], start=1))):
        kind = SUB_COMMAND if depth == len(names) - 1 else SUB_COMMAND_GROUP
        nested = [{"name": name, "type": kind, "options": nested}]
    return names[0], nested


def interaction_payload(record: InteractionRecord, world: World, data: Payload, message: Payload | None) -> Payload:
    """The INTERACTION_CREATE payload, with the member's and the app's permissions in the channel."""
    guild, channel, member = record.guild, record.channel, record.member
    permissions = guild.permissions_in(member, channel)
    payload: Payload = {
        "id": str(record.id),
        "application_id": str(world.application_id),
        "type": record.type,
        "token": record.token,
        "version": 1,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "channel_id": str(channel.id),
        "channel": {**channel_payload(world, channel), "permissions": str(permissions)},
        "member": member_payload(member, permissions=permissions),
        "app_permissions": str(guild.permissions_in(world.bot_member(guild), channel)),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def modal_submit_components(modal: Payload | None, values: Mapping[str, Any]) -> list[Payload]:
    """The submitted components: mirrors the modal the bot opened (labels or action rows), else action rows.

    As Discord does, every text input of the modal is submitted: with the member's value when ``values`` has one,
    else what the bot prefilled (``value``), else empty.
    """
    if modal is None:
        return [{"type": 1, "components": [_submitted(4, custom_id, value)]} for custom_id, value in values.items()]
    submitted = []
    for component in modal.get("components") or []:
        if component.get("type") == 18:
            inner = component["component"]
            if inner.get("custom_id") in values or inner.get("type") == 4:
                value = _value(inner, values)
                submitted.append({"type": 18, "component": _submitted(inner["type"], inner["custom_id"], value)})
        elif component.get("type") == 1:
            row = [
                _submitted(c["type"], c["custom_id"], _value(c, values))
                for c in component.get("components") or []
                if c.get("custom_id") in values or c.get("type") == 4
            ]
            submitted.append({"type": 1, "components": row})
    return submitted


def _value(component: Payload, values: Mapping[str, Any]) -> Any:
    if component.get("custom_id") in values:
        return values[component["custom_id"]]
    return component.get("value") or ""


def _submitted(component_type: int, custom_id: str, value: Any) -> Payload:
    if component_type == 4:
        return {"type": 4, "custom_id": custom_id, "value": value}
    return {"type": component_type, "custom_id": custom_id, "values": list(value)}


def _option_value(value: Any) -> Any:
    if isinstance(value, Member):
        return str(value.user.id)
    if isinstance(value, User | Channel | Role):
        return str(value.id)
    return value


def _resolve(world: World, guild: Guild, invoker: Member, value: Any, resolved: Payload) -> None:
    if isinstance(value, Member):
        resolved.setdefault("users", {})[str(value.user.id)] = user_payload(value.user)
        member = member_payload(value, with_user=False)
        resolved.setdefault("members", {})[str(value.user.id)] = member
    elif isinstance(value, User):
        resolved.setdefault("users", {})[str(value.id)] = user_payload(value)
        member_of_guild = guild.member_by_id(value.id)
        if member_of_guild is not None:
            resolved.setdefault("members", {})[str(value.id)] = member_payload(member_of_guild, with_user=False)
    elif isinstance(value, Channel):
        resolved.setdefault("channels", {})[str(value.id)] = resolved_channel_payload(world, guild, value, invoker)
    elif isinstance(value, Role):
        resolved.setdefault("roles", {})[str(value.id)] = role_payload(value)
