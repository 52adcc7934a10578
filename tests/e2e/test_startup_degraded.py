"""Starting with something outside the bot wrong: a knowledge path that loads nothing, Discord out of reach."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import urllib.error
import urllib.request

import pytest

from bot.client import StartupError
from bot.runner import run
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.dbproxy import TcpProxy
from tests.e2e.helpers import CLAIM, e2e_settings, replies_to
from tests.e2e.test_process import bot_environment, start_bot_process
from tests.fakediscord import FakeDiscord
from tests.ports import free_port

pytestmark = pytest.mark.e2e


async def test_a_knowledge_path_that_does_not_exist_stops_run_with_one_sentence_naming_it(tmp_path, clean_environment):
    missing = tmp_path / "knowlege" / "incidents"
    async with FakeDiscord() as fake:
        settings = e2e_settings(fake, tmp_path, knowledge_paths=(DEFAULT_KNOWLEDGE_DIR, missing))

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    assert str(raised.value) == (
        f"KNOWLEDGE_PATHS names {missing}, which does not exist: point it at a folder of incident files (or unset it "
        "for the bundled incidents)."
    )
    assert fake.requests == []


async def test_a_knowledge_folder_that_loads_nothing_stops_run_naming_the_folder_and_the_problem(
    tmp_path, clean_environment
):
    folder = tmp_path / "incidents"
    folder.mkdir()
    broken = folder / "compton.yaml"
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", broken)
    broken.write_text(broken.read_text().replace("verdict: misleading", "verdict: kinda-true", 1))
    async with FakeDiscord() as fake:
        settings = e2e_settings(fake, tmp_path, knowledge_paths=(folder,))

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    message = str(raised.value)
    assert message.startswith(f"No incident loaded from KNOWLEDGE_PATHS {folder} (first problem: {broken}")
    assert message.endswith("point KNOWLEDGE_PATHS at a folder of incident files.")
    assert "\n" not in message
    assert fake.requests == []


async def test_an_empty_knowledge_folder_stops_the_process_with_one_line(tmp_path, clean_environment):
    empty = tmp_path / "empty"
    empty.mkdir()
    async with FakeDiscord() as fake:
        environment = bot_environment(fake, tmp_path, KNOWLEDGE_PATHS=str(empty), LOG_LEVEL="CRITICAL")
        process = await start_bot_process(environment, tmp_path)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)

    assert process.returncode == 1
    lines = stderr.decode().strip().splitlines()
    assert lines == [
        f"Error: No incident loaded from KNOWLEDGE_PATHS {empty}: fix the files (python -m bot kb validate) or point "
        "KNOWLEDGE_PATHS at a folder of incident files."
    ]


def healthz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def wait_for_health(port: int, predicate, *, within: float = 45) -> dict:
    async with asyncio.timeout(within):
        while True:
            try:
                status, body = await asyncio.to_thread(healthz, port)
                if predicate(status, body):
                    return body
            except OSError:
                pass
            await asyncio.sleep(0.2)


async def test_discord_unreachable_at_start_is_one_line_per_attempt_then_the_bot_connects(tmp_path, clean_environment):
    health_port = free_port()
    async with FakeDiscord() as fake:
        fake_port = int(fake.api_base.split(":")[2].split("/")[0])
        proxy = TcpProxy("127.0.0.1", fake_port, port=free_port())  # not started: Discord refuses connections
        through = f"127.0.0.1:{proxy.port}"
        environment = bot_environment(
            fake,
            tmp_path,
            DISCORD_API_BASE_URL=fake.api_base.replace(f"127.0.0.1:{fake_port}", through),
            DISCORD_GATEWAY_URL=fake.gateway_url.replace(f"127.0.0.1:{fake_port}", through),
            HEALTH_PORT=str(health_port),
        )
        process = await start_bot_process(environment, tmp_path)
        try:
            unreachable = await wait_for_health(
                health_port, lambda status, body: "Discord unreachable" in body.get("details", {}).get("gateway", "")
            )
            await asyncio.sleep(2.5)  # a few more attempts
            await proxy.start()
            await fake.wait_for_identify(timeout=90)
            connected = await wait_for_health(health_port, lambda status, body: status == 200)
            posted = await fake.post_message("alice", "general", CLAIM)
            answer = await fake.wait_for_message(
                fake.world.guild.channel("general"), predicate=lambda m: replies_to(m, posted), timeout=15
            )
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 15)
        except BaseException:
            if process.returncode is None:
                process.kill()
            _, stderr = await process.communicate()
            print(f"the bot's log:\n{stderr.decode()}")
            raise
        finally:
            await proxy.stop()

    log = stderr.decode()
    assert process.returncode == 0, log
    assert unreachable["status"] == "down"
    assert unreachable["checks"]["gateway"] is False and unreachable["checks"]["knowledge"] is True
    assert unreachable["details"]["gateway"].startswith(f"Discord unreachable at http://{through}/")
    assert connected == {"status": "ok", "checks": connected["checks"]}
    assert answer["embeds"][0]["title"].startswith("Misleading")
    attempts = [line for line in log.splitlines() if "Cannot reach Discord at" in line]
    assert len(attempts) >= 2, log
    assert all(line.rstrip().endswith("s.") for line in attempts)
    assert "Traceback" not in log


async def test_sigterm_while_discord_is_unreachable_stops_the_bot_at_once(tmp_path, clean_environment):
    health_port = free_port()
    closed = f"127.0.0.1:{free_port()}"  # nothing listens there
    async with FakeDiscord() as fake:
        environment = bot_environment(
            fake,
            tmp_path,
            DISCORD_API_BASE_URL=f"http://{closed}/api/v10",
            DISCORD_GATEWAY_URL=f"ws://{closed}/",
            HEALTH_PORT=str(health_port),
        )
        process = await start_bot_process(environment, tmp_path)
        try:
            await wait_for_health(health_port, lambda status, body: "details" in body and "unreachable" in str(body))
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 10)
        finally:
            if process.returncode is None:
                process.kill()
                await process.communicate()

    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()


def _trying_the_gateway(body: dict) -> bool:
    """Up, with the gateway not reached: "connecting to the Discord gateway" while an attempt is under way, or what
    the last attempt met while the next waits (an attempt refused at once is over between two polls).
    """
    return body.get("details", {}).get("gateway", "") not in ("", "connected", "closed")


async def test_sigterm_while_the_gateway_is_unreachable_stops_the_bot_at_once(tmp_path, clean_environment):
    health_port = free_port()
    async with FakeDiscord() as fake:
        environment = bot_environment(
            fake, tmp_path, DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{free_port()}/", HEALTH_PORT=str(health_port)
        )
        process = await start_bot_process(environment, tmp_path)
        try:
            connecting = await wait_for_health(health_port, lambda status, body: _trying_the_gateway(body))
            await asyncio.sleep(3)  # a reconnect attempt or two, each logged on one line
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 10)
        except BaseException:
            if process.returncode is None:
                process.kill()
            _, stderr = await process.communicate()
            print(f"the bot's log:\n{stderr.decode()}")
            raise

    log = stderr.decode()
    assert process.returncode == 0, log
    assert connecting["status"] == "down"
    assert "Traceback" not in log
    assert "Attempting a reconnect in" in log
