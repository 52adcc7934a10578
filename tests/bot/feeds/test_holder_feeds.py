"""The running knowledge with feeds: files first, then feeds in order; a clashing id is left out and reported."""

from __future__ import annotations

from bot.services.knowledge import KnowledgeHolder
from knowledge.claimreview import import_claimreview
from tests.feedserver import claim_review


def incidents(*reviews: dict[str, object]):
    return import_claimreview(list(reviews)).incidents


def test_earlier_feeds_win_clashes_and_later_ones_are_told():
    holder = KnowledgeHolder.load()
    first = incidents(claim_review(1, "The lake was drained overnight"))
    second = incidents(claim_review(1, "Another wording of the same review"), claim_review(2, "The bridge is closed"))

    left_out = holder.set_feeds({"https://a.example/feed": first, "https://b.example/feed": second})

    assert left_out == {"https://b.example/feed": ("checks-example-org-reviews-1",)}
    assert holder.knowledge.get("checks-example-org-reviews-1").claims[0].text == "The lake was drained overnight"
    assert "checks-example-org-reviews-2" in holder.knowledge
    assert len(holder.knowledge) == 5


def test_a_feed_emptied_by_the_holder_drops_its_incidents_and_keeps_the_files():
    holder = KnowledgeHolder.load()
    holder.set_feed("https://a.example/feed", incidents(claim_review(1, "The lake was drained overnight")))
    assert holder.set_feed("https://a.example/feed", ()) == ()
    assert [incident.id for incident in holder.knowledge] == [
        incident.id for incident in KnowledgeHolder.load().knowledge
    ]


def test_with_feeds_a_reload_of_an_empty_folder_is_allowed(tmp_path):
    holder = KnowledgeHolder.load([tmp_path])
    holder.set_feed("https://a.example/feed", incidents(claim_review(1, "The lake was drained overnight")))
    result = holder.reload()
    assert result.reloaded
    assert [incident.id for incident in holder.knowledge] == ["checks-example-org-reviews-1"]
