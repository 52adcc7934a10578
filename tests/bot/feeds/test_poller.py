"""Polling feeds into the running knowledge: changes picked up, 304s honoured, broken versions refused,
a feed that disappears kept and then reported stale, stable ids, and states that survive a restart."""

from __future__ import annotations

import json

import pytest

from bot.feeds import FeedPoller, FeedStore
from bot.metrics import Metrics
from bot.services.knowledge import KnowledgeHolder
from tests.bot.feeds.conftest import config_for
from tests.bot.helpers import FakeClock
from tests.feedserver import claim_review, data_feed

LAKE = "The lake was drained overnight by the city"
BRIDGE = "The Riverside bridge has been closed forever"


def answers(holder: KnowledgeHolder, text: str) -> str | None:
    """The incident the running knowledge would answer ``text`` with, if any."""
    found = holder.matcher.match(text)
    return found[0].incident_id if found else None


@pytest.fixture
def holder() -> KnowledgeHolder:
    return KnowledgeHolder.load()


@pytest.fixture
def make_poller(feed, make_fetcher, holder):
    def make(*, store: FeedStore | None = None, clock: FakeClock | None = None, metrics=None, **changes):
        config = config_for(feed.url(), **changes)
        return FeedPoller(
            config, holder, make_fetcher(config), store=store, metrics=metrics, clock=clock or FakeClock()
        )

    return make


async def test_a_new_version_is_swapped_in_and_answers(feed, make_poller, holder):
    feed.publish(data_feed(claim_review(1, LAKE)))
    poller = make_poller()
    assert answers(holder, "omg the lake was drained overnight by the city") is None

    assert await poller.poll(feed.url()) == "changed"
    lake = answers(holder, "omg the lake was drained overnight by the city")
    assert lake == "checks-example-org-reviews-1"
    assert len(holder.knowledge) == 4  # the three packaged incidents stay

    feed.publish(data_feed(claim_review(2, BRIDGE), claim_review(1, LAKE)))  # reordered, one more
    assert await poller.poll(feed.url()) == "changed"
    assert answers(holder, "the riverside bridge has been closed forever!!") == "checks-example-org-reviews-2"
    assert answers(holder, "omg the lake was drained overnight by the city") == lake  # same id
    [state] = poller.states
    assert (state.reviews, state.problems, state.error) == (2, 0, None)


async def test_a_304_changes_nothing(feed, make_poller, holder):
    feed.publish(data_feed(claim_review(1, LAKE)))
    poller = make_poller()
    await poller.poll(feed.url())
    before = holder.current

    assert await poller.poll(feed.url()) == "not-modified"

    assert holder.current is before
    assert feed.requests[-1]["if-none-match"] == feed.etag
    assert poller.states[0].succeeded_at is not None


async def test_the_same_body_without_validators_changes_nothing(feed, make_poller, holder):
    feed.publish(data_feed(claim_review(1, LAKE)))
    feed.send_validators = False
    poller = make_poller()
    await poller.poll(feed.url())
    before = holder.current
    assert await poller.poll(feed.url()) == "unchanged"
    assert holder.current is before


@pytest.mark.parametrize(
    ("breakage", "error"),
    [
        ("truncated", "refused: broken or truncated"),
        ("empty", "refused: no review could be read"),
        ("shrunk", "refused: shrank from 3 to 1 reviews"),
        ("huge", "too-large"),
        ("cut", "protocol-error"),
        ("gone", "http-404"),
    ],
)
async def test_a_bad_version_never_replaces_the_good_one(feed, make_poller, holder, breakage, error):
    feed.publish(data_feed(claim_review(1, LAKE), claim_review(2, BRIDGE), claim_review(3, "Schools close for a year")))
    poller = make_poller()
    await poller.poll(feed.url())
    good = holder.current

    if breakage == "truncated":
        feed.publish_text(json.dumps(data_feed(claim_review(4, "Something new"))).removesuffix("]}"))
    elif breakage == "empty":
        feed.publish(data_feed())
    elif breakage == "shrunk":
        feed.publish(data_feed(claim_review(1, LAKE)))
    elif breakage == "huge":
        feed.publish(data_feed(claim_review(4, "Something new")))
        feed.huge = 1024 * 1024
    elif breakage == "cut":
        feed.publish(data_feed(claim_review(4, "Something new")))
        feed.cut = True
    else:
        feed.status = 404

    assert await poller.poll(feed.url()) in ("refused", "failed")

    assert holder.current is good
    assert answers(holder, "omg the lake was drained overnight by the city") == "checks-example-org-reviews-1"
    [state] = poller.states
    assert state.error.startswith(error)
    assert state.reviews == 3


async def test_a_feed_that_disappears_keeps_its_version_and_turns_stale(feed, make_poller, holder):
    feed.publish(data_feed(claim_review(1, LAKE)))
    clock = FakeClock()
    metrics = Metrics()
    poller = make_poller(clock=clock, metrics=metrics)
    await poller.poll(feed.url())
    feed.status = 500

    clock.advance(minutes=30)
    await poller.poll(feed.url())
    assert poller.stale_feeds() == []
    assert poller.states[0].status(clock(), poller.config.stale_after) == "failing"

    clock.advance(minutes=31)
    assert poller.stale_feeds() == [feed.url()]
    assert poller.states[0].status(clock(), poller.config.stale_after) == "stale"
    assert answers(holder, "omg the lake was drained overnight by the city") == "checks-example-org-reviews-1"
    assert metrics.feeds_stale._value.get() == 1

    feed.status = 200
    assert await poller.poll(feed.url()) == "not-modified"
    assert poller.stale_feeds() == []


async def test_a_feed_never_reached_turns_stale_after_the_age_too(feed, make_poller):
    feed.status = 500
    clock = FakeClock()
    poller = make_poller(clock=clock)
    await poller.poll(feed.url())
    clock.advance(hours=2)
    assert poller.stale_feeds() == [feed.url()]


async def test_polls_and_changes_are_counted(feed, make_poller):
    feed.publish(data_feed(claim_review(1, LAKE)))
    metrics = Metrics()
    poller = make_poller(metrics=metrics)
    await poller.poll(feed.url())
    await poller.poll(feed.url())
    feed.publish_text("[")
    await poller.poll(feed.url())

    def polls(outcome: str) -> float:
        return metrics.registry.get_sample_value("misinfo_bot_feed_polls_total", {"outcome": outcome}) or 0

    assert (polls("changed"), polls("not-modified"), polls("refused")) == (1, 1, 1)
    assert metrics.registry.get_sample_value("misinfo_bot_feed_changes_total") == 1


async def test_ids_already_taken_by_the_knowledge_files_are_left_out(feed, make_poller, holder):
    compton = holder.knowledge.get("compton-chp-takeover-video")
    taken = claim_review(9, "Something else", identifier="compton-chp-takeover-video--other")
    feed.publish(data_feed(taken, claim_review(1, LAKE)))
    poller = make_poller()
    assert await poller.poll(feed.url()) == "changed"
    assert holder.knowledge.get("compton-chp-takeover-video") == compton
    assert "checks-example-org-reviews-1" in holder.knowledge
    assert poller.states[0].problems == 1


async def test_a_reload_of_the_files_keeps_the_feeds(feed, make_poller, holder):
    feed.publish(data_feed(claim_review(1, LAKE)))
    await make_poller().poll(feed.url())
    assert holder.reload().reloaded
    assert answers(holder, "omg the lake was drained overnight by the city") == "checks-example-org-reviews-1"


async def test_states_and_the_last_good_version_survive_a_restart(db, feed, make_fetcher, holder):
    feed.publish(data_feed(claim_review(1, LAKE), claim_review(2, BRIDGE)))
    config = config_for(feed.url())
    store = FeedStore(db.sessions)
    first = FeedPoller(config, holder, make_fetcher(config), store=store, clock=FakeClock())
    await first.poll(feed.url())
    feed.publish_text("{broken")
    await first.poll(feed.url())

    feed.status = 503  # the publisher is down when the bot starts again
    restarted = KnowledgeHolder.load()
    second = FeedPoller(config, restarted, make_fetcher(config), store=store, clock=FakeClock())
    await second.restore()

    assert answers(restarted, "the riverside bridge has been closed forever!!") == "checks-example-org-reviews-2"
    [state] = second.states
    assert (state.reviews, state.error is not None) == (2, True)
    assert state.error.startswith("refused: broken or truncated")
    assert await second.poll(feed.url()) == "failed"
    [stored] = await store.states()
    assert (stored.url, stored.reviews, stored.error) == (feed.url(), 2, "http-503")
