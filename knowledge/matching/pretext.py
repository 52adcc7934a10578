"""A killing said with a trivial pretext or an innocent pastime says it was for no reason.

"shot her for rubbing her necklace", "killed her bc she didnt roll the window down" and "killed a girl who was
just watching the parade" read "... for no reason ...", the words the claims use. A clause naming a weapon, a
shooting or a threat ("because she fired first", "who was just pulling a gun") gives a reason: it is left alone.
Words are normalised (`text.normalize`) before they get here.
"""

from __future__ import annotations

from knowledge.matching import _lexicon as lex

_SAID = ["for", "no", "reason"]


def say_pretext(text: str) -> str:
    """The normalised text with "for no reason" before each pretext or innocent pastime of a killing in it."""
    found = text.split()
    if not lex.PRETEXT_ACTS.intersection(found):
        return text
    for position in reversed(range(len(found) - 1)):
        if _pretext_at(found, position) or _pastime_at(found, position) or _asking_at(found, position):
            found[position:position] = _SAID
    return " ".join(found)


def _pretext_at(found: list[str], position: int) -> bool:
    """Whether a pretext clause opens at `position` ("for rubbing", "because she", "over a parking job") after a
    killing word a few words back ("shot a 26 year old woman for driving ...").
    """  # noqa: D205
    opener, following = found[position], found[position + 1]
    if opener == "for":
        opens = following.endswith("ing") or following in {"being", "not"}
    elif opener == "over":
        opens = following in {"a", "an"}
    else:
        opens = opener in lex.PRETEXT_CAUSES and following in lex.PRETEXT_SUBJECTS
    if not opens or _gives_reason(found[position + 1 : position + 1 + lex.PRETEXT_SPAN]):
        return False
    for word in reversed(found[max(0, position - lex.PRETEXT_REACH) : position]):
        if word in lex.PRETEXT_ACTS:
            return True
        if word in lex.PRETEXT_BREAKS:
            return False
    return False


def _pastime_at(found: list[str], position: int) -> bool:
    """Whether an innocent pastime is said at `position` ("she was just sitting", "who was just watching", "briana
    sykes was just watching") of anyone but the police, in a message that tells of a killing.
    """  # noqa: D205
    subject = found[position]
    verbs, start = found[position + 1 : position + 3], position + 3
    if len(verbs) == 2 and verbs[1] in _FILLERS and found[start : start + 1] == ["just"]:
        verbs, start = [verbs[0], "just"], start + 1  # "she was literally just driving to the parade"
    if subject in lex.PASTIME_NOT_SUBJECTS or verbs not in _PASTIME_VERBS:
        return False
    clause = _until_break(found[start : start + lex.PRETEXT_SPAN])
    return bool(clause) and clause[0].endswith("ing") and not _gives_reason(clause)


def _asking_at(found: list[str], position: int) -> bool:
    """Whether she is said to have come only to ask at `position` ("she pulled up to ask for directions", "she
    was asking which street was blocked"): an innocent purpose, in a message that tells of a killing.
    """  # noqa: D205
    asks = found[position : position + 2] in _ASKING or (
        found[position] in {"asking", "asked"} and found[position + 1] in _ASKED
    )
    return asks and bool(_ASKERS.intersection(found[max(0, position - lex.PRETEXT_REACH) : position]))


_ASKING = [["to", "ask"], ["just", "asking"], ["just", "ask"]]
_ASKED = frozenset({"for", "which", "where", "about", "directions", "how"})
_ASKERS = frozenset({"she", "girl", "woman", "lady", "driver"})
"""Who asking is said of: the woman the police dealt with ("the officer went to ask her" is the police asking)."""


def _until_break(clause: list[str]) -> list[str]:
    """A clause up to the word that starts the next one ("sitting in traffic" of "... when he shot her")."""
    ends = [position for position, word in enumerate(clause) if word in lex.CLAUSE_ENDS]
    return clause[: ends[0]] if ends else clause


_PASTIME_VERBS = [["was", "just"], ["were", "just"], ["is", "just"]]
_FILLERS = frozenset({"literally", "actually", "only", "simply", "really"})


def _gives_reason(clause: list[str]) -> bool:
    """Whether a clause names a weapon, a shooting or a threat that no negator right before it denies."""
    for position, word in enumerate(clause):
        if word in lex.PRETEXT_THREATS and not lex.NEGATORS.intersection(clause[max(0, position - 2) : position]):
            return True
    return False
