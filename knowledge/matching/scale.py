"""Precision at scale: unrelated real texts posted as chat messages must not be answered, and hardly reviewed.

The texts are every tweet and every verified claim (its text and its title) of CheckThat! 2021 task 2A: about
29,000 texts on thousands of other topics, many about police, shootings and viral videos.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action


def checkthat_texts(directory: Path) -> list[str]:
    """Every tweet (train, dev and test) and every verified claim's text and title, without duplicates."""
    texts: list[str] = []
    with (directory / "vclaims.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            texts += [item.get("vclaim") or "", item.get("title") or ""]
    for name in ("tweets-train-dev.tsv", "tweets-test.tsv"):
        texts += [row[1] for row in _rows(directory / name) if row and row[0] != "iclaim_id" and len(row) > 1]
    return list(dict.fromkeys(text.strip() for text in texts if text.strip()))


def _rows(path: Path) -> Iterator[list[str]]:
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


@dataclass
class ScaleReport:
    """What the matcher did with the texts."""

    texts: int = 0
    replies: list[tuple[str, str]] = field(default_factory=list)
    reviews: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def review_share(self) -> float:
        """Share of the texts that became review items."""
        return len(self.reviews) / self.texts if self.texts else 0.0


def precision_at_scale(matcher: Matcher, texts: Sequence[str]) -> ScaleReport:
    """Post every text; count automatic replies and review items (with the claim each went to)."""
    report = ScaleReport(texts=len(texts))
    started = time.perf_counter()
    for text in texts:
        matches = matcher.match(text)
        if not matches:
            continue
        best = matches[0]
        target = report.replies if best.action is Action.REPLY else report.reviews
        target.append((text, f"{best.incident_id}/{best.claim_id} {best.score:.1f}"))
    report.seconds = time.perf_counter() - started
    return report
