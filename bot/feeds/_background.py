"""Building a large version in a worker thread without starving the event loop, and without the collector.

Two process-wide settings change while a build runs, and are restored when the last one ends:

- the cyclic garbage collector is paused: building tens of thousands of models makes it scan the whole heap
  over and over (measured: about a fifth of the time at 20,000 reviews); reference counting still frees memory;
- the interpreter's switch interval drops from 5 ms to 1 ms, so the event loop waits at most about 1 ms for
  the GIL each time the build thread holds it, instead of 5 ms.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

BUILD_SWITCH_INTERVAL = 0.001
"""Seconds: the interpreter's switch interval while a build runs."""

_lock = threading.Lock()
_running = 0
_saved: tuple[bool, float] = (True, 0.005)


def in_background(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``function`` (in a worker thread) with the collector paused and a short switch interval."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = (gc.isenabled(), sys.getswitchinterval())
            gc.disable()
            sys.setswitchinterval(min(BUILD_SWITCH_INTERVAL, _saved[1]))
        _running += 1
    try:
        return function(*args, **kwargs)
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                sys.setswitchinterval(_saved[1])
                if _saved[0]:
                    gc.enable()
