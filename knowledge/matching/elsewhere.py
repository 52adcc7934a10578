"""Whether a message sets what it says at another time, place, kind of event or person than an incident's.

One keyword naming an incident ("Westminster", "Flint", "Juneteenth parade") names other events too:
"westminster police killed an unarmed man in california", "flint police shot a teen in 2019", "police shot an
unarmed teen at the juneteenth parade in detroit", "chp sergeant shot at during a traffic stop". Such a message
may go to review, never to an automatic answer on those keywords alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.matching import _lexicon as lex
from knowledge.schema import Incident

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_STATES = tuple(sorted(lex.US_STATES, key=lambda name: (-len(name), name)))
"""The states, longest first ("west virginia" before "virginia")."""
_CITIES = tuple(sorted((lex.CITY_STATES | lex.CALIFORNIA_CITIES).items(), key=lambda pair: (-len(pair[0]), pair[0])))
_STATE_CODE = re.compile(r"\b[a-z]{3,}(?: [a-z]{3,})?,? (" + "|".join(sorted(lex.STATE_CODES)) + r")\b")
_KINDS = tuple(sorted(lex.OTHER_EVENTS | lex.OTHER_FORCES))


def elsewhere(
    raw: str,
    incident: Incident,
    wordings: Iterable[str],
    others: Iterable[str] = (),
    *,
    nearby: bool = True,
    when_and_who: bool = True,
) -> str | None:
    """What sets the message apart from the incident, or None: another year, another state, a city its own
    record does not name (unless the message names the incident's city too; with `nearby` off, only a city of
    another state: "denver" may mean a suburb's metro), another kind of event or force than its own words have
    ("a chase", "a deputy", "a dog"), or a man where the claim has a woman. `wordings` are the claim's, `others`
    those of the incident's other claims (its own words too). With `when_and_who` off, only another place or kind.
    """  # noqa: D205
    lowered = raw.casefold()
    words = re.findall(r"[a-z]+", lowered)
    padded = f" {' '.join(words)} "
    said = " ".join(wordings).casefold()
    own = set(re.findall(r"[a-z]+", f"{_described(incident)} {said} {' '.join(others)}".casefold()))
    when = _another_year(lowered, incident) if when_and_who else ""
    found = when or _another_place(padded, incident, own, nearby=nearby) or _another_kind(padded, own)
    if not found and when_and_who:
        found = _another_person(set(words), set(re.findall(r"[a-z]+", said)))
    return found or None


def _another_year(lowered: str, incident: Incident) -> str:
    years = set(_YEAR.findall(lowered))
    if years and (incident.date is None or years != {str(incident.date.year)}):
        return f"the year {min(years)}"
    return ""


def _another_place(padded: str, incident: Incident, own: set[str], *, nearby: bool) -> str:
    """A state other than the incident's, or a large city its own words do not name: of another state, or of
    its own when the message does not name the incident's city as well ("denver-area cop ... the westminster
    one" is the incident).
    """  # noqa: D205
    region = incident.location.region.casefold() if incident.location else ""
    city = incident.location.city.casefold() if incident.location else ""
    for state in _STATES:
        if state != region and f" {state} " in padded:
            return state.title()
    for code in _STATE_CODE.finditer(padded):
        if lex.STATE_CODES[code.group(1)] != region:
            return code.group(1).upper()
    for name, state in _CITIES:
        if f" {name} " not in padded or set(name.split()) <= own:
            continue
        if state != region or (nearby and not (city and f" {city} " in padded)):
            return name.title()
    return ""


def _another_kind(padded: str, own: set[str]) -> str:
    """Another kind of event or force than the incident's own words have ("during a chase", "a deputy"), or an
    animal shot ("shot a dog"; not "absolute dog").
    """  # noqa: D205
    for phrase in _KINDS:
        if f" {phrase} " in padded and not set(phrase.split()) <= own:
            return f"a {phrase}"
    shot = _ANIMAL_SHOT.search(padded)
    return f"a {shot.group(1)}" if shot else ""


_ANIMAL_SHOT = re.compile(
    r"\b(?:shot|shoots|shooting|killed|kills|killing) (?:a |an |the |his |her |their |my |our )?("
    + "|".join(sorted(lex.ANIMALS))
    + r")\b"
)


def _another_person(words: set[str], said: set[str]) -> str:
    if said & lex.WOMEN and not said & lex.MEN and words & lex.MEN and not words & lex.WOMEN:
        return "a man, where the claim has a woman"
    return ""


def _described(incident: Incident) -> str:
    """The incident's own words: its title, summary, place and keywords."""
    where = incident.location
    place = f"{where.place or ''} {where.city} {where.region}" if where else ""
    described = " ".join((incident.title, incident.summary, place, *incident.keywords))
    aliases = [alias for force, alias in lex.FORCE_ALIASES.items() if force in described.casefold()]
    return " ".join((described, *aliases))
