"""How soon a large knowledge base is ready with the semantic layer: cold (empty caches) and warm.

Each run is a fresh process (nothing cached in memory) building the CheckThat! 2021 2A claim pool (13,824
fact-checks, 27,648 wordings) into a Matcher: the model loaded, the lexical index built (or read from its cache,
`PreparedCache`, beside the embeddings' file as in the bot), then the knowledge's embeddings (`SemanticIndex`).
Cold: no cache file exists; warm: the files the cold run wrote. The baseline, in the same run, is the warm
start without the lexical cache (the embeddings cached, the lexical index rebuilt: how the bot started before).

    python benchmarks/semantic_readiness.py [--data DIR] [--runs 2]

Budgets (issue 10): ready within 60 s cold and within 2 s warm. The bot builds the embeddings in a thread
(``Matcher(background=True)``) and matches words only until they are ready.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _one(data: Path, cache: Path, *, lexical_cache: bool) -> dict[str, float]:
    """Build everything in this process and return the seconds each step took."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from checkthat import knowledge_of, load_dataset

    from knowledge.matching.matcher import Matcher
    from knowledge.matching.prepared_cache import PreparedCache
    from knowledge.matching.semantic import SemanticIndex
    from knowledge.semantic.encoder import SemanticConfig, load_semantic

    knowledge = knowledge_of(load_dataset(data, "test").claims)
    started = time.perf_counter()
    semantic = load_semantic(SemanticConfig(cache_path=cache))
    assert semantic is not None, "the semantic layer is unavailable (make setup)"
    _ = semantic.static
    model = time.perf_counter() - started
    started = time.perf_counter()
    matcher = Matcher(knowledge, cache=PreparedCache.beside(cache) if lexical_cache else None)
    lexical = time.perf_counter() - started
    started = time.perf_counter()
    index = SemanticIndex(semantic, matcher._entries)  # what Matcher(semantic=...) builds
    embeddings = time.perf_counter() - started
    return {"model": model, "lexical": lexical, "embeddings": embeddings, "texts": len(index.texts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ROOT.parent / "shared" / "benchmarks" / "checkthat-2021-2a"
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", default)))
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-lexical-cache", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        print(json.dumps(_one(arguments.data, arguments.child, lexical_cache=not arguments.no_lexical_cache)))
        return
    if not (arguments.data / "vclaims.jsonl").is_file():
        sys.exit(f"no CheckThat data in {arguments.data} (use --data or $CHECKTHAT_DIR)")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (1-minute; figures are noisy on a shared machine)")
    results = _compare(arguments.data, arguments.runs)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    _summarise(results)
    print("ready = model + lexical index + embeddings; the bot answers from words as soon as the lexical index is")
    print("built and adds meaning when the embeddings are ready (they are built in a thread). 'warm, no lex cache':")
    print("the embeddings read from their cache, the lexical index rebuilt (the baseline: how the bot started before).")


STEPS = (("cold", ()), ("warm", ()), ("warm, no lex cache", ("--no-lexical-cache",)))
"""Each run: empty caches, then the files the cold start wrote, then those without the lexical cache (baseline)."""


def _compare(data: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    """Run the steps `runs` times, each in a fresh process, printing a row per step; the figures by step."""
    print(f"{'run':<22}{'model s':>9}{'lexical s':>11}{'embeddings s':>14}{'ready s':>9}{'texts':>8}")
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _options in STEPS}
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder) / "bench.semantic.npz"
            for label, options in STEPS:
                command = [sys.executable, __file__, "--data", str(data), "--child", str(cache), *options]
                output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
                step = json.loads(output.strip().splitlines()[-1])
                step["ready"] = step["model"] + step["lexical"] + step["embeddings"]
                results[label].append(step)
                name = f"{label} {run + 1}"
                print(
                    f"{name:<22}{step['model']:>9.2f}{step['lexical']:>11.2f}{step['embeddings']:>14.2f}"
                    f"{step['ready']:>9.2f}{step['texts']:>8}"
                )
    return results


def _summarise(results: dict[str, list[dict[str, float]]]) -> None:
    """The lexical cache's effect, as medians over the runs."""

    def median(label: str, key: str) -> float:
        return statistics.median(step[key] for step in results[label])

    built, read = median("warm, no lex cache", "lexical"), median("warm", "lexical")
    print(
        f"lexical index (median): built {built:.2f} s without the cache, {median('cold', 'lexical'):.2f} s built and"
        f" written (cold), {read:.2f} s read from the cache (warm): {built / read:.1f}x faster"
    )
    print(
        f"ready (median): cold {median('cold', 'ready'):.2f} s (budget 60 s), warm {median('warm', 'ready'):.2f} s"
        f" (budget 2 s), warm without the lexical cache {median('warm, no lex cache', 'ready'):.2f} s"
    )


if __name__ == "__main__":
    main()
