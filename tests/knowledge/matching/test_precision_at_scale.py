"""Precision at scale: about 29,000 real tweets and fact-checks on other topics, posted as chat messages against
the default knowledge base: none answered, at most 0.1% queued for review."""

import os
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.matching.scale import checkthat_texts, precision_at_scale
from knowledge.semantic.encoder import SemanticConfig, load_semantic
from tests.knowledge.matching.conftest import REPO

DATA = Path(os.environ.get("CHECKTHAT_DIR", REPO.parent / "shared" / "benchmarks" / "checkthat-2021-2a"))


@pytest.mark.skipif(not (DATA / "vclaims.jsonl").is_file(), reason=f"no CheckThat! data in {DATA}")
@pytest.mark.timeout(300)  # 29,000 messages: about 40 s on a quiet core, 80 s on this busy 2-core machine
def test_unrelated_real_texts_get_no_reply_and_almost_no_review(taught: KnowledgeBase) -> None:
    matcher = Matcher(taught, semantic=load_semantic(SemanticConfig()))
    texts = checkthat_texts(DATA)
    assert len(texts) > 25_000
    report = precision_at_scale(matcher, texts)
    assert report.replies == []
    assert report.review_share <= 0.001, report.reviews[:20]
