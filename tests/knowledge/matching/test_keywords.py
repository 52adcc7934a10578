"""What an incident's keywords tell: agencies, police officers' names, people's names, places."""

from knowledge.base import KnowledgeBase
from knowledge.matching import keywords
from tests.knowledge.matching.conftest import WESTMINSTER


def test_an_officer_named_with_a_title_is_the_police(knowledge: KnowledgeBase) -> None:
    """ "Officer Adams" makes "Adams" a police name: "N. Adams was shot" has the police shot."""
    incident = knowledge.get(WESTMINSTER)
    assert keywords.police_names(incident) == {"adam"}
    assert "adam" in keywords.agencies(incident)


def test_people_names_leave_out_the_police_and_the_place(knowledge: KnowledgeBase) -> None:
    incident = knowledge.get(WESTMINSTER)
    names = keywords.names(incident, keywords.anchors(incident, set()))
    assert {"alysha", "duran"} <= names.keys()
    assert not {"adam", "westminst"} & names.keys()
