"""The judge's trained weights, and how a judge with a hidden layer is trained.

With the semantic layer, the message's features (its embedding and its hashed words) go through one hidden layer of
ReLU units before the classes: what makes a message one incident's misinformation rather than talk about it is not a
single direction of them. Leave-one-file-out over 25 examples files, the judge alone (`benchmarks/judge_shapes.py`),
misinformation examples found of 1,997 for their incident, with false alarms among the 5,091 examples:

    linear        at 0.5: 1,838 with 72   at 0.8: 1,444 with 9    at 0.85: 1,300 with 5
    hidden layer  at 0.6: 1,877 with 72   at 0.95: 1,535 with 10  at 0.97: 1,434 with 6

A hidden layer over the embedding alone, the words straight to the classes, did worse than the linear judge at
equal false alarms in a trial (24 files: 1,346 found with 8 false alarms, against 1,475 with 9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ADAM = (0.9, 0.999, 1e-8)
"""Adam's first and second moment decays and its epsilon (the usual ones)."""


@dataclass(frozen=True)
class Weights:
    """Trained weights: `first` from the features to the classes (a linear judge) or to the hidden units, whose
    ReLU `out` takes to the classes (empty for a linear judge).
    """  # noqa: D205

    first: np.ndarray
    first_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray

    NAMES = ("first", "first_bias", "out", "out_bias")

    @classmethod
    def linear(cls, weights: np.ndarray, bias: np.ndarray) -> Weights:
        """A judge with no hidden layer."""
        return cls(weights, bias, np.zeros((0, 0), np.float32), np.zeros(0, np.float32))

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The classes' logits for rows of features."""
        inner = features @ self.first + self.first_bias
        if self.out.size == 0:
            return inner
        return np.maximum(inner, 0.0) @ self.out + self.out_bias

    def arrays(self) -> dict[str, np.ndarray]:
        """The weights by name, as saved."""
        return {name: getattr(self, name) for name in self.NAMES}


def descend_hidden(
    features: np.ndarray, wanted: np.ndarray, *, units: int, steps: int, rate: float, decay: float
) -> Weights:
    """Full-batch Adam on the softmax of one hidden layer of ReLU `units` over the features (deterministic: the
    weights start from a fixed seed). Dense products in float32: the words' buckets are mostly empty, but a matrix
    product over them all is still faster than gathering the present ones.
    """  # noqa: D205
    rows, classes = wanted.shape
    seeded = np.random.default_rng(0)
    params = [
        seeded.normal(0.0, np.sqrt(2.0 / features.shape[1]), (features.shape[1], units)).astype(np.float32),
        np.zeros(units, np.float32),
        seeded.normal(0.0, np.sqrt(1.0 / units), (units, classes)).astype(np.float32),
        np.zeros(classes, np.float32),
    ]
    moments = [(np.zeros_like(param), np.zeros_like(param)) for param in params]
    for step in range(1, steps + 1):
        first, first_bias, out, out_bias = params
        inner = features @ first + first_bias
        active = np.maximum(inner, 0.0)
        error = (softmax(active @ out + out_bias) - wanted) / rows
        back = error @ out.T
        back[inner <= 0] = 0.0
        grads = (features.T @ back + decay * first, back.sum(axis=0), active.T @ error + decay * out, error.sum(axis=0))
        for index, grad in enumerate(grads):
            params[index] -= rate * _adam_step(moments[index], grad, step)
    return Weights(*params)


def _adam_step(moment: tuple[np.ndarray, np.ndarray], grad: np.ndarray, step: int) -> np.ndarray:
    """Update the moments in place; the step's direction (before the rate)."""
    first, second = moment
    decay_first, decay_second, epsilon = ADAM
    first *= decay_first
    first += (1 - decay_first) * grad
    second *= decay_second
    second += (1 - decay_second) * grad * grad
    return (first / (1 - decay_first**step)) / (np.sqrt(second / (1 - decay_second**step)) + epsilon)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Each row's chances."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)
