"""Check the installed model and prepare its static table: ``python -m knowledge.semantic [--no-distill]``.

Run by ``make setup`` and the Dockerfile: exits 1 when the model is missing or its weights' SHA-256 is wrong.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from knowledge.semantic.encoder import SemanticConfig, load_semantic
from knowledge.semantic.model_files import ModelUnavailableError, read_model


def main(argv: list[str] | None = None) -> int:
    """Verify the weights, then distil the static embeddings next to the model unless asked not to."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.semantic", description=__doc__)
    parser.add_argument("--no-distill", action="store_true", help="only verify the model's weights")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        files = read_model()
    except ModelUnavailableError as error:
        print(f"semantic model: {error}", file=sys.stderr)
        return 1
    print(f"semantic model: model.safetensors SHA-256 {files.sha256} OK")
    if not arguments.no_distill:
        semantic = load_semantic(SemanticConfig())
        if semantic is None:
            return 1
        started = time.perf_counter()
        table = semantic.static
        print(f"static embeddings: {table.vectors.shape[0]} tokens ready in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
