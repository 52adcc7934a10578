"""One cache folder for every bot process the suite starts: the knowledge is embedded and the examples' judge
trained once per session, not once per process (each takes seconds of a core a test would otherwise wait for).

``tests/conftest.py`` makes the folder when the session starts and names it in ``BOT_TEST_SHARED_CACHE`` (xdist's
workers inherit it: one folder for the whole run); a test adds `shared_cache()` to the environment of a
``python -m bot`` process it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT = "BOT_TEST_SHARED_CACHE"


def shared_cache() -> dict[str, str]:
    """``SEMANTIC_CACHE_PATH`` in the session's cache folder (the lexical cache and the judge are kept beside it)."""
    return {"SEMANTIC_CACHE_PATH": str(Path(os.environ[ENVIRONMENT]) / "bot.semantic.npz")}
