"""Stored messages, and message payloads with mentions computed the way Discord does."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from tests.fakediscord._payloads import Payload, member_payload, user_payload
from tests.fakediscord._snowflake import iso_now
from tests.fakediscord._world import Channel, Guild, Member, User, World

DEFAULT, REPLY, CHAT_INPUT_COMMAND, CONTEXT_MENU_COMMAND = 0, 19, 20, 23
EPHEMERAL, LOADING = 1 << 6, 1 << 7


def is_ephemeral(message: Payload) -> bool:
    """Whether a message is only visible to the member who used the interaction."""
    return bool(int(message.get("flags") or 0) & EPHEMERAL)


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_EVERYONE_MENTION = re.compile(r"@(?:everyone|here)\b")


@dataclasses.dataclass
class MessageDraft:
    """What goes into a new message, before ids, mentions and timestamps are filled in."""

    channel: Channel
    guild: Guild | None
    author: User
    content: str = ""
    embeds: list[Payload] = dataclasses.field(default_factory=list)
    attachments: list[Payload] = dataclasses.field(default_factory=list)
    components: list[Payload] = dataclasses.field(default_factory=list)
    flags: int = 0
    allowed_mentions: Payload | None = None
    reference: Payload | None = None
    webhook_id: int | None = None
    type: int = DEFAULT
    interaction_metadata: Payload | None = None
    tts: bool = False
    nonce: Any = None


class MessageStore:
    """Every message of the stand-in, as REST-shaped payloads, in creation order."""

    def __init__(self) -> None:
        self._messages: dict[int, Payload] = {}
        self._deleted: dict[int, Payload] = {}

    def add(self, message: Payload) -> None:
        """Store a new message."""
        self._messages[int(message["id"])] = message

    def get(self, message_id: int) -> Payload | None:
        """The live (not deleted) message with this id."""
        return self._messages.get(message_id)

    def remove(self, message_id: int) -> Payload | None:
        """Delete a message; it stays available through `deleted`."""
        message = self._messages.pop(message_id, None)
        if message is not None:
            self._deleted[message_id] = message
        return message

    def by_nonce(self, channel_id: int, author_id: int, nonce: str) -> Payload | None:
        """The live message of this author in this channel created with this nonce (for `enforce_nonce`)."""
        return next(
            (
                m
                for m in self.in_channel(channel_id)
                if int(m["author"]["id"]) == author_id and str(m.get("nonce")) == nonce
            ),
            None,
        )

    def in_channel(self, channel_id: int) -> list[Payload]:
        """Live messages of a channel, oldest first (by id: Discord's snowflakes grow with time)."""
        found = [m for m in self._messages.values() if int(m["channel_id"]) == channel_id]
        return sorted(found, key=lambda m: int(m["id"]))

    def deleted(self) -> list[Payload]:
        """Deleted messages, in deletion order."""
        return list(self._deleted.values())


def build_message(world: World, message_id: int, draft: MessageDraft, referenced: Payload | None) -> Payload:
    """The REST-shaped payload of a new message (without the gateway-only `guild_id` and `member`)."""
    mentions, mention_roles, mention_everyone = compute_mentions(world, draft, referenced)
    message: Payload = {
        "id": str(message_id),
        "channel_id": str(draft.channel.id),
        "author": user_payload(draft.author),
        "content": draft.content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": draft.tts,
        "mention_everyone": mention_everyone,
        "mentions": mentions,
        "mention_roles": mention_roles,
        "attachments": draft.attachments,
        "embeds": [_normalise_embed(embed) for embed in draft.embeds],
        "reactions": [],
        "pinned": False,
        "type": draft.type,
        "flags": draft.flags,
        "components": draft.components,
    }
    if draft.webhook_id is not None:
        message["webhook_id"] = str(draft.webhook_id)
    if draft.interaction_metadata is not None:
        message["interaction_metadata"] = draft.interaction_metadata
        message["application_id"] = str(world.application_id)
    if draft.nonce is not None:
        message["nonce"] = draft.nonce
    if draft.reference is not None and referenced is not None:
        message["message_reference"] = {
            "type": 0,
            "message_id": referenced["id"],
            "channel_id": referenced["channel_id"],
            "guild_id": str(draft.guild.id) if draft.guild else None,
        }
        message["referenced_message"] = referenced
        message["type"] = REPLY if draft.type == DEFAULT else draft.type
    return message


def compute_mentions(
    world: World, draft: MessageDraft, referenced: Payload | None
) -> tuple[list[Payload], list[str], bool]:
    """Mentions that really ping: parsed from the content, limited by `allowed_mentions` and permissions.

    `@everyone`/`@here`, and roles that are not mentionable, need Mention Everyone in the channel (webhooks may).
    A reply pings the replied-to author unless `allowed_mentions` is given without `replied_user: true`.
    """
    allowed = draft.allowed_mentions
    guild = draft.guild
    author_member = guild.member_by_id(draft.author.id) if guild else None
    privileged = draft.webhook_id is not None or (
        guild is not None and guild.mentionable_by(author_member, draft.channel)
    )
    user_ids = [int(match) for match in _USER_MENTION.findall(draft.content)]
    user_ids = [uid for uid in dict.fromkeys(user_ids) if uid in world.users and _allows(allowed, "users", uid)]
    if referenced is not None and (allowed is None or allowed.get("replied_user", False)):
        replied_id = int(referenced["author"]["id"])
        if replied_id in world.users and replied_id not in user_ids:
            user_ids.append(replied_id)
    mentions = [_mention_payload(world.users[uid], guild.member_by_id(uid) if guild else None) for uid in user_ids]
    roles: list[str] = []
    if guild is not None:
        for role_id in dict.fromkeys(int(match) for match in _ROLE_MENTION.findall(draft.content)):
            role = next((r for r in guild.roles if r.id == role_id), None)
            if role and (role.mentionable or privileged) and _allows(allowed, "roles", role_id):
                roles.append(str(role_id))
    everyone = (
        guild is not None
        and privileged
        and bool(_EVERYONE_MENTION.search(draft.content))
        and (allowed is None or "everyone" in allowed.get("parse", []))
    )
    return mentions, roles, everyone


def mentions_user(message: Payload, user_id: int) -> bool:
    """Whether a message pings this user."""
    return any(int(mention["id"]) == user_id for mention in message["mentions"])


def gateway_message(message: Payload, guild: Guild | None) -> Payload:
    """A stored message as MESSAGE_CREATE/UPDATE carries it: with `guild_id` and the author's `member`."""
    payload = dict(message)
    if guild is None:
        return payload
    payload["guild_id"] = str(guild.id)
    author = guild.member_by_id(int(message["author"]["id"]))
    if author is not None and "webhook_id" not in message:
        payload["member"] = member_payload(author, with_user=False)
    return payload


def _allows(allowed: Payload | None, kind: str, snowflake: int) -> bool:
    if allowed is None:
        return True
    return kind in allowed.get("parse", []) or snowflake in {int(x) for x in allowed.get(kind, [])}


def _mention_payload(user: User, member: Member | None) -> Payload:
    payload = user_payload(user)
    if member is not None:
        payload["member"] = member_payload(member, with_user=False)
    return payload


def _normalise_embed(embed: Payload) -> Payload:
    return {"type": "rich", **embed}
