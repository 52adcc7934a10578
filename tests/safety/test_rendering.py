"""Rendering property test (issue 11): hostile text into every embed and message the bot builds.

Masked links, mentions, markdown, zero-width and direction characters, lone surrogates and over-long strings go
into members' excerpts, reporters' notes, moderators' queries, and every text an imported fact check can carry.
What a member would see (`tests.safety.rendering`) must hold no clickable link a member wrote, no ping, and
every Discord limit.
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.discord_ui.cards import card_embed, factcheck_embeds, factcheck_note
from bot.services.cards import AnswerCard, PublishedRating, QuotedStatement, SourceLink
from bot.services.factcheck import FactCheckResult
from bot.services.review_types import (
    AuditEntry,
    Candidate,
    Page,
    Reporter,
    ReviewItemView,
    ReviewKind,
    ReviewState,
    ReviewStats,
    StatsWindow,
)
from cogs.factcheck._embeds import incident_embed
from cogs.review._embeds import item_embed, log_embed, queue_embed, stats_embed
from cogs.review._pager import _options
from cogs.review._views import _option, nothing_found_text
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from knowledge.matching.types import Action
from knowledge.schema import Verdict
from tests.safety.rendering import HOSTILE_FRAGMENTS, embed_problems, problems

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

fragment = st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=20))
short = st.lists(fragment, min_size=1, max_size=6).map("".join)
hostile = st.one_of(short, st.tuples(short, st.integers(50, 700)).map(lambda pair: pair[0] * pair[1]))


@functools.cache
def knowledge() -> KnowledgeBase:
    return load_knowledge().knowledge


def candidate(text: str) -> Candidate:
    return Candidate("incident-x", "claim-y", text, text, "False", 55.0, (text, text))


def review_item(text: str, kind: ReviewKind, state: ReviewState) -> ReviewItemView:
    return ReviewItemView(
        id=7,
        guild_id=10,
        kind=kind,
        state=state,
        channel_id=20,
        message_id=30,
        author_id=40,
        excerpt=text,
        link=text,
        suggestion=candidate(text),
        candidates=(candidate(text), candidate(text + "2")),
        reporters=3,
        channels=2,
        reports=(Reporter(50, 20, text), Reporter(51, 21, text)),
        created_at=NOW,
        last_seen_at=NOW,
        mod_channel_id=60,
        mod_message_id=70,
        decided_by=None if state is ReviewState.PENDING else 80,
        decided_at=None if state is ReviewState.PENDING else NOW,
    )


def card(text: str) -> AnswerCard:
    source = SourceLink("https://factcheck.example/review", text, text, dt.date(2025, 1, 1))
    statement = QuotedStatement(text, text, text, dt.date(2025, 1, 1), text, (source,))
    rating = PublishedRating(text, text, SourceLink("https://factcheck.example/rated", text, text))
    return AnswerCard(
        "incident-x", text, "claim-y", text, Verdict.FALSE, text, (statement,), (text,), 80.0, Action.REPLY, rating
    )


def assert_clean_embed(embed: object) -> None:
    found = embed_problems(embed.to_dict())  # type: ignore[attr-defined]
    assert not found, found


@SETTINGS
@given(text=hostile, kind=st.sampled_from(list(ReviewKind)), state=st.sampled_from(list(ReviewState)))
def test_review_items_and_the_queue(text: str, kind: ReviewKind, state: ReviewState) -> None:
    item = review_item(text, kind, state)
    assert_clean_embed(item_embed(item))
    assert_clean_embed(queue_embed(Page((item, item), 1, 3, 12)))
    for option in _options([item]):
        assert len(option.label) <= 100 and len(option.description or "") <= 100
        assert not problems(option.label + (option.description or ""), markdown=False)


@SETTINGS
@given(text=hostile)
def test_the_log_statistics_and_the_claim_picker(text: str) -> None:
    entry = AuditEntry(1, 2, "approve", ReviewState.APPROVED, "incident-x", text, NOW)
    assert_clean_embed(log_embed(Page((entry,), 1, 1, 1)))
    window = StatsWindow(7, {"approved": 1}, (("incident-x", text, 3),), ((text, 2),))
    assert_clean_embed(stats_embed(ReviewStats(4, (window, window))))
    option = _option(candidate(text))
    assert len(option.label) <= 100 and len(option.description or "") <= 100
    assert not problems(option.label + (option.description or ""), markdown=False)
    message = nothing_found_text(text)
    assert len(message) <= 2000 and not problems(message, markdown=True)


@SETTINGS
@given(text=hostile)
@example(text="\n")  # a blank field name: Discord refuses the whole message (found by this test)
@example(text="[Official CDC statement](https://phish.example/login)")
def test_answer_cards_and_fact_checks(text: str) -> None:
    assert_clean_embed(card_embed(card(text)))
    assert_clean_embed(card_embed(card(text), heading="Possibly about"))
    result = FactCheckResult((card(text), card(text)), (text, f"https://x.example/{text}"))
    for embed in factcheck_embeds(result):
        assert_clean_embed(embed)
    note = factcheck_note(result)
    assert note is not None and len(note) <= 2000 and not problems(note, markdown=True)


@SETTINGS
@given(text=hostile)
@example(text="\n")
def test_incidents_as_an_import_could_word_them(text: str) -> None:
    incident = next(iter(knowledge()))
    claims = tuple(claim.model_copy(update={"text": text}) for claim in incident.claims)
    statements = tuple(s.model_copy(update={"quote": text, "speaker": text}) for s in incident.statements)
    sources = tuple(s.model_copy(update={"title": text, "publisher": text}) for s in incident.sources)
    hostile_incident = incident.model_copy(
        update={
            "title": text,
            "summary": text,
            "verdict_summary": text,
            "when": text,
            "claims": claims,
            "statements": statements,
            "sources": sources,
        }
    )
    assert_clean_embed(incident_embed(hostile_incident))
