"""Embeds are cut to Discord's limits, never refused."""

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord_ui.limits import (
    DESCRIPTION,
    ELLIPSIS,
    FIELD_VALUE,
    FIELDS,
    TITLE,
    TOTAL,
    fit_embed,
    fit_embeds,
    truncate,
)


def test_truncate_keeps_short_text_and_marks_cut_text():
    assert truncate("short", 10) == "short"
    cut = truncate("a" * 50, 10)
    assert len(cut) == 10
    assert cut.endswith(ELLIPSIS)


def embed_of(title: int, description: int, fields: list[int], footer: int = 0) -> discord.Embed:
    embed = discord.Embed(title="t" * title or None, description="d" * description or None)
    for index, size in enumerate(fields):
        embed.add_field(name=f"field {index}", value="v" * size or "x", inline=False)
    if footer:
        embed.set_footer(text="f" * footer)
    return embed


def assert_within_limits(embed: discord.Embed, budget: int = TOTAL) -> None:
    assert len(embed) <= budget
    assert len(embed.title or "") <= TITLE
    assert len(embed.description or "") <= DESCRIPTION
    assert len(embed.fields) <= FIELDS
    assert all(len(field.value or "") <= FIELD_VALUE for field in embed.fields)


def test_a_huge_embed_is_cut_to_every_limit():
    embed = fit_embed(embed_of(400, 10_000, [3000] * 30, footer=3000))

    assert_within_limits(embed)
    assert embed.description.endswith(ELLIPSIS)
    assert embed.fields[0].value.endswith(ELLIPSIS)


def test_an_embed_within_the_limits_is_unchanged():
    embed = embed_of(20, 200, [100, 100])
    before = embed.to_dict()

    assert fit_embed(embed).to_dict() == before


@settings(max_examples=60, deadline=None)
@given(
    title=st.integers(0, 600),
    description=st.integers(0, 9000),
    fields=st.lists(st.integers(0, 2000), max_size=30),
    footer=st.integers(0, 2500),
    budget=st.integers(300, TOTAL),
)
def test_any_embed_fits_any_budget(title, description, fields, footer, budget):
    assert_within_limits(fit_embed(embed_of(title, description, fields, footer), budget), budget)


def test_embeds_of_one_message_share_its_budget():
    embeds = fit_embeds([embed_of(100, 4000, [1000] * 3) for _ in range(12)])

    assert len(embeds) == 10
    assert sum(len(embed) for embed in embeds) <= TOTAL
