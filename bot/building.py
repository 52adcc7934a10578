"""Building a large knowledge version in a worker thread without stalling the event loop.

While a build runs (`building`, or `in_background` for a function), two process-wide settings change, and are
restored when the last running build ends:

- the cyclic garbage collector is paused: building tens of thousands of models makes it scan the whole heap
  over and over (measured: about a fifth of the time at 20,000 reviews); reference counting still frees memory;
- the interpreter's switch interval drops from 5 ms to 1 ms, so the event loop waits at most about 1 ms for
  the GIL each time the build thread holds it, instead of 5 ms.

When the last build ends with many objects made meanwhile (more than `FREEZE_AT`), they are frozen
(`gc.freeze`) rather than left to the collector: its next collection would otherwise scan every one of them in
one step that holds the GIL, whichever thread it runs in (measured at 50,000 reviews: 0.25 to 1.4 s without
an answer on the event loop, after reading a version and again after building its matcher). Frozen objects
are still freed by reference counting when a newer version replaces them (the knowledge and its matcher hold
no reference cycle); only cyclic garbage among them would stay, which the collector never sees again.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

BUILD_SWITCH_INTERVAL = 0.001
"""Seconds: the interpreter's switch interval while a build runs."""

FREEZE_AT = 100_000
"""Objects made during builds (net of those freed) above which they are frozen when the last build ends:
a collection of that many holds the GIL for about 10 to 20 ms on this project's machines."""

_lock = threading.Lock()
_running = 0
_saved: tuple[bool, float] = (True, 0.005)


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Run the block with the collector paused and a short switch interval (nested and concurrent uses nest)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = (gc.isenabled(), sys.getswitchinterval())
            gc.disable()
            sys.setswitchinterval(min(BUILD_SWITCH_INTERVAL, _saved[1]))
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                if gc.get_count()[0] > FREEZE_AT:
                    gc.freeze()
                sys.setswitchinterval(_saved[1])
                if _saved[0]:
                    gc.enable()


def in_background(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``function`` (in a worker thread) inside `building`."""
    with building():
        return function(*args, **kwargs)
