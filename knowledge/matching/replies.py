"""A reply that quotes another message: its quoted lines are the other member's words, not the writer's.

Discord and Slack (once its ``&gt;`` is read back) mark a quoted line with ``> `` at its start, and ``>>> `` quotes
the rest of the message. In a reply quoting "the cop got shot" and answering "No, the officer wasn't hurt", the claim
is the quoted member's; the writer disputes it. So the writer's own lines are what is matched, and the quoted lines
only tell what the conversation is about (`Matcher.match`'s ``context``: enough for review, never for an answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_LINE = re.compile(r"^[ \t]*>[ \t]+(.*)$|^[ \t]*>$")
_QUOTE_REST = re.compile(r"^[ \t]*>>>(?:[ \t]+(.*))?$")


@dataclass(frozen=True)
class QuotedReply:
    """What a reply quotes, and what it says in its own lines."""

    quoted: str
    own: str


def quoted_reply(text: str) -> QuotedReply | None:
    """The quoted and own lines of a message that quotes another and adds words of its own; None for any other
    message (one that quotes nothing, or only quotes: a message shared as it was).
    """  # noqa: D205
    quoted: list[str] = []
    own: list[str] = []
    lines = text.splitlines()
    for position, line in enumerate(lines):
        rest = _QUOTE_REST.match(line)
        if rest is not None:
            quoted += [rest.group(1) or "", *lines[position + 1 :]]
            break
        single = _QUOTE_LINE.match(line)
        if single is not None:
            quoted.append(single.group(1) or "")
        else:
            own.append(line)
    said = "\n".join(own).strip()
    heard = "\n".join(quoted).strip()
    if not heard or not said:
        return None
    return QuotedReply(heard, said)
