"""Issue 11, defect 7: a ClaimReview without reviewBody never shows words nobody said.

Before the fix the import quoted a made-up sentence, ``“Rated "False".” — <publisher>``, under
"What officials said:". Now the card shows the rating as the publisher's rating, with its link, and no quote.
"""

from bot.discord_ui.cards import card_embed
from bot.services.cards import compose_card
from bot.services.render import render_card
from knowledge.base import KnowledgeBase
from knowledge.claimreview import import_claimreview
from knowledge.matching.types import Action, Match

REVIEW_URL = "https://factcheck.example.org/2024/07/lake-drained/"


def rated_only(**changes: object) -> KnowledgeBase:
    review = {
        "@type": "ClaimReview",
        "url": REVIEW_URL,
        "claimReviewed": "The lake was drained overnight",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        **changes,
    }
    result = import_claimreview([{key: value for key, value in review.items() if value is not None}])
    assert result.errors == ()
    return KnowledgeBase.of(result.incidents)


def card_of(knowledge: KnowledgeBase):
    incident = knowledge.incidents[0]
    claim = incident.claims[0]
    return compose_card(knowledge, Match(incident.id, claim.id, claim.text, 92.0, Action.REPLY, ()))


def test_plain_text_shows_the_publishers_rating_with_its_link_and_no_quote():
    text = render_card(card_of(rated_only()))
    assert "What officials said:" not in text
    assert "\u201c" not in text
    assert "Rated" not in text
    assert f"Rating by Example Fact Check: False (review: {REVIEW_URL})" in text
    assert f"- {REVIEW_URL} (Example Fact Check)" in text


def test_the_embed_shows_the_rating_as_the_publishers_with_its_link_and_no_quote():
    embed = card_embed(card_of(rated_only()))
    fields = {field.name: field.value for field in embed.fields}
    assert "Example Fact Check" not in fields  # no statement attributed to the publisher
    assert not any("\u201c" in (field.value or "") for field in embed.fields)
    assert fields["Fact-checker's rating"] == f"**False**, by Example Fact Check ([the review]({REVIEW_URL}))"
    assert embed.url == REVIEW_URL


def test_an_unnamed_publisher_is_said_to_be_unnamed():
    text = render_card(card_of(rated_only(author=None)))
    assert "Rating by an unnamed fact-checker: False" in text
    assert "An unnamed fact-checker rated this claim" in text


def test_a_rating_with_markdown_cannot_become_a_link():
    knowledge = rated_only(reviewRating={"@type": "Rating", "alternateName": "[Official](https://phish.example/x)"})
    value = {field.name: field.value for field in card_embed(card_of(knowledge)).fields}["Fact-checker's rating"]
    assert "](https://phish.example" not in value


def test_a_review_body_is_still_quoted_as_the_fact_checkers_words():
    text = render_card(card_of(rated_only(reviewBody="Engineers say the water level is normal.")))
    assert (
        "What officials said:\n> \u201cEngineers say the water level is normal.\u201d\n> \u2014 Example Fact Check"
        in text
    )
    assert "Rating by Example Fact Check: False" in text
