"""The matcher on a held-out set of chat messages written without seeing the matcher or its labelled data.

python benchmarks/evaluate_heldout.py [PATH] [--incidents DIR] [--list] [--no-semantic]

PATH (default: the suite's copy, knowledge/incidents/examples/heldout_messages.jsonl) is a JSON Lines file of
{"id", "text", "label": "misinfo"|"related"|"unrelated", "incident": ID|null}. Prints the issue's measures:
misinformation caught (reply or review, right incident), answered automatically (right incident), related
messages answered or queued, unrelated messages answered or queued.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.matching.evaluation import HeldOutReport, evaluate_held_out, load_held_out, load_incidents  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.matching.types import Thresholds  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

LABELS = ("misinfo", "related", "unrelated")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "path", type=Path, nargs="?", default=ROOT / "knowledge/incidents/examples/heldout_messages.jsonl"
    )
    parser.add_argument("--incidents", type=Path, default=ROOT / "knowledge/incidents")
    parser.add_argument("--list", action="store_true", help="list every message that missed its target")
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    return parser.parse_args()


def _summary(report: HeldOutReport) -> None:
    for label in LABELS:
        counts = "  ".join(f"{action}={report.count(label, action):<4}" for action in ("reply", "review", "none"))
        print(f"{label:<10} n={report.total(label):<4} {counts}")
    print(f"misinfo caught (reply or review, right incident): {report.misinfo_caught:.1%}")
    print(f"misinfo answered automatically (right incident): {report.misinfo_answered:.1%}")
    print(f"related answered automatically: {report.related_answered:.1%}", end="   ")
    print(f"related to review: {report.related_reviewed:.1%}")
    print(f"unrelated answered automatically: {report.count('unrelated', 'reply')}", end="  ")
    print(f"to review: {report.count('unrelated', 'review')}")


def main() -> None:
    arguments = _arguments()
    semantic = load_semantic(SemanticConfig(enabled=not arguments.no_semantic))
    matcher = Matcher(load_incidents(arguments.incidents), Thresholds(), semantic=semantic)
    print(f"semantic layer: {'on' if matcher.semantic else 'off'}")
    report = evaluate_held_out(matcher, load_held_out(arguments.path))
    _summary(report)
    if arguments.list:
        for message, got in report.outcomes:
            wanted = "reply" if message.label == "misinfo" else "none"
            if got != wanted:
                print(f"[{message.label} -> {got}] {message.id}: {message.text[:120]!r}")


if __name__ == "__main__":
    main()
