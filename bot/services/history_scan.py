"""History scan: what the bot would have done with messages already posted, without answering any of them.

Front ends turn a channel's history (read live, or from an export file: `bot.exports`) into `HistoryMessage`
records; `HistoryScanner` assesses each one exactly as `AlertService` assesses a new message (same matcher,
same thresholds, same triage between answer and review) and tallies the outcome in a `ScanReport`. No link is
fetched, nothing is written and nothing is posted: the scan only reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bot.platform.refs import MessageRef
from bot.services.assessment import CANDIDATES, triage  # the answer/review split the live bot uses
from bot.services.knowledge import KnowledgeSnapshot
from knowledge.matching.types import Match, Thresholds

REMEMBERED_TEXTS = 100_000
"""Distinct texts whose verdict a scanner keeps (then it starts afresh)."""


@dataclass(frozen=True)
class HistoryMessage:
    """A message already posted, as any platform gives it: opaque string ids, the text, when, and where to see it.

    Attributes:
        ref: The message: its platform, workspace, channel and id (a Discord snowflake, a Slack ``ts``).
        channel_name: The channel's name for people ("general").
        author_id: The platform's user id ("" when the platform gives none).
        author_name: The author's display name ("" when unknown).
        sent_at: When it was posted (timezone-aware).
        text: The message text, as plain text (platform markup already resolved by the reader).
        link: Where to open the message, when the platform has such links.
        author_is_bot: Posted by a bot, an app or a webhook (the bot never answers those).
        is_system: A system notice ("X joined", "pinned a message"), not a member's words.
    """

    ref: MessageRef
    channel_name: str
    author_id: str
    author_name: str
    sent_at: dt.datetime
    text: str
    link: str | None = None
    author_is_bot: bool = False
    is_system: bool = False

    @property
    def id(self) -> str:
        """The platform's message id."""
        return self.ref.message


class ScanAction(StrEnum):
    """What the bot would have done with a message, had it been posted now."""

    REPLY = "reply"
    REVIEW = "review"


@dataclass(frozen=True)
class ScanHit:
    """A message the bot would have answered (``REPLY``) or queued for moderators (``REVIEW``)."""

    message: HistoryMessage
    match: Match
    action: ScanAction

    @property
    def score(self) -> int:
        """The match's score, rounded to a whole number (0-100)."""
        return round(self.match.score)


@dataclass
class ScanReport:
    """The tally of a scan: messages read, skipped, and the hits in the order read."""

    scanned: int = 0
    skipped: int = 0
    hits: list[ScanHit] = field(default_factory=list)
    first_at: dt.datetime | None = None
    last_at: dt.datetime | None = None

    def add(self, message: HistoryMessage, hit: ScanHit | None, *, skipped: bool = False) -> None:
        """Count one message (its hit, if any)."""
        self.scanned += 1
        self.skipped += skipped
        if self.first_at is None or message.sent_at < self.first_at:
            self.first_at = message.sent_at
        if self.last_at is None or message.sent_at > self.last_at:
            self.last_at = message.sent_at
        if hit is not None:
            self.hits.append(hit)

    def by_action(self) -> Counter[ScanAction]:
        """Hits per action."""
        return Counter(hit.action for hit in self.hits)

    def by_claim(self) -> dict[tuple[str, str], list[ScanHit]]:
        """Hits per (incident, claim), the most hit first."""
        groups: dict[tuple[str, str], list[ScanHit]] = {}
        for hit in self.hits:
            groups.setdefault((hit.match.incident_id, hit.match.claim_id), []).append(hit)
        return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))

    def by_incident(self) -> dict[str, dict[str, list[ScanHit]]]:
        """Hits per incident, then per claim; the most hit first at both levels."""
        incidents: dict[str, dict[str, list[ScanHit]]] = {}
        for (incident_id, claim_id), hits in self.by_claim().items():
            incidents.setdefault(incident_id, {})[claim_id] = hits
        return dict(sorted(incidents.items(), key=lambda item: -sum(len(hits) for hits in item[1].values())))

    def per_day(self) -> dict[str, Counter[dt.date]]:
        """Hits per incident per day (UTC)."""
        days: dict[str, Counter[dt.date]] = {}
        for hit in self.hits:
            day = hit.message.sent_at.astimezone(dt.UTC).date()
            days.setdefault(hit.match.incident_id, Counter())[day] += 1
        return days


class HistoryScanner:
    """Assesses past messages like `AlertService.on_message` would, minus posting, cooldowns and link fetching.

    Cooldowns are left out on purpose: they decide how often the bot speaks, not what it recognises, so every
    message the bot would have answered is listed. ``adjust(text, matches)`` applies what a server's moderators
    taught (learned links, suppressed incidents: `GuildLearning.adjusted`); without it nothing learned applies.
    """

    def __init__(
        self,
        snapshot: KnowledgeSnapshot,
        thresholds: Thresholds | None = None,
        *,
        adjust: Callable[[str, list[Match]], list[Match]] | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._thresholds = thresholds or snapshot.matcher.thresholds
        self._adjust = adjust
        self._verdicts: dict[str, tuple[Match, ScanAction] | None] = {}
        """Verdicts by text: the same words posted again get the same verdict without matching again."""

    def assess(self, message: HistoryMessage) -> ScanHit | None:
        """The hit for one message, or None when the bot would have stayed silent."""
        if not assessable(message):
            return None
        if message.text not in self._verdicts:
            if len(self._verdicts) >= REMEMBERED_TEXTS:
                self._verdicts.clear()
            self._verdicts[message.text] = self._verdict(message.text)
        verdict = self._verdicts[message.text]
        return ScanHit(message, *verdict) if verdict is not None else None

    def _verdict(self, text: str) -> tuple[Match, ScanAction] | None:
        matcher = self._snapshot.matcher
        candidates = matcher.match(text, top=CANDIDATES, thresholds=self._thresholds)
        if self._adjust is not None:
            candidates = self._adjust(text, candidates)
        if not candidates:
            return None
        carried = matcher.sources_carried(text)
        best, review = triage(self._snapshot, [match for match in candidates if match.incident_id not in carried])
        if best is not None:
            return best, ScanAction.REPLY
        if review:
            return review[0], ScanAction.REVIEW
        return None

    def scan(
        self,
        messages: Iterable[HistoryMessage],
        *,
        progress: Callable[[ScanReport], None] | None = None,
        every: int = 1000,
    ) -> ScanReport:
        """Assess every message; ``progress(report)`` is called every ``every`` messages (and at the end)."""
        report = ScanReport()
        for message in messages:
            report.add(message, self.assess(message), skipped=not assessable(message))
            if progress is not None and report.scanned % every == 0:
                progress(report)
        if progress is not None:
            progress(report)
        return report


def assessable(message: HistoryMessage) -> bool:
    """A member's message with text (what the live bot looks at)."""
    return not (message.author_is_bot or message.is_system or not message.text.strip())
