"""Fixtures for the matcher tests: the curated incidents, loaded straight from their YAML files.

`knowledge` and `matcher` are the words and rules alone (what most tests here pin down); `taught` and
`taught_matcher` add the labelled examples the judge learns from, as the bot runs: the floors and the precision
tests use them.
"""

from pathlib import Path

import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.examples import examples_beside
from knowledge.matching.matcher import Matcher
from knowledge.schema import Incident

REPO = Path(__file__).resolve().parents[3]
INCIDENTS = REPO / "knowledge" / "incidents"
LABELLED = REPO / "tests" / "knowledge" / "data" / "labelled_messages.yaml"

COMPTON = "compton-chp-takeover-video"
FLINT = "flint-juneteenth-parade-shooting"
WESTMINSTER = "westminster-duran-shooting"
GARBLED_LINK = (
    "https://spamchronicles.com/alysha-duran-is-shot-and-killed-by-a-police-officer-in-westminster-colorado-"
    "after-stopping-a-car-on-the-wrong-side-of-the-street-and-reaching-for-her-gun"
)


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    incidents = [Incident.model_validate(yaml.safe_load(path.read_text())) for path in sorted(INCIDENTS.glob("*.yaml"))]
    return KnowledgeBase.of(incidents)


@pytest.fixture(scope="session")
def matcher(knowledge: KnowledgeBase) -> Matcher:
    return Matcher(knowledge)


def with_examples(knowledge: KnowledgeBase) -> KnowledgeBase:
    """The incidents with the packaged examples, as the bot loads them."""
    examples, errors = examples_beside(INCIDENTS)
    assert not errors, errors
    return KnowledgeBase.of(tuple(knowledge), examples)


@pytest.fixture(scope="session")
def taught(knowledge: KnowledgeBase) -> KnowledgeBase:
    return with_examples(knowledge)


@pytest.fixture(scope="session")
def taught_matcher(taught: KnowledgeBase) -> Matcher:
    return Matcher(taught)
