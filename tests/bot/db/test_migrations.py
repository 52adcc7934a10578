import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, StatementError

from bot.db.migrate import current_revision, downgrade_database, head_revision, upgrade_database
from bot.db.models import Answer, Base, GuildSettings
from bot.db.types import utcnow
from tests.bot.helpers import Database


def _schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
    return compare_metadata(context, Base.metadata)


@pytest.mark.migrations
async def test_migrations_reach_head(db: Database) -> None:
    assert await current_revision(db.engine) == head_revision() is not None


@pytest.mark.migrations
async def test_migrated_schema_equals_the_models(db: Database) -> None:
    """Autogenerate finds nothing to add: the migrations build exactly what the models declare."""
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_schema_differences) == []


@pytest.mark.migrations
async def test_upgrading_again_changes_nothing(db: Database) -> None:
    assert await upgrade_database(db.engine) == head_revision()
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_schema_differences) == []


@pytest.mark.migrations
async def test_migrations_go_down_and_up_again(db: Database) -> None:
    assert await downgrade_database(db.engine, "base") is None
    async with db.engine.connect() as connection:
        missing = await connection.run_sync(_schema_differences)
    assert {diff[1].name for diff in missing if diff[0] == "add_table"} == set(Base.metadata.tables)  # type: ignore[index]
    assert await upgrade_database(db.engine) == head_revision()
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_schema_differences) == []


async def test_each_test_has_its_own_tables(db: Database) -> None:
    """The test's place (a SQLite file, a PostgreSQL schema) holds exactly our tables and Alembic's."""
    if db.schema is None:
        query, params = text("SELECT name FROM sqlite_master WHERE type = 'table'"), {}
    else:
        query = text("SELECT table_name FROM information_schema.tables WHERE table_schema = :schema")
        params = {"schema": db.schema}
    async with db.engine.connect() as connection:
        tables = set((await connection.execute(query, params)).scalars())
        if db.schema is not None:
            assert await connection.scalar(text("SELECT current_schema()")) == db.schema
    assert tables == {*Base.metadata.tables, "alembic_version"}


async def test_datetimes_come_back_aware_in_utc(db: Database) -> None:
    moment = dt.datetime(2024, 5, 6, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    async with db.sessions() as session:
        session.add(GuildSettings(guild_id=1, created_at=moment, updated_at=moment))
        await session.commit()
    async with db.sessions() as session:
        stored = await session.scalar(select(GuildSettings.created_at))
    assert stored == moment
    assert stored is not None
    assert stored.utcoffset() == dt.timedelta(0)


async def test_naive_datetimes_are_refused(db: Database) -> None:
    naive = dt.datetime(2024, 5, 6, 12, 0)  # noqa: DTZ001 - the point of the test
    async with db.sessions() as session:
        session.add(GuildSettings(guild_id=1, created_at=naive, updated_at=naive))
        with pytest.raises(StatementError, match="naive datetime"):
            await session.commit()


async def test_defaults_are_evaluated_per_row(db: Database) -> None:
    """created_at is the time of the insert, not of the import."""
    before = utcnow()
    async with db.sessions() as session:
        session.add(GuildSettings(guild_id=1))
        await session.commit()
    after = utcnow()
    async with db.sessions() as session:
        row = await session.get(GuildSettings, 1)
    assert row is not None
    assert before <= row.created_at <= after
    assert row.auto_replies is True
    assert row.link_fetching is True


async def test_the_same_message_cannot_be_recorded_twice(db: Database) -> None:
    def answer() -> Answer:
        return Answer(
            guild_id=1,
            channel_id=2,
            source_message_id=3,
            incident_id="i",
            claim_id="c",
            score=90.0,
            action="reply",
            text_sha256="0" * 64,
        )

    async with db.sessions() as session:
        session.add(answer())
        await session.commit()
        session.add(answer())
        with pytest.raises(IntegrityError):
            await session.commit()


@pytest.mark.postgres
async def test_processes_starting_together_migrate_one_at_a_time() -> None:
    """Two bot processes on a fresh database (compose's shards) both reach head; neither trips on the other."""
    import asyncio
    import uuid

    from sqlalchemy import pool

    from bot.db.engine import create_engine
    from tests.bot.helpers import POSTGRES_URL, require_postgres

    await require_postgres(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engines = [create_engine(POSTGRES_URL, schema=schema, poolclass=pool.NullPool) for _ in range(3)]
    try:
        revisions = await asyncio.gather(*(upgrade_database(engine) for engine in engines))
        assert revisions == [head_revision()] * 3
    finally:
        for engine in engines:
            await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
