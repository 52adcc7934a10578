"""Freeing a large structure in small steps, so that another thread (the bot's event loop) is not kept waiting.

CPython frees a container, and everything only it holds, in one step that keeps the GIL: at 50,000 claims,
the list of parsed reviews or one table of a matcher takes 0.1 to 0.3 s, during which no other thread runs.
Emptied a slice at a time, the same work leaves the interpreter a chance to switch threads between slices.
"""

from __future__ import annotations

import sys
import weakref
from typing import Any

STEP = 500
"""Items freed per step (a few milliseconds of work at most)."""

_OWN_MODULES = ("knowledge.", "bot.")
_SOLE = 2  # the caller's one reference, and getrefcount's argument


def drop_in_steps(items: list[Any]) -> None:
    """Empty ``items`` a slice at a time."""
    while items:
        del items[-STEP:]


def release(box: list[Any], *, depth: int = 5) -> None:
    """Free the object in ``box`` (which is emptied) in small steps, when nothing else holds it.

    Its lists, dicts and tuples are emptied a slice at a time, and this project's own objects (a matcher, a
    knowledge base, a snapshot) are taken apart attribute by attribute, ``depth`` levels down. Anything also
    held elsewhere (a message being answered with an older snapshot, a weak reference) is only let go of, and
    freed whole by whoever lets go of it last.
    """
    value = box.pop()
    if depth <= 0 or sys.getrefcount(value) > _SOLE or weakref.getweakrefcount(value):
        return
    if isinstance(value, list):
        drop_in_steps(value)
    elif isinstance(value, tuple):
        items = list(value)
        del value  # the tuple goes; its items stay in ``items``
        drop_in_steps(items)
    elif isinstance(value, dict):
        while value:
            for _ in range(min(STEP, len(value))):
                value.popitem()
    elif _is_own(value):
        attributes = value.__dict__
        for name in list(attributes):
            release([attributes.pop(name)], depth=depth - 1)


def _is_own(value: object) -> bool:
    kind = type(value)
    return not isinstance(value, type) and kind.__module__.startswith(_OWN_MODULES) and hasattr(value, "__dict__")
