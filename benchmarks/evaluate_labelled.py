"""Precision and recall of the matcher on the labelled messages, per action, with every error listed.

python benchmarks/evaluate_labelled.py [--labelled PATH] [--incidents DIR] [--reply 80] [--review 55] [--no-semantic]

The semantic layer is on when the model is installed (see knowledge/semantic); --no-semantic matches words only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.matching.evaluation import Outcome, Report, evaluate, load_incidents, load_labelled  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.matching.types import Thresholds  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", type=Path, default=ROOT / "tests/knowledge/data/labelled_messages.yaml")
    parser.add_argument("--incidents", type=Path, default=ROOT / "knowledge/incidents")
    parser.add_argument("--reply", type=float, default=Thresholds().reply)
    parser.add_argument("--review", type=float, default=Thresholds().review)
    parser.add_argument("--min-words", type=int, default=Thresholds().min_words_for_reply)
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    return parser.parse_args()


def _best(outcome: Outcome) -> str:
    if not outcome.matches:
        return "no match"
    best = outcome.matches[0]
    return f"{best.action.value} {best.score:.1f} {best.claim_id}"


def _list(title: str, outcomes: list[Outcome]) -> None:
    print(f"\n{title} ({len(outcomes)})")
    for outcome in outcomes:
        wanted = outcome.message.claim or "-"
        print(f"  [{outcome.message.expect} {wanted}] {outcome.message.text[:110]!r}")
        print(f"      got: {_best(outcome)}")
        for match in outcome.matches[:1]:
            for reason in match.reason_texts:
                print(f"      - {reason[:160]}")


def _summary(report: Report) -> None:
    print(f"messages: {len(report.outcomes)}  positives: {len(report.positives)}  negatives: {len(report.negatives)}")
    print(f"{'action':<18}{'precision':>10}{'recall':>10}")
    print(f"{'reply':<18}{report.reply_precision:>10.3f}{report.reply_recall:>10.3f}")
    print(f"{'review or better':<18}{report.review_precision:>10.3f}{report.review_recall:>10.3f}")


def main() -> None:
    arguments = _arguments()
    thresholds = Thresholds(arguments.reply, arguments.review, arguments.min_words)
    semantic = load_semantic(SemanticConfig(enabled=not arguments.no_semantic))
    matcher = Matcher(load_incidents(arguments.incidents), thresholds, semantic=semantic)
    print(f"semantic layer: {'on' if matcher.semantic else 'off'}")
    report = evaluate(matcher, load_labelled(arguments.labelled))
    _summary(report)
    _list("FALSE AUTOMATIC REPLIES", report.false_replies)
    _list("MISSED (neither reply nor review)", report.missed)
    _list("REVIEW INSTEAD OF REPLY", report.not_replied)
    _list("NEGATIVES SENT TO REVIEW", report.false_reviews)


if __name__ == "__main__":
    main()
