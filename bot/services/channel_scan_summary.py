"""The summary a live history scan posts for moderators: plain text, links to the messages, within one message.

Grouped by incident, then claim (the most hit first), each with how many messages the bot would have answered
and how many it was unsure of, and links to the most recent ones. When everything does not fit in
`NOTICE_CHARS`, fewer links are listed per claim, then the smallest claims are left out (and counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from bot.platform.port import NOTICE_CHARS
from bot.services.history_scan import ScanAction, ScanHit, ScanReport
from knowledge.base import KnowledgeBase

LINKS_PER_CLAIM = (5, 3, 1, 0)
"""Links tried per claim, most first, until the summary fits."""
CLAIM_CHARS = 120


@dataclass(frozen=True)
class ScanWindow:
    """What was scanned: the channel's name, how many days back from ``now``, and who asked."""

    channel_name: str
    days: int
    now: dt.datetime
    requested_by: str = ""

    @property
    def since(self) -> dt.datetime:
        """The oldest time read."""
        return self.now - dt.timedelta(days=self.days)


def summary_text(
    window: ScanWindow, report: ScanReport, knowledge: KnowledgeBase, *, queued: int, limit: int = NOTICE_CHARS
) -> str:
    """The whole summary, at most ``limit`` characters."""
    head = "\n".join(_head(window, report, queued))
    if not report.hits:
        return _clip(head, limit)
    groups = report.by_incident()
    for links in LINKS_PER_CLAIM:
        blocks = [_incident_block(knowledge, incident, claims, links) for incident, claims in groups.items()]
        text = "\n\n".join([head, *blocks])
        if len(text) <= limit:
            return text
    return _clip_blocks(head, blocks, limit)


def _head(window: ScanWindow, report: ScanReport, queued: int) -> Iterator[str]:
    asked = f", asked by {window.requested_by}" if window.requested_by else ""
    yield (
        f"History scan of #{window.channel_name}: the last {window.days} day{'s' if window.days != 1 else ''} "
        f"({window.since:%Y-%m-%d %H:%M} to {window.now:%Y-%m-%d %H:%M} UTC{asked})."
    )
    yield (
        f"Read {report.scanned:,} messages ({report.skipped:,} skipped: bots, system notices, no text). "
        "No message was replied to or reacted to: this is a report only."
    )
    if not report.hits:
        yield "No message matched a known claim."
        return
    actions = report.by_action()
    answered, unsure = actions[ScanAction.REPLY], actions[ScanAction.REVIEW]
    yield (
        f"{len(report.hits):,} matched known claims: {answered:,} the bot would have answered, {unsure:,} it was "
        f"unsure of (in {queued:,} review item{'s' if queued != 1 else ''} for moderators)."
    )


def _incident_block(knowledge: KnowledgeBase, incident_id: str, claims: dict[str, list[ScanHit]], links: int) -> str:
    total = sum(len(hits) for hits in claims.values())
    lines = [f"{_incident_title(knowledge, incident_id)} [{incident_id}]: {total:,} message{'s' if total != 1 else ''}"]
    for claim_id, hits in claims.items():
        unsure = sum(hit.action is ScanAction.REVIEW for hit in hits)
        lines.append(
            f"- claim {claim_id} \u201c{_claim_text(knowledge, incident_id, claim_id)}\u201d: {len(hits):,} "
            f"({len(hits) - unsure:,} would be answered, {unsure:,} unsure)"
        )
        lines.extend(f"  {_hit_line(hit)}" for hit in hits[:links])
        if 0 < links < len(hits):
            lines.append(f"  \u2026 and {len(hits) - links:,} more")
    return "\n".join(lines)


def _hit_line(hit: ScanHit) -> str:
    message = hit.message
    where = message.link or f"message {message.id}"
    unsure = " (unsure)" if hit.action is ScanAction.REVIEW else ""
    return f"{message.sent_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} {where}{unsure}"


def _clip_blocks(head: str, blocks: list[str], limit: int) -> str:
    """The head and as many incident blocks as fit, then how many were left out."""
    kept: list[str] = []
    for index, block in enumerate(blocks):
        rest = len(blocks) - index
        tail = f"\u2026 and {rest - 1:,} more incident{'s' if rest - 1 != 1 else ''}" if rest > 1 else ""
        if len("\n\n".join([head, *kept, block, tail])) > limit:
            left = f"\u2026 and {rest:,} more incident{'s' if rest != 1 else ''}"
            return _clip("\n\n".join([head, *kept, left]), limit)
        kept.append(block)
    return _clip("\n\n".join([head, *kept]), limit)


def _incident_title(knowledge: KnowledgeBase, incident_id: str) -> str:
    return knowledge.get(incident_id).title if incident_id in knowledge else incident_id


def _claim_text(knowledge: KnowledgeBase, incident_id: str, claim_id: str) -> str:
    try:
        text = knowledge.claim(incident_id, claim_id).text
    except KeyError:
        return claim_id
    return _clip(" ".join(text.split()), CLAIM_CHARS)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
