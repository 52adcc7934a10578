"""Discord's embed limits, and fitting text and whole embeds into them without ever failing a send."""

from __future__ import annotations

import discord

TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
FIELDS = 25
TOTAL = 6000
"""Characters across every embed of one message (titles, descriptions, fields, footers, authors)."""
EMBEDS_PER_MESSAGE = 10
MESSAGE_CONTENT = 2000

ELLIPSIS = "…"
_MIN_KEPT = 40
"""Shortening an embed stops cutting a text below this many characters, and drops fields instead."""


def truncate(text: str, limit: int) -> str:
    """The text cut to at most ``limit`` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def fit_embed(embed: discord.Embed, budget: int = TOTAL) -> discord.Embed:
    """Shorten an embed in place until ``len(embed) <= budget`` and return it.

    Every part is first cut to its own limit. Then, while over budget, the longest of the description and the
    field values is shortened (never below a short readable length); if that is not enough, the last fields
    are dropped, then the footer.
    """
    _clip_parts(embed)
    while len(embed) > budget:
        excess = len(embed) - budget
        if _shorten_longest(embed, excess):
            continue
        if embed.fields:
            embed.remove_field(len(embed.fields) - 1)
        elif embed.footer.text:
            embed.remove_footer()
        else:
            embed.title = truncate(embed.title or "", max(1, len(embed.title or "") - excess))
            embed.description = truncate(embed.description or "", max(0, budget - len(embed)))
            break
    return embed


def fit_embeds(embeds: list[discord.Embed], budget: int = TOTAL) -> list[discord.Embed]:
    """At most ten embeds sharing one message's budget: each gets an equal share, unused share passes on."""
    kept = embeds[:EMBEDS_PER_MESSAGE]
    remaining = budget
    for index, embed in enumerate(kept):
        share = remaining // (len(kept) - index)
        fit_embed(embed, share)
        remaining -= len(embed)
    return kept


def _clip_parts(embed: discord.Embed) -> None:
    if embed.title:
        embed.title = truncate(embed.title, TITLE)
    if embed.description:
        embed.description = truncate(embed.description, DESCRIPTION)
    if embed.footer.text:
        embed.set_footer(text=truncate(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    while len(embed.fields) > FIELDS:
        embed.remove_field(len(embed.fields) - 1)
    for index, field in enumerate(embed.fields):
        embed.set_field_at(
            index,
            name=truncate(_visible(field.name), FIELD_NAME),
            value=truncate(_visible(field.value), FIELD_VALUE),
            inline=bool(field.inline),
        )


def _visible(text: str | None) -> str:
    """Discord refuses a blank field name or value (whitespace only counts as blank): a zero-width space then."""
    return text if text is not None and text.strip() else "\u200b"


def _shorten_longest(embed: discord.Embed, excess: int) -> bool:
    """Cut the longest shortenable text by ``excess`` characters (or down to the minimum); False if none is."""
    candidates: list[tuple[int, int]] = [(len(embed.description or ""), -1)]
    candidates += [(len(field.value or ""), index) for index, field in enumerate(embed.fields)]
    length, index = max(candidates)
    if length <= _MIN_KEPT:
        return False
    target = max(_MIN_KEPT, length - excess)
    if index < 0:
        embed.description = truncate(embed.description or "", target)
    else:
        field = embed.fields[index]
        embed.set_field_at(index, name=field.name, value=truncate(field.value or "", target), inline=bool(field.inline))
    return True
