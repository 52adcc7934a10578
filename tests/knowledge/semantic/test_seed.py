"""The seed: the packaged examples embedded once at install, so that a fresh process embeds none of them again."""

import logging
import uuid
from pathlib import Path

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.examples import Example
from knowledge.matching import judge
from knowledge.matching.judge import JudgeParams
from knowledge.matching.matcher import Matcher, MatcherParams
from knowledge.semantic import encoder
from knowledge.semantic.cache import EmbeddingCache
from knowledge.semantic.encoder import Semantic, SemanticConfig
from knowledge.semantic.seed import seed_texts, write_seed

COMPTON = "compton-chp-takeover-video"


def _taught(knowledge: KnowledgeBase, tag: str) -> KnowledgeBase:
    """The incidents with examples no cache holds yet (a word of their own in each)."""
    misinfo = [f"bro {tag}{n} shot right at the chp car in compton" for n in range(6)]
    other = [f"dinner {tag}{n} at the noodle place was great" for n in range(6)]
    examples = [
        *(Example(id=f"m{n}", text=text, label="misinfo", incident=COMPTON) for n, text in enumerate(misinfo)),
        *(Example(id=f"u{n}", text=text, label="unrelated") for n, text in enumerate(other)),
    ]
    return KnowledgeBase.of(tuple(knowledge), examples)


def _as_a_fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget every vector this process holds, as a process started now would."""
    monkeypatch.setattr(EmbeddingCache, "_memory", {})
    monkeypatch.setattr(EmbeddingCache, "_seeds_read", set())
    monkeypatch.setattr(judge, "_TRAINED", {})


def _counting(semantic: Semantic, tag: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts with `tag` the full model embeds from now on."""
    embedded: list[str] = []
    encode = semantic.encode

    def counted(texts: list[str], kind: str, *args: object) -> np.ndarray:
        if kind == "full":
            embedded.extend(text for text in texts if tag in text)
        return encode(texts, kind, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(semantic, "encode", counted)
    return embedded


def test_a_seeded_process_embeds_none_of_the_seeded_examples(
    knowledge: KnowledgeBase, semantic: Semantic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag = uuid.uuid4().hex[:8]
    taught = _taught(knowledge, tag)
    seed = tmp_path / "seed.npz"
    _as_a_fresh_process(monkeypatch)
    seeded = write_seed(semantic, taught, seed)
    assert seeded is not None and seeded.path == seed and seed.is_file()
    assert seeded.texts == len(seed_texts(taught)) and seeded.embedded == seeded.texts  # nothing was held before
    monkeypatch.setattr(encoder, "seed_path", lambda sha256: seed)
    params = MatcherParams(judge=JudgeParams(least=5))

    _as_a_fresh_process(monkeypatch)
    reader = Semantic(semantic.model, SemanticConfig(cache_path=tmp_path / "bot.semantic.npz"), semantic.sha256)
    embedded = _counting(reader, tag, monkeypatch)
    assert Matcher(taught, params=params, semantic=reader)._judge is not None
    assert embedded == []

    _as_a_fresh_process(monkeypatch)
    unseeded = SemanticConfig(cache_path=tmp_path / "other.semantic.npz", seeded=False)
    alone = Semantic(semantic.model, unseeded, semantic.sha256)
    embedded = _counting(alone, tag, monkeypatch)
    assert Matcher(taught, params=params, semantic=alone)._judge is not None
    assert sorted(embedded) == sorted(example.text for example in taught.examples)


def test_seeding_again_embeds_only_new_examples_and_drops_old_ones(
    knowledge: KnowledgeBase, semantic: Semantic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "seed.npz"
    first, second = _taught(knowledge, uuid.uuid4().hex[:8]), _taught(knowledge, uuid.uuid4().hex[:8])
    _as_a_fresh_process(monkeypatch)
    write_seed(semantic, first, seed)
    _as_a_fresh_process(monkeypatch)
    both = KnowledgeBase.of(tuple(knowledge), (*first.examples[:1], *second.examples))
    again = write_seed(semantic, both, seed)
    assert again is not None and again.embedded == len(second.examples)
    with np.load(seed) as stored:
        assert len(stored["keys"]) == again.texts == len(seed_texts(both))


def test_an_unreadable_seed_is_said_once_and_everything_embedded(
    knowledge: KnowledgeBase, semantic: Semantic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    tag = uuid.uuid4().hex[:8]
    seed = tmp_path / "seed.npz"
    seed.write_bytes(b"not a numpy file")
    monkeypatch.setattr(encoder, "seed_path", lambda sha256: seed)
    _as_a_fresh_process(monkeypatch)
    reader = Semantic(semantic.model, SemanticConfig(cache_path=tmp_path / "bot.semantic.npz"), semantic.sha256)
    embedded = _counting(reader, tag, monkeypatch)
    taught = _taught(knowledge, tag)
    with caplog.at_level(logging.WARNING):
        assert Matcher(taught, params=MatcherParams(judge=JudgeParams(least=5)), semantic=reader)._judge is not None
    assert len(embedded) == len(taught.examples)
    said = [record.getMessage() for record in caplog.records if str(seed) in record.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"semantic seed {seed} unreadable, embedding afresh")
