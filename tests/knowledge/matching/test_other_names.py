"""A message naming another incident outright is not answered on a claim it shares a common keyword with."""

from __future__ import annotations

from knowledge.matching.matcher import Matcher
from knowledge.matching.other_names import IncidentNames
from tests.knowledge.matching.conftest import COMPTON, FLINT, WESTMINSTER


def test_another_incidents_name_or_place_is_found(matcher: Matcher) -> None:
    names = IncidentNames(matcher._entries)
    view = matcher.read("the bodycam from the flint shooting shows she had no gun").message
    assert names.another(WESTMINSTER, view) == "Flint"
    assert names.another(FLINT, view) is None
    assert names.another(COMPTON, matcher.read("the sergeant at rosecrans and atlantic").message) is None


def test_a_message_naming_flint_is_not_answered_with_a_westminster_claim(matcher: Matcher) -> None:
    named_elsewhere = "the bodycam from the flint shooting shows she had no gun"
    named_here = "the westminster bodycam shows alysha duran had no gun"
    assert not [m for m in matcher.match(named_elsewhere) if m.incident_id == WESTMINSTER and m.action.value == "reply"]
    assert [m for m in matcher.match(named_here) if m.incident_id == WESTMINSTER and m.action.value == "reply"]
