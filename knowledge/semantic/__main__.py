"""Check the installed model, prepare its static table and seed the examples' embeddings:
``python -m knowledge.semantic [--no-distill] [--no-seed]``.

Run by ``make setup`` and the Dockerfile: exits 1 when the model is missing or its weights' SHA-256 is wrong. The
work here runs on every core (the bot itself keeps the model to one thread).
"""  # noqa: D205

from __future__ import annotations

import argparse
import logging
import sys
import time

from knowledge.loader import load_knowledge
from knowledge.semantic.encoder import Semantic, SemanticConfig, load_semantic
from knowledge.semantic.model_files import ModelUnavailableError, read_model
from knowledge.semantic.seed import write_seed


def main(argv: list[str] | None = None) -> int:
    """Verify the weights, then distil the static embeddings and seed the packaged examples unless asked not to."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.semantic", description=__doc__)
    parser.add_argument("--no-distill", action="store_true", help="do not distil the static table")
    parser.add_argument("--no-seed", action="store_true", help="do not embed the packaged examples")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        files = read_model()
    except ModelUnavailableError as error:
        print(f"semantic model: {error}", file=sys.stderr)
        return 1
    print(f"semantic model: model.safetensors SHA-256 {files.sha256} OK")
    if arguments.no_distill and arguments.no_seed:
        return 0
    semantic = load_semantic(SemanticConfig(threads=None, seeded=False))
    if semantic is None:
        return 1
    if not arguments.no_distill:
        started = time.perf_counter()
        table = semantic.static
        print(f"static embeddings: {table.vectors.shape[0]} tokens ready in {time.perf_counter() - started:.1f} s")
    if not arguments.no_seed:
        _seed(semantic)
    return 0


def _seed(semantic: Semantic) -> None:
    loaded = load_knowledge()
    for error in loaded.errors:
        print(f"packaged knowledge: {error}", file=sys.stderr)
    seeded = write_seed(semantic, loaded.knowledge)
    if seeded is None:
        print("examples' embeddings: no writable folder next to the model; each process will embed them itself")
        return
    print(
        f"examples' embeddings: {seeded.texts} in {seeded.path.name}, {seeded.embedded} embedded now, "
        f"{seeded.seconds:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
