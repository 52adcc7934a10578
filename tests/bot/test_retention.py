"""Retention (PRIVACY.md): old review excerpts and notes blanked, a server's data purged, departures and returns."""

from __future__ import annotations

import datetime as dt
import itertools

from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import cli
from bot.db.models import (
    Answer,
    AnswerCooldown,
    Base,
    ChannelSettings,
    Dispute,
    DraftedClaim,
    GuildDeparture,
    GuildSettings,
    LearnedLink,
    LearnedPhrasing,
    ReviewDecision,
    ReviewItem,
    ReviewReport,
    Suppression,
)
from bot.retention import (
    RetentionLoop,
    cancel_departures,
    purge_departed,
    purge_guild,
    record_departure,
    redact_decided_items,
)
from tests.bot.helpers import Database

NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
_ids = itertools.count(1000)


def review_item(guild_id: int, *, state: str, decided_days_ago: float | None, excerpt: str = "what alice wrote"):
    decided_at = NOW - dt.timedelta(days=decided_days_ago) if decided_days_ago is not None else None
    key = f"{next(_ids):064d}"
    return ReviewItem(
        guild_id=guild_id,
        kind="match",
        state=state,
        open_key=key if state == "pending" else None,
        dedupe_key=key,
        subject_key=key,
        text_sha256="0" * 64,
        channel_id=2,
        message_id=next(_ids),
        author_id=3,
        excerpt=excerpt,
        created_at=NOW - dt.timedelta(days=60),
        last_seen_at=NOW - dt.timedelta(days=60),
        decided_at=decided_at,
    )


async def add_item_with_note(db: Database, item: ReviewItem) -> int:
    async with db.sessions() as session:
        session.add(item)
        await session.flush()
        session.add(ReviewReport(item_id=item.id, user_id=4, channel_id=2, message_id=item.message_id, note="a note"))
        await session.commit()
        return item.id


async def excerpt_and_notes(db: Database, item_id: int) -> tuple[str | None, list[str | None]]:
    async with db.sessions() as session:
        item = await session.get(ReviewItem, item_id)
        notes = list(await session.scalars(select(ReviewReport.note).where(ReviewReport.item_id == item_id)))
        return item.excerpt, notes


async def test_decided_and_expired_items_lose_excerpts_and_notes_after_the_retention(db: Database):
    old_decided = await add_item_with_note(db, review_item(1, state="approved", decided_days_ago=31))
    old_expired = await add_item_with_note(db, review_item(1, state="expired", decided_days_ago=45))
    recent = await add_item_with_note(db, review_item(1, state="rejected", decided_days_ago=29))
    pending = await add_item_with_note(db, review_item(1, state="pending", decided_days_ago=None))

    blanked = await redact_decided_items(db.sessions, days=30, now=NOW)

    assert blanked == 2
    assert await excerpt_and_notes(db, old_decided) == (None, [None])
    assert await excerpt_and_notes(db, old_expired) == (None, [None])
    assert await excerpt_and_notes(db, recent) == ("what alice wrote", ["a note"])
    assert await excerpt_and_notes(db, pending) == ("what alice wrote", ["a note"])
    assert await redact_decided_items(db.sessions, days=30, now=NOW) == 0  # nothing left to blank


async def test_the_retention_is_configurable(db: Database):
    item = await add_item_with_note(db, review_item(1, state="dismissed", decided_days_ago=8))

    assert await redact_decided_items(db.sessions, days=30, now=NOW) == 0
    assert await redact_decided_items(db.sessions, days=7, now=NOW) == 1
    assert await excerpt_and_notes(db, item) == (None, [None])


async def fill_guild(db: Database, guild_id: int) -> None:
    """A row in every table that holds something about a server."""
    async with db.sessions() as session:
        session.add(GuildSettings(guild_id=guild_id))
        await session.flush()
        session.add(ChannelSettings(channel_id=next(_ids), guild_id=guild_id, auto_replies=False))
        answer = Answer(
            guild_id=guild_id,
            channel_id=2,
            source_message_id=next(_ids),
            incident_id="i",
            claim_id="c",
            score=90.0,
            action="reply",
            text_sha256="0" * 64,
        )
        session.add(answer)
        await session.flush()
        session.add(
            AnswerCooldown(
                channel_id=next(_ids), incident_id="i", guild_id=guild_id, answer_id=answer.id, answered_at=NOW
            )
        )
        session.add(Dispute(answer_id=answer.id, user_id=5))
        item = review_item(guild_id, state="approved", decided_days_ago=1)
        session.add(item)
        await session.flush()
        session.add(ReviewReport(item_id=item.id, user_id=4, channel_id=2, note="n"))
        session.add(
            ReviewDecision(item_id=item.id, guild_id=guild_id, moderator_id=6, action="approve", state="approved")
        )
        session.add(
            LearnedLink(
                guild_id=guild_id, url="https://x.test/a", url_key="1" * 64, incident_id="i", claim_id="c", decided_by=6
            )
        )
        session.add(Suppression(guild_id=guild_id, subject_key="2" * 64, incident_id="i", decided_by=6))
        session.add(
            LearnedPhrasing(
                guild_id=guild_id,
                incident_id="i",
                claim_id="c",
                text="t",
                text_key="3" * 64,
                approved=True,
                decided_by=6,
            )
        )
        session.add(
            DraftedClaim(
                guild_id=guild_id,
                incident_id="a-claim",
                claim="a claim",
                verdict="false",
                clarification="c",
                statement="s",
                speaker="someone",
                source_url="https://x.test/s",
                created_by=6,
                updated_by=6,
            )
        )
        session.add(GuildDeparture(guild_id=guild_id, left_at=NOW, purge_after=NOW))
        await session.commit()


async def rows_per_table(db: Database) -> dict[str, int]:
    async with db.sessions() as session:
        return {
            table.name: (await session.execute(select(func.count()).select_from(table))).scalar_one()
            for table in Base.metadata.sorted_tables
        }


async def test_purging_a_guild_deletes_everything_about_it_and_nothing_else(db: Database):
    await fill_guild(db, 111)
    await fill_guild(db, 222)
    before = await rows_per_table(db)

    deleted = await purge_guild(db.sessions, 111)

    after = await rows_per_table(db)
    expected = {
        "guild_settings",
        "channel_settings",
        "answers",
        "answer_cooldowns",
        "disputes",
        "review_items",
        "review_reports",
        "review_decisions",
        "learned_links",
        "review_suppressions",
        "learned_phrasings",
        "drafted_claims",
        "guild_departures",
    }
    assert set(deleted) == expected
    assert all(count == 1 for count in deleted.values())
    assert {name: before[name] - after[name] for name in expected} == dict.fromkeys(expected, 1)
    assert await purge_guild(db.sessions, 111) == {}
    assert (await purge_guild(db.sessions, 222)).keys() == expected


async def test_a_departed_guild_is_purged_after_the_grace_period_unless_the_bot_came_back(db: Database):
    await fill_guild(db, 111)
    await fill_guild(db, 222)
    await fill_guild(db, 333)
    async with db.sessions() as session:
        for guild_id in (111, 222, 333):
            await session.delete(await session.get(GuildDeparture, guild_id))
        await session.commit()

    purge_after = await record_departure(db.sessions, 111, grace_days=7, now=NOW)
    await record_departure(db.sessions, 222, grace_days=7, now=NOW)
    await record_departure(db.sessions, 333, grace_days=7, now=NOW)
    assert purge_after == NOW + dt.timedelta(days=7)
    assert await cancel_departures(db.sessions, [222, 999]) == ["222"]

    assert await purge_departed(db.sessions, now=NOW + dt.timedelta(days=6)) == []
    assert await purge_departed(db.sessions, now=NOW + dt.timedelta(days=7, seconds=1)) == ["111", "333"]

    async with db.sessions() as session:
        guilds = set(await session.scalars(select(GuildSettings.guild_id)))
    assert guilds == {"222"}


async def test_the_retention_loop_sweeps_at_once(db: Database):
    item = await add_item_with_note(db, review_item(1, state="approved", decided_days_ago=40))

    async with RetentionLoop(db.sessions, retention_days=30, interval=3600, clock=lambda: NOW) as loop:
        await loop.sweep()

    assert await excerpt_and_notes(db, item) == (None, [None])


def test_data_purge_deletes_a_guild_from_the_command_line(tmp_path, monkeypatch):
    import asyncio

    from bot.db.engine import create_engine, create_session_factory
    from bot.db.migrate import upgrade_database

    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"

    async def prepare() -> None:
        engine = create_engine(url)
        await upgrade_database(engine)
        await fill_guild(Database(url, None, engine, create_session_factory(engine)), 111)
        await engine.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", url)

    result = CliRunner().invoke(
        cli, ["--env-file", str(tmp_path / "none.env"), "data", "purge", "--guild", "111", "--yes"]
    )
    again = CliRunner().invoke(
        cli, ["--env-file", str(tmp_path / "none.env"), "data", "purge", "--guild", "111", "--yes"]
    )

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Deleted 13 rows about server 111 (answer_cooldowns 1, answers 1, ")
    assert again.output.strip() == "Nothing was stored about server 111."


async def test_expired_link_previews_are_deleted(db: Database):
    from bot.db.models import LinkPreview
    from bot.retention import drop_expired_previews

    async with db.sessions() as session:
        for key, hours in (("a", -1), ("b", 1)):
            session.add(
                LinkPreview(
                    url_key=key * 64,
                    url=f"https://{key}.test/",
                    result={},
                    fetched_at=NOW,
                    expires_at=NOW + dt.timedelta(hours=hours),
                )
            )
        await session.commit()

    assert await drop_expired_previews(db.sessions, now=NOW) == 1
    async with db.sessions() as session:
        assert list(await session.scalars(select(LinkPreview.url))) == ["https://b.test/"]
