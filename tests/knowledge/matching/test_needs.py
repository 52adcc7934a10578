"""What a pattern needs before it can match: the test that lets a long list of rewritings skip most searches."""

import re

import pytest

from knowledge.matching import _lexicon as lex
from knowledge.matching.needs import needed
from knowledge.matching.text import compile_rewritings, plain_message, words


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"gunned down", ("gunned down",)),
        (r"shot (?:at|on)", ("shot ",)),
        (r"(?:took|caught) a bullet", (" a bullet",)),
        (r"(?:almost|nearly) (?:died|got killed)", ("almost", "nearly")),
        (r"(?:lit|lights) up", (" up",)),
        (r"bullet ?holes?", ("bullet",)),
        (r"(?:a )?b(?:c)+", ("b",)),
        (r"\d+ times?", (" time",)),
        (r"(?:shot|\w+) dead", (" dead",)),
    ],
)
def test_a_pattern_needs_its_literal_words(pattern: str, parts: tuple[str, ...]) -> None:
    assert needed(re.compile(pattern)) == parts


@pytest.mark.parametrize(
    "pattern",
    [r"(?:a )?(?:b)?", r"[a-z]+", r"\d+", r"(?i)shot", r"(?:shot|\w+)"],
)
def test_nothing_is_needed_when_nothing_is_certain(pattern: str) -> None:
    assert needed(re.compile(pattern)) == ()


def test_case_folded_patterns_need_nothing() -> None:
    assert needed(re.compile("shot", re.IGNORECASE)) == ()
    assert needed(re.compile("(?i:shot) dead")) == (" dead",)


def test_every_match_of_a_rewriting_holds_what_it_needs() -> None:
    compile_rewritings()
    samples = [
        "he emptied a whole mag into the cruiser",
        "they chased the cop off with gunfire",
        "rip officer smith",
        "the officer fired back",
        "she took a bullet for him",
        "pulled a strap on the sarge",
        "the cop got fired",
        "two people were shot",
        "from what i heard the chp sergeant was ambushed",
    ]
    for patterns in (lex.SLANG, lex.MESSAGE_SLANG):
        for pattern, _plain in patterns:
            found = re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")
            parts = needed(found)
            for sample in samples:
                for match in found.finditer(" ".join(words(sample))):
                    assert not parts or any(part in match.group(0) for part in parts), (pattern, sample)


def test_rewriting_still_rewrites() -> None:
    assert plain_message("she took a bullet") == "she got shot"
