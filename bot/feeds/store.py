"""Feed states and last good versions in the ``knowledge_feeds`` table, for restarts and for ``kb feeds``.

Bodies are stored gzip-compressed (compressed and decompressed in a worker thread: a 25 MiB feed takes
seconds, which the event loop must not wait for); reading the states alone never loads them.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from bot.db.engine import SessionFactory
from bot.db.models import URL_LENGTH, KnowledgeFeed
from bot.db.upsert import insert
from bot.feeds.state import FeedState

_STATE_COLUMNS = (
    KnowledgeFeed.url,
    KnowledgeFeed.etag,
    KnowledgeFeed.last_modified,
    KnowledgeFeed.checked_at,
    KnowledgeFeed.succeeded_at,
    KnowledgeFeed.changed_at,
    KnowledgeFeed.reviews,
    KnowledgeFeed.problems,
    KnowledgeFeed.error,
)


@dataclass(frozen=True)
class StoredVersion:
    """The last good version of a feed as stored."""

    body: bytes
    jsonl: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def url_key(url: str) -> str:
    """The row key of a feed: the sha256 of its URL."""
    return hashlib.sha256(url.encode()).hexdigest()


class FeedStore:
    """Reads and writes feed rows; one short session per call."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    async def states(self) -> list[FeedState]:
        """Every stored feed's state (without bodies), in URL order."""
        async with self._sessions() as session:
            rows = (await session.execute(select(*_STATE_COLUMNS).order_by(KnowledgeFeed.url))).all()
        return [FeedState(*row) for row in rows]

    async def version(self, url: str) -> StoredVersion | None:
        """The last good version of a feed, when one is stored."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(KnowledgeFeed.body, KnowledgeFeed.jsonl).where(KnowledgeFeed.url_key == url_key(url))
                )
            ).first()
        if row is None or row.body is None:
            return None
        return StoredVersion(await asyncio.to_thread(gzip.decompress, row.body), row.jsonl)

    async def save(self, state: FeedState, version: StoredVersion | None = None) -> None:
        """Store a feed's state, and its new good version when given (the stored one stays otherwise)."""
        values: dict[str, object] = {
            "url": state.url[:URL_LENGTH],
            "etag": state.etag[:1024] if state.etag else None,
            "last_modified": state.last_modified[:128] if state.last_modified else None,
            "checked_at": state.checked_at,
            "succeeded_at": state.succeeded_at,
            "changed_at": state.changed_at,
            "reviews": state.reviews,
            "problems": state.problems,
            "error": state.error,
        }
        if version is not None:
            values |= {
                "body": await asyncio.to_thread(gzip.compress, version.body, compresslevel=6),
                "body_sha256": await asyncio.to_thread(_sha256, version.body),
                "jsonl": version.jsonl,
            }
        async with self._sessions() as session:
            row = {"url_key": url_key(state.url), "jsonl": False} | values
            statement = insert(session, KnowledgeFeed).values(**row)
            await session.execute(statement.on_conflict_do_update(index_elements=[KnowledgeFeed.url_key], set_=values))
            await session.commit()
