"""Fixtures for the semantic layer: the installed model (tests skip without it) and matchers using it."""

import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.schema import Incident
from knowledge.semantic.encoder import Semantic, SemanticConfig, load_semantic
from knowledge.semantic.model_files import model_zip
from tests.knowledge.matching.conftest import INCIDENTS


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    incidents = [Incident.model_validate(yaml.safe_load(path.read_text())) for path in sorted(INCIDENTS.glob("*.yaml"))]
    return KnowledgeBase.of(incidents)


@pytest.fixture(scope="session")
def semantic() -> Semantic:
    if model_zip() is None:
        pytest.skip("the model package is not installed (make setup installs it)")
    loaded = load_semantic(SemanticConfig())
    assert loaded is not None
    return loaded


@pytest.fixture(scope="session")
def semantic_matcher(knowledge: KnowledgeBase, semantic: Semantic) -> Matcher:
    return Matcher(knowledge, semantic=semantic)
