"""The Web API: ``/api/<method>``, with Slack's argument passing, errors, and the methods the bot uses.

Arguments may come in the query string, a form body or a JSON body (merged). A method the stand-in does not know,
an argument the method does not take, a body that does not parse, blocks Slack would refuse, or anything that would
ping people is recorded as a problem, which fails the test at teardown, and answered the way Slack answers.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.fakeslack._blocks import check_blocks, check_modal, pings_in
from tests.fakeslack._socket import SocketMode
from tests.fakeslack._store import Call, Message, Store, View
from tests.fakeslack._world import World

Handler = Callable[["WebApi", dict[str, Any]], Awaitable[dict[str, Any]]]
JSON_ARGS = ("blocks", "attachments", "view", "metadata")
"""Arguments holding JSON; form-encoded, they arrive as JSON strings."""
COMMON = {"token", "team_id"}
"""Taken by every method (``team_id``: which workspace, for org-wide apps; Bolt adds it)."""


class SlackError(Exception):
    """Answer ``{"ok": false, "error": …}``; ``problem`` also records it as the bot's mistake."""

    def __init__(self, error: str, *, problem: bool = False) -> None:
        super().__init__(error)
        self.error = error
        self.problem = problem


@dataclasses.dataclass
class Fault:
    """A scripted answer to the next call of a method."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class WebApi:
    """Serves the Web API methods over the store."""

    def __init__(self, world: World, store: Store, socket: SocketMode) -> None:
        self.world = world
        self.store = store
        self.socket = socket
        self.base_ws_url = ""
        self.faults: dict[str, collections.deque[Fault]] = collections.defaultdict(collections.deque)
        self.delays: dict[str, float] = {}

    async def handle(self, request: web.Request) -> web.Response:
        """``GET|POST /api/<method>``."""
        method = request.match_info["method"]
        token = _bearer(request.headers.get("Authorization", ""))
        content_type = request.headers.get("Content-Type", "")
        call = Call(len(self.store.calls), method, {}, token, content_type, self.store.clock())
        self.store.calls.append(call)
        status, body, headers = await self._answer(request, call)
        call.status, call.response = status, body
        self.store.changed()
        return web.Response(status=status, text=json.dumps(body), content_type="application/json", headers=headers)

    async def _answer(self, request: web.Request, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        spec = METHODS.get(call.method)
        if spec is None:
            self.store.problem(f"unknown Web API method {call.method}")
            return 404, {"ok": False, "error": "unknown_method"}, {}
        try:
            call.args = await _arguments(request)
        except ValueError as error:
            self.store.problem(f"{call.method}: malformed body ({error})")
            return 200, {"ok": False, "error": "invalid_json"}, {}
        if call.method in self.delays:
            await asyncio.sleep(self.delays[call.method])
        if self.faults[call.method]:
            fault = self.faults[call.method].popleft()
            return fault.status, fault.body, fault.headers
        handler, allowed, token_kind = spec
        unknown = set(call.args) - allowed - COMMON
        if unknown:
            self.store.problem(f"{call.method}: arguments Slack does not take: {sorted(unknown)}")
        expected = self.world.app_token if token_kind == "app" else self.world.bot_token
        if call.token is None and "token" in call.args:
            call.token = str(call.args["token"])
        if call.token != expected:
            self.store.problem(f"{call.method}: called with token {call.token!r} (wanted the {token_kind} token)")
            error = "not_authed" if call.token is None else "invalid_auth"
            return 200, {"ok": False, "error": error}, {}
        try:
            return 200, {"ok": True, **await handler(self, call.args)}, {}
        except SlackError as error:
            if error.problem:
                self.store.problem(f"{call.method}: {error.error} ({_brief(call.args)})")
            return 200, {"ok": False, "error": error.error}, {}

    # Helpers ---------------------------------------------------------------------------------------------------

    def channel_for_bot(self, args: dict[str, Any]) -> str:
        """The channel argument, checked to exist and to have the bot in it."""
        channel_id = _required(args, "channel")
        channel = self.world.channels.get(channel_id)
        if channel is None:
            raise SlackError("channel_not_found", problem=True)
        if self.world.bot.id not in channel.members:
            raise SlackError("not_in_channel")
        return channel_id

    def check_message_args(self, args: dict[str, Any], *, new: bool) -> None:
        """Text and blocks a message may carry; mentions that would ping."""
        if new and not any(args.get(key) for key in ("text", "blocks", "attachments")):
            raise SlackError("no_text", problem=True)
        if "blocks" in args:
            problems = check_blocks(args["blocks"])
            if problems:
                self.store.problem("invalid_blocks: " + "; ".join(problems[:5]))
                raise SlackError("invalid_blocks")
        text = args.get("text")
        if text is not None and (not isinstance(text, str) or len(text) > 40_000):
            raise SlackError("msg_too_long", problem=True)
        pings = pings_in(args)
        if pings:
            self.store.problem(f"a message would ping people: {pings[:5]}")

    def bot_message(self, channel: str, ts: str) -> Message:
        """One of the bot's own messages (to update or delete)."""
        message = self.store.find(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        if message.user != self.world.bot.id:
            raise SlackError("cant_update_message", problem=True)
        return message

    async def echo(self, event: dict[str, Any]) -> None:
        """Send the bot's own change back as an event, as Slack does."""
        from tests.fakeslack._events import event_payload  # the events module builds on this one

        await self.socket.deliver("events_api", event_payload(self.world, self.store, event))


def _bearer(header: str) -> str | None:
    return header[7:].strip() if header.startswith("Bearer ") else None


def _brief(args: dict[str, Any]) -> str:
    return ", ".join(f"{key}={str(value)[:40]!r}" for key, value in args.items() if key not in JSON_ARGS)


def _required(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str) or not value:
        raise SlackError("invalid_arguments" if name != "channel" else "channel_not_found", problem=True)
    return value


def truthy(value: object) -> bool:
    """Slack's reading of a boolean argument (``true``, ``1``, JSON true)."""
    return value in (True, 1, "1", "true", "True")


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            body = json.loads(await request.text() or "null")
            if not isinstance(body, dict):
                raise ValueError("the JSON body is not an object")
            args.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            args.update({key: value for key, value in (await request.post()).items() if isinstance(value, str)})
        elif await request.read():
            raise ValueError(f"unexpected content type {content_type!r}")
    for key in JSON_ARGS:
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args


# Methods -----------------------------------------------------------------------------------------------------


async def auth_test(api: WebApi, _args: dict[str, Any]) -> dict[str, Any]:
    world = api.world
    return {
        "url": "https://test-team.slack.com/",
        "team": world.team_name,
        "user": world.bot.name,
        "team_id": world.team_id,
        "user_id": world.bot.id,
        "bot_id": world.bot.bot_id,
        "app_id": world.app_id,
        "is_enterprise_install": False,
    }


async def apps_connections_open(api: WebApi, _args: dict[str, Any]) -> dict[str, Any]:
    return {"url": f"{api.base_ws_url}/link?ticket={api.socket.new_ticket()}"}


async def chat_post_message(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.channel_for_bot(args)
    api.check_message_args(args, new=True)
    thread_ts = args.get("thread_ts") or None
    if thread_ts is not None:
        parent = api.store.find(channel, str(thread_ts))
        if parent is None:
            raise SlackError("thread_not_found", problem=True)
        if parent.thread_ts not in (None, parent.ts):
            api.store.problem(f"chat.postMessage: thread_ts {thread_ts} is a reply, not a thread's parent")
    bot = api.world.bot
    message = api.store.add(
        Message(
            channel,
            api.store.next_ts(),
            bot.id,
            str(args.get("text") or ""),
            list(args.get("blocks") or []),
            thread_ts=thread_ts,
            bot_id=bot.bot_id,
            app_id=api.world.app_id,
            args=dict(args),
        )
    )
    await api.echo({**message.as_json(), "channel": channel, "channel_type": _channel_type(api, channel)})
    return {"channel": channel, "ts": message.ts, "message": message.as_json()}


async def chat_update(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.channel_for_bot(args)
    message = api.bot_message(channel, _required(args, "ts"))
    api.check_message_args(args, new=False)
    previous = message.as_json()
    if "text" in args:
        message.text = str(args["text"] or "")
    if "blocks" in args:
        message.blocks = list(args["blocks"] or [])
    message.edited = True
    message.args = {**message.args, **args}
    api.store.changed()
    await api.echo(
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": channel,
            "channel_type": _channel_type(api, channel),
            "ts": api.store.next_ts(),
            "message": message.as_json(),
            "previous_message": previous,
        }
    )
    return {"channel": channel, "ts": message.ts, "text": message.text, "message": message.as_json()}


async def chat_delete(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.channel_for_bot(args)
    ts = _required(args, "ts")
    message = api.store.find(channel, ts)
    if message is None:
        raise SlackError("message_not_found")
    if message.user != api.world.bot.id:
        raise SlackError("cant_delete_message", problem=True)
    message.deleted = True
    api.store.changed()
    await api.echo(
        {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": channel,
            "channel_type": _channel_type(api, channel),
            "ts": api.store.next_ts(),
            "deleted_ts": ts,
            "previous_message": message.as_json(),
        }
    )
    return {"channel": channel, "ts": ts}


async def chat_post_ephemeral(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    from tests.fakeslack._store import Ephemeral

    channel = api.channel_for_bot(args)
    user = _required(args, "user")
    if user not in api.world.channels[channel].members:
        raise SlackError("user_not_in_channel")
    api.check_message_args(args, new=True)
    api.store.ephemerals.append(
        Ephemeral(channel, user, str(args.get("text") or ""), list(args.get("blocks") or []), "chat.postEphemeral")
    )
    api.store.changed()
    return {"message_ts": api.store.next_ts()}


def _window(args: dict[str, Any]) -> Callable[[Message], bool]:
    latest, oldest = args.get("latest"), args.get("oldest")
    inclusive = truthy(args.get("inclusive"))

    def within(message: Message) -> bool:
        if latest is not None and (message.ts > latest or (message.ts == latest and not inclusive)):
            return False
        return not (oldest is not None and (message.ts < oldest or (message.ts == oldest and not inclusive)))

    return within


async def conversations_history(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages, newest first, in pages of ``limit`` (at most 999) chained by ``next_cursor``.

    As on Slack, a page holds the messages closest to ``latest``, except when ``oldest`` is given without
    ``latest``: then the page holds those closest to ``oldest`` (still newest first within the page), and the
    cursor moves towards newer ones (slackhq/slack-api-docs#4).
    """
    channel = api.channel_for_bot(args)
    within = _window(args)
    top = [m for m in api.store.in_channel(channel) if m.thread_ts in (None, m.ts) and within(m)]
    limit = min(int(args.get("limit") or 100), 999)
    from_oldest = args.get("oldest") is not None and args.get("latest") is None
    bound = _cursor_ts(args.get("cursor"))
    if bound is not None:
        top = [m for m in top if (m.ts > bound if from_oldest else m.ts < bound)]
    page = top[:limit] if from_oldest else top[-limit:]
    answer: dict[str, Any] = {
        "messages": [_with_replies(api, m) for m in reversed(page)],
        "has_more": len(top) > limit,
        "pin_count": 0,
    }
    if len(top) > limit:
        edge = page[-1].ts if from_oldest else page[0].ts
        answer["response_metadata"] = {"next_cursor": _cursor(edge)}
    return answer


def _cursor(ts: str) -> str:
    """An opaque cursor like Slack's (``bmV4dF90czo…``: base64 of ``next_ts:<ts without its dot>``)."""
    return base64.b64encode(f"next_ts:{ts.replace('.', '')}".encode()).decode()


def _cursor_ts(cursor: object) -> str | None:
    if not cursor:
        return None
    try:
        decoded = base64.b64decode(str(cursor), validate=True).decode()
    except ValueError:
        raise SlackError("invalid_cursor", problem=True) from None
    digits = decoded.removeprefix("next_ts:")
    if not decoded.startswith("next_ts:") or not digits.isdigit() or len(digits) <= 6:
        raise SlackError("invalid_cursor", problem=True)
    return f"{digits[:-6]}.{digits[-6:]}"


async def conversations_replies(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    """A thread: its parent first, then its replies oldest first, in pages chained by ``next_cursor``."""
    channel = api.channel_for_bot(args)
    ts = _required(args, "ts")
    message = api.store.find(channel, ts)
    if message is None:
        raise SlackError("thread_not_found")
    parent = message.thread_ts or message.ts
    within = _window(args)
    bound = _cursor_ts(args.get("cursor"))
    thread = api.store.thread(channel, parent)
    replies = [m for m in thread if m.ts != parent and within(m) and (bound is None or m.ts > bound)]
    limit = min(int(args.get("limit") or 1000), 1000)
    page = [m for m in thread if m.ts == parent] + replies[:limit]
    answer: dict[str, Any] = {"messages": [_with_replies(api, m) for m in page], "has_more": len(replies) > limit}
    if len(replies) > limit:
        answer["response_metadata"] = {"next_cursor": _cursor(replies[limit - 1].ts)}
    return answer


def _with_replies(api: WebApi, message: Message) -> dict[str, Any]:
    """A message as listed by ``conversations.*``: a thread's parent carries its replies' count and latest."""
    data = message.as_json()
    if message.thread_ts == message.ts:
        replies = [m for m in api.store.thread(message.channel, message.ts) if m.ts != message.ts]
        if replies:
            data["reply_count"] = len(replies)
            data["reply_users"] = sorted({m.user for m in replies})
            data["reply_users_count"] = len(data["reply_users"])
            data["latest_reply"] = replies[-1].ts
    return data


async def conversations_info(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.world.channels.get(_required(args, "channel"))
    if channel is None:
        raise SlackError("channel_not_found")
    return {
        "channel": {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not channel.is_private,
            "is_private": channel.is_private,
            "is_member": api.world.bot.id in channel.members,
        }
    }


async def reactions_add(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    """Add the bot's reaction: ``already_reacted`` when it is there (Slack's arguments: channel, timestamp, name)."""
    users = _reactions(api, args)
    if api.world.bot.id in users:
        raise SlackError("already_reacted")
    users.append(api.world.bot.id)
    api.store.changed()
    return {}


async def reactions_remove(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    """Remove the bot's reaction: ``no_reaction`` when it is not there (a message by channel and timestamp only)."""
    if args.get("file") or args.get("file_comment"):
        raise SlackError("file_not_found", problem=True)
    if not args.get("channel") or not args.get("timestamp"):
        raise SlackError("no_item_specified", problem=True)
    users = _reactions(api, args)
    if api.world.bot.id not in users:
        raise SlackError("no_reaction")
    users.remove(api.world.bot.id)
    api.store.changed()
    return {}


def _reactions(api: WebApi, args: dict[str, Any]) -> list[str]:
    """The users of the reaction ``name`` on the message ``channel``/``timestamp`` (checked as Slack does)."""
    channel = api.channel_for_bot(args)
    message = api.store.find(channel, _required(args, "timestamp"))
    if message is None:
        raise SlackError("message_not_found")
    name = _required(args, "name")
    if not name or ":" in name or " " in name:
        raise SlackError("invalid_name", problem=True)
    return message.reactions.setdefault(name, [])


async def views_open(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    error, user = api.store.use_trigger(args.get("trigger_id"))
    if error is not None:
        raise SlackError(error, problem=True)
    view = _checked_view(api, args.get("view"))
    opened = View(api.store.next_id("V"), user, view, api.store.next_id("hash"))
    api.store.views[opened.id] = opened
    api.store.changed()
    return {"view": _view_json(api, opened)}


async def views_update(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    opened = api.store.views.get(str(args.get("view_id")))
    if opened is None:
        raise SlackError("not_found", problem=True)
    if args.get("hash") not in (None, opened.hash):
        raise SlackError("hash_conflict")
    opened.view = _checked_view(api, args.get("view"))
    opened.hash = api.store.next_id("hash")
    api.store.changed()
    return {"view": _view_json(api, opened)}


async def users_info(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    user = api.world.users.get(_required(args, "user"))
    if user is None:
        raise SlackError("user_not_found")
    return {"user": user.as_json(api.world.team_id)}


async def usergroups_users_list(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    group = api.world.usergroups.get(_required(args, "usergroup"))
    if group is None:
        raise SlackError("no_such_subteam")
    return {"users": list(group.users)}


async def conversations_members(api: WebApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.world.channels.get(_required(args, "channel"))
    if channel is None:
        raise SlackError("channel_not_found")
    return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}


def _checked_view(api: WebApi, view: object) -> dict[str, Any]:
    problems = check_modal(view)
    if problems:
        api.store.problem("invalid view: " + "; ".join(problems[:5]))
        raise SlackError("invalid_arguments")
    assert isinstance(view, dict)
    return view


def _view_json(api: WebApi, opened: View) -> dict[str, Any]:
    return {
        **opened.view,
        "id": opened.id,
        "team_id": api.world.team_id,
        "app_id": api.world.app_id,
        "hash": opened.hash,
        "state": {"values": {}},
    }


def _channel_type(api: WebApi, channel: str) -> str:
    return api.world.channels[channel].channel_type


MESSAGE_ARGS = {"text", "blocks", "attachments", "link_names", "parse", "metadata", "mrkdwn", "icon_emoji", "icon_url"}
METHODS: dict[str, tuple[Handler, set[str], str]] = {
    "auth.test": (auth_test, set(), "bot"),
    "apps.connections.open": (apps_connections_open, set(), "app"),
    "chat.postMessage": (
        chat_post_message,
        MESSAGE_ARGS | {"channel", "thread_ts", "reply_broadcast", "unfurl_links", "unfurl_media", "username"},
        "bot",
    ),
    "chat.update": (chat_update, MESSAGE_ARGS | {"channel", "ts", "reply_broadcast", "file_ids"}, "bot"),
    "chat.delete": (chat_delete, {"channel", "ts", "as_user"}, "bot"),
    "chat.postEphemeral": (chat_post_ephemeral, MESSAGE_ARGS | {"channel", "user", "thread_ts", "username"}, "bot"),
    "conversations.history": (
        conversations_history,
        {"channel", "latest", "oldest", "inclusive", "limit", "cursor", "include_all_metadata"},
        "bot",
    ),
    "conversations.replies": (
        conversations_replies,
        {"channel", "ts", "latest", "oldest", "inclusive", "limit", "cursor", "include_all_metadata"},
        "bot",
    ),
    "conversations.info": (conversations_info, {"channel", "include_locale", "include_num_members"}, "bot"),
    "conversations.members": (conversations_members, {"channel", "limit", "cursor"}, "bot"),
    "reactions.add": (reactions_add, {"channel", "timestamp", "name"}, "bot"),
    "reactions.remove": (reactions_remove, {"channel", "timestamp", "name", "file", "file_comment"}, "bot"),
    "views.open": (views_open, {"trigger_id", "interactivity_pointer", "view"}, "bot"),
    "views.update": (views_update, {"view_id", "external_id", "view", "hash"}, "bot"),
    "users.info": (users_info, {"user", "include_locale"}, "bot"),
    "usergroups.users.list": (usergroups_users_list, {"usergroup", "include_disabled", "team_id"}, "bot"),
}
