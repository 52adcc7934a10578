"""The review cog's embeds and components, built from plain service views (no Discord connection)."""

import datetime as dt

import discord
import pytest

from bot.services.review_types import Candidate, Reporter, ReviewItemView, ReviewKind, ReviewState
from cogs.review._embeds import already_decided_text, item_embed
from cogs.review._views import BUTTON_ACTIONS, PICK, ReviewButton, ReviewPick, custom_id, item_actions, item_view

WHEN = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
SUGGESTION = Candidate(
    "compton", "shot", "Compton takeover video", "A man shot at a sergeant", "Misleading", 62.0, ("r",)
)


def item(**changes: object) -> ReviewItemView:
    values: dict[str, object] = {
        "id": 12,
        "guild_id": 1,
        "kind": ReviewKind.MATCH,
        "state": ReviewState.PENDING,
        "channel_id": 2,
        "message_id": 3,
        "author_id": 4,
        "excerpt": "see this @everyone <@5>",
        "link": None,
        "suggestion": SUGGESTION,
        "candidates": (SUGGESTION,),
        "reporters": 7,
        "channels": 3,
        "reports": (Reporter(4, 2, "note @here"),),
        "created_at": WHEN,
        "last_seen_at": WHEN,
    }
    return ReviewItemView(**{**values, **changes})  # type: ignore[arg-type]


def embed_text(embed: discord.Embed) -> str:
    fields = [f"{field.name}: {field.value}" for field in embed.fields]
    return "\n".join([embed.title or "", embed.description or "", *fields, embed.footer.text or ""])


def test_a_pending_item_shows_its_context_with_mentions_defused() -> None:
    embed = item_embed(item())
    text = embed_text(embed)
    assert embed.title == "Possible misinformation \u2014 item #12"
    assert "@\u200beveryone" in text and "\\<\u200b@5\\>" in text and "@\u200bhere" in text
    assert "https://discord.com/channels/1/2/3" in text
    assert "Score 62/100" in text
    assert "and 6 more" in text
    assert embed.footer.text == "7 people in 3 channels"
    assert "Decision" not in text


def test_a_decided_item_shows_who_decided_and_when() -> None:
    decided = item(state=ReviewState.REJECTED, decided_by=9, decided_at=WHEN)
    text = embed_text(item_embed(decided))
    assert f"Rejected as a false match by <@9> <t:{int(WHEN.timestamp())}:f>" in text
    assert already_decided_text(decided).startswith("Already decided \u2014 Rejected")
    expired = item(state=ReviewState.EXPIRED, decided_at=WHEN)
    assert "Expired without a decision <t:" in embed_text(item_embed(expired))


@pytest.mark.parametrize(
    ("changes", "actions"),
    [
        ({}, ["approve", "other", "reject", "dismiss"]),
        ({"suggestion": None, "candidates": ()}, ["other", "draft", "dismiss"]),
        ({"kind": ReviewKind.DISPUTE}, ["uphold", "retract"]),
    ],
)
def test_the_buttons_fit_the_item(changes: dict[str, object], actions: list[str]) -> None:
    view = item_view(item(**changes))
    assert item_actions(item(**changes)) == actions
    assert [child.custom_id for child in view.children] == [custom_id(12, action) for action in actions]  # type: ignore[attr-defined]


def test_custom_ids_fit_discord_and_match_the_templates() -> None:
    for action in [*BUTTON_ACTIONS.split("|")]:
        largest = custom_id(2**63 - 1, action)
        assert len(largest) <= 100
        assert ReviewButton.__discord_ui_compiled_template__.fullmatch(largest)
    assert ReviewPick.__discord_ui_compiled_template__.fullmatch(custom_id(12, PICK))
    assert not ReviewButton.__discord_ui_compiled_template__.fullmatch(custom_id(12, "delete-everything"))
