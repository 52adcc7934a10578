"""What changed in a claim's record between two versions of the knowledge, in plain words."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.claim_changes import WITHDRAWN, ClaimRecord, claim_change, record_of
from knowledge.loader import load_knowledge
from knowledge.schema import Claim, Incident, Rating, Verdict

INCIDENT = "compton-chp-takeover-video"
CLAIM = "man-shot-at-chp-sergeant"


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge().knowledge


def edited(knowledge: KnowledgeBase, **claim_changes: object) -> KnowledgeBase:
    """The knowledge with the claim's fields replaced."""
    incident = knowledge.get(INCIDENT)
    claims = tuple(claim.model_copy(update=claim_changes) if claim.id == CLAIM else claim for claim in incident.claims)
    return _with(knowledge, incident.model_copy(update={"claims": claims}))


def _with(knowledge: KnowledgeBase, incident: Incident) -> KnowledgeBase:
    return KnowledgeBase.of([incident if i.id == incident.id else i for i in knowledge])


def record(knowledge: KnowledgeBase) -> ClaimRecord:
    found = record_of(knowledge, INCIDENT, CLAIM)
    assert found is not None
    return found


def claim(knowledge: KnowledgeBase) -> Claim:
    return knowledge.claim(INCIDENT, CLAIM)


def test_the_same_record_is_no_change(knowledge):
    assert claim_change(record(knowledge), record(knowledge)) is None


def test_words_people_use_do_not_count_as_a_change(knowledge):
    """Phrasings and the claim's wording do not change what an answer says about it."""
    reworded = edited(knowledge, phrasings=(), text="Video shows a man shooting at a CHP sergeant")
    assert claim_change(record(knowledge), record(reworded)) is None


def test_a_verdict_change_names_both_verdicts(knowledge):
    change = claim_change(record(knowledge), record(edited(knowledge, verdict=Verdict.FALSE)))
    assert change is not None
    assert change.describe() == "verdict changed from Misleading to False"


def test_now_rated_accurate(knowledge):
    change = claim_change(record(knowledge), record(edited(knowledge, verdict=Verdict.ACCURATE)))
    assert change is not None
    assert change.describe() == "verdict changed from Misleading to Accurate"
    assert change.record.verdict is Verdict.ACCURATE


def test_statements_added_removed_and_updated(knowledge):
    statements = claim(knowledge).statements
    fewer = edited(knowledge, statements=statements[:2])
    assert claim_change(record(knowledge), record(fewer)).describe() == "2 statements removed"
    assert claim_change(record(fewer), record(knowledge)).describe() == "2 statements added"
    incident = knowledge.get(INCIDENT)
    first = incident.statements[0].model_copy(update={"via": None})
    unattributed = _with(knowledge, incident.model_copy(update={"statements": (first, *incident.statements[1:])}))
    assert claim_change(record(knowledge), record(unattributed)).describe() == "statement updated"


def test_several_changes_in_one_line(knowledge):
    statements = claim(knowledge).statements
    changed = edited(knowledge, verdict=Verdict.FALSE, clarification="The CHP says so.", statements=statements[:3])
    change = claim_change(record(knowledge), record(changed))
    assert change.describe() == "verdict changed from Misleading to False; clarification updated; statement removed"


def test_a_rating_change(knowledge):
    rating = Rating(rating="False", url="https://example.org/review")
    change = claim_change(record(knowledge), record(edited(knowledge, rating=rating)))
    assert change.describe() == "fact-checker's rating added"


def test_a_withdrawn_claim_and_its_return(knowledge):
    before = record(knowledge)
    withdrawn = claim_change(before, None)
    assert withdrawn is not None
    assert withdrawn.withdrawn
    assert withdrawn.describe() == "claim withdrawn"
    assert withdrawn.record.fingerprint == WITHDRAWN
    assert claim_change(withdrawn.record, None) is None  # withdrawn once, not again
    back = claim_change(withdrawn.record, before)
    assert back is not None
    assert back.describe() == "claim back in the knowledge base"


def test_a_missing_incident_or_claim_has_no_record(knowledge):
    assert record_of(knowledge, "no-such-incident", CLAIM) is None
    assert record_of(knowledge, INCIDENT, "no-such-claim") is None


def test_records_survive_json(knowledge):
    kept = record(knowledge)
    assert ClaimRecord.from_json(kept.as_json()) == kept
    assert ClaimRecord.from_json(kept.as_withdrawn().as_json()).withdrawn


def test_a_change_key_differs_by_version(knowledge):
    change = claim_change(record(knowledge), record(edited(knowledge, verdict=Verdict.FALSE)))
    assert change.key(2) == change.key(2) != change.key(3)
