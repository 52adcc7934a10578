import pytest
from sqlalchemy import func, select, text

from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import current_revision, head_revision
from bot.db.models import Answer, Base, GuildSettings
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.migrated import MigratedDatabases

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none"


async def test_unreachable_postgres_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="unreachable"):
        await require_postgres(UNREACHABLE)


async def test_unreachable_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        await require_postgres(UNREACHABLE)


def _answer() -> Answer:
    return Answer(
        guild_id="1",
        channel_id="2",
        source_message_id="3",
        incident_id="i",
        claim_id="c",
        score=90.0,
        action="reply",
        text_sha256="0" * 64,
    )


@pytest.mark.postgres
async def test_the_shared_schema_comes_back_empty_with_its_sequences_restarted(migrated: MigratedDatabases) -> None:
    """What one test wrote in the session's schema is gone for the next, and ids start at 1 again."""
    await require_postgres(POSTGRES_URL)
    schema = await migrated.postgres_schema(POSTGRES_URL)
    engine = create_engine(POSTGRES_URL, schema=schema)
    try:
        async with create_session_factory(engine)() as session:
            session.add_all([GuildSettings(guild_id="1"), _answer()])
            await session.commit()

        assert await migrated.postgres_schema(POSTGRES_URL) == schema

        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                assert await connection.scalar(select(func.count()).select_from(table)) == 0, table.name
        async with create_session_factory(engine)() as session:
            again = _answer()
            session.add(again)
            await session.commit()
            assert again.id == 1
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()
        await migrated.postgres_schema(POSTGRES_URL)  # empty for the next test


async def test_each_sqlite_copy_is_a_database_of_its_own(migrated: MigratedDatabases, tmp_path) -> None:
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    await migrated.copy_sqlite(first)
    engine = create_engine(f"sqlite:///{first}")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO guild_settings (guild_id, created_at, updated_at) "
                    "VALUES ('1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
    finally:
        await engine.dispose()

    await migrated.copy_sqlite(second)

    engine = create_engine(f"sqlite:///{second}")
    try:
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(GuildSettings)) == 0
    finally:
        await engine.dispose()
