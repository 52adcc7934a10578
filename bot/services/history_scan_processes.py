"""A history scan spread over worker processes, for large exports (the matcher is pure Python, so threads would
not help). Workers are forked: they share the scanner and the messages with the parent instead of copying them,
and send back only the hits. Where ``fork`` is unavailable, or for small scans, the scan runs in this process.
"""  # noqa: D205

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from bot.services.history_scan import HistoryMessage, HistoryScanner, ScanAction, ScanHit, ScanReport, assessable
from knowledge.matching.types import Match

CHUNK = 2500
"""Messages per task; below two chunks a scan stays in this process (starting workers would cost more)."""

_shared: tuple[HistoryScanner, Sequence[HistoryMessage]] | None = None
"""What forked workers inherit: set only while a pool runs."""


def scan_in_processes(
    scanner: HistoryScanner, messages: Sequence[HistoryMessage], *, workers: int, chunk: int = CHUNK
) -> ScanReport:
    """The same report as ``scanner.scan(messages)``, computed by up to ``workers`` processes."""
    if workers <= 1 or len(messages) < 2 * chunk or "fork" not in multiprocessing.get_all_start_methods():
        return scanner.scan(messages)
    global _shared
    _shared = (scanner, messages)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            ranges = [(start, min(start + chunk, len(messages))) for start in range(0, len(messages), chunk)]
            parts = pool.map(_assess_range, ranges)
            found = {index: (match, action) for part in parts for index, match, action in part}
    finally:
        _shared = None
    report = ScanReport()
    for index, message in enumerate(messages):
        hit = found.get(index)
        report.add(message, ScanHit(message, *hit) if hit is not None else None, skipped=not assessable(message))
    return report


def _assess_range(bounds: tuple[int, int]) -> list[tuple[int, Match, ScanAction]]:
    """In a worker: the hits among ``messages[start:end]``, by index."""
    if _shared is None:
        raise RuntimeError("a history scan worker started without its scanner")
    scanner, messages = _shared
    hits = []
    for index in range(*bounds):
        hit = scanner.assess(messages[index])
        if hit is not None:
            hits.append((index, hit.match, hit.action))
    return hits
