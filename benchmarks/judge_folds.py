"""The examples' judge, measured on examples it was not trained on: each examples file in turn is left out of the
training and scored, with the judge and without it (the issue's measures, summed over the files).

    python benchmarks/judge_folds.py [--examples DIR] [--no-semantic] [--review R] [--reply R] [--unsaid R] [--alone R]
                                      [--words W] [--steps N --rate R] [--hidden N]

What it prints is the honest estimate of what the judge adds on messages written like the examples but not among
them; the suite's floors on the examples files themselves are floors on training data.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.examples import EXAMPLES_FOLDER, read_examples  # noqa: E402
from knowledge.matching.evaluation import evaluate_held_out, load_incidents  # noqa: E402
from knowledge.matching.judge import JudgeParams  # noqa: E402
from knowledge.matching.matcher import Matcher, MatcherParams  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

INCIDENTS = ROOT / "knowledge" / "incidents"
BARS = ("review", "reply", "unsaid", "alone")
MEASURES = ("misinfo reply", "misinfo review", "related reply", "related review", "unrelated reply", "unrelated review")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, default=INCIDENTS / EXAMPLES_FOLDER)
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    for bar in BARS:
        parser.add_argument(f"--{bar}", type=float, help="bar of the judge measured (default: its shape's own)")
    parser.add_argument("--words", type=float, default=JudgeParams().words)
    parser.add_argument("--steps", type=int, default=JudgeParams().steps)
    parser.add_argument("--rate", type=float, default=JudgeParams().rate)
    parser.add_argument("--hidden", type=int, default=JudgeParams().hidden, help="hidden units (0: a linear judge)")
    return parser.parse_args()


def _judge_params(arguments: argparse.Namespace) -> JudgeParams:
    """The judge measured: the bars given apply to its shape (a linear judge's fields, or `hidden_bars`)."""
    params = JudgeParams(words=arguments.words, steps=arguments.steps, rate=arguments.rate, hidden=arguments.hidden)
    hidden = arguments.hidden > 0 and not arguments.no_semantic
    given = dict(zip(BARS, params.hidden_bars, strict=True)) if hidden else {bar: getattr(params, bar) for bar in BARS}
    given.update({bar: getattr(arguments, bar) for bar in BARS if getattr(arguments, bar) is not None})
    if hidden:
        return replace(params, hidden_bars=tuple(given[bar] for bar in BARS))
    return replace(params, **given)


def main() -> None:
    arguments = _arguments()
    semantic = load_semantic(SemanticConfig(enabled=not arguments.no_semantic))
    judge = _judge_params(arguments)
    params = MatcherParams(judge=judge)
    incidents = tuple(load_incidents(INCIDENTS))
    files = {path.name: read_examples(path)[0] for path in sorted(arguments.examples.glob("*.jsonl"))}
    without = Matcher(KnowledgeBase.of(incidents), semantic=semantic)
    totals = {"without": Counter(), "with": Counter()}
    for name, messages in files.items():
        training = [example for other, examples in files.items() if other != name for example in examples]
        judged = Matcher(KnowledgeBase.of(incidents, training), params=params, semantic=semantic)
        for label, matcher in (("without", without), ("with", judged)):
            report = evaluate_held_out(matcher, messages)
            counts = Counter(f"{message.label} {got}" for message, got in report.outcomes)
            totals[label].update(counts)
        print(f"{name:<32} " + "  ".join(f"{totals['with'][m] - totals['without'][m]:+d}" for m in MEASURES))
    print(f"semantic layer: {'on' if semantic else 'off'}; judge {judge}")
    for label, counts in totals.items():
        print(f"{label:<8} " + "  ".join(f"{measure}={counts[measure]}" for measure in MEASURES))


if __name__ == "__main__":
    main()
