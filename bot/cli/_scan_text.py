"""``scan``'s outputs on standard output: the readable report, or one JSON line per hit."""

from __future__ import annotations

import json
from collections.abc import Iterator

from bot.exports import ChatExport
from bot.services.history_scan import ScanAction, ScanHit, ScanReport
from knowledge.base import KnowledgeBase

EXCERPT_CHARS = 80


def json_lines(report: ScanReport) -> Iterator[str]:
    """One JSON object per message the bot would have answered or queued, in the order read."""
    for hit in report.hits:
        yield json.dumps(
            {
                "id": hit.message.id,
                "incident": hit.match.incident_id,
                "claim": hit.match.claim_id,
                "action": hit.action.value,
                "score": hit.score,
            },
            ensure_ascii=False,
        )


def readable_report(export: ChatExport, report: ScanReport, knowledge: KnowledgeBase, *, limit: int) -> Iterator[str]:
    """The summary, then per incident and claim the count and up to ``limit`` messages (0: all)."""
    yield from _summary(export, report)
    for incident_id, claims in report.by_incident().items():
        total = sum(len(hits) for hits in claims.values())
        yield ""
        yield f"{_incident_title(knowledge, incident_id)} [{incident_id}]: {total:,} messages"
        for claim_id, hits in claims.items():
            yield from _claim_block(incident_id, claim_id, hits, knowledge, limit)


def _summary(export: ChatExport, report: ScanReport) -> Iterator[str]:
    channels = len(export.channels)
    source = f"{export.platform} export" + (f" of {export.name!r}" if export.name else "")
    span = ""
    if report.first_at is not None and report.last_at is not None:
        span = f", {report.first_at:%Y-%m-%d} to {report.last_at:%Y-%m-%d}"
    yield (
        f"Scanned {report.scanned:,} messages in {channels:,} channel{'s' if channels != 1 else ''} ({source}{span}); "
        f"{report.skipped:,} skipped (bots, system notices, no text)."
    )
    actions = report.by_action()
    if not report.hits:
        yield "Nothing matched: the bot would have answered no message and queued none for review."
        return
    yield (
        f"The bot would have answered {actions[ScanAction.REPLY]:,} messages and queued "
        f"{actions[ScanAction.REVIEW]:,} for moderators' review. It replied to none: this is a report only."
    )


def _claim_block(
    incident_id: str, claim_id: str, hits: list[ScanHit], knowledge: KnowledgeBase, limit: int
) -> Iterator[str]:
    replies = sum(hit.action is ScanAction.REPLY for hit in hits)
    _title, claim = claim_names(knowledge, incident_id, claim_id)
    yield f"  claim {claim_id}: {claim}"
    yield f"  {len(hits):,} messages: {replies:,} would be answered, {len(hits) - replies:,} queued for review"
    shown = hits if limit == 0 else hits[:limit]
    for hit in shown:
        yield "    " + _hit_line(hit)
    if len(shown) < len(hits):
        yield f"    ... and {len(hits) - len(shown):,} more (--limit 0 lists them all; --json gives every id)"


def _hit_line(hit: ScanHit) -> str:
    message = hit.message
    where = message.link or f"#{message.channel_name} id {message.id}"
    author = f"@{message.author_name}" if message.author_name else "someone"
    line = (
        f"{hit.action.value:<6} {hit.score:>3}  {message.sent_at:%Y-%m-%d %H:%M}  {author} in #{message.channel_name}"
        f"  {where}\n           \u201c{excerpt(message.text)}\u201d"
    )
    held = held_back(hit)
    return f"{line}\n           not answered: {held}" if held else line


def held_back(hit: ScanHit) -> str:
    """For a review, the matcher's reasons not to answer unasked (too short, disputes the claim...), if any."""
    if hit.action is not ScanAction.REVIEW:
        return ""
    return "; ".join(reason.detail for reason in hit.match.reasons if reason.kind in {"context", "near-miss"})


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line without control characters (terminal escapes), cut to ``limit`` characters."""
    flat = " ".join("".join(char if char.isprintable() else " " for char in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _incident_title(knowledge: KnowledgeBase, incident_id: str) -> str:
    return knowledge.get(incident_id).title if incident_id in knowledge else incident_id


def claim_names(knowledge: KnowledgeBase, incident_id: str, claim_id: str) -> tuple[str, str]:
    """The incident's title and the claim's text (the ids when the knowledge no longer has them)."""
    try:
        incident = knowledge.get(incident_id)
        return incident.title, incident.claim(claim_id).text
    except KeyError:
        return incident_id, claim_id
