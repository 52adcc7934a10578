"""Making text the bot did not write itself safe to show in Discord messages and embeds.

Members' excerpts, reporters' notes, moderators' queries and texts imported from ClaimReview feeds are shown to
moderators and members; none may ping anyone, carry a clickable (or disguised) link, or take over the layout.
`neutralise` is the one function for text that Discord renders as markdown (message content, embed descriptions
and field values, titles); `plain` is for the places that show text as is (footers, author names, select
options), where backslashes would show.
"""

from __future__ import annotations

import re

from bot.services.render import defuse_mentions

_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Direction marks, embeddings, overrides and isolates: they can make text read differently from what it is."""
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<>])")
"""Characters Discord's markdown gives a meaning anywhere (emphasis, code, spoilers, links, mentions, quotes)."""
_LINE_START = re.compile(r"^(\s*)(?:([#+-])|(\d+)\.)", re.MULTILINE)
"""What makes a line a heading, subtext or list item."""
_SCHEME = re.compile(r":(?=//)")
"""``https://`` and every other scheme: a zero-width space after the colon stops Discord from linking it."""
_ZERO_WIDTH_SPACE = "\u200b"


def plain(text: str) -> str:
    """Text for places that are not markdown: lone surrogates as ``?``, no direction controls, no mentions."""
    storable = text.encode("utf-8", "replace").decode("utf-8")
    return defuse_mentions(_BIDI_CONTROLS.sub("", storable))


def neutralise(text: str) -> str:
    """Text for markdown places, shown exactly as written: no formatting, no link (bare or masked), no mention.

    Every markdown character is escaped with a backslash (Discord then shows it as is), every ``://`` gets a
    zero-width space so nothing is linked, and mentions are defused (`plain`).
    """
    escaped = _LINE_START.sub(_escape_line_start, _MARKDOWN.sub(r"\\\1", plain(text)))
    return _SCHEME.sub(":" + _ZERO_WIDTH_SPACE, escaped)


def _escape_line_start(found: re.Match[str]) -> str:
    indent, marker, number = found.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\."


def link_target(url: str) -> str:
    """A URL made safe as the target of a masked link the bot writes: nothing in it can end the link early."""
    return "".join(_TARGET_ESCAPES.get(character, character) for character in url)


_TARGET_ESCAPES = {c: f"%{ord(c):02X}" for c in "()<>[] \t\n\"'\\`"}
