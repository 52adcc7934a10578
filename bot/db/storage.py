"""The database as the services see it: transactions handing out typed repositories, and records, never rows.

    async with storage.transaction() as tx:
        item = await tx.review.item_in(guild_id, item_id)
        ...
        await tx.commit()

A transaction not committed is rolled back when its block ends. Services get a `Storage` (or the session factory,
which `storage_of` wraps) and never see a session, a query or an ORM entity.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.repositories.answers import DisputeResult, NewAnswer, ReserveOutcome
from bot.db.repositories.drafted_claims import DraftFields, DraftRecord
from bot.db.repositories.phrasings import ServerPhrasing
from bot.db.repositories.review import Closing, NewItem
from bot.db.stores.answers import AnswerStore
from bot.db.stores.corrections import CorrectionStore
from bot.db.stores.drafts import DraftStore
from bot.db.stores.events import ActivityStore, SeenEventStore
from bot.db.stores.guilds import GuildStore
from bot.db.stores.phrasings import PhrasingStore
from bot.db.stores.review import ReviewStore
from bot.db.stores.review_posting import PostingStore
from bot.domain import DueAnswer, QueuedEdit

__all__ = [
    "Closing",
    "DisputeResult",
    "DraftFields",
    "DraftRecord",
    "DueAnswer",
    "NewAnswer",
    "NewItem",
    "QueuedEdit",
    "ReserveOutcome",
    "ServerPhrasing",
    "Storage",
    "StorageSource",
    "Transaction",
    "storage_of",
]


class Transaction:
    """One unit of work: its repositories share one session; `commit` makes their writes durable together."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.review = ReviewStore(session)
        self.answers = AnswerStore(session)
        self.guilds = GuildStore(session)
        self.posting = PostingStore(session)
        self.activity = ActivityStore(session)
        self.seen_events = SeenEventStore(session)
        self.corrections = CorrectionStore(session)
        self.phrasings = PhrasingStore(session)
        self.drafts = DraftStore(session)

    async def commit(self) -> None:
        """Make every write of this transaction durable, all or nothing."""
        await self._session.commit()

    async def rollback(self) -> None:
        """Undo this transaction's writes not committed yet."""
        await self._session.rollback()


class Storage:
    """Opens transactions on the database (one per unit of work: an event, a click, a periodic job)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._writers = asyncio.Lock() if _is_sqlite(sessions) else None

    @asynccontextmanager
    async def transaction(self, *, writing: bool = False) -> AsyncIterator[Transaction]:
        """A new transaction; rolled back at the end of the block unless committed.

        ``writing``: it writes. SQLite lets one transaction write at a time, and one that finds another writing
        sleeps in steps of up to 100 ms before trying again; so on SQLite this process's writing transactions take
        turns instead, each starting as soon as the one before has ended (other processes' still meet the sleeps).
        """
        if writing and self._writers is not None:
            async with self._writers, self._sessions() as session:
                yield Transaction(session)
        else:
            async with self._sessions() as session:
                yield Transaction(session)


StorageSource = Storage | async_sessionmaker[AsyncSession]
"""What services accept where they need the database: a `Storage`, or the session factory built in ``main()``."""


def _is_sqlite(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """Whether the sessions are bound to SQLite (a stand-in for the factory, as tests pass, is not)."""
    bind = getattr(sessions, "kw", {}).get("bind")
    return bind is not None and bind.dialect.name == "sqlite"


def storage_of(source: StorageSource) -> Storage:
    """The `Storage` for a source (itself, or one over the session factory)."""
    return source if isinstance(source, Storage) else Storage(source)
