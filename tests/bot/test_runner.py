"""The runner's pieces: where discord.py connects, the token, the database check, the log filter."""

import logging
from pathlib import Path

import discord
import pytest
import yarl

from bot.client import StartupError
from bot.db.engine import create_engine
from bot.runner import (
    MISSING_LOGIN,
    discord_endpoints,
    open_runtime,
    prepare_database,
    quiet_voice_warnings,
    require_token,
)
from bot.settings import Settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def endpoints() -> tuple[str, yarl.URL]:
    return discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def test_discord_endpoints_point_discord_py_elsewhere_and_restore_it():
    before = endpoints()
    chosen = settings(discord_api_base_url="http://127.0.0.1:9/api/v10/", discord_gateway_url="ws://127.0.0.1:9/")

    with discord_endpoints(chosen):
        inside = endpoints()
        route = discord.http.Route("GET", "/users/@me").url

    assert inside == ("http://127.0.0.1:9/api/v10", yarl.URL("ws://127.0.0.1:9/"))
    assert route == "http://127.0.0.1:9/api/v10/users/@me"
    assert endpoints() == before


def test_discord_endpoints_leave_discord_alone_when_unset():
    before = endpoints()

    with discord_endpoints(settings()):
        inside = endpoints()

    assert inside == before


@pytest.mark.parametrize("token", [None, "", "   "])
def test_a_missing_token_is_one_sentence(token):
    with pytest.raises(StartupError) as raised:
        require_token(settings(discord_token=token))

    assert str(raised.value) == MISSING_LOGIN


def test_the_token_is_returned_stripped():
    assert require_token(settings(discord_token=" abc.def ")) == "abc.def"


async def test_a_sqlite_file_in_a_missing_directory_is_refused_before_connecting(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'missing' / 'bot.sqlite3'}"
    engine = create_engine(url)
    try:
        with pytest.raises(StartupError) as raised:
            await prepare_database(engine, url)
    finally:
        await engine.dispose()

    assert f"(the directory {tmp_path / 'missing'} does not exist)" in str(raised.value)
    assert not (tmp_path / "missing").exists()


async def test_prepare_database_migrates_a_new_sqlite_file(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    engine = create_engine(url)
    try:
        await prepare_database(engine, url)
    finally:
        await engine.dispose()

    assert (tmp_path / "bot.sqlite3").stat().st_size > 0


def test_voice_warnings_are_dropped_once(caplog):
    quiet_voice_warnings()
    quiet_voice_warnings()
    logger = logging.getLogger("discord.client")

    with caplog.at_level(logging.WARNING, logger="discord.client"):
        logger.warning("PyNaCl is not installed, voice will NOT be supported")
        logger.warning("something else")

    assert [record.getMessage() for record in caplog.records] == ["something else"]
    assert len(logger.filters) == 2  # and the one-line reconnects


def test_a_gateway_reconnect_is_logged_on_one_line(caplog):
    quiet_voice_warnings()
    logger = logging.getLogger("discord.client")

    with caplog.at_level(logging.ERROR, logger="discord.client"):
        try:
            raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 9)")
        except OSError:
            logger.exception("Attempting a reconnect in %.2fs", 1.5)

    (record,) = caplog.records
    assert record.exc_info is None
    assert record.getMessage() == (
        "Attempting a reconnect in 1.50s (ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 9))"
    )


async def test_an_outbox_file_in_a_missing_directory_stops_the_start(tmp_path: Path):
    chosen = settings(database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}", outbox_path=tmp_path / "no" / "o.jsonl")

    with pytest.raises(StartupError, match="OUTBOX_PATH"):
        async with open_runtime(chosen):
            pass
