"""Reloading a running bot's knowledge: ``/alerts reload`` in Discord, or ``python -m bot kb reload``.

`reload_knowledge` loads the knowledge files again in a worker thread, one reload at a time in the process, and
swaps the new knowledge in whole only when every file loaded; otherwise the running knowledge stays and the
`ReloadReport` lists each problem (file, field, what is wrong). The report travels as JSON between the health
server's ``POST /admin/reload`` and the command line.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.services.knowledge import KnowledgeHolder, ReloadResult

_one_at_a_time = threading.Lock()


@dataclass(frozen=True)
class ReloadProblem:
    """One thing wrong in the knowledge files."""

    file: str
    field: str
    problem: str
    line: int | None = None

    def describe(self, *, file_name_only: bool = False) -> str:
        """``file (line n): field: problem``, with the file's name only when asked (for Discord)."""
        file = Path(self.file).name if file_name_only else self.file
        where = f"{file} (line {self.line})" if self.line is not None else file
        return f"{where}: {self.field}: {self.problem}" if self.field else f"{where}: {self.problem}"


@dataclass(frozen=True)
class ReloadReport:
    """What a reload did: the new knowledge is in use, or the running one was kept because of ``problems``."""

    reloaded: bool
    incidents: int
    files: int
    problems: tuple[ReloadProblem, ...] = ()

    @classmethod
    def of(cls, result: ReloadResult) -> ReloadReport:
        """The report of a `KnowledgeHolder.reload` result."""
        problems = tuple(ReloadProblem(str(e.path), e.location, e.message, e.line) for e in result.errors)
        return cls(result.reloaded, result.incidents, result.files, problems)

    @property
    def summary(self) -> str:
        """One sentence saying what happened."""
        if self.reloaded:
            return f"Knowledge reloaded: {self.incidents} incidents from {self.files} files."
        return (
            f"Knowledge not reloaded: {len(self.problems)} problem(s) in the files; the bot keeps answering with the "
            f"knowledge it had ({self.incidents} incidents)."
        )

    def text(self, *, max_problems: int | None = None, file_name_only: bool = False) -> str:
        """The summary, then one line per problem (the first ``max_problems`` of them)."""
        shown = self.problems if max_problems is None else self.problems[:max_problems]
        lines = [self.summary, *(f"- {p.describe(file_name_only=file_name_only)}" for p in shown)]
        if len(shown) < len(self.problems):
            lines.append(f"- and {len(self.problems) - len(shown)} more (`python -m bot kb validate` lists them all)")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """The JSON body of ``POST /admin/reload``."""
        return {
            "reloaded": self.reloaded,
            "incidents": self.incidents,
            "files": self.files,
            "problems": [
                {"file": p.file, "field": p.field, "problem": p.problem, "line": p.line} for p in self.problems
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReloadReport:
        """Read `as_json`'s output back (``KeyError``/``TypeError``/``ValueError`` when it is something else)."""
        problems = tuple(
            ReloadProblem(str(p["file"]), str(p["field"]), str(p["problem"]), p.get("line")) for p in data["problems"]
        )
        return cls(bool(data["reloaded"]), int(data["incidents"]), int(data["files"]), problems)


async def reload_knowledge(holder: KnowledgeHolder) -> ReloadReport:
    """Reload the holder's files in a worker thread (one reload at a time); swapped in only without errors."""
    return ReloadReport.of(await asyncio.to_thread(_reload, holder))


def _reload(holder: KnowledgeHolder) -> ReloadResult:
    with _one_at_a_time:
        return holder.reload()
