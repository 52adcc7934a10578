"""The clusters that find a message's nearest claims among a large base's full-model embeddings."""

import numpy as np

from knowledge.semantic.clusters import Clusters


def _unit_rows(count: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((count, 32)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_probing_every_cluster_finds_the_exact_nearest_rows() -> None:
    matrix = _unit_rows(500, 1).astype(np.float16)
    clusters = Clusters.of(matrix)
    assert len(clusters.centroids) == round(2 * np.sqrt(500))
    query = _unit_rows(1, 2)[0]
    rows, similarities = clusters.search(query, len(clusters.centroids))
    assert sorted(rows.tolist()) == list(range(500))
    exact = matrix.astype(np.float32) @ query
    assert np.allclose(similarities, exact[rows], atol=0.02)
    assert int(rows[np.argmax(similarities)]) == int(np.argmax(exact))


def test_a_few_probes_find_a_row_near_the_query() -> None:
    matrix = _unit_rows(2000, 3)
    clusters = Clusters.of(matrix)
    target = matrix[1234] + 0.05 * _unit_rows(1, 4)[0]
    rows, similarities = clusters.search(target / np.linalg.norm(target), 4)
    assert len(rows) < 2000 / 4
    assert int(rows[np.argmax(similarities)]) == 1234


def test_grouping_is_deterministic_and_small_matrices_work() -> None:
    matrix = _unit_rows(3, 5)
    one, two = Clusters.of(matrix), Clusters.of(matrix)
    assert np.array_equal(one.centroids, two.centroids) and np.array_equal(one.order, two.order)
    rows, _similarities = one.search(matrix[0], 8)
    assert 0 in rows.tolist()
