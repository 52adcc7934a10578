"""Events tests inject: members posting, editing, deleting and reacting; slash commands, clicks, modals."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from tests.fakediscord._core import Core
from tests.fakediscord._gateway import GUILD_MEMBERS, GUILDS
from tests.fakediscord._interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CHAT_INPUT,
    MESSAGE_COMMAND,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    USER_COMMAND,
    InteractionRecord,
    command_options,
    interaction_payload,
    modal_submit_components,
    nest_subcommands,
)
from tests.fakediscord._messages import MessageDraft, build_message
from tests.fakediscord._payloads import Payload, guild_create_payload, member_payload, user_payload
from tests.fakediscord._reactions import add_reaction, remove_reaction
from tests.fakediscord._world import Channel, Guild, Member, Role, User, Webhook

MemberRef = Member | User | str
ChannelRef = Channel | str
MessageRef = Payload | int | str


class InjectionApi:
    """Things members and Discord do, dispatched to the bot over the gateway (mixed into `FakeDiscord`).

    Members, users and channels may be given as objects or by name (username / channel name in the first guild).
    Messages may be given as payloads or ids.
    """

    _core: Core

    # Messages -----------------------------------------------------------------------------------------------

    async def post_message(
        self,
        author: MemberRef,
        channel: ChannelRef,
        content: str = "",
        *,
        embeds: Sequence[Payload] = (),
        attachments: Sequence[tuple[str, bytes]] = (),
        reply_to: MessageRef | None = None,
    ) -> Payload:
        """A member posts a message: stored, then MESSAGE_CREATE with mentions computed from the content."""
        guild, target = self._find_channel(channel)
        member = self._member(author, guild)
        return await self._post(MessageDraft(target, guild, member.user, content, list(embeds)), attachments, reply_to)

    def seed_history(self, author: MemberRef, channel: ChannelRef, content: str, *, at: dt.datetime) -> Payload:
        """A message posted at ``at`` (in the past), before the bot was there: stored, never dispatched.

        Its snowflake carries that time, as Discord's do, so history reads place it where it belongs.
        """
        guild, target = self._find_channel(channel)
        member = self._member(author, guild)
        draft = MessageDraft(target, guild, member.user, content)
        message = build_message(self._core.world, self._core.world.snowflakes.at(at), draft, None)
        message["timestamp"] = at.astimezone(dt.UTC).isoformat()
        self._core.messages.add(message)
        return message

    async def post_webhook_message(
        self, webhook: Webhook | str, content: str = "", *, embeds: Sequence[Payload] = (), username: str | None = None
    ) -> Payload:
        """An incoming webhook posts into its channel (author is the webhook, `webhook_id` set, no member)."""
        hook = webhook if isinstance(webhook, Webhook) else self._core.world.guild.webhook(webhook)
        guild, channel = self._find_channel(hook.channel_id)
        author = User(hook.id, username or hook.name, bot=True)
        draft = MessageDraft(channel, guild, author, content, list(embeds), webhook_id=hook.id)
        return await self._post(draft, (), None)

    async def post_dm(self, author: User | Member | str, content: str) -> Payload:
        """A user sends the bot a direct message."""
        user = self._member(author, self._core.world.guild).user
        channel = self._core.world.dm_channel(user)
        return await self._post(MessageDraft(channel, None, user, content), (), None)

    async def redeliver(self, message: MessageRef) -> None:
        """Dispatch MESSAGE_CREATE again for a stored message, as Discord may (events are at least once)."""
        self._require_session()
        await self._core.dispatch_message("MESSAGE_CREATE", self._message(message))

    async def edit_message(self, message: MessageRef, content: str) -> Payload:
        """The author edits a message: MESSAGE_UPDATE with the full new message."""
        self._require_session()
        return await self._core.update_message(int(self._message(message)["id"]), {"content": content})

    async def delete_message(self, message: MessageRef) -> None:
        """The message is deleted (by its author or a moderator): MESSAGE_DELETE."""
        self._require_session()
        await self._core.delete_message(int(self._message(message)["id"]))

    async def add_reaction(self, member: MemberRef, message: MessageRef, emoji: str) -> None:
        """A member reacts: MESSAGE_REACTION_ADD."""
        self._require_session()
        stored = self._message(message)
        guild, _channel = self._find_channel(int(stored["channel_id"]))
        await add_reaction(self._core, stored, self._member(member, guild).user.id, emoji)

    async def remove_reaction(self, member: MemberRef, message: MessageRef, emoji: str) -> None:
        """A member removes a reaction: MESSAGE_REACTION_REMOVE."""
        self._require_session()
        stored = self._message(message)
        guild, _channel = self._find_channel(int(stored["channel_id"]))
        await remove_reaction(self._core, stored, self._member(member, guild).user.id, emoji)

    async def set_member_roles(self, member: MemberRef, roles: Sequence[Role]) -> None:
        """Replace a member's roles: GUILD_MEMBER_UPDATE (needs the members intent)."""
        self._require_session()
        target = self._member(member, self._core.world.guild)
        target.role_ids = [role.id for role in roles]
        data = {**member_payload(target), "guild_id": str(target.guild_id)}
        await self._core.gateway.dispatch("GUILD_MEMBER_UPDATE", data, intent=GUILD_MEMBERS)

    # Servers ------------------------------------------------------------------------------------------------

    async def remove_bot_from_guild(self, guild: Guild | None = None) -> None:
        """The server removes (kicks) the bot: GUILD_DELETE without ``unavailable``."""
        self._require_session()
        target = guild or self._core.world.guild
        await self._core.gateway.dispatch("GUILD_DELETE", {"id": str(target.id)}, intent=GUILDS)

    async def add_bot_to_guild(self, guild: Guild | None = None) -> None:
        """The server adds the bot (back): GUILD_CREATE with the whole server."""
        self._require_session()
        target = guild or self._core.world.guild
        await self._core.gateway.dispatch("GUILD_CREATE", guild_create_payload(self._core.world, target), intent=GUILDS)

    # Interactions -------------------------------------------------------------------------------------------

    async def slash_command(
        self,
        member: MemberRef,
        channel: ChannelRef,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        guild_command: bool | None = None,
        expect_response: bool = True,
    ) -> InteractionRecord:
        """A member runs `/command [group] [sub]` with options (values typed by Python type, see `Option`)."""
        guild, target = self._find_channel(channel)
        invoker = self._member(member, guild)
        data = self._command_data(guild, invoker, command, options or {}, guild_command, focused=None)
        return await self._interaction(APPLICATION_COMMAND, guild, target, invoker, data, None, expect_response)

    async def autocomplete(
        self, member: MemberRef, channel: ChannelRef, command: str, options: Mapping[str, Any], *, focused: str
    ) -> InteractionRecord:
        """A member types in option `focused` of a command: INTERACTION_CREATE type 4."""
        guild, target = self._find_channel(channel)
        invoker = self._member(member, guild)
        data = self._command_data(guild, invoker, command, options, None, focused=focused)
        return await self._interaction(AUTOCOMPLETE, guild, target, invoker, data, None, True)

    async def message_command(self, member: MemberRef, name: str, target: MessageRef) -> InteractionRecord:
        """A member uses a message context menu command on a message (in that message's channel)."""
        message = self._message(target)
        guild, channel = self._find_channel(int(message["channel_id"]))
        invoker = self._member(member, guild)
        data = {
            **self._command_ref(guild, name, MESSAGE_COMMAND, None),
            "name": name,
            "type": MESSAGE_COMMAND,
            "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}},
        }
        return await self._interaction(APPLICATION_COMMAND, guild, channel, invoker, data, None, True)

    async def user_command(
        self, member: MemberRef, channel: ChannelRef, name: str, target: MemberRef
    ) -> InteractionRecord:
        """A member uses a user context menu command on another member."""
        guild, where = self._find_channel(channel)
        invoker, subject = self._member(member, guild), self._member(target, guild)
        data = {
            **self._command_ref(guild, name, USER_COMMAND, None),
            "name": name,
            "type": USER_COMMAND,
            "target_id": str(subject.user.id),
            "resolved": {
                "users": {str(subject.user.id): user_payload(subject.user)},
                "members": {str(subject.user.id): member_payload(subject, with_user=False)},
            },
        }
        return await self._interaction(APPLICATION_COMMAND, guild, where, invoker, data, None, True)

    async def click_button(self, member: MemberRef, message: MessageRef, custom_id: str) -> InteractionRecord:
        """A member clicks an enabled button that is on the stored message."""
        stored = self._message(message)
        component = self._component(stored, custom_id)
        if component.get("type") != 2:
            raise AssertionError(f"component {custom_id!r} is not a button")
        return await self._component_interaction(member, stored, {"custom_id": custom_id, "component_type": 2})

    async def choose(
        self, member: MemberRef, message: MessageRef, custom_id: str, values: Sequence[str]
    ) -> InteractionRecord:
        """A member picks `values` in a select menu that is on the stored message."""
        stored = self._message(message)
        component = self._component(stored, custom_id)
        data = {"custom_id": custom_id, "component_type": component["type"], "values": list(values)}
        return await self._component_interaction(member, stored, data)

    async def submit_modal(
        self, member: MemberRef, opener: InteractionRecord, values: Mapping[str, Any]
    ) -> InteractionRecord:
        """A member submits the modal the bot opened in answer to `opener` (values by component custom_id)."""
        if opener.response is None or opener.response.type != MODAL:
            raise AssertionError(f"interaction {opener.id} was not answered with a modal")
        modal = opener.response.data
        invoker = self._member(member, opener.guild)
        data = {"custom_id": modal["custom_id"], "components": modal_submit_components(modal, values)}
        message = opener.payload.get("message")
        return await self._interaction(MODAL_SUBMIT, opener.guild, opener.channel, invoker, data, message, True)

    async def forge_component(
        self,
        member: Member,
        channel: Channel,
        message: Payload,
        custom_id: str,
        *,
        values: Sequence[str] | None = None,
    ) -> InteractionRecord:
        """A component interaction a hostile client could make up: ``member`` in ``channel`` (any guild) clicks
        ``custom_id`` (a select when ``values`` are given) on a copy of ``message`` moved into that channel.

        Nothing checks that the component exists there: this is how a test sends another guild's ids.
        """
        guild, _ = self._find_channel(channel)
        kind = 3 if values is not None else 2
        component: Payload = {"type": 2, "style": 2, "label": "Forged", "custom_id": custom_id}
        if values is not None:
            options = [{"label": value[:100] or "-", "value": value} for value in values]
            component = {"type": 3, "custom_id": custom_id, "options": options}
        copy = {**message, "channel_id": str(channel.id), "components": [{"type": 1, "components": [component]}]}
        if guild is not None:
            copy["guild_id"] = str(guild.id)
        data: Payload = {"custom_id": custom_id, "component_type": kind}
        if values is not None:
            data["values"] = list(values)
        return await self._interaction(MESSAGE_COMPONENT, guild, channel, member, data, copy, True)

    # Helpers ------------------------------------------------------------------------------------------------

    async def _post(
        self, draft: MessageDraft, attachments: Sequence[tuple[str, bytes]], reply_to: MessageRef | None
    ) -> Payload:
        self._require_session()
        message_id = self._core.world.snowflakes.next()
        draft.attachments = [
            self._core.store_file(message_id, name, "application/octet-stream", data) for name, data in attachments
        ]
        if reply_to is not None:
            draft.reference = {"message_id": self._message(reply_to)["id"]}
        return await self._core.create_message(draft, message_id=message_id)

    async def _component_interaction(self, member: MemberRef, message: Payload, data: Payload) -> InteractionRecord:
        guild, channel = self._find_channel(int(message["channel_id"]))
        invoker = self._member(member, guild)
        return await self._interaction(MESSAGE_COMPONENT, guild, channel, invoker, data, message, True)

    async def _interaction(
        self,
        kind: int,
        guild: Guild | None,
        channel: Channel,
        member: Member,
        data: Payload,
        message: Payload | None,
        expect_response: bool,
    ) -> InteractionRecord:
        self._require_session()
        if guild is None:
            raise NotImplementedError("the stand-in only injects interactions in guilds")
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        record = InteractionRecord(
            self._core.world.snowflakes.next(), token, kind, {}, guild, channel, member, expect_response=expect_response
        )
        record.payload = interaction_payload(record, self._core.world, data, message)
        self._core.interactions[record.id] = record
        await self._core.gateway.dispatch("INTERACTION_CREATE", record.payload)
        return record

    def _command_data(
        self,
        guild: Guild,
        invoker: Member,
        command: str,
        options: Mapping[str, Any],
        guild_command: bool | None,
        *,
        focused: str | None,
    ) -> Payload:
        built, resolved = command_options(self._core.world, guild, invoker, options, focused)
        name, nested = nest_subcommands(command, built)
        data: Payload = {**self._command_ref(guild, name, CHAT_INPUT, guild_command), "name": name, "type": CHAT_INPUT}
        data["options"] = nested
        if resolved:
            data["resolved"] = resolved
        return data

    def _command_ref(self, guild: Guild, name: str, kind: int, guild_command: bool | None) -> Payload:
        """The synced command's id (and guild_id for guild commands); unsynced commands get a guild_id."""
        for scope in (guild.id, None):
            for synced in self._core.commands.get(scope, []):
                if synced["name"] == name and synced["type"] == kind:
                    ref: Payload = {"id": synced["id"]}
                    if scope is not None or guild_command:
                        ref["guild_id"] = str(guild.id)
                    return ref
        ref = {"id": str(self._core.world.snowflakes.next())}
        if guild_command is not False:
            ref["guild_id"] = str(guild.id)
        return ref

    def _component(self, message: Payload, custom_id: str) -> Payload:
        stack = list(message.get("components") or [])
        while stack:
            component = stack.pop()
            if component.get("custom_id") == custom_id:
                if component.get("disabled"):
                    raise AssertionError(f"component {custom_id!r} is disabled")
                return component
            stack.extend(component.get("components") or [])
            stack.extend(c for c in (component.get("accessory"), component.get("component")) if c)
        raise AssertionError(f"message {message['id']} has no component {custom_id!r}")

    def _require_session(self) -> None:
        if self._core.gateway.session is None:
            raise AssertionError("the bot has no gateway session: start the client before injecting events")

    def _find_channel(self, channel: ChannelRef | int) -> tuple[Guild | None, Channel]:
        if isinstance(channel, str):
            guild = self._core.world.guild
            return guild, guild.channel(channel)
        found = self._core.world.find_channel(channel if isinstance(channel, int) else channel.id)
        if found is None:
            raise KeyError(f"unknown channel {channel!r}")
        return found

    def _member(self, who: MemberRef, guild: Guild | None) -> Member:
        if isinstance(who, Member):
            return who
        scope = guild or self._core.world.guild
        if isinstance(who, str):
            return scope.member(who)
        member = scope.member_by_id(who.id)
        return member if member is not None else Member(who, scope.id, [])

    def _message(self, message: MessageRef) -> Payload:
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        stored = self._core.messages.get(message_id)
        if stored is None:
            raise KeyError(f"no stored message {message_id}")
        return stored
