"""The model run with numpy: the published reference similarity, verified weights, the static table, the cache."""

import hashlib
import logging
import zipfile
from pathlib import Path

import numpy as np
import pytest

from knowledge.semantic.cache import EmbeddingCache, text_key
from knowledge.semantic.encoder import Semantic, SemanticConfig, load_semantic
from knowledge.semantic.model_files import MODEL_SHA256, ModelUnavailableError, read_model


def test_the_forward_pass_gives_the_published_similarity(semantic: Semantic) -> None:
    """sentence-transformers' example: 'A man is eating food.' vs 'A man is eating a piece of bread.' is 0.755."""
    vectors = semantic.encode(["A man is eating food.", "A man is eating a piece of bread."], "full")
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.755, abs=0.002)


def test_batches_give_the_same_vectors_as_single_texts(semantic: Semantic) -> None:
    texts = ["short", "a much longer sentence about a shooting at a street takeover in Compton"]
    together = semantic.encode(texts, "full")
    alone = np.stack([semantic.encode([text], "full")[0] for text in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_the_installed_weights_have_the_upstream_hash() -> None:
    try:
        files = read_model()
    except ModelUnavailableError:
        pytest.skip("the model package is not installed")
    assert files.sha256 == MODEL_SHA256
    assert hashlib.sha256(files.weights).hexdigest() == MODEL_SHA256


def test_weights_with_another_hash_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("model.safetensors", b"not the weights")
        handle.writestr("tokenizer.json", "{}")
    with pytest.raises(ModelUnavailableError, match="expected 53aa5117"):
        read_model(archive)


def test_a_missing_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="not installed"):
        read_model(tmp_path / "absent.zip")


def test_switched_off_it_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="knowledge.semantic.encoder"):
        assert load_semantic(SemanticConfig(enabled=False)) is None
        assert load_semantic(SemanticConfig(enabled=False)) is None
    said = [record.getMessage() for record in caplog.records if "semantic matching is OFF" in record.getMessage()]
    assert len(said) <= 1  # once per process: an earlier test may already have said it


def test_static_embeddings_live_near_the_models_space(semantic: Semantic) -> None:
    """A message embedded with the full model is closer to the static embedding of its paraphrase than to another
    topic's (what lets a large base be embedded statically)."""
    message = semantic.encode(["a gunman opened fire on a highway patrol car"], "full")[0]
    claims = semantic.encode(["man shoots at a police car", "the recipe needs two cups of flour"], "static")
    assert float(claims[0] @ message) > float(claims[1] @ message) + 0.1


def test_the_cache_file_is_reused_and_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    path = tmp_path / "bot.semantic.npz"
    calls: list[list[str]] = []

    def compute(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.full((len(texts), 4), len(calls), dtype=np.float32)

    EmbeddingCache(path).embed("enc", ["a", "b"], compute)
    assert path.is_file() and calls == [["a", "b"]]
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    again = EmbeddingCache(path).embed("enc", ["b", "a", "c"], compute)
    assert calls == [["a", "b"], ["c"]]  # only the new text is embedded
    assert again[0][0] == again[1][0] == 1.0 and again[2][0] == 2.0
    path.unlink()  # safe to delete: the next start embeds again
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    EmbeddingCache(path).embed("enc", ["a"], compute)
    assert calls[-1] == ["a"]


def test_the_cache_file_keeps_every_call_of_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The claims' wordings and the official line (two calls, two encoders) both survive a restart."""
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    path = tmp_path / "bot.semantic.npz"
    calls: list[list[str]] = []

    def compute(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.ones((len(texts), 4), dtype=np.float32)

    first = EmbeddingCache(path)
    first.embed("enc", ["a", "b"], compute)
    first.embed("other", ["c"], compute)
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    restarted = EmbeddingCache(path)
    restarted.embed("enc", ["a", "b"], compute)
    restarted.embed("other", ["c"], compute)
    assert calls == [["a", "b"], ["c"]]


def test_a_long_embedding_saved_in_steps_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    path = tmp_path / "bot.semantic.npz"
    calls: list[list[str]] = []

    def interrupted(texts: list[str]) -> np.ndarray:
        if calls:
            raise KeyboardInterrupt
        calls.append(texts)
        return np.ones((len(texts), 4), dtype=np.float32)

    with pytest.raises(KeyboardInterrupt):
        EmbeddingCache(path).embed("enc", ["a", "b", "c", "d", "e"], interrupted, step=2)
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    resumed: list[list[str]] = []

    def compute(texts: list[str]) -> np.ndarray:
        resumed.append(texts)
        return np.zeros((len(texts), 4), dtype=np.float32)

    vectors = EmbeddingCache(path).embed("enc", ["a", "b", "c", "d", "e"], compute, step=2)
    assert calls == [["a", "b"]] and resumed == [["c", "d"], ["e"]]
    assert vectors[:, 0].tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]


def test_a_key_ending_in_a_zero_byte_is_found_after_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """numpy's fixed-width bytes drop a key's trailing zero: such a text (one in 256) was embedded on every start."""
    text = next(f"text {n}" for n in range(100_000) if text_key("enc", f"text {n}").endswith(b"\0"))
    path = tmp_path / "bot.semantic.npz"
    calls: list[list[str]] = []

    def compute(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.ones((len(texts), 4), dtype=np.float32)

    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    EmbeddingCache(path).embed("enc", [text, "other"], compute)
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    EmbeddingCache(path).embed("enc", [text, "other"], compute)
    assert calls == [[text, "other"]]
