"""The Slack stand-in, exercised with the real slack_sdk Web client and a real slack_bolt app in Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakeslack import FakeSlack, check_blocks, pings_in

pytestmark = pytest.mark.slack


def web_client(fake: FakeSlack, **options: Any) -> AsyncWebClient:
    return AsyncWebClient(token=fake.world.bot_token, base_url=fake.api_url, **options)


@contextlib.asynccontextmanager
async def connected(fake: FakeSlack, app: AsyncApp) -> AsyncIterator[AsyncSocketModeHandler]:
    handler = AsyncSocketModeHandler(app, app_token=fake.world.app_token, ping_interval=0.5)
    await handler.connect_async()
    try:
        yield handler
    finally:
        await handler.close_async()


def bolt_app(fake: FakeSlack) -> AsyncApp:
    return AsyncApp(client=web_client(fake), request_verification_enabled=False)


async def test_web_client_posts_in_a_thread(fake_slack: FakeSlack) -> None:
    client = web_client(fake_slack)
    identity = await client.auth_test()
    assert identity["user_id"] == fake_slack.world.bot.id
    parent = await client.chat_postMessage(channel="C0GENERAL", text="parent")
    reply = await client.chat_postMessage(
        channel="C0GENERAL",
        thread_ts=parent["ts"],
        text="fallback",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*", "verbatim": True}}],
        unfurl_links=False,
    )
    assert [m.ts for m in fake_slack.replies("general", parent["ts"])] == [reply["ts"]]
    history = await client.conversations_history(channel="C0GENERAL", latest=parent["ts"], inclusive=True, limit=1)
    assert history["messages"][0]["text"] == "parent"
    thread = await client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert [m["ts"] for m in thread["messages"]] == [parent["ts"], reply["ts"]]
    fake_slack.clear_problems()  # the echoed events had no app connected to acknowledge them


async def test_unknown_methods_bad_arguments_and_pings_are_problems(fake_slack: FakeSlack) -> None:
    client = web_client(fake_slack)
    with pytest.raises(SlackApiError):
        await client.api_call("chat.postMesage", json={"channel": "C0GENERAL", "text": "typo"})
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        await client.chat_postMessage(channel="C0GENERAL", text="x", blocks=[{"type": "header", "text": "no"}])
    with pytest.raises(SlackApiError, match="not_in_channel"):
        await client.chat_postMessage(channel="C0ELSEWHR", text="x")
    await client.chat_postMessage(channel="C0GENERAL", text="hey <!channel>", colour="red")
    problems = "\n".join(fake_slack.problems)
    assert "unknown Web API method chat.postMesage" in problems
    assert "invalid_blocks" in problems
    assert "ping" in problems and "<!channel>" in problems
    assert "colour" in problems
    fake_slack.clear_problems()


def test_block_checks_and_ping_detection() -> None:
    long_header = [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}]
    assert check_blocks(long_header)
    button = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "a", "value": "1"}
    assert not check_blocks([{"type": "actions", "elements": [button]}])
    assert check_blocks([{"type": "actions", "elements": [button, button]}])  # repeated action_id
    assert pings_in({"text": "hi <@U0ALICE01>"}) == ["<@U0ALICE01>"]
    assert pings_in({"text": "&lt;!here&gt;"}) == []
    plain = [{"type": "section", "text": {"type": "plain_text", "text": "<!everyone>"}}]
    assert pings_in({"text": "x", "blocks": plain}) == []
    unsafe = [{"type": "section", "text": {"type": "mrkdwn", "text": "@here look"}}]
    assert pings_in({"text": "x", "blocks": unsafe})
    assert pings_in({"text": "x", "link_names": True})


async def test_rate_limit_answers_429_with_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    with pytest.raises(SlackApiError, match="ratelimited") as raised:
        await web_client(fake_slack).chat_postMessage(channel="C0GENERAL", text="once")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "1"
    client = web_client(fake_slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    started = time.monotonic()
    await client.chat_postMessage(channel="C0GENERAL", text="twice")
    assert time.monotonic() - started >= 1.0
    calls = fake_slack.calls("chat.postMessage")
    assert [call.status for call in calls] == [429, 429, 200]
    fake_slack.clear_problems()


async def test_bolt_app_gets_events_and_acknowledges_them(fake_slack: FakeSlack) -> None:
    app = bolt_app(fake_slack)
    seen: list[str] = []

    @app.message("")
    async def on_message(message: dict[str, Any], say: Any) -> None:
        seen.append(message["text"])
        await say(text="answer", thread_ts=message["ts"])

    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        posted = await fake_slack.post_message("alice", "general", "hello")
        assert await posted.delivery.ack() is None
        reply = await fake_slack.wait_for_reply("general", posted.ts)
        assert reply.text == "answer"
        echoed = await fake_slack.wait_for(lambda: fake_slack.deliveries("events_api")[1:], what="the echo")
        await echoed[0].ack()  # the bot's own message comes back, Bolt ignores it but acknowledges it
    assert seen == ["hello"]
    assert fake_slack.calls("apps.connections.open")[0].token == fake_slack.world.app_token


async def test_an_unhandled_event_is_not_acknowledged_and_is_redelivered(fake_slack: FakeSlack) -> None:
    fake_slack.socket.ack_seconds = 0.3
    app = bolt_app(fake_slack)  # no listener at all: Bolt answers 404 and sends no ack
    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        posted = await fake_slack.post_message("alice", "general", "nobody listens")
        retried = await fake_slack.wait_for(
            lambda: [d for d in fake_slack.deliveries() if d.retry_attempt == 1], what="a redelivery"
        )
    assert retried[0].event_id == posted.delivery.event_id
    assert retried[0].envelope_id != posted.delivery.envelope_id
    assert any("not acknowledged within 0.3 s" in problem for problem in fake_slack.problems)
    fake_slack.clear_problems()


async def test_slash_command_answer_shortcut_modal_and_click(fake_slack: FakeSlack) -> None:
    app = bolt_app(fake_slack)
    submitted: list[str | None] = []

    @app.command("/echo")
    async def echo(ack: Any, command: dict[str, Any]) -> None:
        await ack(text=f"you said {command['text']}")

    @app.shortcut({"type": "message_action", "callback_id": "note"})
    async def note(ack: Any, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = {
            "type": "modal",
            "callback_id": "note-view",
            "title": {"type": "plain_text", "text": "A note"},
            "submit": {"type": "plain_text", "text": "Send"},
            "private_metadata": shortcut["message_ts"],
            "blocks": [
                {
                    "type": "input",
                    "block_id": "note",
                    "optional": True,
                    "label": {"type": "plain_text", "text": "Note"},
                    "element": {"type": "plain_text_input", "action_id": "text"},
                }
            ],
        }
        await client.views_open(trigger_id=shortcut["trigger_id"], view=view)

    @app.view("note-view")
    async def on_submit(ack: Any, view: dict[str, Any]) -> None:
        await ack()
        submitted.append(view["state"]["values"]["note"]["text"]["value"])

    @app.action("press")
    async def press(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"], text="pressed")

    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        command = await fake_slack.slash_command("alice", "general", "/echo", "hi <!here>")
        assert await command.ack() == {"text": "you said hi <!here>"}
        assert fake_slack.ephemerals("alice")[0].text == "you said hi <!here>"
        assert any("ping" in problem for problem in fake_slack.problems)  # echoing members' text is unsafe
        fake_slack.clear_problems()

        posted = await fake_slack.post_message("bob", "general", "look at this")
        await fake_slack.message_shortcut("alice", "general", posted.ts, "note")
        view = await fake_slack.wait_for(lambda: list(fake_slack.store.views.values()), what="a modal")
        await (await fake_slack.submit_view(view[0].id, {"note": {"text": None}})).ack()
        await fake_slack.wait_for(lambda: submitted, what="the submission")
        assert submitted == [None]

        button = {"type": "button", "text": {"type": "plain_text", "text": "Press"}, "action_id": "press"}
        sent = await app.client.chat_postMessage(
            channel="C0GENERAL", text="buttons", blocks=[{"type": "actions", "elements": [button]}]
        )
        await (await fake_slack.click("bob", "general", sent["ts"], "press")).ack()
        assert (await fake_slack.wait_for_ephemeral("bob")).text == "pressed"
        with pytest.raises(AssertionError, match="no button"):
            await fake_slack.click("bob", "general", sent["ts"], "missing")
        await asyncio.sleep(0.1)  # the echoed bot message is acknowledged


async def test_a_used_or_late_trigger_id_is_refused(fake_slack: FakeSlack) -> None:
    trigger = fake_slack.store.issue_trigger("U0ALICE01")
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": []}
    client = web_client(fake_slack)
    await client.views_open(trigger_id=trigger, view=view)
    with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
        await client.views_open(trigger_id=trigger, view=view)
    late = fake_slack.store.issue_trigger("U0ALICE01")
    fake_slack.store._triggers[late] = ("U0ALICE01", time.monotonic() - 4)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        await client.views_open(trigger_id=late, view=view)
    fake_slack.clear_problems()


async def test_disconnect_then_reconnect_loses_nothing(fake_slack: FakeSlack) -> None:
    app = bolt_app(fake_slack)
    seen: list[str] = []

    @app.event("message")
    async def on_message(event: dict[str, Any]) -> None:
        seen.append(event["text"])

    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        await fake_slack.disconnect()
        posted = [await fake_slack.post_message("alice", "general", f"m{n}") for n in range(3)]
        await fake_slack.wait_for_connections(2)
        for one in posted:
            await one.delivery.ack()
        await fake_slack.drop_connections()
        late = await fake_slack.post_message("alice", "general", "after a drop")
        await fake_slack.wait_for_connections(3)
        await fake_slack.wait_for(lambda: "after a drop" in seen, what="the message sent while dropped")
        await late.delivery.ack()
    assert sorted(seen) == ["after a drop", "m0", "m1", "m2"]
    assert len(fake_slack.calls("apps.connections.open")) == 3


async def test_redelivery_repeats_the_event_id(fake_slack: FakeSlack) -> None:
    app = bolt_app(fake_slack)
    retries: list[int] = []

    @app.event("message")
    async def on_message(context: Any) -> None:
        retries.append(int(context.get("retry_num") or 0) if hasattr(context, "get") else 0)

    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        posted = await fake_slack.post_message("alice", "general", "twice")
        await posted.delivery.ack()
        again = await fake_slack.redeliver(posted.delivery)
        await again.ack()
    assert again.retry_attempt == 1 and again.event_id == posted.delivery.event_id
    assert len(retries) == 2


async def test_history_pages_follow_the_cursor_from_either_end(fake_slack: FakeSlack) -> None:
    client = web_client(fake_slack)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    seeded = [fake_slack.seed_history("alice", "general", f"m{n}", at=start + dt.timedelta(hours=n)) for n in range(12)]
    oldest, latest = seeded[2].ts, f"{time.time():.6f}"

    pages, cursor = [], None
    while True:
        page = await client.conversations_history(
            channel="C0GENERAL", oldest=oldest, latest=latest, limit=4, **({"cursor": cursor} if cursor else {})
        )
        pages.append([m["text"] for m in page["messages"]])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page["has_more"]:
            break
    from_oldest = await client.conversations_history(channel="C0GENERAL", oldest=oldest, limit=4)

    assert pages == [["m11", "m10", "m9", "m8"], ["m7", "m6", "m5", "m4"], ["m3"]]  # ``oldest`` is exclusive
    assert cursor is None and page["pin_count"] == 0
    assert [m["text"] for m in from_oldest["messages"]] == ["m6", "m5", "m4", "m3"]  # the end nearest ``oldest``
    assert from_oldest["response_metadata"]["next_cursor"].startswith("bmV4dF90czo")
    with pytest.raises(SlackApiError) as refused:
        await client.conversations_history(channel="C0GENERAL", cursor="not a cursor")
    assert refused.value.response["error"] == "invalid_cursor"
    fake_slack.clear_problems()


async def test_a_response_url_takes_five_messages(fake_slack: FakeSlack) -> None:
    app = bolt_app(fake_slack)
    statuses: list[int] = []

    @app.command("/count")
    async def count(ack: Any, respond: Any) -> None:
        await ack()
        for number in range(6):
            statuses.append((await respond(text=f"note {number}")).status_code)

    async with connected(fake_slack, app):
        await fake_slack.wait_for_connections(1)
        await fake_slack.slash_command("alice", "general", "/count")
        await fake_slack.wait_for(lambda: len(statuses) == 6, what="six responses")

    assert statuses == [200] * 5 + [404]
    assert [e.text for e in fake_slack.ephemerals("alice")] == [f"note {n}" for n in range(5)]
    assert fake_slack.problems == ["a response URL was used more than 5 times"]
    fake_slack.clear_problems()


async def test_reactions_are_added_once_shown_in_history_and_removed(fake_slack: FakeSlack) -> None:
    client = web_client(fake_slack)
    posted = await fake_slack.post_message("alice", "general", "react to me")
    bot = fake_slack.world.bot.id

    await client.reactions_add(channel="C0GENERAL", timestamp=posted.ts, name="mag")
    with pytest.raises(SlackApiError) as twice:
        await client.reactions_add(channel="C0GENERAL", timestamp=posted.ts, name="mag")
    history = await client.conversations_history(channel="C0GENERAL", latest=posted.ts, inclusive=True, limit=1)
    await client.reactions_remove(channel="C0GENERAL", timestamp=posted.ts, name="mag")
    with pytest.raises(SlackApiError) as gone:
        await client.reactions_remove(channel="C0GENERAL", timestamp=posted.ts, name="mag")
    with pytest.raises(SlackApiError) as missing:
        await client.reactions_add(channel="C0GENERAL", timestamp="1.000009", name="mag")

    assert twice.value.response["error"] == "already_reacted"
    assert history["messages"][0]["reactions"] == [{"name": "mag", "users": [bot], "count": 1}]
    assert gone.value.response["error"] == "no_reaction"
    assert missing.value.response["error"] == "message_not_found"
    assert fake_slack.message("general", posted.ts).reactions == {"mag": []}
    fake_slack.clear_problems()  # the posted message's event had no app connected to acknowledge it
