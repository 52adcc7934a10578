"""The packaged examples embedded once, at install, next to the model: ``python -m knowledge.semantic`` writes them.

The examples' judge learns from the full model's embeddings of every example (some 7,600: about 80 s of one core).
Without a seed, every fresh process pays that before its judge is ready: a container's first start, each process of
the test suite. With one, a process embeds only examples added since setup. The file is an `EmbeddingCache` file
(keys by encoder and text), so a different model or an edited example simply misses it; safe to delete.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.base import KnowledgeBase
from knowledge.matching.judge import MAX_CHARS
from knowledge.semantic.cache import EmbeddingCache
from knowledge.semantic.encoder import Semantic, seed_path, writable


@dataclass(frozen=True)
class Seeded:
    """What a seeding did: the file, the texts it holds, how many were embedded now, and how long it took."""

    path: Path
    texts: int
    embedded: int
    seconds: float


def seed_texts(knowledge: KnowledgeBase) -> list[str]:
    """The texts the examples' judge embeds for this knowledge, each once."""
    return sorted({example.text[:MAX_CHARS] for example in knowledge.training_examples()})


def write_seed(semantic: Semantic, knowledge: KnowledgeBase, path: Path | None = None) -> Seeded | None:
    """Embed the knowledge's examples into the seed file (next to the model unless `path`), reusing what it holds;
    None when there is nowhere to write it.
    """  # noqa: D205
    path = path or seed_path(semantic.sha256)
    if path is None or not writable(path.parent):
        return None
    started = time.perf_counter()
    texts = seed_texts(knowledge)
    embedded = 0

    def compute(missing: list[str]) -> np.ndarray:
        nonlocal embedded
        embedded += len(missing)
        return semantic.encode(missing, "full")

    EmbeddingCache(path).embed(semantic.encoder("full"), texts, compute)
    return Seeded(path, len(texts), embedded, time.perf_counter() - started)
