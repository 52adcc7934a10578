"""All services wired together, for the Discord client, the console and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.db.storage import StorageSource, storage_of
from bot.db.types import utcnow
from bot.links import LinkPreviewService
from bot.metrics import Metrics
from bot.services.alerts import AlertService
from bot.services.answering import Answering
from bot.services.changes import Change, ChangeKind, Changes
from bot.services.channel_scan import ChannelScans
from bot.services.conversation import Conversations
from bot.services.corrections import CorrectionPolicy, Corrections
from bot.services.defaults import Defaults
from bot.services.drafts import DraftedClaims
from bot.services.event_ledger import EventLedger
from bot.services.events import EventBus
from bot.services.factcheck import FactCheckService
from bot.services.guild_settings import GuildSettingsService
from bot.services.knowledge import KnowledgeHolder
from bot.services.link_pages import LinkPages
from bot.services.outbox import Outbox
from bot.services.ports import Ports
from bot.services.review import ReviewService
from bot.services.review_activity import ReviewActivity
from bot.services.review_decisions import ReviewDecisions
from bot.services.review_learning import Learning
from bot.services.review_publisher import ReviewPublisher
from bot.services.review_types import ReviewPolicy
from bot.settings import DEFAULT_CONVERSATION_WINDOW_MINUTES, Settings
from knowledge.semantic.encoder import load_semantic

DEFAULT_CONVERSATION_WINDOW = dt.timedelta(minutes=DEFAULT_CONVERSATION_WINDOW_MINUTES)


@dataclass(frozen=True)
class Services:
    """The application's services, sharing one knowledge holder, one session factory, one outbox and one event bus.

    The outbox holds the writes made while the database is unavailable; whoever runs the services starts and
    stops its flusher (``async with services.outbox``). Front ends add their `ChatPort` to ``ports`` and call the
    workflows: ``answering`` (messages), ``decisions`` (moderators), ``publisher`` (the review channel).
    """

    knowledge: KnowledgeHolder
    guild_settings: GuildSettingsService
    alerts: AlertService
    factcheck: FactCheckService
    review: ReviewService
    answering: Answering
    decisions: ReviewDecisions
    publisher: ReviewPublisher
    events: EventBus
    ports: Ports
    metrics: Metrics
    scans: ChannelScans
    """History scans of channels (``/alerts scan``)."""
    link_pages: LinkPages | None = None
    outbox: Outbox = field(default_factory=Outbox)
    activity: ReviewActivity | None = None
    """Answers and reports per day, drawn for ``/review stats`` (None: no chart)."""
    learning: Learning | None = None
    changes: Changes = field(default_factory=Changes)
    """Where the services announce changes other processes cache (see `bot.services.changes`)."""
    seen_events: EventLedger | None = None
    """Platform event ids already handled, for platforms that redeliver events (Slack)."""
    corrections: Corrections | None = None
    """Edits past answers when their claim's record changes or moderators retract one (front ends start it)."""
    drafts: DraftedClaims | None = None
    """Claims each server's moderators drafted in chat, matched in that server only."""

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: StorageSource,
        *,
        knowledge_paths: Sequence[Path] | None = None,
        holder: KnowledgeHolder | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        review_policy: ReviewPolicy | None = None,
        link_previews: LinkPreviewService | None = None,
        metrics: Metrics | None = None,
    ) -> Services:
        """Wire the services (loads the knowledge from ``knowledge_paths`` or the settings unless a holder is given).

        ``link_previews`` (owned and closed by the caller) reads unknown links' pages; None: no link is fetched.
        Blocking (reads the knowledge files, and the outbox's file when ``OUTBOX_PATH`` is set): call it before the
        event loop gets busy, or in a thread.
        """
        defaults = Defaults.from_settings(settings)
        if holder is None:
            paths = knowledge_paths if knowledge_paths else settings.knowledge_paths
            semantic = load_semantic(settings.semantic_config)
            holder = KnowledgeHolder.load(
                paths, thresholds=defaults.thresholds, semantic=semantic, lexical_cache=settings.lexical_cache
            )
        return cls.assemble(
            holder,
            sessions,
            defaults,
            clock=clock,
            review_policy=review_policy,
            link_previews=link_previews,
            outbox=Outbox(path=settings.outbox_path),
            metrics=metrics,
            corrections=CorrectionPolicy(settings.corrections_window_days, settings.corrections_pace_seconds),
            conversation_window=dt.timedelta(minutes=settings.conversation_window_minutes),
        )

    @classmethod
    def assemble(
        cls,
        holder: KnowledgeHolder,
        sessions: StorageSource,
        defaults: Defaults,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        review_policy: ReviewPolicy | None = None,
        link_previews: LinkPreviewService | None = None,
        outbox: Outbox | None = None,
        metrics: Metrics | None = None,
        corrections: CorrectionPolicy | None = None,
        conversation_window: dt.timedelta = DEFAULT_CONVERSATION_WINDOW,
    ) -> Services:
        """Wire the services around a loaded knowledge holder (what `build` does after loading; tests use it).

        ``conversation_window``: how long the incidents a channel's messages named are kept in mind for the next
        ones (zero: never).
        """
        storage = storage_of(sessions)
        outbox = outbox if outbox is not None else Outbox()
        metrics = metrics if metrics is not None else Metrics()
        events, ports = EventBus(), Ports()
        changes = Changes()
        holder.add_reload_listener(lambda _result: changes.announce(Change(ChangeKind.KNOWLEDGE)))
        guild_settings = GuildSettingsService(storage, defaults, clock=clock, changes=changes)
        pages = LinkPages(link_previews, holder, guild_settings) if link_previews is not None else None
        learning = Learning(storage, changes=changes)
        holder.add_swap_listener(learning.forget_prepared)
        drafts = DraftedClaims(holder, storage, changes=changes, clock=clock)
        review = ReviewService(
            holder, storage, learning, policy=review_policy, clock=clock, outbox=outbox, events=events, local=drafts
        )
        alerts = AlertService(
            holder,
            storage,
            guild_settings,
            clock=clock,
            learning=learning,
            on_dispute=review.dispute_recorded,
            pages=pages,
            outbox=outbox,
            events=events,
            local=drafts,
            conversations=Conversations(conversation_window, clock=clock),
        )
        answering = Answering(alerts, review, ports, events, metrics)
        return cls(
            knowledge=holder,
            guild_settings=guild_settings,
            alerts=alerts,
            factcheck=FactCheckService(holder, guild_settings, pages=pages, learning=learning, local=drafts),
            review=review,
            answering=answering,
            decisions=ReviewDecisions(review, answering, ports, events, guild_settings, clock=clock),
            publisher=ReviewPublisher(review, guild_settings, ports, events, metrics),
            events=events,
            ports=ports,
            metrics=metrics,
            scans=ChannelScans(holder, guild_settings, review, ports, learning=learning, metrics=metrics, clock=clock),
            link_pages=pages,
            outbox=outbox,
            activity=ReviewActivity(storage, holder, clock=clock),
            learning=learning,
            changes=changes,
            seen_events=EventLedger(storage, clock=clock),
            corrections=Corrections(holder, sessions, ports, events, policy=corrections, clock=clock, metrics=metrics),
            drafts=drafts,
        )
