"""What text a regular expression needs before it can match: a cheap `in` test that skips most searches.

`needed(pattern)` gives strings one of which every match of the pattern contains ("shot" for ``shot (?:at|on)``;
"took", "takes" ... for ``(?:took|takes|...) a bullet``), read from the pattern's parse tree: a text holding none
of them cannot match, so the search (the costly part of a long list of rewriting patterns) is skipped. Empty when
nothing is needed for certain (every part optional, a character class, case folded): then always search.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's node types
from re import _parser  # the standard library's own parser of patterns
from typing import Any

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def needed(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains; empty when none is known."""
    if pattern.flags & re.IGNORECASE:
        return ()
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return () if parsed.state.flags & re.IGNORECASE else _in_sequence(parsed)


def _in_sequence(items: Any) -> tuple[str, ...]:
    """The most telling requirement of a sequence: each of its literal runs and parts is needed."""
    found: list[tuple[str, ...]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        found += [(run,), _in_node(op, value)] if run else [_in_node(op, value)]
        run = ""
    if run:
        found.append((run,))
    return max((each for each in found if each), key=_telling, default=())


def _in_node(op: Any, value: Any) -> tuple[str, ...]:
    if op is sre.SUBPATTERN:
        _group, added, _removed, items = value
        return () if added & re.IGNORECASE else _in_sequence(items)
    if op is sre.ATOMIC_GROUP:
        return _in_sequence(value)
    if op in _REPEATS:
        least, _most, items = value
        return _in_sequence(items) if least >= 1 else ()
    if op is sre.BRANCH:
        choices = [_in_sequence(items) for items in value[1]]
        return () if not all(choices) else tuple(dict.fromkeys(part for choice in choices for part in choice))
    return ()


def _telling(strings: tuple[str, ...]) -> tuple[int, int]:
    """Longer strings and fewer of them are rarer in a text."""
    return min(map(len, strings)), -len(strings)
