"""Precision at scale: every CheckThat! 2021 2A tweet and verified claim (text and title) posted against the
default knowledge base. The bar: 0 automatic replies, at most 0.1% review items.

    python benchmarks/precision_at_scale.py [--data DIR] [--no-semantic]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.matching.scale import checkthat_texts, precision_at_scale  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "checkthat-2021-2a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", DEFAULT_DATA)))
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    arguments = parser.parse_args()
    if not (arguments.data / "vclaims.jsonl").is_file():
        sys.exit(f"no CheckThat data in {arguments.data} (use --data or $CHECKTHAT_DIR)")
    semantic = load_semantic(SemanticConfig(enabled=not arguments.no_semantic))
    matcher = Matcher(load_knowledge(None).knowledge, semantic=semantic)
    texts = checkthat_texts(arguments.data)
    report = precision_at_scale(matcher, texts)
    print(f"semantic layer: {'on' if matcher.semantic else 'off'}")
    print(f"texts: {report.texts}  in {report.seconds:.1f} s ({report.seconds / report.texts * 1000:.2f} ms each)")
    print(f"automatic replies: {len(report.replies)}")
    print(f"review items: {len(report.reviews)} ({report.review_share:.3%}; the bar is 0.1%)")
    for title, items in (("REPLIES", report.replies), ("REVIEWS", report.reviews)):
        for text, where in items:
            print(f"  {title[:-1].lower()}: {where} {text[:120]!r}")


if __name__ == "__main__":
    main()
