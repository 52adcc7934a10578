"""Hashtags written in one lowercase run ("#alyshaduran", "#justiceforbriana") read as the keywords in them.

Camel-case tags are split when text is normalised ("#JusticeForAlysha"); a lowercase run can only be split with
words one knows, so the knowledge base's keywords are looked for in it, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MIN_KEY = 5
"""Shortest keyword (letters and digits) looked for inside a tag: shorter ones hide in too many words."""

MAX_TAG = 40
"""Longest tag looked into (a run of hundreds of letters is no tag anyone reads)."""

_TAG = re.compile(rf"(?<![\w&])#([A-Za-z0-9_]{{{MIN_KEY},{MAX_TAG}}})(?![A-Za-z0-9_])")


def tag_keys(keywords: Iterable[str]) -> dict[str, str]:
    """Each keyword as it is written inside a tag ("alyshaduran"), with its words ("alysha duran")."""
    keys: dict[str, str] = {}
    for keyword in keywords:
        words = re.findall(r"[a-z0-9]+", keyword.casefold())
        key = "".join(words)
        if MIN_KEY <= len(key) <= MAX_TAG:
            keys.setdefault(key, " ".join(words))
    return keys


def split_tags(text: str, keys: Mapping[str, str]) -> str:
    """The text with each lowercase tag holding a keyword spelt out: "#justiceforalysha" -> "justicefor alysha"."""
    if "#" not in text or not keys:
        return text
    return _TAG.sub(lambda found: _split(found.group(1), keys) or found.group(0), text)


def _split(tag: str, keys: Mapping[str, str]) -> str | None:
    """The tag's keywords spelt out, longest first from the left; None when it holds none (or is camel case,
    which the normaliser splits: "#JusticeForAlysha").
    """  # noqa: D205
    if not tag.islower():
        return None
    parts: list[str] = []
    start, found = 0, False
    while start < len(tag):
        end = next((end for end in range(len(tag), start + MIN_KEY - 1, -1) if tag[start:end] in keys), None)
        if end is None:
            parts.append(tag[start])
            start += 1
            continue
        parts.append(f" {keys[tag[start:end]]} ")
        start, found = end, True
    return " ".join("".join(parts).split()) if found else None
