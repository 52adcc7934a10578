"""Lowercase hashtags read as the keywords in them."""

import pytest

from knowledge.matching.hashtags import split_tags, tag_keys
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action
from tests.knowledge.matching.conftest import WESTMINSTER

KEYS = tag_keys(["Alysha Duran", "Alysha", "Westminster", "Briana Sykes", "Briana", "Juneteenth", "CHP"])


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("he shot her #alyshaduran #westminster", "he shot her alysha duran westminster"),
        ("#justiceforbriana", "justicefor briana"),
        ("#brianasykesjuneteenth", "briana sykes juneteenth"),
        ("#JusticeForAlysha", "#JusticeForAlysha"),
        ("#weekendvibes", "#weekendvibes"),
        ("#chp", "#chp"),
        ("#" + "a" * 400 + "alysha", "#" + "a" * 400 + "alysha"),
    ],
)
def test_a_lowercase_tag_is_spelt_out_with_the_keywords_in_it(text: str, read: str) -> None:
    """Camel case is the normaliser's; keywords shorter than five letters and tags past 40 are left alone."""
    assert split_tags(text, KEYS) == read


def test_the_issues_tiktok_caption_is_answered(matcher: Matcher) -> None:
    text = (
        "https://www.tiktok.com/@user/video/7261938475012345606 he shot her for no reason 😭 #alyshaduran #westminster"
    )
    best = matcher.match(text)[0]
    assert (best.incident_id, best.claim_id, best.action) == (WESTMINSTER, "duran-was-unarmed", Action.REPLY)
