"""Whether a message sets what it says at another time, place, kind of event or person than an incident's.

One keyword naming an incident ("Westminster", "Flint", "Juneteenth parade") names other events too:
"westminster police killed an unarmed man in california", "flint police shot a teen in 2019", "police shot an
unarmed teen at the juneteenth parade in detroit", "chp sergeant shot at during a traffic stop". Such a message
may go to review, never to an automatic answer on those keywords alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.matching import _lexicon as lex
from knowledge.schema import Incident

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[a-z]+")
_CODES = frozenset(lex.STATE_CODES)
_STATES = tuple(sorted(lex.US_STATES, key=lambda name: (-len(name), name)))
"""The states, longest first ("west virginia" before "virginia")."""
_CITIES = tuple(sorted((lex.CITY_STATES | lex.CALIFORNIA_CITIES).items(), key=lambda pair: (-len(pair[0]), pair[0])))
_STATE_CODE = re.compile(r"\b[a-z]{3,}(?: [a-z]{3,})?,? (" + "|".join(sorted(lex.STATE_CODES)) + r")\b")
_KINDS = tuple(sorted(lex.OTHER_EVENTS | lex.OTHER_FORCES))
_NAMES = frozenset({*_STATES, *(name for name, _ in _CITIES), *_KINDS})
"""Every state, city and other kind of event, in words."""


def _sizes_by_first(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Each word a name starts with, with the names' lengths in words."""
    sizes: dict[str, set[int]] = {}
    for name in names:
        words = name.split()
        sizes.setdefault(words[0], set()).add(len(words))
    return {first: tuple(sorted(found)) for first, found in sizes.items()}


_SIZES_BY_FIRST = _sizes_by_first(_NAMES)


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
    said = " ".join(wordings).casefold()
    message = _mentions(raw)
    named = message.cities or message.kinds  # only a city or a kind of event is read against the incident's words
    own = _own_words(_described(incident), said, " ".join(others).casefold()) if named else frozenset()
    when = _another_year(message.years, incident) if when_and_who else ""
    found = when or _another_place(message, incident, own, nearby=nearby) or _another_kind(message, own)
    if not found and when_and_who:
        found = _another_person(message.words, said)
    return found or None


@dataclass(frozen=True)
class _Mentions:
    """What a message names that may set it apart, found once per message (in the orders `elsewhere` reads)."""

    padded: str
    words: frozenset[str]
    years: frozenset[str]
    states: tuple[str, ...]
    codes: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    kinds: tuple[str, ...]
    animal: str


@lru_cache(maxsize=256)
def _mentions(raw: str) -> _Mentions:
    lowered = raw.casefold()
    words = _WORD.findall(lowered)
    padded, unique = f" {' '.join(words)} ", frozenset(words)
    found = _names_in(words)
    shot = _ANIMAL_SHOT.search(padded) if "sho" in padded or "kill" in padded else None
    # each pattern is searched for only when what it needs is there: its verbs, a year's "19" or "20", a state's code
    return _Mentions(
        padded=padded,
        words=unique,
        years=frozenset(_YEAR.findall(lowered)) if "19" in lowered or "20" in lowered else frozenset(),
        states=tuple(state for state in _STATES if state in found) if found else (),
        codes=tuple(code.group(1) for code in _STATE_CODE.finditer(padded)) if _CODES & unique else (),
        cities=tuple(pair for pair in _CITIES if pair[0] in found) if found else (),
        kinds=tuple(kind for kind in _KINDS if kind in found) if found else (),
        animal=shot.group(1) if shot else "",
    )


def _names_in(words: list[str]) -> set[str]:
    """The states, cities and kinds of event a message names: runs of its words, each starting with a word some
    name starts with (a name is one of them, or not there at all).
    """  # noqa: D205
    found: set[str] = set()
    for start, word in enumerate(words):
        for size in _SIZES_BY_FIRST.get(word, ()):
            run = " ".join(words[start : start + size])
            if run in _NAMES:
                found.add(run)
    return found


@lru_cache(maxsize=256)
def _own_words(described: str, said: str, others: str) -> frozenset[str]:
    """An incident's own words: its description, the claim's wordings and its other claims'."""
    return frozenset(re.findall(r"[a-z]+", f"{described.casefold()} {said} {others}"))


def _another_year(years: frozenset[str], incident: Incident) -> str:
    if years and (incident.date is None or years != {str(incident.date.year)}):
        return f"the year {min(years)}"
    return ""


def _another_place(message: _Mentions, incident: Incident, own: frozenset[str], *, nearby: bool) -> str:
    """A state other than the incident's, or a large city its own words do not name: of another state, or of
    its own when the message does not name the incident's city as well ("denver-area cop ... the westminster
    one" is the incident).
    """  # noqa: D205
    region = incident.location.region.casefold() if incident.location else ""
    city = incident.location.city.casefold() if incident.location else ""
    for state in message.states:
        if state != region:
            return state.title()
    for code in message.codes:
        if lex.STATE_CODES[code] != region:
            return code.upper()
    for name, state in message.cities:
        if set(name.split()) <= own:
            continue
        if state != region or (nearby and not (city and f" {city} " in message.padded)):
            return name.title()
    return ""


def _another_kind(message: _Mentions, own: frozenset[str]) -> str:
    """Another kind of event or force than the incident's own words have ("during a chase", "a deputy"), or an
    animal shot ("shot a dog"; not "absolute dog").
    """  # noqa: D205
    for phrase in message.kinds:
        if not set(phrase.split()) <= own and not _denied(message.padded, phrase):
            return f"a {phrase}"
    return f"a {message.animal}" if message.animal else ""


def _denied(padded: str, phrase: str) -> bool:
    """Whether the message names a kind only to deny it: "it was CHP, not the sheriffs", "no deputies there"."""
    denied = re.findall(rf"(?<= )(?:not|no|wasn t|wasnt|never) (?:the |a |an |any )?{phrase} ", padded)
    return len(denied) == padded.count(f" {phrase} ")


_ANIMAL_SHOT = re.compile(
    r"\b(?:shot|shoots|shooting|killed|kills|killing) (?:a |an |the |his |her |their |my |our )?("
    + "|".join(sorted(lex.ANIMALS))
    + r")\b"
)


def _another_person(words: frozenset[str], said: str) -> str:
    """A man in the message's words (and no woman) where the claim's wordings `said` have a woman (and no man)."""
    if not words & lex.MEN or words & lex.WOMEN:
        return ""
    claimed = frozenset(_WORD.findall(said))
    return "a man, where the claim has a woman" if claimed & lex.WOMEN and not claimed & lex.MEN else ""


def _described(incident: Incident) -> str:
    """The incident's own words: its title, summary, place and keywords."""
    where = incident.location
    place = f"{where.place or ''} {where.city} {where.region}" if where else ""
    described = " ".join((incident.title, incident.summary, place, *incident.keywords))
    folded = described.casefold()
    aliases = [alias for force, alias in lex.FORCE_ALIASES.items() if force in folded]
    return " ".join((described, *aliases))
