"""The container's command, run by hand: what docker-compose.yml runs, with its mounts and environment translated.

There is no Docker engine here, so this starts the image's command (``python -m bot run``) as a process with the
environment compose gives the `bot` service (.env.example copied to .env, secrets filled in, then the service's
``environment``), every container path replaced by the host folder compose mounts there, and the database a fresh
PostgreSQL database in place of the `db` service.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import urllib.request
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import pool, text
from sqlalchemy.engine import make_url

from bot.db.engine import create_engine
from bot.settings import Settings
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.e2e.helpers import CLAIM, replies_to
from tests.fakediscord import FakeDiscord
from tests.ports import free_port
from tests.test_deploy_files import ROOT, compose, container_environment, copied_dotenv, mounts

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database (what the `db` service starts with); its URL."""
    await require_postgres(POSTGRES_URL)
    name = f"deploy_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


def translated_environment(fake: FakeDiscord, database_url: str, data_dir: Path, health_port: int) -> dict[str, str]:
    """The bot service's environment, with container paths mapped to the host folders compose mounts there."""
    service = compose()["services"]["bot"]
    environment = container_environment(service, copied_dotenv())
    host_paths = {
        target: (ROOT / source if source.startswith(".") else data_dir)
        for target, (source, _) in mounts(service).items()
    }
    for name, value in environment.items():
        for target, host in host_paths.items():
            if value == target or value.startswith(f"{target}/"):
                environment[name] = str(host) + value[len(target) :]
    environment.update(
        DATABASE_URL=database_url,  # in place of the `db` service
        HEALTH_HOST="127.0.0.1",  # the container's 0.0.0.0, kept to loopback here
        HEALTH_PORT=str(health_port),
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        LINK_FETCHING="false",
    )
    import os

    machine = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    return machine | environment


async def cli(environment: dict[str, str], cwd: Path, *arguments: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        env=environment,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, output.decode()


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


async def healthy(port: int, *, within: float = 15) -> dict:
    """The first 200 answer of /healthz (the gateway is ready a moment after IDENTIFY)."""
    async with asyncio.timeout(within):
        while True:
            try:
                return await asyncio.to_thread(get_json, f"http://127.0.0.1:{port}/healthz")
            except OSError:
                await asyncio.sleep(0.2)


async def test_the_compose_command_runs_migrates_answers_and_reloads_with_the_mounted_knowledge(
    tmp_path, fresh_database, clean_environment
):
    data_dir = tmp_path / "bot-data"
    data_dir.mkdir()  # the image creates /data; the named volume starts empty
    workdir = tmp_path / "app"
    workdir.mkdir()
    port = free_port()
    async with FakeDiscord() as fake:
        environment = translated_environment(fake, fresh_database, data_dir, port)
        assert environment["KNOWLEDGE_PATHS"] == str(ROOT / "knowledge" / "incidents")
        assert environment["OUTBOX_PATH"] == str(data_dir / "outbox.jsonl")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=environment,
            cwd=workdir,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await fake.wait_for_identify(timeout=30)
            posted = await fake.post_message("alice", "general", CLAIM)
            answer = await fake.wait_for_message(
                fake.world.guild.channel("general"), predicate=lambda m: replies_to(m, posted), timeout=15
            )
            health = await healthy(port)
            code, reloaded = await cli(environment, workdir, "kb", "reload")
            code_without, refused = await cli(environment | {"ADMIN_TOKEN": "wrong"}, workdir, "kb", "reload")
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 15)
        except BaseException:
            if process.returncode is None:
                process.kill()
            _, stderr = await process.communicate()
            print(f"the bot's log:\n{stderr.decode()}")
            raise

    log = stderr.decode()
    assert process.returncode == 0, log
    assert answer["embeds"][0]["title"].startswith("Misleading")
    assert health == {"status": "ok", "checks": health["checks"]} and all(health["checks"].values()), health
    assert code == 0 and reloaded.startswith("Knowledge reloaded: 3 incidents from 3 files."), reloaded
    assert code_without == 1 and "ADMIN_TOKEN" in refused, refused
    assert "Traceback" not in log
    engine = create_engine(fresh_database, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM alembic_version"))).scalar() == 1
            assert (await connection.execute(text("SELECT count(*) FROM answers"))).scalar() == 1
    finally:
        await engine.dispose()
