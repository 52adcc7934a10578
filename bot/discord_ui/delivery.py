"""How an answer looks when it is not a plain reply: the thread it goes in, the marker left on a message."""

from __future__ import annotations

import re

from bot.services.cards import AnswerCard

MARKER_EMOJI = "\N{LEFT-POINTING MAGNIFYING GLASS}"
"""The reaction of `Delivery.MARKER`: "the bot knows something about this"; "Fact-check message" tells what."""
THREAD_NAME_LENGTH = 100
"""Discord's limit for a thread's name."""
THREAD_ARCHIVE_MINUTES = 1440
"""An answer's thread hides itself after a day without messages."""

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")


def thread_name(card: AnswerCard) -> str:
    """The name of the thread an answer starts: the incident, never a mention (no ``@``, no ``<@id>``)."""
    title = _MENTION.sub("", card.incident_title).replace("@", "")
    name = " ".join(f"Fact check: {title}".split())
    if len(name) <= THREAD_NAME_LENGTH:
        return name
    return name[: THREAD_NAME_LENGTH - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
