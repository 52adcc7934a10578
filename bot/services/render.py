"""Plain-text renderings of cards and results: the console's output and the Discord fallback.

Quotes use ``> `` lines (a block quote on Discord, readable in a terminal). Mentions are defused so
knowledge-base text can never ping anyone, whatever the sender's allowed-mentions.
"""

from __future__ import annotations

import re

from bot.services.cards import AnswerCard, PublishedRating, QuotedStatement, SourceLink
from bot.services.factcheck import FactCheckResult
from bot.services.guild_settings import GuildConfig, GuildStatus
from knowledge.matching.types import Action

_MENTION = re.compile(r"@(?=everyone|here)|<(?=@)")
_ZERO_WIDTH_SPACE = "\u200b"


def defuse_mentions(text: str) -> str:
    """Break ``@everyone``, ``@here`` and ``<@id>``-style mentions with a zero-width space."""
    return _MENTION.sub(lambda found: found.group(0) + _ZERO_WIDTH_SPACE, text)


def render_card(card: AnswerCard, *, show_score: bool = True) -> str:
    """The card as plain text: verdict and claim, clarification, quoted statements, rating, sources, why.

    "What officials said:" appears only above words someone said; a fact-checker's rating is shown as theirs.
    """
    lines = [f"{card.verdict_label}: {card.claim_text}", card.clarification]
    if not card.current:
        return defuse_mentions("\n".join([*lines, "", f"About: {card.incident_title}"]))
    if card.statements:
        lines.extend(["", "What officials said:"])
    for statement in card.statements:
        lines.extend(_statement_lines(statement))
    if card.rating is not None:
        lines.extend(["", rating_text(card.rating)])
    lines.extend(["", "Sources:"])
    lines.extend(f"- {_source_text(source)}" for source in card.sources)
    lines.extend(["", f"About: {card.incident_title}", _why(card, show_score=show_score)])
    return defuse_mentions("\n".join(lines))


def _statement_lines(statement: QuotedStatement) -> list[str]:
    lines = [f"> {statement.shown}", f"> \u2014 {statement.attribution}"]
    if statement.context:
        lines.append(f"> ({statement.context})")
    return lines


def rating_text(rating: PublishedRating) -> str:
    """``Rating by Example Fact Check: False (review: https://…)``."""
    return f"Rating by {rating.by}: {rating.rating} (review: {rating.source.url})"


def _source_text(source: SourceLink) -> str:
    label = ", ".join(part for part in (source.title, source.publisher) if part)
    if source.date:
        label = f"{label}, {source.date.isoformat()}" if label else source.date.isoformat()
    return f"{source.url} ({label})" if label else source.url


def _why(card: AnswerCard, *, show_score: bool) -> str:
    reasons = "; ".join(card.reasons) or "the message matches this claim"
    return f"Why this answer: {reasons}" + (f" (match {card.score:.0f}/100)" if show_score else "")


def render_factcheck(result: FactCheckResult) -> str:
    """A ``/factcheck`` answer: each match's card, or that nothing known matches."""
    if not result.found:
        lines = ["Nothing in the knowledge base matches this. That does not mean it is true or false."]
    else:
        lines = []
        for index, card in enumerate(result.cards):
            heading = "Matches" if card.action is Action.REPLY else "Possibly about"
            lines.extend([*([""] if index else []), f"[{heading}: {card.incident_title}]", render_card(card)])
    if result.unknown_links:
        lines.extend(["", "Links not in the knowledge base: " + ", ".join(result.unknown_links)])
    return defuse_mentions("\n".join(lines))


def render_status(status: GuildStatus) -> str:
    """``/alerts status`` as plain text."""
    config = status.config
    overrides = ", ".join(
        f"{'on' if enabled else 'off'} in channel {channel}" for channel, enabled in config.channel_overrides.items()
    )
    link_reading = "on" if config.link_fetching else "off"
    if not config.link_fetching_allowed:
        link_reading += " (turned off by the operator)"
    lines = [
        f"Automatic answers: {'on' if config.auto_replies else 'off'}" + (f" ({overrides})" if overrides else ""),
        f"Cooldown: {config.cooldown_minutes} minutes per incident and channel" + _default(config.custom_cooldown),
        f"Thresholds: reply {config.thresholds.reply:g}, review {config.thresholds.review:g}"
        + _default(config.custom_thresholds),
        f"Link reading: {link_reading}",
        f"Delivery: {_delivery(config)}",
        f"Moderators' channel: {_id_or_unset(config.moderators_channel_id)}",
        f"Reviewer role: {_id_or_unset(config.reviewer_role_id)}",
        f"Last 24 hours: {_count(status.answers_last_day, 'answer')}, {_count(status.disputes_last_day, 'dispute')}",
    ]
    return "\n".join(lines)


def _delivery(config: GuildConfig) -> str:
    channels = ", ".join(f"{mode.value} in channel {channel}" for channel, mode in config.channel_deliveries.items())
    return config.delivery.value + _default(config.delivery.value != "reply") + (f" ({channels})" if channels else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _default(custom: bool) -> str:
    return "" if custom else " (default)"


def _id_or_unset(value: int | None) -> str:
    return "not set" if value is None else str(value)
