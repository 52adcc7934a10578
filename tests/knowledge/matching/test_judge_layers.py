"""The judge's hidden layer: it learns what no single direction of the features tells apart, deterministically."""

from __future__ import annotations

import numpy as np

from knowledge.matching.judge_layers import Weights, descend_hidden, softmax


def _crossed() -> tuple[np.ndarray, np.ndarray]:
    """Points of two classes in opposite quadrants (XOR): no line separates them."""
    rng = np.random.default_rng(7)
    points = rng.uniform(-1, 1, (400, 2))
    classes = ((points[:, 0] > 0) ^ (points[:, 1] > 0)).astype(int)
    return points, np.eye(2)[classes]


def _train(units: int, steps: int = 400) -> tuple[Weights, np.ndarray]:
    points, wanted = _crossed()
    weights = descend_hidden(points, wanted, units=units, steps=steps, rate=0.05, decay=1e-4)
    return weights, (softmax(weights.logits(points)).argmax(axis=1) == wanted.argmax(axis=1)).mean()


def test_a_hidden_layer_learns_what_no_line_separates():
    _, accuracy = _train(units=16)
    assert accuracy > 0.95


def test_one_unit_cannot():
    _, accuracy = _train(units=1)
    assert accuracy < 0.8


def test_training_is_deterministic():
    first, _ = _train(units=8, steps=50)
    second, _ = _train(units=8, steps=50)
    for name in Weights.NAMES:
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))


def test_saved_arrays_give_the_same_weights_back():
    weights, _ = _train(units=8, steps=20)
    again = Weights(**weights.arrays())
    features = np.random.default_rng(1).normal(size=(5, 2))
    np.testing.assert_array_equal(weights.logits(features), again.logits(features))


def test_a_linear_judge_is_one_product():
    linear = np.arange(6, dtype=np.float32).reshape(3, 2)
    bias = np.array([1.0, -1.0], dtype=np.float32)
    features = np.array([[1.0, 0.0, 2.0]], dtype=np.float32)
    np.testing.assert_allclose(Weights.linear(linear, bias).logits(features), [[9.0, 10.0]])
