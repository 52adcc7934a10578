"""Slack message text both ways: members' mrkdwn read as plain text, and text made safe to show.

Slack escapes ``&``, ``<`` and ``>`` in message text and writes links and mentions as ``<…>`` tokens
(https://docs.slack.dev/messaging/formatting-message-text). What the bot shows is escaped the same way, so no
member's or knowledge-base text can become a mention (``<!channel>``, ``<@U…>``, ``<!subteam^…>``) or a link.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"<([^<>]*)>")
_SPECIAL = {"!channel": "@channel", "!here": "@here", "!everyone": "@everyone"}


def escape(text: str) -> str:
    """Escape exactly ``&``, ``<`` and ``>`` (Slack's control characters)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo `escape`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text(mrkdwn: str) -> str:
    """A member's message as they typed it: links as their URLs, mentions as ``@name``/``#channel``."""
    return unescape(_TOKEN.sub(_token_text, mrkdwn))


def _token_text(found: re.Match[str]) -> str:
    target, _, label = found.group(1).partition("|")
    if target in _SPECIAL:
        return _SPECIAL[target]
    if target.startswith(("@", "#")):
        return target[0] + (label.lstrip("@#") or target[1:])
    if target.startswith("!"):
        return "@" + (label.lstrip("@") or target[1:].split("^")[-1])
    if label and label not in target:
        return f"{target} {label}"
    return target


def link(url: str, label: str) -> str:
    """A mrkdwn link whose URL and label cannot break out of the ``<url|label>`` token."""
    safe_url = escape(url).replace("|", "%7C")
    safe_label = escape(label).replace("|", "\u2758")
    return f"<{safe_url}|{safe_label}>" if label else f"<{safe_url}>"


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, an ellipsis marking a cut (never inside an ``&…;`` escape)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "\u2026"
