"""`neutralise`: members' and imported text shown exactly as written, never as links, pings or formatting."""

from __future__ import annotations

from bot.discord_ui.escape import link_target, neutralise, plain
from tests.safety.rendering import live_links, live_pings

MASKED = "[Official CDC statement](https://phish.example/login)"


def test_the_issues_masked_link_is_shown_but_not_clickable() -> None:
    shown = neutralise(MASKED)
    assert live_links(shown) == []
    assert "Official CDC statement" in shown and "phish.example/login" in shown


def test_markdown_and_mentions_lose_their_meaning() -> None:
    shown = neutralise("**b** __u__ ||s|| `c` <@123> <@&4> @everyone @here\n# h\n-# s\n> q\n12. l")
    assert live_pings(shown) == [] and "<@" not in shown
    for marker in ("\\*\\*b\\*\\*", "\\_\\_u\\_\\_", "\\|\\|s\\|\\|", "\\`c\\`", "\\# h", "\\-# s", "\\> q", "12\\. l"):
        assert marker in shown


def test_direction_controls_and_lone_surrogates_are_removed() -> None:
    assert plain("a\u202eb\u2066c\u2069 \ud800") == "abc ?"


def test_the_bots_own_link_targets_cannot_be_ended_early() -> None:
    target = link_target("https://factcheck.example/a)[x](https://phish.example/")
    assert ")" not in target and "[" not in target
    links = live_links(f"[Source]({target}) and more")
    assert links and all(link.startswith("https://factcheck.example/a%29%5Bx%5D%28https") for link in links)
