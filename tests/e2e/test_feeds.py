"""A running bot subscribed to a ClaimReview feed on loopback, through the real discord.py and the stand-in:
a new version is picked up and answered, a broken one refused, a publisher gone turns the feed stale."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.e2e.helpers import eventually
from tests.feedserver import ALLOWED, FeedServer, claim_review, data_feed, feed_server
from tests.ports import free_port

pytestmark = pytest.mark.e2e

LAKE = "The lake was drained overnight by the city"
BRIDGE = "The Riverside bridge has been closed forever"


@pytest.fixture
async def feed():
    async with feed_server() as server:
        yield server


def healthz(port: int) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        return json.loads(response.read())


async def start_subscribed(start_alert_bot, feed: FeedServer, **settings: object):
    running = await start_alert_bot(
        knowledge_feeds=(feed.url(),),
        knowledge_feed_interval=0.1,
        knowledge_feed_allowed_networks=(ALLOWED,),
        cooldown_minutes=0,
        **settings,
    )
    await eventually(lambda: running.metric("feed_changes_total") >= 1, what="first version in", timeout=10)
    return running


async def test_a_feed_change_is_picked_up_by_the_running_bot_and_answered(start_alert_bot, feed):
    feed.publish(data_feed(claim_review(1, LAKE)))
    running = await start_subscribed(start_alert_bot, feed)

    lake = await running.answer_to(
        await running.post("alice", "general", "omg the lake was drained overnight by the city")
    )

    [embed] = lake["embeds"]
    assert embed["title"] == f"False: {LAKE}"
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Fact-checker's rating"] == (
        "**False**, by Loopback Fact Check ([the review](https://checks.example.org/reviews/1))"
    )
    assert not any("\u201c" in value for value in fields.values())  # nobody's words invented

    bridge_post = await running.post("alice", "general", "the riverside bridge has been closed forever!!")
    await running.assert_no_answer(bridge_post)
    await eventually(  # the unchanged feed is polled with its validators and answered 304
        lambda: running.metric("feed_polls_total", outcome="not-modified") >= 1, what="a 304", timeout=10
    )
    feed.publish(data_feed(claim_review(2, BRIDGE), claim_review(1, LAKE)))
    await eventually(lambda: running.metric("feed_changes_total") >= 2, what="second version in", timeout=10)

    bridge = await running.answer_to(
        await running.post("bob", "general", "the riverside bridge has been closed forever!!")
    )
    assert bridge["embeds"][0]["title"] == f"False: {BRIDGE}"


async def test_a_broken_version_is_refused_and_a_gone_publisher_turns_stale(start_alert_bot, feed):
    feed.publish(data_feed(claim_review(1, LAKE)))
    port = free_port()
    running = await start_subscribed(start_alert_bot, feed, health_port=port, knowledge_feed_stale_after=2.0)
    assert (await asyncio.to_thread(healthz, port))["status"] == "ok"
    in_use = running.services.knowledge.current

    feed.publish_text(json.dumps(data_feed(claim_review(1, LAKE), claim_review(2, BRIDGE)))[:-5])
    await eventually(lambda: running.metric("feed_polls_total", outcome="refused") >= 1, what="refused", timeout=10)

    assert running.services.knowledge.current is in_use
    still = await running.answer_to(
        await running.post("alice", "general", "omg the lake was drained overnight by the city")
    )
    assert still["embeds"][0]["title"] == f"False: {LAKE}"

    feed.status = 404
    reports: list[dict[str, object]] = []

    async def degraded() -> None:
        while not reports or reports[-1]["status"] != "degraded":
            await asyncio.sleep(0.2)
            reports.append(await asyncio.to_thread(healthz, port))

    await asyncio.wait_for(degraded(), 10)
    assert reports[-1]["checks"]["feeds"] is False
    assert reports[-1]["stale_feeds"] == [feed.url()]
    assert running.metric("feeds_stale") == 1
    kept = await running.answer_to(
        await running.post("bob", "general", "omg the lake was drained overnight by the city")
    )
    assert kept["embeds"][0]["title"] == f"False: {LAKE}"


async def test_a_restart_with_the_publisher_down_answers_from_the_stored_version(start_alert_bot, feed):
    feed.publish(data_feed(claim_review(1, LAKE)))
    first = await start_subscribed(start_alert_bot, feed)
    await first.stop()
    feed.status = 503

    second = await start_alert_bot(
        knowledge_feeds=(feed.url(),),
        knowledge_feed_interval=0.1,
        knowledge_feed_allowed_networks=(ALLOWED,),
        cooldown_minutes=0,
        database_url=first.settings.database_url,
    )
    await eventually(lambda: len(second.services.knowledge.knowledge) == 4, what="stored version restored", timeout=10)

    lake = await second.answer_to(
        await second.post("alice", "general", "omg the lake was drained overnight by the city")
    )
    assert lake["embeds"][0]["title"] == f"False: {LAKE}"
    await eventually(lambda: second.metric("feed_polls_total", outcome="failed") >= 1, what="polled", timeout=10)
    assert second.runtime.feeds.states[0].error == "http-503"

    environment = {"DATABASE_URL": second.settings.database_url, "KNOWLEDGE_FEEDS": feed.url()}
    shown = await asyncio.to_thread(CliRunner().invoke, cli, ["kb", "feeds"], env=environment)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == f"{feed.url()}: failing"
    assert "  reviews in use: 1" in shown.stdout
    assert "  error: http-503" in shown.stdout


async def test_a_bot_with_feeds_only_starts_and_answers_from_them(start_alert_bot, feed, tmp_path):
    feed.publish(data_feed(claim_review(1, LAKE)))
    empty = tmp_path / "no-incidents"
    empty.mkdir()
    running = await start_subscribed(start_alert_bot, feed, knowledge_paths=(empty,))

    assert [incident.id for incident in running.services.knowledge.knowledge] == ["checks-example-org-reviews-1"]
    lake = await running.answer_to(
        await running.post("alice", "general", "omg the lake was drained overnight by the city")
    )
    assert lake["embeds"][0]["title"] == f"False: {LAKE}"
