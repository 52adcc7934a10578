"""Slack's message markup (``<https://x|label>``, ``<@U123>``, ``&amp;``...) as the plain text members saw."""

from __future__ import annotations

import re
from collections.abc import Mapping

_ANGLED = re.compile(r"<([^<>\n]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def plain_text(text: str, users: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """The text with links as their address (and label), mentions as ``@name`` and ``#name``, entities decoded."""

    def replace(found: re.Match[str]) -> str:
        return _token(found.group(1), users, channels)

    decoded = _ANGLED.sub(replace, text)
    for entity, character in _ENTITIES:
        decoded = decoded.replace(entity, character)
    return decoded


def _token(inner: str, users: Mapping[str, str], channels: Mapping[str, str]) -> str:
    target, _bar, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or users.get(target[1:], target[1:]))
    if target.startswith("#"):
        return "#" + (label or channels.get(target[1:], target[1:]))
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        return label or _SPECIAL.get(name, "")
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    if not label or label in target:
        return target
    return f"{label} {target}"
