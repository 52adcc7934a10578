"""Unit vectors grouped by k-means, for finding the nearest of hundreds of thousands in well under a millisecond.

An inverted file: the rows are grouped around centroids once; a query is compared with the centroids, then with
the rows of the few closest groups only (`probes`), about 4 * sqrt(rows) of them instead of all. The rows are
kept as int8 codes (a scale per row), stored group by group: the probed groups are contiguous, and int8 turns
into float32 several times faster than float16 does. Approximate twice over (groups not probed, codes about
0.005 off in cosine): the caller compares the few rows found exactly.
"""

from __future__ import annotations

import math

import numpy as np

SEED = 2021
ITERATIONS = 8
SAMPLE = 64
"""Rows the centroids are fitted on, per centroid (a sample of a large matrix: the fit is then quick)."""
CHUNK = 16384
"""Rows converted to float32 at a time (a large float16 matrix is never copied whole)."""


class Clusters:
    """The rows of a matrix grouped around centroids, as int8 codes stored group by group."""

    def __init__(self, matrix: np.ndarray, centroids: np.ndarray, groups: np.ndarray) -> None:
        self.centroids = centroids
        self.order = np.argsort(groups, kind="stable")
        """The matrix's row numbers, group by group."""
        self.starts = np.searchsorted(groups[self.order], np.arange(len(centroids) + 1))
        self.codes = np.zeros((len(matrix), matrix.shape[1]), dtype=np.int8)
        self.scales = np.zeros(len(matrix), dtype=np.float32)
        for start in range(0, len(matrix), CHUNK):
            rows = matrix[self.order[start : start + CHUNK]].astype(np.float32)
            peaks = np.maximum(np.abs(rows).max(axis=1), 1e-12)
            self.codes[start : start + len(rows)] = np.round(rows * (127.0 / peaks)[:, None])
            self.scales[start : start + len(rows)] = peaks / 127.0

    @classmethod
    def of(cls, matrix: np.ndarray, count: int | None = None) -> Clusters:
        """Group the unit rows of a non-empty matrix (float16 or float32) around `count` centroids (default:
        2 * sqrt(rows)). Deterministic.
        """  # noqa: D205
        rows = len(matrix)
        count = max(1, min(rows, count or round(2 * math.sqrt(rows))))
        rng = np.random.default_rng(SEED)
        sample = matrix[np.sort(rng.choice(rows, min(rows, SAMPLE * count), replace=False))].astype(np.float32)
        centroids = sample[rng.choice(len(sample), count, replace=False)]
        for _ in range(ITERATIONS):
            centroids = _recentred(sample, _nearest(sample, centroids), centroids)
        groups = [_nearest(matrix[start : start + CHUNK], centroids) for start in range(0, rows, CHUNK)]
        return cls(matrix, centroids, np.concatenate(groups))

    def search(self, vector: np.ndarray, probes: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the `probes` groups whose centroids are closest to the vector, and each one's approximate
        similarity to it.
        """  # noqa: D205
        closeness = self.centroids @ vector
        probes = min(probes, len(closeness))
        groups = np.argpartition(-closeness, probes - 1)[:probes]
        spans = [np.arange(self.starts[group], self.starts[group + 1]) for group in groups]
        positions = np.concatenate(spans)
        similarities = (self.codes[positions].astype(np.float32) @ vector) * self.scales[positions]
        return self.order[positions], similarities


def _nearest(rows: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The closest centroid of each row."""
    return np.argmax(rows.astype(np.float32) @ centroids.T, axis=1)


def _recentred(sample: np.ndarray, groups: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Each centroid moved to its group's mean direction (an empty group keeps its centroid)."""
    order = np.argsort(groups, kind="stable")
    present, starts = np.unique(groups[order], return_index=True)
    sums = np.add.reduceat(sample[order], starts, axis=0)
    moved = centroids.copy()
    moved[present] = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return moved
