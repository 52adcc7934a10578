"""The live history scan: reads back a window of a channel, reports per incident and claim, replies to nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

import pytest

from bot.platform.port import NOTICE_CHARS, PostRefused, TransientFailure
from bot.platform.refs import ChannelRef, MessageRef, Platform, WorkspaceRef
from bot.services import Services
from bot.services.channel_scan import ScanRequest, ScanStatus, result_text
from bot.services.channel_scan_summary import ScanWindow, summary_text
from bot.services.history_scan import HistoryMessage, HistoryScanner, ScanReport
from bot.services.review_types import ReviewAction
from tests.bot.helpers import FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.review_helpers import (
    BAND,
    CLAIM,
    COMPTON,
    COMPTON_CLAIM,
    GENERAL,
    GUILD,
    LINK,
    UNSURE,
    decided,
    queued_match,
    reported,
)

MODS = "70"
CHAT = "anyone up for pizza and a movie tonight?"


@pytest.fixture
async def port(services: Services) -> FakePort:
    port = FakePort(platform=Platform.DISCORD)
    services.ports.add(port)
    await services.guild_settings.set_thresholds(GUILD, **BAND)
    await services.guild_settings.set_moderators_channel(GUILD, MODS)
    return port


def history(clock: FakeClock, *entries: tuple[float, str], channel: str = GENERAL) -> list[HistoryMessage]:
    """Messages posted ``hours`` before the clock's now, numbered in the order given."""
    return [
        HistoryMessage(
            ref=MessageRef(Platform.DISCORD, GUILD, channel, str(1000 + number)),
            channel_name="general",
            author_id="5",
            author_name="alice",
            sent_at=clock.now - dt.timedelta(hours=hours),
            text=text,
            link=f"https://chat.example/{channel}/{1000 + number}",
        )
        for number, (hours, text) in enumerate(entries)
    ]


def request(days: int = 7) -> ScanRequest:
    return ScanRequest(ChannelRef(Platform.DISCORD, GUILD, GENERAL), "general", days, requested_by="owner")


async def test_only_the_window_is_read_and_reported(services: Services, port: FakePort, clock: FakeClock) -> None:
    port.history[GENERAL] = history(
        clock, (1, CLAIM), (2, CHAT), (30, CLAIM), (24 * 7 - 1, CLAIM), (24 * 7 + 1, CLAIM), (24 * 40, CLAIM)
    )
    seen: list[int] = []

    async def progress(count: int) -> None:
        seen.append(count)

    result = await services.scans.scan(request(days=7), progress, every=2)

    assert result.status is ScanStatus.DONE and result.report is not None
    assert result.report.scanned == 4  # the two older claims are outside the window
    assert [hit.message.id for hit in result.report.hits] == ["1000", "1002", "1003"]
    assert len(port.read) == 4
    assert seen == [2, 4]
    [(channel, text)] = port.notices
    assert channel == ChannelRef(Platform.DISCORD, GUILD, MODS)
    assert "https://chat.example/20/1004" not in text and "https://chat.example/20/1000" in text
    assert port.answers == [] and port.items == []  # the scanned channel got nothing
    assert services.metrics.history_scan_messages._value.get() == 4  # those in the window
    assert services.metrics.history_scans.labels(status="done")._value.get() == 1


async def test_the_summary_groups_by_incident_and_claim_with_links(
    services: Services, port: FakePort, clock: FakeClock
) -> None:
    port.history[GENERAL] = history(clock, (1, CLAIM), (2, UNSURE), (3, CLAIM), (4, CHAT))

    result = await services.scans.scan(request())

    assert result.status is ScanStatus.DONE and result.queued == 1
    told = result_text(request(), result, set_channel="", grant_access="")
    assert told == (
        "Scanned 4 messages of #general (the last 7 days): 3 matched known claims (1 review item for the 1 unsure). "
        f"No message was replied to. The summary is in <#{MODS}>."
    )
    [(_, text)] = port.notices
    assert "History scan of #general: the last 7 days" in text and "asked by owner" in text
    assert "Read 4 messages" in text
    assert (
        "3 matched known claims: 2 the bot would have answered, 1 it was unsure of (in 1 review item for moderators)"
        in text
    )
    assert f"[{COMPTON}]: 3 messages" in text
    assert f"- claim {COMPTON_CLAIM} " in text and ": 3 (2 would be answered, 1 unsure)" in text
    lines = text.splitlines()
    links = [line for line in lines if "https://chat.example/" in line]
    assert [link.rsplit("/", 1)[1] for link in links] == ["1000", "1001 (unsure)", "1002"]


async def test_uncertain_messages_become_review_items(services: Services, port: FakePort, clock: FakeClock) -> None:
    port.history[GENERAL] = history(clock, (1, UNSURE), (2, CLAIM), (3, UNSURE))

    result = await services.scans.scan(request())

    assert result.queued == 1  # the same words twice: one item
    await services.publisher.flush()
    [(channel, item)] = port.items
    assert channel.channel == MODS and item.source.message == "1000"
    assert port.answers == []


async def test_older_messages_a_reader_hands_out_are_left_out(
    services: Services, port: FakePort, clock: FakeClock
) -> None:
    port.history[GENERAL] = history(clock, (1, CLAIM), (24 * 8, CLAIM), (24 * 9, CHAT))
    port.past_since = True

    result = await services.scans.scan(request(days=7))

    assert result.report is not None and result.report.scanned == 1
    assert [hit.message.id for hit in result.report.hits] == ["1000"]


async def test_a_server_without_a_moderators_channel_is_told_so(services: Services, port: FakePort) -> None:
    await services.guild_settings.set_moderators_channel(GUILD, None)

    result = await services.scans.scan(request())

    assert result.status is ScanStatus.NO_MODERATORS_CHANNEL
    assert port.read == [] and port.notices == []


async def test_an_unreadable_channel_is_reported_and_nothing_posted(services: Services, port: FakePort) -> None:
    port.unreadable.add(GENERAL)

    result = await services.scans.scan(request())

    assert result.status is ScanStatus.UNREADABLE and "cannot read" in result.detail
    assert port.notices == []


async def test_a_platform_failing_while_reading_is_not_called_a_permission_problem(
    services: Services, port: FakePort
) -> None:
    port.history_error = TransientFailure("503 after retries")

    result = await services.scans.scan(request())

    assert result.status is ScanStatus.FAILED and port.notices == []
    assert "kept failing" in result_text(request(), result, set_channel="", grant_access="")


async def test_a_refused_summary_is_reported(services: Services, port: FakePort, clock: FakeClock) -> None:
    port.history[GENERAL] = history(clock, (1, CLAIM))
    port.refuse = PostRefused("missing access")

    result = await services.scans.scan(request())

    assert result.status is ScanStatus.SUMMARY_REFUSED and result.report is not None
    assert result.report.scanned == 1


async def test_one_scan_per_server_at_a_time(services: Services, port: FakePort, clock: FakeClock) -> None:
    port.history[GENERAL] = history(clock, *((hour, CHAT) for hour in range(1, 50)))
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(count: int) -> None:
        started.set()
        await release.wait()

    first = asyncio.create_task(services.scans.scan(request(), slow, every=10))
    await started.wait()
    assert services.scans.running(WorkspaceRef(Platform.DISCORD, GUILD))
    assert (await services.scans.scan(request())).status is ScanStatus.BUSY
    release.set()
    assert (await first).status is ScanStatus.DONE
    assert (await services.scans.scan(request())).status is ScanStatus.DONE


def test_a_long_summary_fits_one_message(holder, clock: FakeClock) -> None:
    scanner = HistoryScanner(holder.current)
    report = ScanReport()
    for message in history(clock, *((hour / 10, CLAIM) for hour in range(1, 500))):
        report.add(message, scanner.assess(message))
    window = ScanWindow("general", 30, clock.now)

    text = summary_text(window, report, holder.knowledge, queued=0)

    assert len(text) <= NOTICE_CHARS
    assert "499 matched known claims" in text and "\u2026 and " in text


async def test_review_items_of_a_scan_keep_to_the_hourly_cap(
    services: Services, port: FakePort, clock: FakeClock
) -> None:
    unsure = [UNSURE, "that chp sergeant clip from the compton takeover is wild, shots everywhere"]
    port.history[GENERAL] = history(clock, *((hour, text) for hour, text in enumerate(unsure, start=1)))
    services.review.policy = replace(services.review.policy, posts_per_hour=1)

    result = await services.scans.scan(request())
    await services.publisher.flush()

    assert result.queued == 2
    assert len(port.items) == 1  # the other waits for the next hour
    clock.advance(hours=1, minutes=1)
    await services.publisher.flush()
    assert len(port.items) == 2


async def test_what_moderators_taught_applies_to_the_scan(services: Services, port: FakePort, clock: FakeClock) -> None:
    await decided(services, await queued_match(services, reported(f"{UNSURE} {LINK}")), ReviewAction.APPROVE)
    await decided(services, await queued_match(services, reported(UNSURE)), ReviewAction.REJECT)
    port.items.clear()
    port.history[GENERAL] = history(clock, (1, f"did this really happen? {LINK}"), (2, UNSURE), (3, CLAIM))

    result = await services.scans.scan(request())

    assert result.report is not None
    hits = {hit.message.id: (hit.match.incident_id, hit.action.value) for hit in result.report.hits}
    assert hits == {"1000": (COMPTON, "reply"), "1002": (COMPTON, "reply")}  # the learned link; not the rejected words
    assert result.queued == 0
