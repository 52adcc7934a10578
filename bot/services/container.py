"""All services wired together, for the Discord client, the console and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.db.engine import SessionFactory
from bot.db.types import utcnow
from bot.links import LinkPreviewService
from bot.services.alerts import AlertService
from bot.services.defaults import Defaults
from bot.services.factcheck import FactCheckService
from bot.services.guild_settings import GuildSettingsService
from bot.services.knowledge import KnowledgeHolder
from bot.services.link_pages import LinkPages
from bot.services.outbox import Outbox
from bot.services.review import ReviewService
from bot.services.review_learning import Learning
from bot.services.review_types import ReviewPolicy
from bot.settings import Settings
from knowledge.semantic.encoder import load_semantic


@dataclass(frozen=True)
class Services:
    """The application's services, sharing one knowledge holder, one session factory and one outbox.

    The outbox holds the writes made while the database is unavailable; whoever runs the services starts and
    stops its flusher (``async with services.outbox``).
    """

    knowledge: KnowledgeHolder
    guild_settings: GuildSettingsService
    alerts: AlertService
    factcheck: FactCheckService
    review: ReviewService
    link_pages: LinkPages | None = None
    outbox: Outbox = field(default_factory=Outbox)

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: SessionFactory,
        *,
        knowledge_paths: Sequence[Path] | None = None,
        holder: KnowledgeHolder | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        review_policy: ReviewPolicy | None = None,
        link_previews: LinkPreviewService | None = None,
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
            holder = KnowledgeHolder.load(paths, thresholds=defaults.thresholds, semantic=semantic)
        return cls.assemble(
            holder,
            sessions,
            defaults,
            clock=clock,
            review_policy=review_policy,
            link_previews=link_previews,
            outbox=Outbox(path=settings.outbox_path),
        )

    @classmethod
    def assemble(
        cls,
        holder: KnowledgeHolder,
        sessions: SessionFactory,
        defaults: Defaults,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        review_policy: ReviewPolicy | None = None,
        link_previews: LinkPreviewService | None = None,
        outbox: Outbox | None = None,
    ) -> Services:
        """Wire the services around a loaded knowledge holder (what `build` does after loading; tests use it)."""
        outbox = outbox if outbox is not None else Outbox()
        guild_settings = GuildSettingsService(sessions, defaults, clock=clock)
        pages = LinkPages(link_previews, holder, guild_settings) if link_previews is not None else None
        learning = Learning(sessions)
        review = ReviewService(holder, sessions, learning, policy=review_policy, clock=clock, outbox=outbox)
        alerts = AlertService(
            holder,
            sessions,
            guild_settings,
            clock=clock,
            learning=learning,
            on_dispute=review.dispute_recorded,
            pages=pages,
            outbox=outbox,
        )
        return cls(
            knowledge=holder,
            guild_settings=guild_settings,
            alerts=alerts,
            factcheck=FactCheckService(holder, guild_settings, pages=pages),
            review=review,
            link_pages=pages,
            outbox=outbox,
        )
