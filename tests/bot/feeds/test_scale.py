"""A base built from the CheckThat! pool through a feed: it loads, reloads after a change, and answers.

3,000 claims here, to keep the suite quick; ``benchmarks/feeds_scale.py`` runs the same at 50,000 and
prints load time, memory and per-message cost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.feeds import FeedPoller
from bot.services.knowledge import KnowledgeHolder
from knowledge.claimreview import slugify
from tests.bot.feeds.conftest import config_for
from tests.bot.helpers import FakeClock

POOL = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "checkthat-2021-2a" / "vclaims.jsonl"
SIZE = 3_000


def vclaims() -> list[dict[str, str]]:
    if not POOL.is_file():
        pytest.skip(f"the CheckThat! pool is not at {POOL}")
    with POOL.open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(SIZE), handle, strict=False)]


def review(vclaim: dict[str, str], rating: str = "False") -> dict[str, object]:
    return {
        "@type": "ClaimReview",
        "identifier": vclaim["vclaim_id"],
        "url": f"https://checkthat.example.org/fact-check/{vclaim['vclaim_id']}",
        "claimReviewed": vclaim["vclaim"],
        "headline": vclaim["title"],
        "author": {"@type": "Organization", "name": "Snopes"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }


def lines(reviews: list[dict[str, object]]) -> str:
    return "\n".join(json.dumps(item) for item in reviews) + "\n"


async def test_a_large_feed_loads_reloads_after_a_change_and_answers(feed, make_fetcher):
    pool = vclaims()
    feed.publish_text(lines([review(vclaim) for vclaim in pool[1:]]), content_type="application/x-ndjson")
    holder = KnowledgeHolder.load()
    config = config_for(feed.url("/checkthat.jsonl"), max_bytes=64 * 2**20, timeout=60.0)
    poller = FeedPoller(config, holder, make_fetcher(config), clock=FakeClock())

    assert await poller.poll(config.urls[0]) == "changed"
    assert poller.states[0].reviews == SIZE - 1
    probe = pool[10]
    [found] = holder.matcher.match(probe["vclaim"])[:1]
    assert found.incident_id == slugify(probe["vclaim_id"])

    changed = [review(vclaim, "True" if vclaim is probe else "False") for vclaim in pool]
    feed.publish_text(lines(changed), content_type="application/x-ndjson")
    assert await poller.poll(config.urls[0]) == "changed"

    assert poller.states[0].reviews == SIZE
    added = pool[0]
    [new] = holder.matcher.match(added["vclaim"])[:1]
    assert new.incident_id == slugify(added["vclaim_id"])
    assert holder.knowledge.get(slugify(probe["vclaim_id"])).claims[0].verdict == "accurate"
