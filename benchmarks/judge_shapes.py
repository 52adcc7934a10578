"""The examples' judge as it is (linear) against one with a hidden layer, on the same features, each examples file
left out of the training in turn and scored (the judge alone, not the matcher's rules around it).

    python benchmarks/judge_shapes.py [--hidden 64] [--cache FILE]

Prints, per bar on the chance, the misinformation examples found for their own incident and the false alarms
(related talk and unrelated messages at or above the bar). Compare the shapes at equal false alarms, not at equal
bars: the hidden layer's chances are more extreme. Takes about ten minutes (a training of each per examples file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.examples import EXAMPLES_FOLDER, Example, examples_of, read_examples  # noqa: E402
from knowledge.matching import judge  # noqa: E402
from knowledge.matching.evaluation import load_incidents  # noqa: E402
from knowledge.matching.judge_layers import softmax  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

INCIDENTS = ROOT / "knowledge" / "incidents"
BARS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hidden", type=int, default=64, help="units of the hidden layer")
    parser.add_argument("--cache", type=Path, default=None, help="embeddings cache file (kept between runs)")
    return parser.parse_args()


def _counts(scored: Sequence[tuple[Example, np.ndarray]], incidents: tuple[str, ...], bar: float) -> tuple[int, int]:
    found = alarms = 0
    for example, chances in scored:
        best = int(np.argmax(chances))
        if chances[best] < bar:
            continue
        if example.label == "misinfo":
            found += incidents[best] == example.incident
        else:
            alarms += 1
    return found, alarms


def main() -> None:
    arguments = _arguments()
    semantic = load_semantic(SemanticConfig(cache_path=arguments.cache))
    if semantic is None:
        sys.exit("the semantic layer is off: this compares judges on the model's embeddings")
    base = load_incidents(INCIDENTS)
    incidents = tuple(incident.id for incident in base)
    own = [example for incident in base for example in examples_of(incident)]
    files = {path.name: read_examples(path)[0] for path in sorted((INCIDENTS / EXAMPLES_FOLDER).glob("*.jsonl"))}
    texts = sorted({example.text[: judge.MAX_CHARS] for examples in files.values() for example in examples})
    texts = sorted(set(texts) | {example.text for example in own})
    vectors = dict(zip(texts, semantic.encode_knowledge(texts, "full"), strict=True))

    def embed(batch: list[str]) -> np.ndarray:
        return np.stack([vectors[text[: judge.MAX_CHARS]] for text in batch])

    shapes = {"linear": judge.JudgeParams(hidden=0), "hidden": judge.JudgeParams(hidden=arguments.hidden)}
    scored: dict[str, list[tuple[Example, np.ndarray]]] = {"linear": [], "hidden": []}
    for name, held in files.items():
        training = [example for other, examples in files.items() if other != name for example in examples] + own
        features = judge._features([example.text for example in held], shapes["linear"].buckets, embed)
        for shape, params in shapes.items():
            chances = softmax(judge._train(training, incidents, params, embed).logits(features))
            scored[shape] += [
                (example, row[1 : 1 + len(incidents)]) for example, row in zip(held, chances, strict=True)
            ]
        print(name, file=sys.stderr, flush=True)
    misinformation = sum(1 for example, _ in scored["linear"] if example.label == "misinfo")
    print(f"found of {misinformation} misinformation examples / false alarms of {len(scored['linear'])} examples")
    for shape, rows in scored.items():
        print(f"{shape:<7}", "  ".join(f"{bar}: {'/'.join(map(str, _counts(rows, incidents, bar)))}" for bar in BARS))


if __name__ == "__main__":
    main()
