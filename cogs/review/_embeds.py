"""The moderators' embeds: one review item (pending or decided), a queue page, the audit log, statistics."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_ui.escape import neutralise
from bot.discord_ui.limits import fit_embed, truncate
from bot.discord_ui.links import jump_url
from bot.domain import CorrectionStatus
from bot.services.corrections import CorrectionEntry
from bot.services.review_types import (
    AuditEntry,
    Candidate,
    Page,
    ReviewItemView,
    ReviewKind,
    ReviewState,
    ReviewStats,
)

KIND_TITLES = {
    ReviewKind.MATCH: "Possible misinformation",
    ReviewKind.REPORT: "Reported as misinformation",
    ReviewKind.DISPUTE: "Answer disputed",
}
REPORTERS_HEADINGS = {
    ReviewKind.MATCH: "Posted by",
    ReviewKind.REPORT: "Reported by",
    ReviewKind.DISPUTE: "Disputed by",
}
STATE_LABELS = {
    ReviewState.PENDING: "Pending",
    ReviewState.APPROVED: "Approved: answered",
    ReviewState.REJECTED: "Rejected as a false match",
    ReviewState.DISMISSED: "Dismissed: not misinformation",
    ReviewState.UPHELD: "Upheld: the answer stands",
    ReviewState.RETRACTED: "Retracted: the answer was withdrawn",
    ReviewState.EXPIRED: "Expired without a decision",
}
STATE_COLOURS = {
    ReviewState.PENDING: discord.Colour.orange(),
    ReviewState.APPROVED: discord.Colour.green(),
    ReviewState.UPHELD: discord.Colour.green(),
    ReviewState.REJECTED: discord.Colour.light_grey(),
    ReviewState.DISMISSED: discord.Colour.light_grey(),
    ReviewState.RETRACTED: discord.Colour.red(),
    ReviewState.EXPIRED: discord.Colour.dark_grey(),
}
STATE_VERBS = {
    ReviewState.APPROVED: "approved",
    ReviewState.REJECTED: "rejected",
    ReviewState.DISMISSED: "dismissed",
    ReviewState.UPHELD: "upheld",
    ReviewState.RETRACTED: "retracted",
    ReviewState.EXPIRED: "expired",
}
SHOWN_REASONS = 3
SHOWN_OTHERS = 4


def item_embed(item: ReviewItemView) -> discord.Embed:
    """A review item as moderators see it; decided items show the outcome, who decided and when."""
    embed = discord.Embed(
        title=f"{KIND_TITLES[item.kind]} \u2014 item #{item.id}",
        description=_excerpt(item),
        colour=STATE_COLOURS[item.state],
        timestamp=item.created_at,
    )
    author = f"<@{item.author_id}>" if item.author_id else "someone"
    where = f"<#{item.channel_id}> \u00b7 [Jump to it]({jump_url(item.source)})"
    embed.add_field(name="Message", value=f"By {author} in {where}")
    if item.suggestion is not None:
        heading = "The bot answered with" if item.kind is ReviewKind.DISPUTE else "Suggested"
        embed.add_field(name=heading, value=_candidate_text(item.suggestion), inline=False)
    others = [c for c in item.candidates if c != item.suggestion][:SHOWN_OTHERS]
    if others:
        embed.add_field(name="Other candidates", value="\n".join(_candidate_line(c) for c in others), inline=False)
    if item.reports:
        embed.add_field(name=REPORTERS_HEADINGS[item.kind], value=_reporters_text(item), inline=False)
    if not item.pending:
        embed.add_field(name="Decision", value=decision_text(item), inline=False)
    embed.set_footer(text=f"{_count(item.reporters, 'person', 'people')} in {_count(item.channels, 'channel')}")
    return fit_embed(embed)


def decision_text(item: ReviewItemView) -> str:
    """``Approved: answered by @mod, <date>``, or when it expired."""
    label = STATE_LABELS[item.state]
    when = discord.utils.format_dt(item.decided_at, "f") if item.decided_at else ""
    if item.decided_by is None:
        return f"{label} {when}".strip()
    return f"{label} by <@{item.decided_by}> {when}".strip()


def already_decided_text(item: ReviewItemView) -> str:
    """What a moderator who clicked too late is told."""
    return f"Already decided \u2014 {decision_text(item)}."


def queue_embed(page: Page[ReviewItemView]) -> discord.Embed:
    """A page of the pending items."""
    embed = discord.Embed(
        title=f"Review queue \u2014 {_count(page.total, 'open item')}",
        colour=discord.Colour.orange(),
        description=None if page.entries else "Nothing to review.",
    )
    for item in page.entries:
        suggested = f"Suggested: {_clean(item.suggestion.incident_title)}" if item.suggestion else "No suggestion"
        where = f"[posted]({_mod_url(item)})" if item.mod_message_id else "not posted"
        link = f"[message]({jump_url(item.source)})"
        value = f"{_excerpt(item, 150)}\n{suggested} \u00b7 {link} \u00b7 {where}"
        counts = f"{_count(item.reporters, 'person', 'people')}, {_count(item.channels, 'channel')}"
        embed.add_field(name=f"#{item.id} \u00b7 {KIND_TITLES[item.kind]} \u00b7 {counts}", value=value, inline=False)
    embed.set_footer(text=f"Page {page.page} of {page.pages}")
    return fit_embed(embed)


def log_embed(page: Page[AuditEntry], corrections: Sequence[CorrectionEntry] = ()) -> discord.Embed:
    """A page of the audit log, with the latest corrections of past answers (on the first page)."""
    lines = [_log_line(entry) for entry in page.entries] or ["No decisions yet."]
    embed = discord.Embed(title="Review decisions", description="\n".join(lines), colour=discord.Colour.blurple())
    if corrections:
        text = "\n".join(_correction_line(entry) for entry in corrections)
        embed.add_field(name="Corrections of past answers", value=truncate(text, 1024), inline=False)
    embed.set_footer(text=f"Page {page.page} of {page.pages} \u00b7 {_count(page.total, 'decision')}")
    return fit_embed(embed)


def stats_embed(stats: ReviewStats) -> discord.Embed:
    """``/review stats``."""
    embed = discord.Embed(title="Review statistics", colour=discord.Colour.blurple())
    embed.add_field(name="Open items", value=str(stats.open_items), inline=False)
    for window in stats.windows:
        decisions = ", ".join(f"{state} {count}" for state, count in sorted(window.decisions.items())) or "none"
        incidents = "\n".join(f"{title} \u2014 {count}" for _id, title, count in window.incidents) or "none"
        links = "\n".join(f"{url} \u2014 {count}" for url, count in window.links) or "none"
        embed.add_field(name=f"Last {window.days} days: decisions", value=_clean(decisions), inline=False)
        embed.add_field(name="Most reported incidents", value=_clean(incidents), inline=True)
        embed.add_field(name="Most reported links", value=_clean(links), inline=True)
    return fit_embed(embed)


def _candidate_text(candidate: Candidate) -> str:
    lines = [f"**{_clean(candidate.incident_title)}**", _clean(_claim_line(candidate))]
    if candidate.score is not None:
        lines.append(f"Score {candidate.score:.0f}/100")
    lines.extend(f"- {_clean(reason)}" for reason in candidate.reasons[:SHOWN_REASONS])
    return truncate("\n".join(lines), 1024)


def _candidate_line(candidate: Candidate) -> str:
    score = f" ({candidate.score:.0f})" if candidate.score is not None else ""
    return _clean(truncate(f"{candidate.incident_title}: {candidate.claim_text}", 180) + score)


def _claim_line(candidate: Candidate) -> str:
    return f"{candidate.verdict_label}: {candidate.claim_text}" if candidate.verdict_label else candidate.claim_text


def _reporters_text(item: ReviewItemView) -> str:
    lines = []
    for report in item.reports:
        note = f": \u201c{_clean(truncate(report.note, 150))}\u201d" if report.note else ""
        lines.append(f"<@{report.user_id}> in <#{report.channel_id}>{note}")
    hidden = item.reporters - len(item.reports)
    if hidden > 0:
        lines.append(f"and {hidden} more")
    return "\n".join(lines)


CORRECTION_STATES = {
    CorrectionStatus.PENDING: "to edit",
    CorrectionStatus.DONE: "edited",
    CorrectionStatus.GONE: "answer gone",
    CorrectionStatus.FAILED: "could not edit",
    CorrectionStatus.OFF: "not edited: corrections off",
}


def _correction_line(entry: CorrectionEntry) -> str:
    when = discord.utils.format_dt(entry.created_at, "f")
    title = _clean(truncate(entry.incident_title, 80))
    state = CORRECTION_STATES.get(entry.status, entry.status.value)
    return f"{when} \u00b7 [answer]({jump_url(entry.answer)}) \u00b7 {title}: {_clean(entry.note)} ({state})"


def _log_line(entry: AuditEntry) -> str:
    when = discord.utils.format_dt(entry.created_at, "f")
    who = f" by <@{entry.moderator_id}>" if entry.moderator_id else ""
    about = f" ({_clean(entry.incident_title)})" if entry.incident_title else ""
    return f"{when} \u00b7 item #{entry.item_id} {STATE_VERBS.get(entry.state, entry.state.value)}{who}{about}"


HIDDEN = "*The message is in a channel you cannot read.*"
DELETED = "*The message was deleted; only its ids are kept.*"


def _excerpt(item: ReviewItemView, limit: int | None = None) -> str:
    if item.source_deleted:
        return DELETED
    if item.excerpt_hidden:
        return HIDDEN
    return _quote(truncate(item.excerpt, limit) if item.excerpt and limit else item.excerpt)


def _quote(excerpt: str | None) -> str:
    if not excerpt:
        return "*The message's text is not available.*"
    return "\n".join(f"> {line}" for line in _clean(excerpt).splitlines() or [""])


def _mod_url(item: ReviewItemView) -> str:
    return jump_url(item.posted) if item.posted is not None else ""


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _clean(text: str) -> str:
    return neutralise(text)
