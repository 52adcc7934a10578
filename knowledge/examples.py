"""Labelled example messages: how members write about an incident, and whether they repeat a false claim.

Kept as JSON Lines in an ``examples/`` folder beside the incident files, one message per line:
``{"id": "...", "text": "...", "label": "misinfo" | "related" | "unrelated", "incident": "<incident id>"}``
("misinfo" repeats a false or misleading claim of the incident; "related" is accurate or neutral talk about it;
"unrelated" is anything else, best a near miss in the incident's words). The matcher learns from them which
messages its words missed look like the claim spreading (see `knowledge.matching.judge`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.errors import LoadError
from knowledge.schema import Incident

ExampleLabel = Literal["misinfo", "related", "unrelated"]
EXAMPLES_FOLDER = "examples"
MAX_EXAMPLE_CHARS = 4000
"""The longest example message (the knowledge's own wordings are cut to it)."""
MAX_EXAMPLE_BYTES = 20 * 1024 * 1024
"""A larger examples file is refused whole (a hostile or mistaken file must not exhaust memory)."""


class Example(BaseModel):
    """A chat message labelled for one incident: misinformation, related talk, or unrelated."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    text: str = Field(min_length=1, max_length=MAX_EXAMPLE_CHARS)
    label: ExampleLabel
    incident: str | None = None

    @model_validator(mode="after")
    def _about_an_incident(self) -> Example:
        if self.label != "unrelated" and not self.incident:
            raise ValueError(f"a {self.label} example names its incident")
        return self


def examples_of(incident: Incident) -> list[Example]:
    """What the knowledge itself labels: an answerable claim's wordings repeat it; its clarification,
    contradictions and the officials' statements are the record (related talk).
    """  # noqa: D205
    found: list[Example] = []
    for claim in incident.claims:
        label: ExampleLabel = "misinfo" if claim.verdict.actionable else "related"
        found += [_own(incident, claim.id, text, label) for text in (claim.text, *claim.phrasings)]
        found += [_own(incident, claim.id, text, "related") for text in (claim.clarification, *claim.contradictions)]
    found += [_own(incident, statement.id, statement.quote, "related") for statement in incident.statements]
    return found


def _own(incident: Incident, part: str, text: str, label: ExampleLabel) -> Example:
    return Example(id=f"{incident.id}/{part}", text=text[:MAX_EXAMPLE_CHARS], label=label, incident=incident.id)


def read_examples(path: Path) -> tuple[list[Example], list[LoadError]]:
    """The examples of one JSON Lines file, and one error per line that is not a valid example (skipped)."""
    try:
        if path.stat().st_size > MAX_EXAMPLE_BYTES:
            return [], [LoadError(path, "", f"larger than {MAX_EXAMPLE_BYTES // 1024 // 1024} MiB: not read")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [LoadError(path, "", f"cannot read: {exc}")]
    examples: list[Example] = []
    errors: list[LoadError] = []
    for number, line in _lines(text):
        try:
            examples.append(Example.model_validate_json(line))
        except ValidationError as exc:
            reason = "; ".join(error["msg"] for error in exc.errors(include_url=False))
            errors.append(LoadError(path, f"line {number}", f"not an example: {reason}", number))
    return examples, errors


def examples_beside(directory: Path) -> tuple[list[Example], list[LoadError]]:
    """The examples kept in a knowledge folder's ``examples/`` sub-folder (none when it has none)."""
    folder = directory / EXAMPLES_FOLDER
    if not folder.is_dir():
        return [], []
    examples: list[Example] = []
    errors: list[LoadError] = []
    for path in sorted(folder.glob("*.jsonl")):
        found, problems = read_examples(path)
        examples.extend(found)
        errors.extend(problems)
    return examples, errors


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line
