"""The live history scan: where known claims circulated in a channel before anyone asked, without answering any.

`ChannelScans.scan` reads ``days`` days of one channel back through the platform's `ChatPort.read_history`
(newest first, paged by the front end within the platform's rate limits), assesses every message with the
offline scan's `HistoryScanner` (same matcher, the server's thresholds, the live bot's triage), sends the
uncertain ones to the review queue (posted by the review publisher, within its hourly cap) and posts one
summary in the server's moderators' channel. It never replies to, reacts to or edits a message it reads.
One scan per server at a time (a server is served by one process: one Discord shard, one Slack front end).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.db.types import utcnow
from bot.metrics import Metrics
from bot.platform.port import PlatformError, TransientFailure
from bot.platform.refs import ChannelRef, MessageRef, WorkspaceRef
from bot.services.channel_scan_summary import ScanWindow, summary_text
from bot.services.guild_settings import GuildSettingsService
from bot.services.history_scan import HistoryScanner, ScanAction, ScanHit, ScanReport, assessable
from bot.services.knowledge import KnowledgeHolder
from bot.services.ports import NoFrontEnd, Ports
from bot.services.review import ReviewService
from bot.services.review_learning import Learning
from bot.services.review_types import IntakeResult, ReportedMessage

log = logging.getLogger(__name__)

MAX_DAYS = 90
"""The longest window a scan reads back."""
PROGRESS_EVERY = 100
"""Messages between two progress reports (one page of Discord's history)."""
REVIEW_ITEMS = 20
"""Uncertain messages a scan sends to the review queue at most (the highest scores first)."""
YIELD_EVERY = 20
"""Messages assessed between two pauses letting the event loop serve others (the matcher is synchronous)."""

Progress = Callable[[int], Awaitable[None]]
"""Told the number of messages read so far."""


class ScanStatus(StrEnum):
    """How a scan ended."""

    DONE = "done"
    BUSY = "busy"  # another scan of the server is under way
    NO_MODERATORS_CHANNEL = "no-moderators-channel"
    UNREADABLE = "unreadable"  # the bot may not read the channel, or it is gone
    FAILED = "failed"  # the platform kept failing while the history was read (5xx, timeouts)
    SUMMARY_REFUSED = "summary-refused"  # scanned, but the moderators' channel refused the summary


@dataclass(frozen=True)
class ScanRequest:
    """A moderator's request: the channel (and its name for people), how many days back, and who asked."""

    channel: ChannelRef
    channel_name: str
    days: int
    requested_by: str = ""


@dataclass(frozen=True)
class ScanResult:
    """What a scan did: its report, the review items it queued, and the summary it posted."""

    status: ScanStatus
    report: ScanReport | None = None
    queued: int = 0
    summary: MessageRef | None = None
    moderators_channel: str | None = None
    detail: str = ""


class ChannelScans:
    """Runs history scans of channels, one per server at a time."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        guild_settings: GuildSettingsService,
        review: ReviewService,
        ports: Ports,
        *,
        learning: Learning | None = None,
        metrics: Metrics | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        review_items: int = REVIEW_ITEMS,
    ) -> None:
        self._holder = holder
        self._guild_settings = guild_settings
        self._review = review
        self._ports = ports
        self._clock = clock
        self._review_items = review_items
        self._learning = learning
        self._metrics = metrics or Metrics(process=False)
        self._running: set[WorkspaceRef] = set()

    def running(self, workspace: WorkspaceRef) -> bool:
        """Whether a scan of the server is under way in this process."""
        return workspace in self._running

    async def scan(
        self, request: ScanRequest, progress: Progress | None = None, *, every: int = PROGRESS_EVERY
    ) -> ScanResult:
        """Scan the channel, queue the uncertain messages, post the summary; ``progress`` every ``every`` messages."""
        workspace = request.channel.workspace_ref
        if workspace in self._running:
            return ScanResult(ScanStatus.BUSY)
        self._running.add(workspace)
        try:
            result = await self._scan(request, progress, every)
        finally:
            self._running.discard(workspace)
        self._metrics.history_scans.labels(status=result.status.value).inc()
        return result

    async def _scan(self, request: ScanRequest, progress: Progress | None, every: int) -> ScanResult:
        channel = request.channel
        config = await self._guild_settings.config(channel.workspace)
        if config.moderators_channel_id is None:
            return ScanResult(ScanStatus.NO_MODERATORS_CHANNEL)
        moderators = ChannelRef(channel.platform, channel.workspace, config.moderators_channel_id)
        now = self._clock()
        window = ScanWindow(request.channel_name, min(max(request.days, 1), MAX_DAYS), now, request.requested_by)
        snapshot = self._holder.current
        adjust = None
        if self._learning is not None:  # what the server's moderators taught: learned links and wordings, rejections
            taught = await self._learning.of_guild(channel.workspace)
            lessons = self._learning.lessons(channel.workspace, snapshot.matcher, taught)
            adjust = functools.partial(
                taught.adjusted, knowledge=snapshot.knowledge, lessons=lessons, thresholds=config.thresholds
            )
        scanner = HistoryScanner(snapshot, config.thresholds, adjust=adjust)
        try:
            report = await self._read(scanner, channel, window.since, progress, every)
        except (PlatformError, NoFrontEnd) as error:
            log.info("history scan of channel %s stopped: %s", channel, error)
            status = ScanStatus.FAILED if isinstance(error, TransientFailure) else ScanStatus.UNREADABLE
            return ScanResult(status, moderators_channel=moderators.channel, detail=str(error))
        queued = await self._queue_uncertain(report)
        text = summary_text(window, report, snapshot.knowledge, queued=queued)
        log.info(
            "history scan of channel %s (%d days): %d messages, %d hits, %d review items",
            channel,
            window.days,
            report.scanned,
            len(report.hits),
            queued,
        )
        try:
            posted = await self._ports.get(channel.platform).post_notice(moderators, text)
        except (PlatformError, NoFrontEnd) as error:
            status = ScanStatus.SUMMARY_REFUSED
            return ScanResult(status, report, queued, moderators_channel=moderators.channel, detail=str(error))
        return ScanResult(ScanStatus.DONE, report, queued, posted, moderators.channel)

    async def _read(
        self,
        scanner: HistoryScanner,
        channel: ChannelRef,
        since: dt.datetime,
        progress: Progress | None,
        every: int,
    ) -> ScanReport:
        """Assess the channel's messages back to ``since`` (any older one a reader hands out is left out)."""
        report = ScanReport()
        history = self._ports.get(channel.platform).read_history(channel, since)
        async with contextlib.aclosing(history) as messages:
            async for message in messages:
                if message.sent_at < since:
                    continue
                report.add(message, scanner.assess(message), skipped=not assessable(message))
                self._metrics.history_scan_messages.inc()
                if progress is not None and report.scanned % every == 0:
                    await _quietly(progress, report.scanned)
                elif report.scanned % YIELD_EVERY == 0:
                    await asyncio.sleep(0)
        return report

    async def _queue_uncertain(self, report: ScanReport) -> int:
        """Send the uncertain messages (at most `review_items`, highest score first) to the review queue.

        Returns the number of review items they are in (the same words posted again join one item).
        """
        uncertain = [hit for hit in report.hits if hit.action is ScanAction.REVIEW]
        uncertain.sort(key=lambda hit: -hit.match.score)
        items: set[int] = set()
        waiting = 0  # taken in once the database is back: their items are not known yet
        for hit in uncertain[: self._review_items]:
            intake = await self._review.submit_matches(_reported(hit), [hit.match])
            if intake.result is IntakeResult.QUEUED:
                waiting += 1
            elif intake.item_id is not None and intake.result is not IntakeResult.NOTHING:
                items.add(intake.item_id)
        return len(items) + waiting


def _reported(hit: ScanHit) -> ReportedMessage:
    message = hit.message
    ref = message.ref
    return ReportedMessage(ref.workspace, ref.channel, ref.message, message.author_id, message.text, ref.platform)


async def _quietly(progress: Progress, count: int) -> None:
    """Report progress; a failure (say, the moderator's interaction expired) does not stop the scan."""
    try:
        await progress(count)
    except Exception as error:  # the front end's own failure to show progress
        log.info("history scan: could not show progress (%s)", error)


def result_text(request: ScanRequest, result: ScanResult, *, set_channel: str, grant_access: str) -> str:
    """The private answer to the moderator who asked; ``set_channel`` and ``grant_access`` are the front end's hints."""
    name = f"#{request.channel_name}"
    if result.status is ScanStatus.BUSY:
        return "A history scan of this server is already under way: wait for its summary, then try again."
    if result.status is ScanStatus.NO_MODERATORS_CHANNEL:
        return f"The summary goes to the moderators' channel, and none is set: {set_channel}."
    if result.status is ScanStatus.UNREADABLE:
        return f"I can't read the history of {name}: {grant_access}."
    if result.status is ScanStatus.FAILED:
        return f"Reading the history of {name} kept failing on the platform's side: try again in a few minutes."
    report = result.report or ScanReport()
    read = f"Scanned {report.scanned:,} messages of {name} (the last {request.days} days): {len(report.hits):,} matched"
    unsure = report.by_action()[ScanAction.REVIEW]
    items = f" ({result.queued:,} review item{'s' if result.queued != 1 else ''} for the {unsure:,} unsure)"
    read += f" known claims{items if unsure else ''}. No message was replied to."
    where = f"<#{result.moderators_channel}>"
    if result.status is ScanStatus.SUMMARY_REFUSED:
        return f"{read} But I could not post the summary in {where}: check my permissions there ({result.detail})."
    return f"{read} The summary is in {where}."


def progress_text(count: int) -> str:
    """What the moderator sees while a scan reads."""
    return f"Scanned {count:,} messages\u2026"
