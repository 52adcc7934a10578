"""Static token embeddings distilled from the sentence model (the model2vec method), for microsecond embeddings.

Each vocabulary token is run through the model once, alone between [CLS] and [SEP]; its pooled output is its
vector; the vectors are centred. A text's static embedding is then the weighted mean of its tokens' vectors,
normalised: the weight of a token grows with the log of its rank in the vocabulary (BERT's word pieces are
roughly ordered by frequency, so common words weigh little). It lives near the model's sentence embeddings.
A large knowledge base is embedded statically, and so are the messages matched against it: the full model
costs tens of milliseconds per message on a busy core, the static one a fraction of a millisecond.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import numpy as np

from knowledge.semantic.bert import MiniLM

log = logging.getLogger(__name__)

FIRST_WORD_ID = 1996
"""Below this id BERT's vocabulary holds special tokens, unused slots and single characters."""
_SPECIAL = frozenset((0, 100, 101, 102, 103))


class StaticEmbeddings:
    """Token vectors and weights; `encode` turns token id sequences into unit-length vectors."""

    def __init__(self, vectors: np.ndarray, weights: np.ndarray) -> None:
        self.raw = vectors.astype(np.float32, copy=False)
        self.vectors = self.raw - self.raw.mean(axis=0)
        """Centred: the component every token shares would otherwise make all texts look alike."""
        self.weights = weights.astype(np.float32, copy=False)

    @classmethod
    def distill(cls, model: MiniLM, batch_size: int = 512) -> StaticEmbeddings:
        """Embed every vocabulary token through the model (about a minute on one core)."""
        started = time.perf_counter()
        size, width = model.network.words.shape
        vectors = np.zeros((size, width), dtype=np.float32)
        for start in range(0, size, batch_size):
            ids = [[101, token, 102] for token in range(start, min(size, start + batch_size))]
            vectors[start : start + len(ids)] = model.encode_ids(ids, batch_size)
        log.info("static embeddings distilled in %.1f s", time.perf_counter() - started)
        return cls(vectors, zipf_weights(size))

    @classmethod
    def load(cls, path: Path) -> StaticEmbeddings:
        """Read a table saved by `save`."""
        with np.load(path) as data:
            return cls(data["vectors"].astype(np.float32), data["weights"])

    def save(self, path: Path) -> None:
        """Write the table atomically (float16 vectors)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as file:
            np.savez(file, vectors=self.raw.astype(np.float16), weights=self.weights)
        partial.replace(path)

    def encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        """Unit-length weighted means of the tokens' vectors, one row per sequence (zero rows for empty ones)."""
        result = np.zeros((len(ids), self.vectors.shape[1]), dtype=np.float32)
        for row, sequence in enumerate(ids):
            tokens = [token for token in sequence if token not in _SPECIAL]
            if tokens:
                result[row] = self.weights[tokens] @ self.vectors[tokens]
        norms = np.linalg.norm(result, axis=1, keepdims=True)
        return result / np.maximum(norms, 1e-12)


def zipf_weights(size: int) -> np.ndarray:
    """log(rank) weights, rank counted from the first word piece; characters and specials weigh as rank 2."""
    ranks = np.arange(size, dtype=np.float32) - FIRST_WORD_ID + 2
    return np.log(np.maximum(ranks, 2.0)).astype(np.float32)
