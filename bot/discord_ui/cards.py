"""Answer cards as Discord embeds: the verdict, the clarification, the officials' words, sources and why.

Every text comes from the knowledge base (through `AnswerCard`), which may hold texts imported from ClaimReview
feeds: each is shown as written (`bot.discord_ui.escape`: no markdown, link or mention of its own), and every
part is cut to Discord's limits, so a long quote never makes a send fail.
"""

from __future__ import annotations

import discord

from bot.discord_ui.escape import link_target, neutralise, plain
from bot.discord_ui.limits import TOTAL, fit_embed, fit_embeds
from bot.services.cards import AnswerCard, PublishedRating, QuotedStatement, SourceLink
from bot.services.factcheck import FactCheckResult
from knowledge.matching.types import Action
from knowledge.schema import Verdict

VERDICT_COLOURS: dict[Verdict, discord.Colour] = {
    Verdict.FALSE: discord.Colour.red(),
    Verdict.CONTRADICTED: discord.Colour.dark_red(),
    Verdict.MISLEADING: discord.Colour.orange(),
    Verdict.MISSING_CONTEXT: discord.Colour.gold(),
    Verdict.UNPROVEN: discord.Colour.light_grey(),
    Verdict.ACCURATE: discord.Colour.green(),
}
WITHDRAWN_COLOUR = discord.Colour.light_grey()
"""An answer that no longer stands (its claim withdrawn, or retracted by moderators)."""
NOTHING_FOUND = "Nothing in the knowledge base matches that. That does not mean it is true or false."


def card_embed(card: AnswerCard, *, heading: str | None = None, budget: int = TOTAL) -> discord.Embed:
    """The embed for one card; ``heading`` (e.g. "Possibly about") goes above the title with the incident."""
    sources = card.sources
    embed = discord.Embed(
        title=_clean(f"{card.verdict_label}: {card.claim_text}"),
        description=_clean(card.clarification),
        colour=VERDICT_COLOURS.get(card.verdict, discord.Colour.blurple()) if card.current else WITHDRAWN_COLOUR,
        url=sources[0].url if sources else None,
    )
    if heading:
        embed.set_author(name=plain(f"{heading}: {card.incident_title}")[:256])
    for statement in card.statements:
        embed.add_field(name=_clean(statement.attribution), value=_statement_text(statement), inline=False)
    if card.rating is not None:
        embed.add_field(name="Fact-checker's rating", value=_rating_text(card.rating), inline=False)
    if sources:
        embed.add_field(name="Sources", value="\n".join(_source_line(source) for source in sources), inline=False)
    if card.current:
        embed.add_field(name="Why this answer", value=_why(card), inline=False)
    if not heading:
        embed.set_footer(text=plain(f"About: {card.incident_title}"))
    return fit_embed(embed, budget)


def factcheck_embeds(result: FactCheckResult) -> list[discord.Embed]:
    """One embed per card (best first), sharing one message's limits."""
    embeds = [
        card_embed(card, heading="Matches" if card.action is Action.REPLY else "Possibly about")
        for card in result.cards
    ]
    return fit_embeds(embeds)


def factcheck_note(result: FactCheckResult) -> str | None:
    """The text sent with the embeds: "nothing matches", and the links the knowledge base does not know."""
    lines = [] if result.found else [NOTHING_FOUND]
    if result.unknown_links:
        links = ", ".join(_clean(link) for link in result.unknown_links)
        lines.append(f"Links not in the knowledge base: {links}")
    return "\n".join(lines)[:2000] if lines else None


def _statement_text(statement: QuotedStatement) -> str:
    quoted = "\n".join(f"> {line}" for line in _clean(statement.shown).splitlines())
    if statement.context:
        quoted += f"\n*{_clean(statement.context)}*"
    return quoted


def _rating_text(rating: PublishedRating) -> str:
    """``**False**, by Example Fact Check ([the review](url))``: imported text, so no markdown gets through."""
    review = link_target(rating.source.url)
    return f"**{_escape_label(rating.rating)}**, by {_escape_label(rating.by)} ([the review]({review}))"


def _source_line(source: SourceLink) -> str:
    label = ", ".join(part for part in (source.title, source.publisher) if part) or source.url
    if source.date:
        label = f"{label}, {source.date.isoformat()}"
    return f"- [{_escape_label(label)}]({link_target(source.url)})"


def _why(card: AnswerCard) -> str:
    reasons = "; ".join(card.reasons) or "the message matches this claim"
    return _clean(f"{reasons}\nMatch score: {card.score:.0f}/100")


def _escape_label(text: str) -> str:
    return _clean(text.replace("[", "(").replace("]", ")"))


def _clean(text: str) -> str:
    return neutralise(text)
