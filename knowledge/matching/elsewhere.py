"""Whether a message sets what it says at another time, place or person than an incident's.

One keyword naming an incident ("Westminster", "Flint") names other events too: "westminster police killed an
unarmed man in california", "flint police shot a teen in 2019". Such a message may go to review, never to an
automatic answer on that keyword alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.matching import _lexicon as lex
from knowledge.schema import Incident

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def elsewhere(raw: str, incident: Incident, wordings: Iterable[str]) -> str | None:
    """What sets the message apart from the incident (another year, another state, another force than its police,
    a man where the claim has a woman), or None.
    """  # noqa: D205
    lowered = raw.casefold()
    years = set(_YEAR.findall(lowered))
    if years and (incident.date is None or years != {str(incident.date.year)}):
        return f"the year {min(years)}"
    words = set(re.findall(r"[a-z]+", lowered))
    region = incident.location.region.casefold() if incident.location else ""
    for state in sorted(lex.US_STATES, key=lambda name: (-len(name), name)):  # "west virginia" first
        if state != region and (state in words if " " not in state else f" {state} " in f" {lowered} "):
            return state.title()
    padded = f" {' '.join(re.findall(r'[a-z]+', lowered))} "
    for city, state in sorted(lex.CITY_STATES.items(), key=lambda pair: (-len(pair[0]), pair[0])):
        if state != region and f" {city} " in padded:
            return city.title()
    described = set(re.findall(r"[a-z]+", _described(incident).casefold()))
    for title in sorted(lex.OTHER_FORCES):
        if title in words and title not in described:
            return f"a {title}"
    said = set(re.findall(r"[a-z]+", " ".join(wordings).casefold()))
    if said & lex.WOMEN and not said & lex.MEN and words & lex.MEN and not words & lex.WOMEN:
        return "a man, where the claim has a woman"
    return None


def _described(incident: Incident) -> str:
    """The incident's own words: its title, summary, place and keywords."""
    where = incident.location
    place = f"{where.place or ''} {where.city} {where.region}" if where else ""
    return " ".join((incident.title, incident.summary, place, *incident.keywords))
