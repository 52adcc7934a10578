"""Incident embeds for ``/incident show`` and ``/incident list``."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_ui.cards import VERDICT_COLOURS
from bot.discord_ui.escape import link_target, neutralise, plain
from bot.discord_ui.limits import DESCRIPTION, FIELD_VALUE, fit_embed, truncate
from bot.services.drafts import Draft
from knowledge.schema import REPORTED, Incident

MAX_QUOTES = 3


def incident_embed(incident: Incident) -> discord.Embed:
    """One incident: summary, verdict, claims with their verdicts, officials' words and sources."""
    embed = discord.Embed(
        title=_clean(incident.title),
        description=_clean(incident.summary),
        colour=VERDICT_COLOURS.get(incident.verdict, discord.Colour.blurple()),
    )
    embed.add_field(name="Verdict", value=_clean(f"{incident.verdict.label}: {incident.verdict_summary}"), inline=False)
    when_where = _when_where(incident)
    if when_where:
        embed.add_field(name="When and where", value=_clean(when_where), inline=False)
    claims = "\n".join(f"- **{claim.verdict.label}**: {_clean(claim.text)}" for claim in incident.claims)
    embed.add_field(name="Claims going around", value=claims, inline=False)
    for statement in incident.statements[:MAX_QUOTES]:
        quote = "\n".join(f"> {line}" for line in _clean(statement.shown).splitlines())
        speaker = f"{statement.speaker}, {REPORTED}" if statement.reported else statement.speaker
        embed.add_field(name=_clean(speaker), value=quote, inline=False)
    if incident.sources:
        lines = [
            f"- [{_label(source.publisher or source.title or str(source.url))}]({link_target(str(source.url))})"
            for source in incident.sources
        ]
        embed.add_field(name="Sources", value="\n".join(lines), inline=False)
    embed.set_footer(text=plain(f"id: {incident.id}"))
    return fit_embed(embed)


def incident_list_embed(incidents: Sequence[Incident], own: Sequence[Draft] = ()) -> discord.Embed:
    """Every incident the bot knows, one line each (cut with a count when too many for one embed); then the
    server's own claims, drafted by its moderators, numbered for ``/review claim-edit`` and ``claim-remove``.
    """  # noqa: D205
    lines = [f"- **{_clean(incident.title)}** (`{incident.id}`): {incident.verdict.label}" for incident in incidents]
    description = "\n".join(lines) or "The knowledge base is empty."
    if len(description) > DESCRIPTION:
        description = truncate(description, DESCRIPTION - 40) + f"\n(and more: {len(incidents)} in all)"
    embed = discord.Embed(title=f"Known incidents ({len(incidents)})", description=description)
    if own:
        embed.add_field(name=f"This server's claims ({len(own)})", value=_own_lines(own), inline=False)
    embed.set_footer(text="/incident show <id> for the details")
    return fit_embed(embed)


def _own_lines(own: Sequence[Draft]) -> str:
    lines = []
    for draft in own:
        claim = draft.incident.claims[0]
        lines.append(
            f"- #{draft.id} **{_clean(truncate(claim.text, 150))}** (`{draft.incident.id}`): {claim.verdict.label}"
        )
    text = "\n".join(lines)
    return text if len(text) <= FIELD_VALUE else truncate(text, FIELD_VALUE - 40) + f"\n(and more: {len(own)} in all)"


def _when_where(incident: Incident) -> str:
    parts = []
    if incident.when or incident.date:
        parts.append(incident.when or (incident.date.isoformat() if incident.date else ""))
    if incident.location is not None:
        location = incident.location
        parts.append(", ".join(part for part in (location.place, location.city, location.region) if part))
    return "; ".join(part for part in parts if part)


def _label(text: str) -> str:
    return _clean(text.replace("[", "(").replace("]", ")"))


def _clean(text: str) -> str:
    return neutralise(text)
