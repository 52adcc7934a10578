"""all-MiniLM-L6-v2 in numpy: a 6-layer BERT forward pass, mean pooling over the tokens, unit length.

The same computation as sentence-transformers (BertModel, then mean pooling, then normalisation) in float32;
GELU uses an erf approximation accurate to about 1e-7.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
from safetensors.numpy import load as load_safetensors
from tokenizers import Tokenizer

from knowledge.semantic.model_files import ModelFiles

MAX_TOKENS = 256
"""The model's maximum sequence length (sentence-transformers' setting); longer texts are cut."""
_HEADS = 12
_EPS = 1e-12
Array = np.ndarray


def _layer_norm(x: Array, weight: Array, bias: Array) -> Array:
    """Layer normalisation, in place: `x` (a step's own result) is overwritten and returned."""
    x -= x.mean(-1, keepdims=True)
    scale = np.square(x).mean(-1, keepdims=True)
    scale += _EPS
    np.sqrt(scale, out=scale)
    x /= scale
    x *= weight
    x += bias
    return x


def _gelu(x: Array) -> Array:
    """0.5 x (1 + erf(x / sqrt 2)), erf by Abramowitz and Stegun 7.1.26 (absolute error under 1.5e-7).

    Computed in place in two scratch arrays: the element-wise passes of the feed-forward layer cost as much as
    a matrix product when each allocates its result.
    """
    a = np.multiply(x, np.float32(0.7071067811865476))
    sign = np.sign(a)
    np.abs(a, out=a)
    t = np.multiply(a, np.float32(0.3275911))
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = np.multiply(t, np.float32(1.061405429))
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(np.float32(1.0), poly, out=poly)
    poly *= sign  # erf
    poly += np.float32(1.0)
    poly *= x
    poly *= np.float32(0.5)
    return poly


class _Layer:
    """One transformer layer's weights, laid out for ``x @ w``."""

    def __init__(self, weights: dict[str, Array], prefix: str) -> None:
        def get(name: str) -> Array:
            return weights[f"{prefix}.{name}"]

        attention = "attention.self"
        parts = [get(f"{attention}.{part}.weight").T for part in ("query", "key", "value")]
        self.qkv = np.ascontiguousarray(np.concatenate(parts, axis=1))  # row-major: BLAS multiplies it faster
        self.qkv_bias = np.concatenate([get(f"{attention}.{part}.bias") for part in ("query", "key", "value")])
        self.out, self.out_bias = get("attention.output.dense.weight").T.copy(), get("attention.output.dense.bias")
        self.norm1 = (get("attention.output.LayerNorm.weight"), get("attention.output.LayerNorm.bias"))
        self.up, self.up_bias = get("intermediate.dense.weight").T.copy(), get("intermediate.dense.bias")
        self.down, self.down_bias = get("output.dense.weight").T.copy(), get("output.dense.bias")
        self.norm2 = (get("output.LayerNorm.weight"), get("output.LayerNorm.bias"))

    def __call__(self, x: Array, mask: Array) -> Array:
        """The layer on a batch, each step's result reused in place (a text's forward pass allocates less)."""
        batch, length, width = x.shape
        size = width // _HEADS
        flat = x.reshape(batch * length, width)  # one large matrix product rather than one per text
        qkv = flat @ self.qkv
        qkv += self.qkv_bias
        query, key, value = qkv.reshape(batch, length, 3, _HEADS, size).transpose(2, 0, 3, 1, 4)
        scores = query @ key.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / np.sqrt(size))
        scores += mask
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * length, width)
        attended = context @ self.out
        attended += flat
        attended += self.out_bias
        flat = _layer_norm(attended, *self.norm1)
        hidden = flat @ self.up
        hidden += self.up_bias
        output = _gelu(hidden) @ self.down
        output += flat
        output += self.down_bias
        return _layer_norm(output, *self.norm2).reshape(batch, length, width)


class _Network:
    """The model's weights: embeddings and transformer layers."""

    def __init__(self, weights: dict[str, Array]) -> None:
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        layers = sorted({int(name.split(".")[2]) for name in weights if name.startswith("encoder.layer.")})
        self.layers = [_Layer(weights, f"encoder.layer.{number}") for number in layers]
        self.dimensions = int(self.words.shape[1])


class MiniLM:
    """The sentence encoder: texts in, unit-length 384-dimensional float32 vectors out.

    The weights are read (and verified, by `weights`) on the first forward pass: a process that only embeds
    statically (a large knowledge base) needs the tokenizer alone.
    """

    def __init__(self, tokenizer: str, weights: Callable[[], bytes]) -> None:
        self.tokenizer = Tokenizer.from_str(tokenizer)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self._read_weights = weights
        self._network: _Network | None = None
        self._loading = threading.Lock()

    @classmethod
    def of(cls, files: ModelFiles) -> MiniLM:
        """The encoder of files already read and verified."""
        return cls(files.tokenizer, lambda: files.weights)

    @property
    def network(self) -> _Network:
        """The weights, read on first use (ModelUnavailableError from `weights` when they are missing or wrong)."""
        if self._network is None:
            with self._loading:
                if self._network is None:
                    self._network = _Network(load_safetensors(self._read_weights()))
        return self._network

    def token_ids(self, texts: list[str], limit: int = MAX_TOKENS) -> list[list[int]]:
        """Each text's token ids, [CLS] and [SEP] included, cut at `limit` (at most `MAX_TOKENS`)."""
        if len(texts) == 1:  # a batch of one still pays for the batch's thread pool
            found = [self.tokenizer.encode(texts[0]).ids]
        else:
            found = [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]
        return found if limit >= MAX_TOKENS else [_cut(ids, limit) for ids in found]

    def encode(self, texts: list[str], batch_size: int = 32) -> Array:
        """Unit-length embeddings, one row per text (texts of similar length are batched together)."""
        return self.encode_ids(self.token_ids(texts), batch_size)

    def encode_ids(self, ids: list[list[int]], batch_size: int = 32) -> Array:
        """Unit-length embeddings of token id sequences (each with its [CLS] and [SEP])."""
        result = np.zeros((len(ids), self.network.dimensions), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda index: len(ids[index]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            result[chunk] = self._pooled([ids[index] for index in chunk])
        return result

    def _pooled(self, ids: list[list[int]]) -> Array:
        length = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        present = np.zeros((len(ids), length), dtype=np.float32)
        for row, sequence in enumerate(ids):
            tokens[row, : len(sequence)] = sequence
            present[row, : len(sequence)] = 1.0
        network = self.network
        x = network.words[tokens] + network.positions[:length] + network.token_type
        x = _layer_norm(x, *network.norm)
        mask = ((1.0 - present) * np.float32(-1e9))[:, None, None, :]
        for layer in network.layers:
            x = layer(x, mask)
        pooled = (x * present[:, :, None]).sum(1) / present.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _cut(ids: list[int], limit: int) -> list[int]:
    """Token ids cut at `limit`, their [SEP] kept."""
    return ids if len(ids) <= limit else [*ids[: limit - 1], ids[-1]]
