"""A message's stance towards a claim: asserting it, disputing it, or only mentioning the incident.

A message disputes a claim when it says one of the claim's contradicting facts (curated in the knowledge file
under ``contradictions``, e.g. "she fired first" against "police killed an innocent woman"), or uses a
generic dispute word ("debunked", "fake"), unless it says the fact mockingly: in quotation marks, after "ah
yes" or "supposedly", or calling it a lie ("the witness who said she shot first is lying"). A contradicting
fact negated ("she never fired") does not dispute the claim; it asserts it. Such messages are never answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from knowledge.matching import _lexicon as lex
from knowledge.matching.phrases import Phrase
from knowledge.matching.roles import Role
from knowledge.matching.text import analyze, is_negated
from knowledge.matching.views import View

FOUND = 0.85
"""Credit from which a word counts as said (exact or synonym, not a typo guess)."""
CONTRADICTION_COVERAGE = 0.8
SPREAD = 2
"""How many other words may come between the words of a contradicting fact."""
"""Share of a contradicting fact's words (by count) a message must say, un-negated, to dispute the claim."""
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,120})[\"“”«»]|(?<!\w)['‘’]([^'‘’]{2,120})['‘’](?!\w)")


class Stance(StrEnum):
    """What a message does with a claim."""

    ASSERT = "assert"
    DISPUTE = "dispute"
    MENTION = "mention"


@dataclass(frozen=True)
class StanceCheck:
    """The stance and what showed it (the contradicting fact or cue said, and whether it was mocked)."""

    stance: Stance
    said: str = ""
    mocked: bool = False


@cache
def _mockery() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.MOCKERY_CUES)


@cache
def contradiction_phrases(texts: tuple[str, ...], agencies: frozenset[str] = frozenset()) -> tuple[Phrase, ...]:
    """The contradicting facts of a claim, analysed once (with the police's part each shows)."""
    return tuple(Phrase.of(text, keep_stems=True, agencies=agencies) for text in texts)


def says(view: View, phrase: Phrase, role: Role | None = None) -> bool:
    """Whether a view says a phrase: most of its content words, every negated one, none negated the other way,
    and the police's part the same way round when the phrase shows one.
    """  # noqa: D205
    if not phrase.terms or (phrase.role is not None and role is not None and role is not phrase.role):
        return False
    found = 0
    spots: list[int] = []
    for term in phrase.terms:
        credit, positions = view.lookup(term)
        if credit < 0 or (is_negated(term) and credit < FOUND):
            return False
        if credit >= FOUND:
            found += 1
            spots.append(positions[0])
    together = not spots or max(spots) - min(spots) <= len(phrase.terms) + SPREAD
    return together and found / len(phrase.terms) >= CONTRADICTION_COVERAGE


def mocked(view: View, raw: str, phrase: Phrase) -> bool:
    """Whether the message says a contradicting fact mockingly (quoted, "ah yes …", "… is lying")."""
    if any(view.contains_phrase(cue.stems) for cue in _mockery()):
        return True
    wanted = set(phrase.terms)
    for match in _QUOTED.finditer(raw):
        quoted = match.group(1) or match.group(2) or ""
        if wanted & set(analyze(quoted).content):
            return True
    return False


def stance_of(
    view: View, raw: str, contradictions: Sequence[Phrase], *, asserted: bool, role: Role | None = None
) -> StanceCheck:
    """The message's stance towards one claim; `asserted` says whether its words fit the claim well, `role`
    is the police's part in the message.
    """  # noqa: D205
    for phrase in contradictions:
        if says(view, phrase, role):
            if mocked(view, raw, phrase):
                return StanceCheck(Stance.ASSERT, phrase.text, mocked=True)
            return StanceCheck(Stance.DISPUTE, phrase.text)
    return StanceCheck(Stance.ASSERT if asserted else Stance.MENTION)
