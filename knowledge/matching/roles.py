"""Who shot whom: whether a text has the police shooting (agent), being shot at (target), or someone else shooting.

Words alone cannot tell "CHP officers shot a suspect" from "a man shot at CHP officers", yet for a claim about a
police shooting that is the whole point (and garbled pages mix it up). A few word patterns settle the common
cases; anything else is left undecided and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from knowledge.matching._lexicon import MANNER, SHOOTING_ELSEWHERE, word_set
from knowledge.matching.text import analyze, negated_words, repeats_as_object, stem
from knowledge.matching.views import concept_of

_AUXILIARIES = word_set("was were got get gets getting been being is are be")
_TOWARDS = word_set("at on upon into towards")
_OTHERS = word_set(
    "she he her him they them woman man girl guy dude driver suspect someone somebody people who lady shooter gunman"
)
_OBJECT_GAP = 3
"""How far after "she shoots" the police may be named as the one shot ("woman shoots westminster officer")."""
_SUBJECT_GAP = 5
"""How far before "was/got shot" the police may be named as the one shot ("the officer at the parade got shot")."""
_AGENT_GAP = 2
_TARGET_GAP = 4
_PLACED = word_set("in at from of")
"""Words placing the police before what they did ("the cop in Westminster shot")."""
_ARTICLES = word_set("the a an that this")
_ALONGSIDE = word_set("to toward with by")
"""Words after which the police are the object of what was said before ("walked up to the cop and fired")."""
_OCCASIONS = word_set("parade juneteenth takeover sideshow traffic stop scene event festival protest rally party meet")
"""Words after "shot at" that say where, not at whom ("shot at the parade")."""
_SHOOTERS = word_set(
    "man guy dude dudes guys someone somebody shooter gunman suspect driver homie people crowd bro kid spectator"
    " spectators"
)
"""Words naming someone besides the police who may have shot."""
_PARTS = word_set("back side front rear roof hood trunk door doors window windows windshield tires of")
"""Parts of what was aimed at, said before it ("into the back of the chp car")."""
_CIVILIAN_GAP = 5
"""How far before "shot officer Adams" the one who shot may be named ("the driver in Westminster shot")."""


def _elsewhere(words: Sequence[str]) -> bool:
    """Whether the shooting is placed away from the police ("somewhere out there", "in the area")."""
    said = f" {' '.join(words)} "
    return any(f" {place} " in said for place in SHOOTING_ELSEWHERE)


class Role(StrEnum):
    """The police's part in a shooting."""

    AGENT = "agent"
    TARGET = "target"
    OTHER = "other"
    """Someone else did it: "killed by a stray bullet", "shot by her boyfriend"."""


@cache
def _groups() -> tuple[int | None, frozenset[int | None]]:
    police = concept_of(stem("police"))
    violence = frozenset({concept_of(stem("shoot")), concept_of(stem("kill"))})
    return police, violence


def violence_groups() -> frozenset[int | None]:
    """The synonym groups of shooting and of killing."""
    return _groups()[1]


def names_police(words: Sequence[str], stems: Sequence[str], agencies: Collection[str] = ()) -> bool:
    """Whether a text names the police at all (a word for them, an agency, "the highway patrol guy")."""
    return "P" in _kinds(words, stems, agencies)


def _kinds(
    words: Sequence[str], stems: Sequence[str], agencies: Collection[str], people: Collection[str] = ()
) -> list[str]:
    """Each word as "P" (the police), "V" (a shooting), "-" (a denied shooting), "C" (a person of the incident
    other than the police: `people`) or itself.
    """  # noqa: D205
    police, violence = _groups()
    kinds: list[str] = []
    denied = -1
    for index, (word, stemmed, negated) in enumerate(zip(words, stems, negated_words(words, stems), strict=True)):
        group = concept_of(stemmed)
        if group in violence and (negated or (denied >= 0 and repeats_as_object(words, denied, index))):
            denied = index  # "she never fired (a single shot) at the cop": no one shooting
            kinds.append("-")
        elif (group is not None and group == police) or stemmed in agencies or _police_person(kinds, word):
            kinds.append("P")
        elif group in violence:
            kinds.append("V")
        elif stemmed in people:
            kinds.append("C")
        else:
            kinds.append(word)
    return kinds


_PERSONS = word_set("guy guys dude dudes man lady")
"""Words for a person that, right after the police, are the police ("the highway patrol guy got shot at")."""


def _police_person(kinds: list[str], word: str) -> bool:
    return word in _PERSONS and bool(kinds) and kinds[-1] == "P"


def by_whom(words: Sequence[str], stems: Sequence[str], index: int) -> int | None:
    """Where the words saying who did it start, when the shooting word at `index` is said in the passive ("shot
    dead by police", "shot 16 times by a flint cop"); else None.
    """  # noqa: D205
    after = _past_manner(words, index)
    return after + 1 if after < len(words) and words[after] == "by" else None


def _past_manner(items: Sequence[str], index: int) -> int:
    """Where the words after the shooting word at `index` stop saying how ("shot dead by", "shot 16 times by")."""
    after = index + 1
    while after < len(items) and (items[after] in MANNER or items[after].isdigit()):
        after += 1
    return after


def _roles_at(kinds: list[str], index: int) -> set[Role]:
    """Roles shown by the violence word at `index`."""
    found: set[Role] = set()
    following = _past_manner(kinds, index)  # "shot dead by police": how, then by whom
    after = kinds[following] if following < len(kinds) else ""
    before = kinds[max(0, index - _AGENT_GAP) : index]
    agent = "P" in before and not set(before[before.index("P") :]) & _AUXILIARIES
    agent = agent and not _object_of(kinds, index - len(before) + before.index("P"))
    by_others = after == "by" and _by_someone_else(kinds[following + 1 : following + 1 + _TARGET_GAP])
    if (agent or _placed_police(kinds, index)) and after not in _TOWARDS and not by_others:
        found.add(Role.AGENT)
    if agent and by_others:  # "officer adams shot by 46 yo woman": a headline's passive
        found.add(Role.TARGET)
    if "P" in before and set(before[before.index("P") :]) & _AUXILIARIES:
        found.add(Role.TARGET)
    ahead = kinds[index + 1 : index + 1 + _OBJECT_GAP]
    infinitive = index > 0 and kinds[index - 1] == "to"  # "tried to kill a highway patrol sergeant"
    if "P" in ahead and after != "by" and "P" not in before and (infinitive or _civilian_subject(kinds, index)):
        found.add(Role.TARGET)
    if index and kinds[index - 1] in _AUXILIARIES:
        wider = kinds[max(0, index - 1 - _SUBJECT_GAP) : index - 1]
        if "P" in wider and not set(_past_relative(wider[len(wider) - wider[::-1].index("P") :])) & _OTHERS:
            found.add(Role.TARGET)
    if after == "by" and "P" in kinds[following + 1 : following + 1 + _TARGET_GAP]:
        found.add(Role.AGENT)
    elif after == "by" and Role.TARGET not in found:
        found.add(Role.OTHER)
    if after in _TOWARDS and "P" in _past_parts(kinds[following + 1 :])[:_TARGET_GAP]:
        found.add(Role.TARGET)
    if Role.AGENT in found and _returned(kinds, index):
        found.add(Role.TARGET)
    return found


def _past_relative(kinds: list[str]) -> list[str]:
    """The words after the police, a relative pronoun that stands for them left out ("the officer who got shot")."""
    return kinds[1:] if kinds[:1] in (["who"], ["that"]) else kinds


_RETURNED = word_set("returned return returns returning")


def _by_someone_else(kinds: list[str]) -> bool:
    """Whether the words after "by" name someone other than the police ("by a 46 yo woman"), not the police nor
    a place ("by the barricade").
    """  # noqa: D205
    return "P" not in kinds and bool(set(kinds) & (_OTHERS | _SHOOTERS | {"C"}))


def _returned(kinds: list[str], index: int) -> bool:
    """Whether the shooting at `index` answers shooting ("returned fire", "fired back"): the police shooting so were
    shot at first.
    """  # noqa: D205
    return (index > 0 and kinds[index - 1] in _RETURNED) or kinds[index + 1 : index + 2] == ["back"]


def _past_parts(kinds: list[str]) -> list[str]:
    """The words aimed at, a part named first left out ("into the back of the chp car": "the chp car")."""
    return [kind for kind in kinds if kind not in _PARTS]


def _object_of(kinds: list[str], police: int) -> bool:
    """Whether the police named at `police` are what something was done to ("ran up on the CHP sergeant and
    fired": the man fired), not who did what follows.
    """  # noqa: D205
    at = police
    while at > 0 and (kinds[at - 1] == "P" or kinds[at - 1] in _ARTICLES):
        at -= 1
    return at > 0 and kinds[at - 1] in _TOWARDS | _ALONGSIDE


def _placed_police(kinds: list[str], index: int) -> bool:
    """Whether the police, placed by a short phrase, come just before the violence word ("the cop in Westminster
    shot", "officers from Flint PD killed").
    """  # noqa: D205
    for gap in (3, 4):
        if index >= gap and kinds[index - gap] == "P" and kinds[index - gap + 1] in _PLACED:
            return not set(kinds[index - gap + 2 : index]) & (_AUXILIARIES | _OTHERS | {"P", "V"})
    return False


def _civilian_subject(kinds: list[str], index: int) -> bool:
    """Whether someone other than the police is named shortly before the violence word, the police not between."""
    before = kinds[max(0, index - _CIVILIAN_GAP) : index]
    last_police = len(before) - before[::-1].index("P") if "P" in before else 0
    return bool(set(before[last_police:]) & (_OTHERS | {"C"}))


def passive(words: Sequence[str], stems: Sequence[str], index: int) -> bool:
    """Whether the shooting word at `index` is said in the passive ("was shot", "got killed"), not the progressive
    ("was firing"); words of another kind ("was unharmed") are not.
    """  # noqa: D205
    if index == 0 or words[index - 1] not in _AUXILIARIES or words[index].endswith("ing"):
        return False
    return concept_of(stems[index]) in violence_groups()


def police_role(words: Sequence[str], stems: Sequence[str], agencies: Collection[str] = ()) -> Role | None:
    """The police's part in the shooting a text describes, if the wording shows it unambiguously."""
    if violence_groups().isdisjoint(map(concept_of, stems)):
        return None  # no word of shooting or killing: no shooting to read (most chat)
    found = shootings(words, stems, agencies).roles
    return next(iter(found)) if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class Shootings:
    """What a text says of the shootings it describes, read once.

    Attributes:
        roles: Every part the police have ("she shot the cop and he shot her back": both).
        hit: The police shot, not only shot at ("the cop got shot in the flint thing", "the officer got shot at
            the parade"): said of the police themselves ("was/got shot"), not their car.
        aimed: Shooting aimed at something ("blasting at it", "fired into the cruiser"), not only shooting
            ("gunfire rang out") or shooting somewhere ("shots at the parade").
        by_someone: Someone besides the police named shooting ("man runs up to a CHP cruiser and starts
            shooting"), the police not shown shooting.
    """

    roles: frozenset[Role]
    hit: bool
    aimed: bool
    by_someone: bool


def shootings(
    words: Sequence[str], stems: Sequence[str], agencies: Collection[str] = (), people: Collection[str] = ()
) -> Shootings:
    """Read the shootings a text describes (see `Shootings`); `people` are the incident's names of people."""
    kinds = _kinds(words, stems, agencies, people)
    spots = [(index, _roles_at(kinds, index)) for index, kind in enumerate(kinds) if kind == "V"]
    headlines = {index for index, _found in spots if _headline(words, kinds, index)}
    spots = [(index, {Role.TARGET} if index in headlines else found) for index, found in spots]
    roles = frozenset(role for _index, found in spots for role in found)
    hit = any(
        found == {Role.TARGET}
        and (kinds[index - 1] in _AUXILIARIES or index in headlines)
        and not _towards(kinds, index)
        for index, found in spots
        if index > 0
    )
    aimed = any(_towards(kinds, index) for index, _found in spots)
    by_someone = bool(spots) and Role.AGENT not in roles and any(word in _SHOOTERS for word in words)
    by_someone = by_someone and not _elsewhere(words)
    return Shootings(roles, hit, aimed, by_someone)


_HEADLINE_VERBS = word_set("shot killed wounded injured")
_HEADLINE_AFTER = word_set("during near outside")
"""Words after "officer shot" that make it a headline's passive ("Officer shot during Compton street takeover")."""
_HEADLINE_START = 2
"""How far into a text a headline's "officer shot" may come ("CHP officer shot during ...")."""


def _headline(words: Sequence[str], kinds: list[str], index: int) -> bool:
    """Whether the police right before a past shooting word at the start of a text, with when or where after it,
    were shot: a headline's passive ("Officer shot during Compton street takeover").
    """  # noqa: D205
    if index == 0 or index > _HEADLINE_START or kinds[index - 1] != "P" or words[index] not in _HEADLINE_VERBS:
        return False
    return index + 1 < len(words) and words[index + 1] in _HEADLINE_AFTER


def _towards(kinds: list[str], index: int) -> bool:
    """Whether the violence word at `index` is aimed ("shot at him"), not placed ("shot at the parade")."""
    following = [kind for kind in kinds[index + 1 : index + 4] if kind not in _ARTICLES and kind not in MANNER]
    if not following or following[0] not in _TOWARDS:
        return False
    return following[0] != "at" or len(following) < 2 or following[1] not in _OCCASIONS


def majority_role(roles: Sequence[Role | None]) -> Role | None:
    """The role the wordings of a claim show, if at least twice as many show it as show the other."""
    agent, target = roles.count(Role.AGENT), roles.count(Role.TARGET)
    if agent > 2 * target:
        return Role.AGENT
    if target > 2 * agent:
        return Role.TARGET
    return None


_SOMEONE_ELSE = (
    r"(?:some|another|other|a|an|the|his|this|that|random|rival)?\s*(?:other\s+)?"
    r"(?:dude|dudes|guy|guys|man|men|kid|kids|teen|teens|someone|somebody|people|crowd|neighbou?r|rival|spectators?)\b"
)
_SHOOTING = r"\b(?:shoot\w*|shot|fir(?:e|ed|es|ing)|blast\w*|open(?:ed|s)? fire)\s+(?:\w+\s+){0,2}?"
_SOMETHING_ELSE = (
    r"(?:a|an|some|another|random)\s+(?:car|cars|house|houses|home|truck|suv|building|party|store|vehicle)\b"
    r"(?!\s+(?:full of|of|with)\s+(?:cops|police|officers))"
)
_AIMED_ELSEWHERE = re.compile(
    _SHOOTING
    + r"(?:at|on)\s+"
    + _SOMEONE_ELSE
    + r"|\b(?:a|one|some|another|this)\s+(?:dude|guy|man|kid|teen|someone|somebody)\s+(?:got|was)\s+shot\b"
    + r"(?!\s+at\s+(?:the\s+|a\s+)?(?:cops?|chp|officers?|police|sergeant|sgt|trooper))|"
    + _SHOOTING
    + r"(?:at|on|into)\s+"
    + _SOMETHING_ELSE
)


def police_harmed(text: str, agencies: Collection[str] = ()) -> bool:
    """Whether a text has the police hurt or hit ("the CHP sergeant was wounded", "the officer took a bullet"; not
    "parade goers got hit when the Flint cop opened fire"): a claim that says so has the police shot at.
    """  # noqa: D205
    said = analyze(text)
    kinds = _kinds(said.words, said.stems, agencies)
    hurt = concept_of(stem("hurt"))
    for index, (word, stemmed) in enumerate(zip(said.words, said.stems, strict=True)):
        if (concept_of(stemmed) == hurt or word == "bullet") and "P" in kinds[max(0, index - _HARMED_GAP) : index]:
            return True
    return False


_HARMED_GAP = 4
"""How far before the hurt the police are named as the one hurt ("the CHP officer took a bullet")."""


def aimed_elsewhere(text: str) -> bool:
    """Whether a text has the shooting aimed at someone other than the police ("started shooting at some other
    dude", "a guy got shot (by another guy)", "shot at a car", not "at a car full of cops"): a claim of the police
    shot at is not what it says.
    """  # noqa: D205
    return _AIMED_ELSEWHERE.search(text.casefold()) is not None
