"""What people do in the workspace, sent to the app as Socket Mode envelopes shaped like Slack's.

Events (https://docs.slack.dev/reference/events/message), slash commands, message shortcuts, button clicks and
modal submissions (https://docs.slack.dev/reference/interaction-payloads).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from typing import Any

from aiohttp import web

from tests.fakeslack._blocks import check_modal, pings_in
from tests.fakeslack._socket import Delivery, SocketMode
from tests.fakeslack._store import Ephemeral, Message, Store
from tests.fakeslack._world import World

RESPONSE_URL_USES = 5
"""Messages a response URL takes (https://api.slack.com/interactivity/handling#message_responses)."""


def event_payload(world: World, store: Store, event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """The ``event_callback`` wrapper of an event."""
    event = {**event, "event_ts": event.get("event_ts", event.get("ts", store.next_ts()))}
    return {
        "token": "fake-verification-token",
        "team_id": world.team_id,
        "api_app_id": world.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or store.next_id("Ev"),
        "event_time": 1712345678,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": world.team_id,
                "user_id": world.bot.id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{store.next_id('ctx')}",
    }


@dataclasses.dataclass
class Posted:
    """A member's message and the envelope that announced it."""

    message: Message
    delivery: Delivery

    @property
    def ts(self) -> str:
        """The message's ts."""
        return self.message.ts


class MemberActions:
    """What members of the workspace do (mixed into `FakeSlack`)."""

    world: World
    store: Store
    socket: SocketMode
    base_url: str

    async def post_message(
        self,
        user: str,
        channel: str,
        text: str,
        *,
        thread_ts: str | None = None,
        event_id: str | None = None,
        ts: str | None = None,
    ) -> Posted:
        """A member posts a message (in a thread when ``thread_ts``): a ``message`` event.

        ``ts``: the message's ts, when a test needs one another channel has too (a ts is unique per channel only).
        """
        author, where = self.world.user(user), self.world.channel(channel)
        assert ts is None or self.store.find(where.id, ts) is None, f"#{where.name} already has a message {ts}"
        stamp = ts or self.store.next_ts()
        message = self.store.add(Message(where.id, stamp, author.id, text, thread_ts=thread_ts))
        if author.bot_id is not None:
            message.bot_id, message.app_id = author.bot_id, "A0OTHERAP"
        event = {
            **message.as_json(),
            "channel": where.id,
            "channel_type": where.channel_type,
            "team": self.world.team_id,
            "blocks": [_rich_text(text)],
        }
        if author.bot_id is not None:
            event["subtype"] = "bot_message"
        payload = event_payload(self.world, self.store, event, event_id=event_id)
        return Posted(message, await self.socket.deliver("events_api", payload))

    def seed_history(
        self,
        user: str,
        channel: str,
        text: str,
        *,
        at: dt.datetime,
        subtype: str | None = None,
        thread_ts: str | None = None,
    ) -> Message:
        """A message posted at ``at`` (in the past, before the app was there): stored, no event sent.

        Its ts is that time (made unique in the channel), as Slack's are; a bot's gets ``bot_message``; with
        ``thread_ts`` it is a reply in that thread.
        """
        author, where = self.world.user(user), self.world.channel(channel)
        seconds = round(at.timestamp(), 6)
        ts = f"{seconds:.6f}"
        while self.store.find(where.id, ts) is not None:
            seconds += 0.000001
            ts = f"{seconds:.6f}"
        message = Message(where.id, ts, author.id, text, subtype=subtype, thread_ts=thread_ts)
        if author.bot_id is not None:
            message.bot_id, message.app_id = author.bot_id, "A0OTHERAP"
            message.subtype = subtype or "bot_message"
        return self.store.add(message)

    async def edit_message(self, channel: str, ts: str, text: str) -> Delivery:
        """A member edits their message: a hidden ``message_changed`` event."""
        where = self.world.channel(channel)
        message = self.store.find(where.id, ts)
        assert message is not None, f"no message {ts} in #{where.name}"
        previous = message.as_json()
        message.text, message.edited = text, True
        self.store.changed()
        event = {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": where.id,
            "channel_type": where.channel_type,
            "ts": self.store.next_ts(),
            "message": {**message.as_json(), "blocks": [_rich_text(text)]},
            "previous_message": previous,
        }
        return await self.socket.deliver("events_api", event_payload(self.world, self.store, event))

    async def delete_message(self, channel: str, ts: str) -> Delivery:
        """A member deletes their message: a hidden ``message_deleted`` event."""
        where = self.world.channel(channel)
        message = self.store.find(where.id, ts)
        assert message is not None, f"no message {ts} in #{where.name}"
        message.deleted = True
        self.store.changed()
        event = {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": where.id,
            "channel_type": where.channel_type,
            "ts": self.store.next_ts(),
            "deleted_ts": ts,
            "previous_message": message.as_json(),
        }
        return await self.socket.deliver("events_api", event_payload(self.world, self.store, event))

    async def slash_command(self, user: str, channel: str, command: str, text: str = "") -> Delivery:
        """A member runs a slash command; its ack's payload is recorded as their private answer."""
        who, where = self.world.user(user), self.world.channel(channel)
        payload = {
            "token": "fake-verification-token",
            "team_id": self.world.team_id,
            "team_domain": "test-team",
            "channel_id": where.id,
            "channel_name": where.name,
            "user_id": who.id,
            "user_name": who.name,
            "command": command,
            "text": text,
            "api_app_id": self.world.app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_url(who.id, where.id),
            "trigger_id": self.store.issue_trigger(who.id),
        }
        delivery = await self.socket.deliver("slash_commands", payload, accepts_response_payload=True)
        delivery.acked.add_done_callback(lambda done: self._answered(done, who.id, where.id))
        return delivery

    async def message_shortcut(self, user: str, channel: str, ts: str, callback_id: str) -> Delivery:
        """A member picks a message shortcut on a message (it may predate the app)."""
        who, where = self.world.user(user), self.world.channel(channel)
        message = self.store.find(where.id, ts)
        assert message is not None, f"no message {ts} in #{where.name}"
        payload = {
            **self._interaction_base("message_action", who.id),
            "callback_id": callback_id,
            "channel": {"id": where.id, "name": where.name},
            "message_ts": ts,
            "message": {**message.as_json(), "type": "message"},
            "response_url": self._response_url(who.id, where.id),
        }
        return await self.socket.deliver("interactive", payload)

    async def click(self, user: str, channel: str, ts: str, action_id: str, *, value: str | None = None) -> Delivery:
        """A member clicks a button on a message; the button must be on it (found by action id, and value if given)."""
        who, where = self.world.user(user), self.world.channel(channel)
        message = self.store.find(where.id, ts)
        assert message is not None, f"no message {ts} in #{where.name}"
        assert who.id in where.members, f"{who.name} cannot see #{where.name}"
        block_id, button = _find_button(message.blocks, action_id, value)
        payload = {
            **self._interaction_base("block_actions", who.id),
            "container": {"type": "message", "message_ts": ts, "channel_id": where.id, "is_ephemeral": False},
            "channel": {"id": where.id, "name": where.name},
            "message": {**message.as_json(), "type": "message"},
            "state": {"values": {}},
            "response_url": self._response_url(who.id, where.id),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "text": button.get("text"),
                    "value": button.get("value"),
                    "type": "button",
                    "action_ts": self.store.next_ts(),
                }
            ],
        }
        return await self.socket.deliver("interactive", payload)

    async def submit_view(self, view_id: str, values: dict[str, dict[str, Any]]) -> Delivery:
        """The modal's user submits it; ``values`` maps block id -> action id -> typed text (None: left empty),
        or the element's whole state (``{"type": "static_select", "selected_option": {...}}``).
        """
        opened = self.store.views[view_id]
        assert not opened.closed, f"view {view_id} is closed"
        state = {
            block: {action: _state(value) for action, value in actions.items()} for block, actions in values.items()
        }
        view = {**opened.view, "id": opened.id, "hash": opened.hash, "state": {"values": state}}
        payload = {**self._interaction_base("view_submission", opened.user), "view": view, "response_urls": []}
        delivery = await self.socket.deliver("interactive", payload, accepts_response_payload=True)
        delivery.acked.add_done_callback(lambda done: self._view_answered(done, view_id))
        return delivery

    def _interaction_base(self, kind: str, user_id: str) -> dict[str, Any]:
        who = self.world.users[user_id]
        return {
            "type": kind,
            "token": "fake-verification-token",
            "team": {"id": self.world.team_id, "domain": "test-team"},
            "user": {"id": who.id, "username": who.name, "name": who.name, "team_id": self.world.team_id},
            "api_app_id": self.world.app_id,
            "trigger_id": self.store.issue_trigger(who.id),
            "is_enterprise_install": False,
            "enterprise": None,
        }

    def _response_url(self, user_id: str, channel_id: str) -> str:
        return f"{self.base_url}/respond/{user_id}/{channel_id}/{self.store.next_id('r')}"

    def _answered(self, done: asyncio.Future[dict[str, Any] | None], user_id: str, channel_id: str) -> None:
        payload = done.result() if not done.cancelled() and done.exception() is None else None
        if not payload:
            return
        if pings_in(payload):
            self.store.problem(f"a command's answer would ping people: {pings_in(payload)[:5]}")
        text, blocks = str(payload.get("text") or ""), list(payload.get("blocks") or [])
        self.store.ephemerals.append(Ephemeral(channel_id, user_id, text, blocks, "ack"))
        self.store.changed()

    def _view_answered(self, done: asyncio.Future[dict[str, Any] | None], view_id: str) -> None:
        payload = done.result() if not done.cancelled() and done.exception() is None else None
        opened = self.store.views[view_id]
        action = (payload or {}).get("response_action")
        if action == "update":
            problems = check_modal(payload.get("view") if payload else None)
            if problems:
                self.store.problem("invalid view in a response_action update: " + "; ".join(problems[:5]))
            else:
                opened.view, opened.hash = dict(payload["view"]), self.store.next_id("hash")  # type: ignore[index]
        elif action == "errors":
            opened.errors = dict((payload or {}).get("errors") or {})
            inputs = {
                block.get("block_id") for block in opened.view.get("blocks") or [] if block.get("type") == "input"
            }
            unknown = [key for key in opened.errors if key not in inputs]
            if unknown:  # Slack refuses the response: errors are shown under input blocks only
                self.store.problem(f"errors for blocks that are not inputs of the view: {unknown}")
        else:
            opened.closed = True
        self.store.changed()

    async def respond(self, request: web.Request) -> web.Response:
        """``POST /respond/<user>/<channel>/<id>``: a response URL (ephemeral by default), good for five messages.

        Slack takes up to five messages per response URL within 30 minutes; a sixth is refused (``used_url``).
        """
        body = json.loads(await request.text() or "{}")
        used = self.store.response_uses
        used[request.match_info["id"]] = used.get(request.match_info["id"], 0) + 1
        if used[request.match_info["id"]] > RESPONSE_URL_USES:
            self.store.problem(f"a response URL was used more than {RESPONSE_URL_USES} times")
            return web.Response(status=404, text="used_url")
        if pings_in(body):
            self.store.problem(f"a response would ping people: {pings_in(body)[:5]}")
        user, channel = request.match_info["user"], request.match_info["channel"]
        if body.get("response_type") == "in_channel":
            self.store.problem("a response was posted in the channel for everyone")
        text, blocks = str(body.get("text") or ""), list(body.get("blocks") or [])
        self.store.ephemerals.append(Ephemeral(channel, user, text, blocks, "response_url"))
        self.store.changed()
        return web.Response(text="ok")


def _state(value: object) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return {"type": "plain_text_input", "value": value}


def _rich_text(text: str) -> dict[str, Any]:
    return {
        "type": "rich_text",
        "block_id": "rt0",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def _find_button(blocks: list[dict[str, Any]], action_id: str, value: str | None) -> tuple[str, dict[str, Any]]:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id and (value is None or element.get("value") == value):
                return str(block.get("block_id") or "actions"), element
    raise AssertionError(f"no button {action_id!r} (value {value!r}) on the message")
