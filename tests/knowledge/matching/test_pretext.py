"""A killing for a trivial pretext, or of someone at an innocent pastime, reads "for no reason"."""

import pytest

from knowledge.matching.pretext import say_pretext
from knowledge.matching.text import normalize


def _read(text: str) -> str:
    return say_pretext(normalize(text))


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("they killed her for rubbing her necklace", "they killed her for no reason for rubbing her necklace"),
        (
            "cop shoots a lady because she didnt roll her window down",
            "cop shoots a lady for no reason because she didnt roll her window down",
        ),
        ("shot a 26 year old woman for driving", "shot a 26 year old woman for no reason for driving"),
        ("he shot her over a parking job", "he shot her for no reason over a parking job"),
        ("he fired into her car over a parking job", "he fired into her car for no reason over a parking job"),
        (
            "the cop killed a woman for rolling up to his traffic point",
            "the cop killed a woman for no reason for rolling up to his traffic point",
        ),
        ("shot her bc she grabbed her phone, not a gun", "shot her for no reason bc she grabbed her phone not a gun"),
        ("she died over a ticket", "she died for no reason over a ticket"),
    ],
)
def test_a_killing_for_a_trivial_pretext_says_it_was_for_no_reason(text: str, plain: str) -> None:
    assert _read(text) == plain


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (
            "she was literally just driving to the parade and he shot her",
            "for no reason she was literally just driving to the parade and he shot her",
        ),
        (
            "officer kills a 19yo who was just trying to get home",
            "officer kills a 19yo for no reason who was just trying to get home",
        ),
        (
            "she was just sitting in traffic when he shot her",
            "for no reason she was just sitting in traffic when he shot her",
        ),
        (
            "sykes was just walking to the parade when the cop shot her",
            "for no reason sykes was just walking to the parade when the cop shot her",
        ),
    ],
)
def test_a_killing_of_someone_at_an_innocent_pastime_says_it_was_for_no_reason(text: str, plain: str) -> None:
    assert _read(text) == plain


@pytest.mark.parametrize(
    "text",
    [
        "he shot her because she fired first",
        "the officer shot because she pulled a handgun",
        "he shot because he was scared",
        "shot for nothing",
        "she was shot after she fired at the officer",
        "he shot over the car",
        "they were killing it for hours at the parade, then she was shot",
        "she was just pulling a gun when he shot her",
        "she was just 19 when the cop shot her",
        "she was just sitting in traffic at the parade",
        "the cop was just standing there when she drove up and shot at him",
    ],
)
def test_a_real_reason_another_clause_or_no_killing_is_left_alone(text: str) -> None:
    assert _read(text) == normalize(text)


def test_claim_wordings_are_not_rewritten() -> None:
    """Only messages are read this way: a curated wording keeps its own words."""
    assert normalize("they shot her over a phone") == "they shot her over a phone"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (
            "she pulled up to ask for directions and he shot her",
            "she pulled up for no reason to ask for directions and he shot her",
        ),
        (
            "the girl was asking which street was closed, he shot",
            "the girl was for no reason asking which street was closed he shot",
        ),
        (
            "the officer went to ask her what was wrong and she shot at him",
            "the officer went to ask her what was wrong and she shot at him",
        ),
    ],
)
def test_she_only_came_to_ask_is_an_innocent_purpose(text: str, plain: str) -> None:
    """Asking (for directions, which street) said of her, with a killing told: for no reason; not the police asking."""
    assert _read(text) == plain
