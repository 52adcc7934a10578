"""Issue 11 defect 7 on Slack: a review without reviewBody shows the publisher's rating with its link, no quote."""

from bot.services.cards import compose_card
from knowledge.base import KnowledgeBase
from knowledge.claimreview import import_claimreview
from knowledge.matching.types import Action, Match
from slackfront.blocks import answer_message
from tests.fakeslack import check_blocks, pings_in

REVIEW_URL = "https://factcheck.example.org/2024/07/lake-drained/"


def rated_only_card(rating: str = "False"):
    review = {
        "@type": "ClaimReview",
        "url": REVIEW_URL,
        "claimReviewed": "The lake was drained overnight",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    knowledge = KnowledgeBase.of(import_claimreview([review]).incidents)
    incident = knowledge.incidents[0]
    claim = incident.claims[0]
    return compose_card(knowledge, Match(incident.id, claim.id, claim.text, 92.0, Action.REPLY, ()))


def test_the_rating_is_the_publishers_with_its_link_and_nothing_is_quoted():
    message = answer_message(rated_only_card())
    shown = repr(message["blocks"])
    assert f"*Fact-checker's rating:* False, by Example Fact Check (<{REVIEW_URL}|the review>)" in shown
    assert "\u201c" not in shown
    assert "Rated" not in shown
    assert check_blocks(message["blocks"]) == []


def test_a_hostile_rating_stays_text():
    message = answer_message(rated_only_card("<!channel> [x](https://phish.example) <https://phish.example|Official>"))
    assert pings_in(message) == []
    assert "<https://phish.example|Official>" not in repr(message["blocks"])
