"""``scan --html``: a one-page, self-contained report with an inline SVG chart of matches per day and incident."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

from bot.charts import Panel, daily_bars, day_range
from bot.cli._scan_text import claim_names, excerpt, held_back
from bot.exports import ChatExport
from bot.services.history_scan import ScanAction, ScanHit, ScanReport
from knowledge.base import KnowledgeBase

LISTED = 50
"""Messages listed per claim (the counts cover them all)."""
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.lead { color: #555; } .chart svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.reply { color: #b3261e; font-weight: 600; } .review { color: #8a6d00; font-weight: 600; }
.quote { color: #444; overflow-wrap: anywhere; } .more { color: #666; font-style: italic; }
td.when, td.where { white-space: nowrap; } .why { color: #8a6d00; font-size: .8rem; margin-top: .2rem; }
"""


def html_report(export: ChatExport, report: ScanReport, knowledge: KnowledgeBase, *, source: str) -> str:
    """The page, as one string."""
    body = "\n".join([*_header(export, report, source), *_chart(report, knowledge), *_tables(report, knowledge)])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>History scan \u2014 {_e(source)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _header(export: ChatExport, report: ScanReport, source: str) -> Iterator[str]:
    actions = report.by_action()
    span = ""
    if report.first_at is not None and report.last_at is not None:
        span = f" from {report.first_at:%Y-%m-%d} to {report.last_at:%Y-%m-%d}"
    yield f"<h1>History scan of {_e(source)}</h1>"
    yield (
        f'<p class="lead">{_e(export.platform.capitalize())} export{_e(" of " + export.name) if export.name else ""}: '
        f"{report.scanned:,} messages in {_plural(len(export.channels), 'channel')}{span}; {report.skipped:,} skipped "
        "(bots, system notices, no text).</p>"
    )
    yield (
        f'<p><span class="reply">{actions[ScanAction.REPLY]:,} would have been answered</span>, '
        f'<span class="review">{actions[ScanAction.REVIEW]:,} queued for review</span>. '
        "Nothing was posted: this is a report only.</p>"
    )


def _chart(report: ScanReport, knowledge: KnowledgeBase) -> Iterator[str]:
    if report.first_at is None or report.last_at is None or not report.hits:
        yield "<p>No message matched a known claim.</p>"
        return
    days = day_range(report.first_at.astimezone(dt.UTC).date(), report.last_at.astimezone(dt.UTC).date())
    labels = {incident.id: incident.title for incident in knowledge}
    per_day = report.per_day()
    svg = daily_bars(
        [Panel("Messages answered or queued, per day (UTC)", per_day)], days, labels, title="Matches per day", fmt="svg"
    ).decode("utf-8")
    yield f'<div class="chart" role="img" aria-label="Matches per day and incident">{svg[svg.index("<svg") :]}</div>'


def _tables(report: ScanReport, knowledge: KnowledgeBase) -> Iterator[str]:
    groups = report.by_claim()
    if not groups:
        return
    yield "<h2>Matches by claim</h2>"
    yield "<table><tr><th>Incident</th><th>Claim</th><th>Messages</th><th>Reply</th><th>Review</th></tr>"
    for (incident_id, claim_id), hits in groups.items():
        title, claim = claim_names(knowledge, incident_id, claim_id)
        replies = sum(hit.action is ScanAction.REPLY for hit in hits)
        yield (
            f"<tr><td>{_e(title)}</td><td>{_e(claim)}</td><td class=n>{len(hits):,}</td>"
            f"<td class=n>{replies:,}</td><td class=n>{len(hits) - replies:,}</td></tr>"
        )
    yield "</table>"
    for (incident_id, claim_id), hits in groups.items():
        yield from _messages(incident_id, claim_id, hits, knowledge)


def _messages(incident_id: str, claim_id: str, hits: list[ScanHit], knowledge: KnowledgeBase) -> Iterator[str]:
    title, claim = claim_names(knowledge, incident_id, claim_id)
    yield f"<h2>{_e(title)}: \u201c{_e(claim)}\u201d</h2>"
    yield "<table><tr><th>Action</th><th>Score</th><th>When (UTC)</th><th>Where</th><th>Message</th></tr>"
    for hit in hits[:LISTED]:
        message = hit.message
        where = f"#{_e(message.channel_name)}" + (f" \u00b7 @{_e(message.author_name)}" if message.author_name else "")
        linkable = message.link is not None and message.link.startswith(("https://", "http://"))
        link = f'<a href="{_e(message.link or "")}">{where}</a>' if linkable else f"{where} \u00b7 id {_e(message.id)}"
        yield (
            f'<tr><td class="{hit.action.value}">{hit.action.value}</td><td class=n>{hit.score}</td>'
            f'<td class="when">{message.sent_at.astimezone(dt.UTC):%Y-%m-%d %H:%M}</td><td class="where">{link}</td>'
            f'<td class="quote">{_e(excerpt(message.text, 200))}{_why(hit)}</td></tr>'
        )
    yield "</table>"
    if len(hits) > LISTED:
        yield f'<p class="more">\u2026 and {len(hits) - LISTED:,} more (scan --json lists every message).</p>'


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _why(hit: ScanHit) -> str:
    held = held_back(hit)
    return f'<div class="why">{_e(held)}</div>' if held else ""


def _e(text: str) -> str:
    return html.escape(text, quote=True)
