"""The matcher on a held-out set of chat messages written without seeing the matcher or its labelled data.

python benchmarks/evaluate_heldout.py PATH [--incidents DIR] [--list] [--no-semantic]

PATH is a JSON Lines file: {"id", "text", "label": "misinfo"|"related"|"unrelated", "incident": ID|null}.
Prints the issue's measures: misinformation caught (reply or review, right incident), answered automatically
(right incident), related messages answered or queued, unrelated messages answered or queued.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.matching.evaluation import load_incidents  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.matching.types import Action, Match, Thresholds  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--incidents", type=Path, default=ROOT / "knowledge/incidents")
    parser.add_argument("--list", action="store_true", help="list every message that missed its target")
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    return parser.parse_args()


def _outcome(matches: list[Match], incident: str | None) -> str:
    """'reply', 'review' or 'none' for the best match (of the right incident when one is given)."""
    acting = [m for m in matches if m.action is not Action.IGNORE]
    if incident is not None:
        acting = [m for m in acting if m.incident_id == incident]
    return acting[0].action.value if acting else "none"


def _any_action(matches: list[Match]) -> str:
    acting = [m.action.value for m in matches if m.action is not Action.IGNORE]
    return "reply" if "reply" in acting else ("review" if acting else "none")


def main() -> None:
    arguments = _arguments()
    semantic = load_semantic(SemanticConfig(enabled=not arguments.no_semantic))
    matcher = Matcher(load_incidents(arguments.incidents), Thresholds(), semantic=semantic)
    print(f"semantic layer: {'on' if matcher.semantic else 'off'}")
    rows = [json.loads(line) for line in arguments.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tallies: dict[str, Counter[str]] = {"misinfo": Counter(), "related": Counter(), "unrelated": Counter()}
    misses: list[str] = []
    for row in rows:
        matches = matcher.match(row["text"])
        label = row["label"]
        got = _outcome(matches, row["incident"]) if label == "misinfo" else _any_action(matches)
        tallies[label][got] += 1
        wanted_ok = got == "reply" if label == "misinfo" else got == "none"
        if not wanted_ok:
            misses.append(f"[{label} -> {got}] {row['id']}: {row['text'][:120]!r}")
    for label, tally in tallies.items():
        total = sum(tally.values())
        print(f"{label:<10} n={total:<4} reply={tally['reply']:<4} review={tally['review']:<4} none={tally['none']}")
    mis = tallies["misinfo"]
    n = sum(mis.values()) or 1
    rel = tallies["related"]
    nr = sum(rel.values()) or 1
    print(f"misinfo caught (reply or review, right incident): {(mis['reply'] + mis['review']) / n:.1%}")
    print(f"misinfo answered automatically (right incident): {mis['reply'] / n:.1%}")
    print(f"related answered automatically: {rel['reply'] / nr:.1%}   related to review: {rel['review'] / nr:.1%}")
    unrelated = tallies["unrelated"]
    print(f"unrelated answered automatically: {unrelated['reply']}  to review: {unrelated['review']}")
    if arguments.list:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
