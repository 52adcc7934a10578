"""What changed in a claim's record between two versions of the knowledge, in plain words.

A `ClaimRecord` keeps what an answer shows that can change the answer's meaning: the verdict, the clarification,
the statements quoted (their words, speaker, date, sources) and a fact-checker's rating. Two records of the same
claim are compared by their `fingerprint`; `claim_change` says what changed ("verdict changed from False to
Misleading; statement added") or that the claim was withdrawn from the knowledge. Pure: no storage, no platform.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from knowledge.base import KnowledgeBase
from knowledge.schema import Incident, Statement, Verdict

WITHDRAWN = "withdrawn"
"""The fingerprint of a claim no longer in the knowledge."""


@dataclass(frozen=True)
class ClaimRecord:
    """The parts of a claim's record an answer shows, with the claim's words and its incident's title."""

    incident_id: str
    claim_id: str
    incident_title: str
    claim_text: str
    verdict: Verdict
    clarification: str
    statements: tuple[tuple[str, str], ...] = ()
    """(statement id, digest of its words, speaker, date, context and sources), in the claim's order."""
    rating: str | None = None
    """A digest of the fact-checker's rating, when the claim has one."""
    withdrawn: bool = False
    """The claim was in the knowledge once and is no longer (the rest is how it last read)."""

    @property
    def key(self) -> tuple[str, str]:
        """(incident id, claim id)."""
        return self.incident_id, self.claim_id

    @property
    def fingerprint(self) -> str:
        """A digest of the verdict, clarification, statements and rating (`WITHDRAWN` for a withdrawn claim)."""
        if self.withdrawn:
            return WITHDRAWN
        content = [self.verdict.value, self.clarification, list(map(list, self.statements)), self.rating]
        return _digest(content)

    def as_json(self) -> dict[str, Any]:
        """The record as JSON (stored between runs)."""
        return {
            "incident_id": self.incident_id,
            "claim_id": self.claim_id,
            "incident_title": self.incident_title,
            "claim_text": self.claim_text,
            "verdict": self.verdict.value,
            "clarification": self.clarification,
            "statements": [list(pair) for pair in self.statements],
            "rating": self.rating,
            "withdrawn": self.withdrawn,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClaimRecord:
        """Read `as_json`'s output back (``KeyError``/``ValueError`` on anything else)."""
        return cls(
            incident_id=str(data["incident_id"]),
            claim_id=str(data["claim_id"]),
            incident_title=str(data["incident_title"]),
            claim_text=str(data["claim_text"]),
            verdict=Verdict(data["verdict"]),
            clarification=str(data["clarification"]),
            statements=tuple((str(sid), str(digest)) for sid, digest in data.get("statements") or ()),
            rating=data.get("rating"),
            withdrawn=bool(data.get("withdrawn", False)),
        )

    def as_withdrawn(self) -> ClaimRecord:
        """This record, marked withdrawn."""
        return replace(self, withdrawn=True)


@dataclass(frozen=True)
class ClaimChange:
    """A claim's record changed (``new`` None: the claim was withdrawn)."""

    old: ClaimRecord
    new: ClaimRecord | None

    @property
    def record(self) -> ClaimRecord:
        """The record as it stands after the change (the withdrawn one when withdrawn)."""
        return self.new if self.new is not None else self.old.as_withdrawn()

    @property
    def withdrawn(self) -> bool:
        """Whether the claim is no longer in the knowledge."""
        return self.new is None

    def key(self, version: int) -> str:
        """The change's identity: the claim, the version of its record it makes, and the fingerprint it reaches."""
        return _digest([self.old.incident_id, self.old.claim_id, version, self.record.fingerprint])

    def describe(self) -> str:
        """What changed, in plain words: ``verdict changed from False to Misleading; statement added``."""
        if self.new is None:
            return "claim withdrawn"
        old, new = self.old, self.new
        parts = ["claim back in the knowledge base"] if old.withdrawn else []
        if old.verdict is not new.verdict:
            parts.append(f"verdict changed from {old.verdict.label} to {new.verdict.label}")
        if old.clarification != new.clarification:
            parts.append("clarification updated")
        parts.extend(_statement_changes(old.statements, new.statements))
        if old.rating != new.rating:
            parts.append(_rating_change(old.rating, new.rating))
        return "; ".join(parts) or "record updated"


def record_of(knowledge: KnowledgeBase, incident_id: str, claim_id: str) -> ClaimRecord | None:
    """The claim's record in ``knowledge``; None when the knowledge lacks the incident or the claim."""
    try:
        incident = knowledge.get(incident_id)
        claim = incident.claim(claim_id)
    except KeyError:
        return None
    statements = tuple((s.id, _statement_digest(incident, s)) for s in incident.statements_for(claim))
    rating = None
    if claim.rating is not None:
        rating = _digest([claim.rating.rating, claim.rating.publisher, str(claim.rating.url), _date(claim.rating.date)])
    return ClaimRecord(
        incident_id=incident.id,
        claim_id=claim.id,
        incident_title=incident.title,
        claim_text=claim.text,
        verdict=claim.verdict,
        clarification=claim.clarification,
        statements=statements,
        rating=rating,
    )


def claim_change(old: ClaimRecord, new: ClaimRecord | None) -> ClaimChange | None:
    """What changed from ``old`` to ``new`` (None: the claim is gone); None when nothing an answer shows changed."""
    if new is None:
        return None if old.withdrawn else ClaimChange(old, None)
    if not old.withdrawn and old.fingerprint == new.fingerprint:
        return None
    return ClaimChange(old, new)


def _statement_changes(old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> list[str]:
    before, after = dict(old), dict(new)
    added = [sid for sid in after if sid not in before]
    removed = [sid for sid in before if sid not in after]
    updated = [sid for sid in after if sid in before and before[sid] != after[sid]]
    return [
        _counted(len(ids), verb) for ids, verb in ((added, "added"), (updated, "updated"), (removed, "removed")) if ids
    ]


def _counted(number: int, verb: str) -> str:
    return f"statement {verb}" if number == 1 else f"{number} statements {verb}"


def _rating_change(old: str | None, new: str | None) -> str:
    if old is None:
        return "fact-checker's rating added"
    if new is None:
        return "fact-checker's rating removed"
    return "fact-checker's rating updated"


def _statement_digest(incident: Incident, statement: Statement) -> str:
    sources = [[str(s.url), s.title, s.publisher, _date(s.date)] for s in incident.sources_for(statement)]
    marked = ["reported"] if statement.reported else []  # absent when false: older records' digests hold
    return _digest(
        [statement.quote, statement.speaker, statement.via, _date(statement.date), statement.context, sources, *marked]
    )


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _digest(content: object) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
