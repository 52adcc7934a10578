"""Finding the cogs to load: every package or module of ``cogs`` with a ``setup()``, private ones skipped."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

DEFAULT_PACKAGE = "cogs"


def discover_extensions(package: str | ModuleType = DEFAULT_PACKAGE) -> list[str]:
    """The dotted names of the extensions directly inside ``package``, sorted.

    An extension is a module or package whose name does not start with ``_`` and which defines ``setup``
    (discord.py's entry point). Helpers such as ``cogs/_shared`` or ``cogs/alerts/_cog.py`` are skipped.
    """
    root = importlib.import_module(package) if isinstance(package, str) else package
    found = []
    for info in pkgutil.iter_modules(root.__path__, prefix=f"{root.__name__}."):
        if info.name.rpartition(".")[2].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        if callable(getattr(module, "setup", None)):
            found.append(info.name)
    return sorted(found)
