"""The long-lived heap kept out of the garbage collector's full passes.

The knowledge's matcher (its index, semantic embeddings and judge) and the platform clients' caches are some 200,000
objects that live as long as the process. CPython's full (generation 2) collections walk every one of them with the
event loop stopped: 35 to 90 ms a pass in the bot process once its knowledge is built (every collection logged
during `benchmarks/discord_latency.py`), where a claim's answer takes about 10 ms. Once a knowledge build is
complete, `settle` collects what is garbage then and freezes the rest (`gc.freeze`), so later passes walk only what
came after. Reference counting still frees frozen objects that are dropped; `settle` unfreezes first, so a replaced
knowledge's cycles are collected at the next build.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable

from bot.background import BackgroundTask
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
"""How often the keeper looks for a knowledge build that completed."""


def settle() -> float:
    """Collect what is garbage now and keep every object left out of later collections; the seconds it took."""
    started = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return time.perf_counter() - started


class HeapKeeper(BackgroundTask):
    """Settles the heap (`settle`) once each knowledge build is complete: at start, after a reload or a feed's
    new version; ``async with`` it in a long-running process.
    """  # noqa: D205

    task_name = "heap-keeper"

    def __init__(
        self, holder: KnowledgeHolder, *, poll_seconds: float = POLL_SECONDS, settler: Callable[[], float] = settle
    ) -> None:
        self._holder = holder
        self._poll_seconds = poll_seconds
        self._settle = settler
        self._settled: KnowledgeSnapshot | None = None

    def check(self) -> bool:
        """Settle if the current knowledge's build completed since the last settling; whether it settled."""
        snapshot = self._holder.current
        if snapshot is self._settled or not snapshot.matcher.complete:
            return False
        self._settled = snapshot
        seconds = self._settle()
        log.info(
            "heap settled after the knowledge build: %d objects kept out of collections, %.2f s",
            gc.get_freeze_count(),
            seconds,
        )
        return True

    async def _run(self) -> None:
        while True:
            self.check()
            await asyncio.sleep(self._poll_seconds)
