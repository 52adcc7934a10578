"""What a moderator's decision teaches about a message's wording, per server (`knowledge.matching.learned`).

Approving a review item about a message's words (not a link: a link is learned as a link) makes its wording a
phrasing of the approved claim in that server (answered at once there, other servers unaffected), unless `refusal`
finds it unsafe to learn; rejecting or retracting makes it "not this claim" there. `PreparedWordings` keeps each
server's lessons prepared against the matcher in use, and `learned_phrasings_yaml` lists the approved ones for
curators, per server, in the knowledge files' format.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Sequence

import yaml

from bot.db.storage import ServerPhrasing, StorageSource, Transaction, storage_of
from bot.services.review_types import ReviewAction
from knowledge.base import KnowledgeBase
from knowledge.matching.learned import LearnedWordings, Wording, clean_wording, refusal, wording_key
from knowledge.matching.local import LocalMatcher
from knowledge.matching.matcher import Matcher
from knowledge.matching.text import words

log = logging.getLogger(__name__)

MAX_PREPARED_GUILDS = 1000
"""Servers whose prepared lessons are kept (the rest are prepared again when they next need them)."""


def lesson_of(
    matcher: Matcher,
    excerpt: str | None,
    action: ReviewAction,
    suggested: tuple[str | None, str | None],
    approved: tuple[str | None, str | None],
    *,
    link: str | None = None,
) -> tuple[Wording | None, str | None]:
    """What a decision teaches about the item's wording (its excerpt), or why nothing: (lesson, reason).

    An item about a ``link`` teaches about the link only (`bot.services.review_learning`): its words may say
    nothing of the claim ("did this really happen?").
    """
    if link is not None:
        return None, None
    text = clean_wording(excerpt or "")
    if not words(text):
        return None, "no words to learn" if excerpt else None
    if action is ReviewAction.APPROVE and approved[0] is not None and approved[1] is not None:
        wording = Wording(approved[0], approved[1], text)
        reason = refusal(matcher, wording)
        return (None, reason) if reason is not None else (wording, None)
    if action in (ReviewAction.REJECT, ReviewAction.RETRACT) and suggested[0] is not None and suggested[1] is not None:
        return Wording(suggested[0], suggested[1], text, approved=False), None
    return None, None


async def learn_wording(
    tx: Transaction,
    matcher: Matcher,
    guild_id: str,
    excerpt: str | None,
    decision: tuple[ReviewAction, tuple[str | None, str | None], tuple[str | None, str | None]],
    *,
    link: str | None,
    moderator_id: str,
    now: dt.datetime,
) -> Wording | None:
    """Record what the decision (action, suggested claim, approved claim) teaches about the wording of an item
    (about ``link``, if any), in the decision's transaction (not committed); returns the lesson, if any.
    """  # noqa: D205
    action, suggested, approved = decision
    wording, reason = lesson_of(matcher, excerpt, action, suggested, approved, link=link)
    if wording is None:
        if reason is not None:
            log.info("wording of the %s item in guild %s not learned: %s", action, guild_id, reason)
        return None
    if wording.approved:
        await _lift_rejections(tx, matcher, guild_id, wording)
    await tx.phrasings.learn(guild_id, wording, wording_key(wording.text), moderator_id=moderator_id, now=now)
    return wording


async def _lift_rejections(tx: Transaction, matcher: Matcher, guild_id: str, wording: Wording) -> None:
    """Forget the rejections of the claim for wordings the approved one nearly repeats: the newer decision wins."""
    claim = (wording.incident_id, wording.claim_id)
    rejected = [
        lesson
        for lesson in await tx.phrasings.of_guild(guild_id)
        if not lesson.approved and (lesson.incident_id, lesson.claim_id) == claim
    ]
    for lifted in LearnedWordings(matcher, rejected).repeated(wording.text) if rejected else ():
        await tx.phrasings.forget(guild_id, lifted, wording_key(lifted.text))


class PreparedWordings:
    """Each server's lessons prepared against the matcher in use; all are dropped when the matcher changes."""

    def __init__(self, max_guilds: int = MAX_PREPARED_GUILDS) -> None:
        self._max = max_guilds
        self._matcher: Matcher | None = None
        self._by_guild: OrderedDict[str, tuple[Sequence[Wording], LearnedWordings]] = OrderedDict()

    def forget(self) -> None:
        """Let go of every prepared lesson and the matcher they were prepared against (after a swap)."""
        self._by_guild.clear()
        self._matcher = None

    def lessons(self, guild_id: str, matcher: Matcher, wordings: Sequence[Wording]) -> LearnedWordings:
        """The server's lessons (``wordings``, as last read) prepared against ``matcher`` (the shared one, or the
        server's own with its drafted claims: `LocalMatcher`).
        """  # noqa: D205
        shared = matcher.shared if isinstance(matcher, LocalMatcher) else matcher
        if shared is not self._matcher:  # the knowledge was reloaded: let the old matchers go
            self._by_guild.clear()
            self._matcher = shared
        found = self._by_guild.get(guild_id)
        if found is not None and found[0] is wordings and found[1].matcher is matcher:
            self._by_guild.move_to_end(guild_id)
            return found[1]
        lessons = LearnedWordings(matcher, wordings)
        self._by_guild[guild_id] = (wordings, lessons)
        if len(self._by_guild) > self._max:
            self._by_guild.popitem(last=False)
        return lessons


async def learned_phrasings(storage: StorageSource) -> list[ServerPhrasing]:
    """Every wording moderators approved, by server."""
    async with storage_of(storage).transaction() as tx:
        return await tx.phrasings.approved_everywhere()


def learned_phrasings_yaml(phrasings: Sequence[ServerPhrasing], knowledge: KnowledgeBase | None = None) -> str:
    """The approved wordings as knowledge-file YAML, per server: under a ``# server`` comment, one document per
    incident with its ``id`` and its claims' ``phrasings:``, to merge into the incident's file.

    With a knowledge base, wordings of claims it lacks are left out, and so are wordings a claim already has.
    """  # noqa: D205
    by_server: dict[str, dict[str, dict[str, list[str]]]] = {}
    for phrasing in phrasings:
        if knowledge is not None and not _unknown_wording(knowledge, phrasing):
            continue
        claims = by_server.setdefault(phrasing.guild_id, {}).setdefault(phrasing.incident_id, {})
        claims.setdefault(phrasing.claim_id, []).append(phrasing.text)
    header = "# Wordings moderators approved as posts of a claim; merge each claim's into its `phrasings:`.\n"
    if not by_server:
        return header + "# No new wording was learned.\n"
    parts = [header]
    for guild_id, incidents in by_server.items():
        parts.append(f"# server {guild_id}\n")
        documents = [
            {"id": incident_id, "claims": [{"id": claim, "phrasings": texts} for claim, texts in claims.items()]}
            for incident_id, claims in incidents.items()
        ]
        parts.append(yaml.safe_dump_all(documents, explicit_start=True, sort_keys=False, allow_unicode=True, width=400))
    return "".join(parts)


def _unknown_wording(knowledge: KnowledgeBase, phrasing: ServerPhrasing) -> bool:
    """Whether the knowledge has the wording's claim, but not the wording itself."""
    try:
        claim = knowledge.claim(phrasing.incident_id, phrasing.claim_id)
    except KeyError:
        return False
    known = {wording_key(text) for text in (claim.text, *claim.phrasings)}
    return wording_key(phrasing.text) not in known
