"""What the semantic layer costs a chat bot per message, measured on the matcher in one process, layer off and on
interleaved (the same messages under the same load, which a busy shared machine makes essential).

Messages: the ordinary chat and the claims of benchmarks/discord_latency.py, and the labelled messages of
tests/knowledge/data (real-looking misinformation, related talk and near misses). Prints microseconds per
message, off and on, and the 50th/99th percentiles for claims; then what the difference does to a bot process
that handles 5,481 ordinary messages per second without the layer (issue 10's figure): the budget is within 20%.

    python benchmarks/semantic_overhead.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.discord_latency import CHAT, CLAIMS  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.matching.evaluation import load_labelled  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

LABELLED = ROOT / "tests" / "knowledge" / "data" / "labelled_messages.yaml"
BOT_RATE = 5481.0
"""Ordinary messages per second one bot process handled without the layer (benchmarks/discord_latency.py)."""


def timed(matchers: Sequence[Matcher], texts: Sequence[str], rounds: int) -> list[list[float]]:
    """Seconds per text for each matcher (best of `rounds`), the matchers taking turns on each text.

    The matcher keeps the embeddings of recent messages: messages that get embedded are timed in one round only.
    """
    best = [[float("inf")] * len(texts) for _ in matchers]
    for _ in range(rounds):
        for index, text in enumerate(texts):
            for slot, matcher in enumerate(matchers):
                started = time.perf_counter()
                matcher.match(text)
                best[slot][index] = min(best[slot][index], time.perf_counter() - started)
    return best


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    knowledge = load_knowledge(None).knowledge
    semantic = load_semantic(SemanticConfig())
    if semantic is None:
        sys.exit("the semantic layer is unavailable (make setup)")
    off, on = Matcher(knowledge), Matcher(knowledge, semantic=semantic)
    labelled = [item.text for item in load_labelled(LABELLED)]
    print(f"load average: {os.getloadavg()[0]:.1f}")
    index = on._meaning
    assert index is not None
    embedded: list[str] = []
    embed = index.embed
    index.embed = lambda text: embedded.append(text) or embed(text)  # type: ignore[method-assign]
    groups = (("ordinary chat", list(CHAT), 5), ("claims", list(CLAIMS), 5), ("labelled", labelled, 1))
    for label, texts, rounds in groups:
        embedded.clear()
        times_off, times_on = timed([off, on], texts, rounds)
        mean_off, mean_on = statistics.mean(times_off) * 1e6, statistics.mean(times_on) * 1e6
        print(
            f"{label} ({len(texts)} messages, {len(set(embedded))} embedded, best of {rounds}): off {mean_off:.0f} us, "
            f"on {mean_on:.0f} us per message; on p50 {_percentile(times_on, 0.5) * 1e3:.2f} ms, "
            f"p99 {_percentile(times_on, 0.99) * 1e3:.2f} ms, max {max(times_on) * 1e3:.2f} ms"
        )
        if label == "ordinary chat":
            per_message = 1.0 / BOT_RATE + (mean_on - mean_off) / 1e6
            print(f"  a bot at {BOT_RATE:,.0f} messages/s without the layer: {1.0 / per_message:,.0f} with it")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
