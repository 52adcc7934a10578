"""What a member would see of a Discord message or embed: live links, live pings, broken limits."""

from __future__ import annotations

import re
from typing import Any

from bot.discord_ui import limits

HOSTILE_HOST = "phish.example"
HOSTILE_USER = 999000999
HOSTILE_ROLE = 888000888
HOSTILE_FRAGMENTS = [
    f"[Official CDC statement](https://{HOSTILE_HOST}/login)",
    f"[x](<https://{HOSTILE_HOST}/a>)",
    f"<https://{HOSTILE_HOST}/b>",
    f"https://{HOSTILE_HOST}/c",
    f"HTTPS://{HOSTILE_HOST}/d",
    f"[**bold**](http://{HOSTILE_HOST}/e 'title')",
    "@everyone",
    "@here",
    f"<@{HOSTILE_USER}>",
    f"<@!{HOSTILE_USER}>",
    f"<@&{HOSTILE_ROLE}>",
    "**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block```",
    "# heading\n-# subtext\n> quote\n>>> all quoted\n1. list",
    "\u202eevil\u202c \u2066isolate\u2069 \u200fmark",
    "zero\u200bwidth\u200d\ufeffjoin",
    "\ud800 lone \udfff surrogates",
    "\\",
    "[",
    "](",
    ":",
    "//",
    "\n",
]
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPED = re.compile(r"\\[^\w\s]")
_MASKED = re.compile(r"\[[^\[\]]*\]\(\s*<?([^)\s>]*)")
_BARE = re.compile(r"[a-z][a-z0-9+.\-]*://\S+", re.IGNORECASE)
_PINGS = re.compile(rf"@everyone|@here|<@[!&]?(?:{HOSTILE_USER}|{HOSTILE_ROLE})>")


def live_links(markdown: str) -> list[str]:
    """The links Discord would make clickable in markdown text (escaped characters are plain)."""
    unescaped = _ESCAPED.sub("\u00b7", markdown)
    return _MASKED.findall(unescaped) + _BARE.findall(unescaped)


def live_pings(text: str) -> list[str]:
    """Pings of everyone, here, or the hostile user or role."""
    return _PINGS.findall(_ESCAPED.sub("\u00b7", text))


def problems(text: str, *, markdown: bool) -> list[str]:
    """What is wrong with one text a member would see."""
    found = []
    if markdown:
        found += [f"clickable member link {link!r}" for link in live_links(text) if HOSTILE_HOST in link.lower()]
    found += [f"ping {ping!r}" for ping in live_pings(text)]
    if BIDI_CONTROLS.search(text):
        found.append("a direction control")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        found.append("a lone surrogate")
    return found


def embed_problems(embed: dict[str, Any]) -> list[str]:
    """Everything wrong with an embed's dict (as sent): hostile links or pings, and Discord's limits."""
    found: list[str] = []
    markdown = [embed.get("title") or "", embed.get("description") or ""]
    markdown += [field.get("value") or "" for field in embed.get("fields", [])]
    markdown += [field.get("name") or "" for field in embed.get("fields", [])]
    plain = [(embed.get("footer") or {}).get("text") or "", (embed.get("author") or {}).get("name") or ""]
    for text in markdown:
        found += problems(text, markdown=True)
    for text in plain:
        found += problems(text, markdown=False)
    found += _limit_problems(embed)
    return found


def _limit_problems(embed: dict[str, Any]) -> list[str]:
    found = []
    checks = [
        ("title", len(embed.get("title") or ""), limits.TITLE),
        ("description", len(embed.get("description") or ""), limits.DESCRIPTION),
        ("footer", len((embed.get("footer") or {}).get("text") or ""), limits.FOOTER),
        ("author", len((embed.get("author") or {}).get("name") or ""), 256),
        ("fields", len(embed.get("fields", [])), limits.FIELDS),
    ]
    for field in embed.get("fields", []):
        checks.append(("field name", len(field.get("name") or ""), limits.FIELD_NAME))
        checks.append(("field value", len(field.get("value") or ""), limits.FIELD_VALUE))
        if not (field.get("name") or "").strip() or not (field.get("value") or "").strip():
            found.append("an empty field")
    found += [f"{what} {size} > {limit}" for what, size, limit in checks if size > limit]
    return found
