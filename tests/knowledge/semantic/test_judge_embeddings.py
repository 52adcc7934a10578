"""The examples' judge on the full model's embeddings: the examples are embedded a few at a time (a message
waiting for the model meanwhile is not held up for the whole embedding), once (then from the cache)."""

import uuid

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.examples import Example
from knowledge.matching.judge import JudgeParams
from knowledge.matching.matcher import Matcher, MatcherParams
from knowledge.semantic.encoder import YIELD_EVERY, Semantic

COMPTON = "compton-chp-takeover-video"


def _fresh_examples(tag: str, count: int) -> list[Example]:
    """Examples no cache holds yet (a word of their own in each)."""
    misinfo = [f"dude {tag}{n} shot right at the chp car in compton" for n in range(count)]
    other = [f"lunch {tag}{n} at the taco place was great" for n in range(count)]
    return [
        *(Example(id=f"m{n}", text=text, label="misinfo", incident=COMPTON) for n, text in enumerate(misinfo)),
        *(Example(id=f"u{n}", text=text, label="unrelated") for n, text in enumerate(other)),
    ]


def test_the_examples_are_embedded_a_few_at_a_time_and_once(
    knowledge: KnowledgeBase, semantic: Semantic, monkeypatch: pytest.MonkeyPatch
):
    tag = uuid.uuid4().hex[:8]
    batches: list[int] = []
    encode = semantic.encode

    def counted(texts: list[str], kind: str, *args: object) -> np.ndarray:
        if kind == "full" and any(tag in text for text in texts):
            batches.append(len(texts))
        return encode(texts, kind, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(semantic, "encode", counted)
    examples = _fresh_examples(tag, 100)
    taught = KnowledgeBase.of(tuple(knowledge), examples)
    params = MatcherParams(judge=JudgeParams(least=5))

    first = Matcher(taught, params=params, semantic=semantic)
    assert first._judge is not None
    assert sum(batches) == len(examples)
    assert max(batches) <= YIELD_EVERY
    batches.clear()

    retrained = Matcher(taught, params=MatcherParams(judge=JudgeParams(least=5, steps=10)), semantic=semantic)
    assert retrained._judge is not None
    assert batches == []
