"""Claims moderators draft in chat: a five-field form made into an `Incident`, through the knowledge files' schema.

A draft is one incident with one claim answered by one statement, whose source link is required (the bot never
shows an unsourced statement). The form is what a chat modal can hold (five text inputs); who said the statement
and its link share one field, ``"Millbrook Water Department https://example.org/notice"``. Nothing is added that
the moderator did not write: the incident's title and summary are the claim and its clarification.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from knowledge.claimreview.ids import slugify
from knowledge.errors import validation_errors
from knowledge.schema import Incident, Verdict

CLAIM_ID_MAX = 60
MAX_CHARS = {"claim": 500, "verdict": 40, "clarification": 300, "statement": 2000, "attribution": 2300}
"""The most each field may hold (the chat forms ask for less); a link is at most `MAX_LINK` characters."""
MAX_LINK = 2048
STATEMENT_ID = "statement"
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SEPARATORS = " \t\n-\u2013\u2014:,|;()<>"

FIELD_LABELS = {
    "claim": "The claim",
    "verdict": "Verdict",
    "clarification": "What the record says",
    "statement": "The statement",
    "attribution": "Who said it and the link",
}
"""The form's fields as people see them (error messages name them)."""

_SCHEMA_FIELDS = {
    "claims.0.text": "claim",
    "title": "claim",
    "claims.0.verdict": "verdict",
    "verdict": "verdict",
    "claims.0.clarification": "clarification",
    "summary": "clarification",
    "verdict_summary": "clarification",
    "statements.0.quote": "statement",
    "statements.0.speaker": "attribution",
    "statements.0.source.url": "attribution",
    "sources.0.url": "attribution",
}


@dataclass(frozen=True)
class DraftForm:
    """What a moderator typed: the five fields as written (stripped when read)."""

    claim: str
    verdict: str
    clarification: str
    statement: str
    attribution: str

    @classmethod
    def of(cls, incident: Incident) -> DraftForm:
        """The form that drafted ``incident`` (to edit it)."""
        claim = incident.claims[0]
        statement = incident.statement(claim.statements[0])
        url = statement.source.url if statement.source else incident.sources[0].url
        return cls(claim.text, claim.verdict.value, claim.clarification, statement.quote, f"{statement.speaker} {url}")


class DraftError(ValueError):
    """A draft that does not validate: one message per problem, naming the form's field."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def parse_verdict(text: str) -> Verdict:
    """A verdict from its value or label, any case (``missing context``, ``Contradicted by officials``)."""
    wanted = " ".join(text.replace("-", " ").casefold().split())
    allowed = ", ".join(verdict.value for verdict in Verdict)
    if not wanted:
        raise DraftError([f"{FIELD_LABELS['verdict']}: this field is required; use one of {allowed}"])
    for verdict in Verdict:
        if wanted in (verdict.value.replace("-", " "), verdict.label.casefold()):
            return verdict
    raise DraftError([f"{FIELD_LABELS['verdict']}: {text.strip()!r} is not a verdict; use one of {allowed}"])


def parse_attribution(text: str) -> tuple[str, str]:
    """Who said it and the source link, from ``"<who> <link>"`` (the link may come first; one link only)."""
    links = _URL.findall(text)
    label = FIELD_LABELS["attribution"]
    if not links:
        raise DraftError(
            [f"{label}: the source link is missing; write who said it, then the link to where they said it"]
        )
    if len(links) > 1:
        raise DraftError([f"{label}: give one source link, not {len(links)}"])
    link = links[0].rstrip(".,;)>")
    if len(link) > MAX_LINK:
        raise DraftError([f"{label}: the link is longer than {MAX_LINK} characters"])
    speaker = _URL.sub(" ", text).strip(_SEPARATORS)
    if not speaker:
        raise DraftError([f"{label}: say who said it (a person, office or agency) before the link"])
    return " ".join(speaker.split()), link


def draft_id(claim: str, taken: Iterable[str] = ()) -> str:
    """The id of a new draft: the claim's slug, made unique against ``taken``."""
    base = slugify(claim, CLAIM_ID_MAX) or "drafted-claim"
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def draft_incident(form: DraftForm, incident_id: str) -> Incident:
    """The incident a draft makes, validated by the knowledge files' schema (`DraftError` listing every problem)."""
    problems = [
        f"{FIELD_LABELS[name]}: at most {limit} characters, please"
        for name, limit in MAX_CHARS.items()
        if len(getattr(form, name)) > limit
    ]
    if problems:
        raise DraftError(problems)
    verdict: str | None = None
    speaker, link = "", ""
    try:
        verdict = parse_verdict(form.verdict).value
    except DraftError as error:
        problems.extend(error.problems)
    try:
        speaker, link = parse_attribution(form.attribution)
    except DraftError as error:
        problems.extend(error.problems)
    document = incident_document(form, incident_id, verdict, speaker, link)
    try:
        incident = Incident.model_validate(document)
    except ValidationError as exc:
        skip = {"attribution"} if not link or not speaker else set()
        problems.extend(_problems(exc, skip if verdict else skip | {"verdict"}))
        raise DraftError(_unique(problems)) from None
    if problems:
        raise DraftError(_unique(problems))
    return incident


def incident_document(form: DraftForm, incident_id: str, verdict: str | None, speaker: str, link: str) -> dict:
    """The draft as a knowledge file's mapping (what `draft_incident` validates and the export writes)."""
    source = {"url": link} if link else None
    statement = {"id": STATEMENT_ID, "speaker": speaker, "quote": _unquoted(form.statement), "source": source}
    claim = {
        "id": incident_id,
        "text": form.claim,
        "verdict": verdict,
        "clarification": form.clarification,
        "statements": [STATEMENT_ID],
    }
    return {
        "id": incident_id,
        "title": form.claim,
        "summary": form.clarification,
        "verdict": verdict,
        "verdict_summary": form.clarification,
        "claims": [claim],
        "statements": [{key: value for key, value in statement.items() if value is not None}],
        "sources": [source] if source else [],
    }


def incident_yaml(incident: Incident, comment: str = "") -> str:
    """One incident as a knowledge file (YAML that `knowledge.loader` loads as ``<id>.yaml``)."""
    data = incident.model_dump(mode="json", exclude_defaults=True, warnings=False)
    lines = "".join(f"# {line}\n" for line in comment.splitlines())
    return lines + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _unquoted(text: str) -> str:
    stripped = text.strip()
    pairs = {'"': '"', "\u201c": "\u201d", "'": "'"}
    if len(stripped) > 1 and pairs.get(stripped[0]) == stripped[-1]:
        return stripped[1:-1].strip()
    return stripped


def _problems(exc: ValidationError, skip: set[str]) -> list[str]:
    problems = []
    for error in validation_errors("draft", exc):
        field = _SCHEMA_FIELDS.get(error.location)
        if field in skip:
            continue
        label = FIELD_LABELS[field] if field else error.location or "draft"
        problems.append(f"{label}: {_plain(error.message)}")
    return problems


def _plain(message: str) -> str:
    if "at least 1 " in message or message.startswith("Input should be a valid string"):
        return "this field is required"
    return message


def _unique(problems: list[str]) -> list[str]:
    return list(dict.fromkeys(problems))
