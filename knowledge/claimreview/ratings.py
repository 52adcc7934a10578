"""ClaimReview ratings and our verdicts: the export table, the textual ratings read on import, numeric scales."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from anyascii import anyascii

from knowledge.schema import Verdict

# The one table for export: each verdict as a 1 (false) to 5 (true) rating and its label.
VERDICT_RATINGS: Mapping[Verdict, tuple[int, str]] = MappingProxyType(
    {
        Verdict.FALSE: (1, Verdict.FALSE.label),
        Verdict.CONTRADICTED: (2, Verdict.CONTRADICTED.label),
        Verdict.MISLEADING: (2, Verdict.MISLEADING.label),
        Verdict.MISSING_CONTEXT: (3, Verdict.MISSING_CONTEXT.label),
        Verdict.UNPROVEN: (3, Verdict.UNPROVEN.label),
        Verdict.ACCURATE: (5, Verdict.ACCURATE.label),
    }
)
BEST_RATING, WORST_RATING = 5, 1

_TEXTUAL: dict[Verdict, tuple[str, ...]] = {
    Verdict.FALSE: (
        "false", "pants on fire", "fake", "fake news", "hoax", "fabricated", "incorrect", "wrong", "not true",
        "untrue", "totally false", "completely false", "four pinocchios", "scam", "altered", "doctored",
        "falso", "faux", "falsch",
    ),
    Verdict.MISLEADING: (
        "misleading", "mostly false", "partly false", "partially false", "three pinocchios", "miscaptioned",
        "misattributed", "exaggerated", "exaggeration", "distorted", "distorts the facts", "false context",
        "enganoso", "trompeur", "irrefuhrend",
    ),
    Verdict.CONTRADICTED: ("contradicted",),
    Verdict.MISSING_CONTEXT: (
        "missing context", "needs context", "lacks context", "out of context", "half true", "half truth", "mixture",
        "mixed", "partly true", "partially true", "two pinocchios", "cherry picks",
    ),
    Verdict.UNPROVEN: (
        "unproven", "unverified", "unsubstantiated", "unsupported", "no evidence", "not proven", "unclear",
        "undetermined", "unknown", "research in progress", "under investigation", "insufficient evidence",
    ),
    Verdict.ACCURATE: (
        "true", "accurate", "correct", "mostly true", "mostly accurate", "largely accurate", "correct attribution",
        "verified", "legit", "one pinocchio", "geppetto checkmark", "verdadero", "vrai", "wahr",
    ),
}  # fmt: skip


def normal_rating(text: str) -> str:
    """A textual rating as looked up: ASCII, lower case, punctuation as single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).casefold()).split())


# Textual ratings (normalised: lower case, punctuation as spaces) to verdicts; our labels and values included.
TEXTUAL_RATINGS: Mapping[str, Verdict] = MappingProxyType(
    {normal_rating(text): verdict for verdict, texts in _TEXTUAL.items() for text in texts}
    | {normal_rating(verdict.value): verdict for verdict in Verdict}
    | {normal_rating(label): verdict for verdict, (_, label) in VERDICT_RATINGS.items()}
)
SEVERITY: tuple[Verdict, ...] = (
    Verdict.FALSE,
    Verdict.CONTRADICTED,
    Verdict.MISLEADING,
    Verdict.MISSING_CONTEXT,
    Verdict.UNPROVEN,
    Verdict.ACCURATE,
)
"""Verdicts from the most to the least severe: an incident takes its most severe claim's verdict."""


def verdict_from_rating(
    text: str | None, value: float | None = None, best: float | None = None, worst: float | None = None
) -> Verdict | None:
    """The verdict for a textual rating, else for ``value`` on the ``worst``-``best`` scale (1-5 by default)."""
    if text and normal_rating(text) in TEXTUAL_RATINGS:
        return TEXTUAL_RATINGS[normal_rating(text)]
    if value is None:
        return None
    best, worst = best if best is not None else BEST_RATING, worst if worst is not None else WORST_RATING
    if best <= worst or not worst <= value <= best:
        return None
    position = (value - worst) / (best - worst)
    for limit, verdict in ((1 / 8, Verdict.FALSE), (3 / 8, Verdict.MISLEADING), (5 / 8, Verdict.MISSING_CONTEXT)):
        if position <= limit:
            return verdict
    return Verdict.ACCURATE


def rating_words(text: str | None, value: float | None, best: float | None, worst: float | None) -> str | None:
    """The rating as the fact-checker gave it: its text (``False``), else ``2 on a scale of 1 to 5``."""
    if text:
        return text
    if value is None:
        return None
    best = best if best is not None else BEST_RATING
    worst = worst if worst is not None else WORST_RATING
    return f"{value:g} on a scale of {worst:g} to {best:g}"
