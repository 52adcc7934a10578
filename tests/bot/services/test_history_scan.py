"""The history scan assesses past messages exactly as the live bot assesses new ones, and only reports."""

import datetime as dt
from pathlib import Path

import yaml

from bot.platform.refs import MessageRef, Platform
from bot.services import MessageEvent, Outcome, Services
from bot.services.history_scan import HistoryMessage, HistoryScanner, ScanAction
from bot.services.history_scan_processes import scan_in_processes
from knowledge.matching.types import Thresholds
from tests.bot.exports.helpers import CHAT, CLAIM, UNSURE

LABELLED = Path(__file__).resolve().parents[2] / "knowledge/data/labelled_messages.yaml"
WHEN = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
SOURCE_URL = "https://thenerdstash.com/?p=720768"


def record(text: str, number: int = 1, **flags: object) -> HistoryMessage:
    return HistoryMessage(
        ref=MessageRef(Platform.DISCORD, "g1", "c1", str(number)),
        channel_name="general",
        author_id="u1",
        author_name="alice",
        sent_at=WHEN + dt.timedelta(hours=number),
        text=text,
        **flags,  # type: ignore[arg-type]
    )


async def test_every_labelled_message_gets_the_live_bots_decision(services: Services, holder) -> None:
    """Same matcher, thresholds and triage: the scan answers what the bot answers, reviews what it queues."""
    scanner = HistoryScanner(holder.current)
    texts = [entry["text"] for entry in yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["messages"]]
    for number, text in enumerate(texts, start=1):
        # each in its own channel, so that no cooldown hides a decision
        event = MessageEvent(guild_id=1, channel_id=1000 + number, message_id=number, author_id=5, content=text)
        decision = await services.alerts.on_message(event)
        hit = scanner.assess(record(text, number))
        if decision.outcome is Outcome.ANSWER:
            assert hit is not None and hit.action is ScanAction.REPLY and hit.match == decision.match, text
        elif decision.review:
            assert hit is not None and hit.action is ScanAction.REVIEW and hit.match == decision.review[0], text
        else:
            assert hit is None, text


def test_a_scan_counts_answers_reviews_and_skips(holder) -> None:
    messages = [
        record(CLAIM, 1),
        record(CHAT, 2),
        record(UNSURE, 3),
        record(CLAIM, 4, author_is_bot=True),
        record(CLAIM, 5, is_system=True),
        record("   ", 6),
        record(f"{CLAIM} {SOURCE_URL}", 7),  # already carries the official source: the bot stays silent
        record(CLAIM, 8),
    ]
    seen: list[int] = []

    report = HistoryScanner(holder.current).scan(messages, progress=lambda r: seen.append(r.scanned), every=3)

    assert (report.scanned, report.skipped) == (8, 3)
    assert [(hit.message.id, hit.action) for hit in report.hits] == [
        ("1", ScanAction.REPLY),
        ("3", ScanAction.REVIEW),
        ("8", ScanAction.REPLY),
    ]
    assert all(0 <= hit.score <= 100 and isinstance(hit.score, int) for hit in report.hits)
    assert seen == [3, 6, 8]
    assert (report.first_at, report.last_at) == (WHEN + dt.timedelta(hours=1), WHEN + dt.timedelta(hours=8))
    [(claim, hits)] = report.by_claim().items()
    assert claim == ("compton-chp-takeover-video", "man-shot-at-chp-sergeant") and len(hits) == 3
    assert report.per_day() == {"compton-chp-takeover-video": {WHEN.date(): 3}}


def test_thresholds_are_the_servers(holder) -> None:
    strict = HistoryScanner(holder.current, Thresholds(reply=100, review=99.5))
    assert strict.assess(record(UNSURE)) is None


def test_worker_processes_give_the_same_report(holder) -> None:
    texts = [CLAIM, CHAT, UNSURE, f"{CLAIM} {SOURCE_URL}", "  "]
    messages = [record(texts[number % len(texts)], number) for number in range(60)]
    scanner = HistoryScanner(holder.current)

    alone = scanner.scan(messages)
    spread = scan_in_processes(scanner, messages, workers=2, chunk=7)

    assert spread == alone
    assert len(spread.hits) == 24 and spread.skipped == 12


def test_the_same_words_are_matched_once(holder, monkeypatch) -> None:
    scanner = HistoryScanner(holder.current)
    calls: list[str] = []
    match = holder.current.matcher.match

    def counting(text, **options):
        calls.append(text)
        return match(text, **options)

    monkeypatch.setattr(holder.current.matcher, "match", counting)
    first, second = scanner.assess(record(CLAIM, 1)), scanner.assess(record(CLAIM, 2))

    assert calls == [CLAIM]
    assert first is not None and second is not None
    assert (first.message.id, second.message.id) == ("1", "2") and first.match == second.match
