"""Scoring the matcher on labelled messages: precision and recall per action, and the errors.

Used by ``benchmarks/evaluate_labelled.py`` and by the tests that hold the floors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from knowledge.base import KnowledgeBase
from knowledge.examples import Example, ExampleLabel, examples_beside, read_examples
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Match, Thresholds
from knowledge.schema import Incident

Expect = Literal["reply", "review", "none"]


class LabelledMessage(BaseModel):
    """A message with the outcome it must get: `reply`, `review` (or better) or `none` (no automatic reply)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    expect: Expect
    incident: str | None = None
    claim: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _positives_name_a_claim(self) -> LabelledMessage:
        if self.expect != "none" and not (self.incident and self.claim):
            raise ValueError("a reply or review message names its incident and claim")
        return self

    @property
    def positive(self) -> bool:
        """Whether the bot should act on the message (reply or review)."""
        return self.expect != "none"


def load_labelled(path: Path) -> list[LabelledMessage]:
    """Read the labelled messages file (a mapping with a `messages` list)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [LabelledMessage.model_validate(item) for item in data["messages"]]


def load_incidents(directory: Path) -> KnowledgeBase:
    """Read every incident YAML file of a directory (no error reporting: for tests and benchmarks)."""
    files = sorted(directory.glob("*.yaml"))
    incidents = [Incident.model_validate(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in files]
    return KnowledgeBase.of(incidents, examples_beside(directory)[0])


@dataclass(frozen=True)
class Outcome:
    """What the matcher did with one labelled message."""

    message: LabelledMessage
    matches: tuple[Match, ...]

    def _action_for_expected(self) -> Action | None:
        for match in self.matches:
            if (match.incident_id, match.claim_id) == (self.message.incident, self.message.claim):
                return match.action
        return None

    @property
    def replied(self) -> bool:
        """Whether the expected claim was answered automatically."""
        return self._action_for_expected() is Action.REPLY

    @property
    def caught(self) -> bool:
        """Whether the expected claim came out as reply or review."""
        return self._action_for_expected() in (Action.REPLY, Action.REVIEW)

    @property
    def false_replies(self) -> list[Match]:
        """Automatic replies that should not have happened (negative message, or another claim)."""
        wanted = (self.message.incident, self.message.claim) if self.message.positive else None
        return [m for m in self.matches if m.action is Action.REPLY and (m.incident_id, m.claim_id) != wanted]

    @property
    def flagged(self) -> bool:
        """Whether any claim came out as reply or review."""
        return any(m.action in (Action.REPLY, Action.REVIEW) for m in self.matches)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class Report:
    """Precision and recall per action over labelled messages."""

    outcomes: tuple[Outcome, ...]
    positives: list[Outcome] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positives", [o for o in self.outcomes if o.message.positive])

    @property
    def negatives(self) -> list[Outcome]:
        """Outcomes of the messages that must not be answered."""
        return [o for o in self.outcomes if not o.message.positive]

    @property
    def reply_precision(self) -> float:
        """Correct automatic replies over all automatic replies."""
        good = sum(o.replied for o in self.positives)
        return _ratio(good, good + sum(len(o.false_replies) for o in self.outcomes))

    @property
    def reply_recall(self) -> float:
        """Positives answered automatically (on the right claim) over all positives."""
        return _ratio(sum(o.replied for o in self.positives), len(self.positives))

    @property
    def review_precision(self) -> float:
        """Messages flagged (reply or review) on the right claim over all flagged messages."""
        flagged = [o for o in self.outcomes if o.flagged]
        return _ratio(sum(o.caught for o in flagged if o.message.positive), len(flagged))

    @property
    def review_recall(self) -> float:
        """Positives whose claim came out as reply or review over all positives."""
        return _ratio(sum(o.caught for o in self.positives), len(self.positives))

    @property
    def false_replies(self) -> list[Outcome]:
        """Outcomes with an automatic reply that should not have happened."""
        return [o for o in self.outcomes if o.false_replies]

    @property
    def missed(self) -> list[Outcome]:
        """Positives whose claim was neither answered nor sent to review."""
        return [o for o in self.positives if not o.caught]

    @property
    def not_replied(self) -> list[Outcome]:
        """Positives labelled `reply` that were only sent to review."""
        return [o for o in self.positives if o.message.expect == "reply" and o.caught and not o.replied]

    @property
    def false_reviews(self) -> list[Outcome]:
        """Negatives sent to review (tolerated, but they cost moderators time)."""
        return [o for o in self.negatives if o.flagged and not o.false_replies]


def evaluate(matcher: Matcher, messages: Sequence[LabelledMessage], thresholds: Thresholds | None = None) -> Report:
    """Run the matcher over labelled messages."""
    return Report(tuple(Outcome(m, tuple(matcher.match(m.text, thresholds=thresholds))) for m in messages))


HeldOutLabel = ExampleLabel


HeldOutMessage = Example
"""A chat message written without seeing the matcher: misinformation, related talk, or unrelated."""


def load_held_out(path: Path) -> list[HeldOutMessage]:
    """Read a JSON Lines file of held-out messages (ValueError naming the first bad line)."""
    examples, errors = read_examples(path)
    if errors:
        raise ValueError(str(errors[0]))
    return examples


@dataclass(frozen=True)
class HeldOutReport:
    """What each held-out message got: ``reply``, ``review`` or ``none``, counted per label."""

    outcomes: tuple[tuple[HeldOutMessage, str], ...]

    def count(self, label: HeldOutLabel, action: str) -> int:
        """How many messages of ``label`` got ``action``."""
        return sum(1 for message, got in self.outcomes if message.label == label and got == action)

    def total(self, label: HeldOutLabel) -> int:
        """How many messages carry ``label``."""
        return sum(1 for message, _ in self.outcomes if message.label == label)

    @property
    def misinfo_caught(self) -> float:
        """Misinformation answered or queued for review, for the right incident."""
        return _ratio(self.count("misinfo", "reply") + self.count("misinfo", "review"), self.total("misinfo"))

    @property
    def misinfo_answered(self) -> float:
        """Misinformation answered automatically, for the right incident."""
        return _ratio(self.count("misinfo", "reply"), self.total("misinfo"))

    @property
    def related_answered(self) -> float:
        """Accurate or neutral talk about an incident answered automatically (any incident)."""
        return _ratio(self.count("related", "reply"), self.total("related"))

    @property
    def related_reviewed(self) -> float:
        """Accurate or neutral talk about an incident sent to review (any incident)."""
        return _ratio(self.count("related", "review"), self.total("related"))


def held_out_action(matches: Sequence[Match], message: HeldOutMessage) -> str:
    """The strongest action taken: for misinformation, only a match of its own incident counts."""
    acting = [m for m in matches if m.action is not Action.IGNORE]
    if message.label == "misinfo":
        acting = [m for m in acting if m.incident_id == message.incident]
    actions = {m.action for m in acting}
    return Action.REPLY.value if Action.REPLY in actions else (Action.REVIEW.value if actions else "none")


def evaluate_held_out(matcher: Matcher, messages: Sequence[HeldOutMessage]) -> HeldOutReport:
    """Run every held-out message through the matcher."""
    return HeldOutReport(
        tuple((message, held_out_action(matcher.match(message.text), message)) for message in messages)
    )
