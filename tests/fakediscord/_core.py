"""The stand-in's shared state, and the message operations both the REST routes and the tests use."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.fakediscord._faults import FaultPlan
from tests.fakediscord._gateway import DIRECT_MESSAGES, GUILD_MESSAGES, MESSAGE_CONTENT, Gateway
from tests.fakediscord._interactions import InteractionRecord
from tests.fakediscord._messages import (
    EPHEMERAL,
    MessageDraft,
    MessageStore,
    build_message,
    compute_mentions,
    gateway_message,
    mentions_user,
)
from tests.fakediscord._payloads import Payload
from tests.fakediscord._recording import Notifier, RecordedRequest
from tests.fakediscord._snowflake import iso_now
from tests.fakediscord._world import Guild, User, World


@dataclasses.dataclass
class StoredFile:
    """An attachment's bytes, served at its `url`."""

    filename: str
    content_type: str
    data: bytes


class Core:
    """World, gateway, stores and logs of one stand-in instance."""

    def __init__(self, world: World, gateway: Gateway, notifier: Notifier, *, interaction_deadline: float) -> None:
        self.world = world
        self.gateway = gateway
        self.notifier = notifier
        self.interaction_deadline = interaction_deadline
        self.messages = MessageStore()
        self.interactions: dict[int, InteractionRecord] = {}
        self.commands: dict[int | None, list[Payload]] = {}
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.faults = FaultPlan()
        self.files: dict[str, StoredFile] = {}
        self.reactions: dict[int, dict[str, list[int]]] = {}
        self.base_url = ""
        self.recommended_shards = 1
        self.max_concurrency = 1

    def violation(self, text: str) -> None:
        """Record a breach of Discord's rules by the bot (fails the test at teardown)."""
        self.violations.append(text)
        self.notifier.notify()

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        """The interaction with this token."""
        return next((r for r in self.interactions.values() if r.token == token), None)

    def store_file(self, message_id: int, filename: str, content_type: str, data: bytes) -> Payload:
        """Keep an attachment's bytes and return its attachment object (served over HTTP by the stand-in)."""
        attachment_id = self.world.snowflakes.next()
        key = f"{attachment_id}/{filename}"
        self.files[key] = StoredFile(filename, content_type, data)
        url = f"{self.base_url}/attachments/{message_id}/{key}"
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    def edited_attachments(self, message_id: int, record: RecordedRequest, existing: list[Payload]) -> list[Payload]:
        """A message's attachments after an edit: those the body keeps (by id), then the uploaded files."""
        body = record.json if isinstance(record.json, dict) else {}
        kept_ids = {str(a.get("id")) for a in body.get("attachments") or []}
        kept = [a for a in existing if a["id"] in kept_ids]
        uploaded = [self.store_file(message_id, f.filename, f.content_type, f.data) for f in record.files]
        return kept + uploaded

    async def create_message(self, draft: MessageDraft, *, message_id: int | None = None) -> Payload:
        """Store a new message and dispatch MESSAGE_CREATE (unless ephemeral), as Discord does."""
        referenced = None
        if draft.reference is not None:
            referenced = self.messages.get(int(draft.reference["message_id"]))
        message = build_message(self.world, message_id or self.world.snowflakes.next(), draft, referenced)
        self.messages.add(message)
        await self.dispatch_message("MESSAGE_CREATE", message)
        return message

    async def update_message(
        self, message_id: int, changes: Payload, *, allowed_mentions: Payload | None = None
    ) -> Payload:
        """Apply an edit, recompute mentions if the content changed, and dispatch MESSAGE_UPDATE."""
        message = self.messages.get(message_id)
        if message is None:
            raise KeyError(f"no message {message_id}")
        message.update({k: v for k, v in changes.items() if k != "allowed_mentions"})
        message["edited_timestamp"] = iso_now()
        if "content" in changes:
            self._recompute_mentions(message, allowed_mentions)
        await self.dispatch_message("MESSAGE_UPDATE", message)
        return message

    async def delete_message(self, message_id: int) -> Payload:
        """Remove a message and dispatch MESSAGE_DELETE."""
        message = self.messages.remove(message_id)
        if message is None:
            raise KeyError(f"no message {message_id}")
        self.reactions.pop(message_id, None)  # reactions go with their message
        found = self.world.find_channel(int(message["channel_id"]))
        guild = found[0] if found else None
        data: Payload = {"id": message["id"], "channel_id": message["channel_id"]}
        if guild is not None:
            data["guild_id"] = str(guild.id)
        if not int(message.get("flags") or 0) & EPHEMERAL:
            await self.gateway.dispatch("MESSAGE_DELETE", data, intent=GUILD_MESSAGES if guild else DIRECT_MESSAGES)
        return message

    async def dispatch_message(self, event: str, message: Payload) -> None:
        """Dispatch MESSAGE_CREATE/UPDATE, blanking the content for sessions without the intent when Discord would."""
        if int(message.get("flags") or 0) & EPHEMERAL:
            return
        found = self.world.find_channel(int(message["channel_id"]))
        guild = found[0] if found else None
        payload = gateway_message(message, guild)
        intent = GUILD_MESSAGES if guild else DIRECT_MESSAGES
        await self.gateway.dispatch(event, payload, intent=intent, content_visible=self.content_exempt(message, guild))

    def content_exempt(self, message: Payload, guild: Guild | None) -> bool:
        """Whether the bot sees this message's content even without MESSAGE_CONTENT: own, DM or mentioning it."""
        bot_id = self.world.bot.id
        return guild is None or int(message["author"]["id"]) == bot_id or mentions_user(message, bot_id)

    def rest_message(self, message: Payload) -> Payload:
        """A stored message as REST returns it: blanked if MESSAGE_CONTENT is not enabled for the app."""
        session = self.gateway.session
        privileged = session.intents if session is not None else 0
        found = self.world.find_channel(int(message["channel_id"]))
        guild = found[0] if found else None
        if privileged & MESSAGE_CONTENT or self.content_exempt(message, guild):
            return message
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}

    def _recompute_mentions(self, message: Payload, allowed_mentions: Payload | None) -> None:
        found = self.world.find_channel(int(message["channel_id"]))
        if found is None:
            return
        guild, channel = found
        author_id = int(message["author"]["id"])
        author = self.world.users.get(author_id) or User(author_id, message["author"]["username"], bot=True)
        webhook_id = message.get("webhook_id")
        draft = MessageDraft(
            channel,
            guild,
            author,
            message.get("content") or "",
            allowed_mentions=allowed_mentions,
            webhook_id=int(webhook_id) if webhook_id else None,
        )
        mentions, roles, everyone = compute_mentions(self.world, draft, message.get("referenced_message"))
        message.update({"mentions": mentions, "mention_roles": roles, "mention_everyone": everyone})


def message_fields(body: Payload) -> dict[str, Any]:
    """The message fields a REST body sets (content, embeds, components, flags, attachments)."""
    keys = ("content", "embeds", "components", "flags", "attachments", "tts")
    return {key: body[key] for key in keys if key in body and body[key] is not None}
