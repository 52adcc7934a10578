"""Knowledge reloads: the report, the health server's admin route and who may call it, and `kb reload`."""

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from click.testing import CliRunner, Result

from bot.admin_http import RELOAD_PATH, AdminRoutes, is_loopback
from bot.cli import cli
from bot.cli._reload import reload_url
from bot.health import HealthChecker, HealthServer
from bot.metrics import Metrics
from bot.reload import ReloadProblem, ReloadReport, reload_knowledge
from bot.services.knowledge import KnowledgeHolder
from bot.settings import Settings
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.ports import free_port

COMPTON_FILE = "compton-chp-takeover-video.yaml"
TOKEN = "s3cret-admin-token"
EVERYWHERE = "0.0.0.0"  # noqa: S104  # only told to the admin routes: the tests never bind it
JSON = {"Content-Type": "application/json"}


def knowledge_copy(directory: Path) -> Path:
    """The packaged incidents, copied where a test may edit them."""
    directory.mkdir()
    for source in DEFAULT_KNOWLEDGE_DIR.glob("*.yaml"):
        shutil.copy(source, directory)
    return directory


def break_verdict(directory: Path) -> None:
    path = directory / COMPTON_FILE
    path.write_text(path.read_text().replace("verdict: misleading", "verdict: kinda-true", 1))


@pytest.fixture
def incidents(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path / "incidents")


@pytest.fixture
def holder(incidents: Path) -> KnowledgeHolder:
    return KnowledgeHolder.load([incidents])


async def reload_json(holder: KnowledgeHolder) -> dict[str, object]:
    return (await reload_knowledge(holder)).as_json()


@pytest.fixture
async def bot_health(holder: KnowledgeHolder) -> AsyncIterator[HealthServer]:
    """A health server with the reload route of ``holder``, on a free loopback port, no token."""
    async with HealthServer(
        HealthChecker({}), Metrics(), port=0, admin=AdminRoutes(lambda: reload_json(holder))
    ) as server:
        yield server


# The report -------------------------------------------------------------------------------------------------


async def test_a_broken_edit_keeps_the_running_knowledge_and_names_file_field_and_problem(holder, incidents):
    running = holder.current
    break_verdict(incidents)

    report = await reload_knowledge(holder)

    assert not report.reloaded
    assert holder.current is running
    [problem] = report.problems
    assert (Path(problem.file).name, problem.field, problem.line) == (COMPTON_FILE, "verdict", 18)
    assert "kinda-true" in problem.problem
    assert report.text().splitlines() == [report.summary, f"- {problem.describe()}"]
    assert report.summary.startswith("Knowledge not reloaded: 1 problem(s)")
    assert ReloadReport.from_json(report.as_json()) == report


async def test_a_folder_emptied_is_refused_and_the_running_knowledge_kept(holder, incidents):
    running = holder.current
    for file in incidents.glob("*.yaml"):
        file.unlink()

    report = await reload_knowledge(holder)

    assert not report.reloaded
    assert holder.current is running
    assert report.incidents == 3
    [problem] = report.problems
    assert (problem.file, problem.problem) == (str(incidents), "no incident found: the bot keeps the knowledge it has")


async def test_a_good_edit_is_swapped_in_whole(holder, incidents):
    (incidents / COMPTON_FILE).unlink()

    report = await reload_knowledge(holder)

    assert (report.reloaded, report.incidents, report.files, report.problems) == (True, 2, 2, ())
    assert "compton-chp-takeover-video" not in holder.knowledge
    assert report.text() == "Knowledge reloaded: 2 incidents from 2 files."


def test_the_report_lists_the_first_problems_only_when_asked():
    problem = ReloadProblem("/srv/knowledge/one.yaml", "claims.0.verdict", "Input should be 'false'", 7)
    report = ReloadReport(False, 3, 3, (problem,) * 12)

    lines = report.text(max_problems=10, file_name_only=True).splitlines()

    assert len(lines) == 12
    assert lines[-1].startswith("- and 2 more")
    assert lines[1] == "- one.yaml (line 7): claims.0.verdict: Input should be 'false'"
    assert "/srv" not in "\n".join(lines)


# The admin route --------------------------------------------------------------------------------------------


async def post(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.post(url, data=b"{}", headers=headers) as response:
        return response.status, await response.json()


async def test_the_route_reloads_and_answers_with_the_report(bot_health, holder, incidents):
    break_verdict(incidents)

    status, body = await post(f"http://127.0.0.1:{bot_health.port}{RELOAD_PATH}", headers=JSON)

    assert status == 200
    report = ReloadReport.from_json(body)
    assert not report.reloaded
    assert report.problems[0].field == "verdict"


async def test_the_route_wants_json(bot_health):
    status, body = await post(f"http://127.0.0.1:{bot_health.port}{RELOAD_PATH}")

    assert status == 415
    assert "application/json" in str(body["error"])


@pytest.fixture
async def admin_app(holder: KnowledgeHolder, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """The admin route registered as for a server on ``request.param`` = (host, token); served on loopback."""
    host, token = request.param
    app = web.Application()
    AdminRoutes(lambda: reload_json(holder), token=token).register(app, host=host)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{RELOAD_PATH}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("admin_app", [(EVERYWHERE, None)], indirect=True)
async def test_without_a_token_a_server_bound_beyond_loopback_refuses(admin_app):
    status, body = await post(admin_app, headers=JSON)

    assert status == 403
    assert "ADMIN_TOKEN" in str(body["error"])


@pytest.mark.parametrize("admin_app", [(EVERYWHERE, TOKEN), ("127.0.0.1", TOKEN)], indirect=True)
async def test_with_a_token_only_callers_presenting_it_may_reload(admin_app):
    missing, _ = await post(admin_app, headers=JSON)
    wrong, _ = await post(admin_app, headers={**JSON, "Authorization": "Bearer nope"})
    right, body = await post(admin_app, headers={**JSON, "Authorization": f"Bearer {TOKEN}"})

    assert (missing, wrong, right) == (401, 401, 200)
    assert body["reloaded"] is True


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), (EVERYWHERE, False), ("::", False), ("10.0.0.5", False)],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


# kb reload --------------------------------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, incidents: Path) -> CliRunner:
    for name in ("HEALTH_PORT", "HEALTH_HOST", "ADMIN_TOKEN", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KNOWLEDGE_PATHS", str(incidents))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


async def kb_reload(runner: CliRunner, **environment: str) -> Result:
    """``python -m bot kb reload`` in a thread, so the server in this event loop can answer it."""
    return await asyncio.to_thread(runner.invoke, cli, ["kb", "reload", "--timeout", "5"], env=environment)


async def test_kb_reload_reloads_the_running_bot(runner, bot_health, holder, incidents):
    (incidents / COMPTON_FILE).unlink()

    result = await kb_reload(runner, HEALTH_PORT=str(bot_health.port))

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Knowledge reloaded: 2 incidents from 2 files."
    assert len(holder.knowledge) == 2


async def test_kb_reload_of_a_broken_edit_fails_and_the_bot_keeps_its_knowledge(runner, bot_health, holder, incidents):
    running = holder.current
    break_verdict(incidents)

    result = await kb_reload(runner, HEALTH_PORT=str(bot_health.port))

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("Knowledge not reloaded: 1 problem(s)")
    assert lines[1].startswith(f"- {incidents / COMPTON_FILE} (line 18): verdict: ")
    assert holder.current is running


async def test_kb_reload_sends_the_admin_token(runner, holder):
    admin = AdminRoutes(lambda: reload_json(holder), token=TOKEN)
    async with HealthServer(HealthChecker({}), Metrics(), port=0, admin=admin) as server:
        right = await kb_reload(runner, HEALTH_PORT=str(server.port), ADMIN_TOKEN=TOKEN)
        wrong = await kb_reload(runner, HEALTH_PORT=str(server.port), ADMIN_TOKEN="nope")

    assert right.exit_code == 0, right.output
    assert wrong.exit_code == 1
    assert wrong.output.startswith("Error: The bot refused the reload: send the bot's ADMIN_TOKEN")


async def test_kb_reload_with_no_bot_listening_says_so_in_one_sentence(runner):
    port = free_port()

    result = await kb_reload(runner, HEALTH_PORT=str(port))

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: No bot answered at http://127.0.0.1:{port}{RELOAD_PATH} (")
    assert result.output.strip().endswith("check HEALTH_PORT and HEALTH_HOST.")
    assert len(result.output.strip().splitlines()) == 1


def test_kb_reload_without_a_health_server_validates_and_points_to_the_command(runner, incidents):
    valid = runner.invoke(cli, ["kb", "reload"])
    break_verdict(incidents)
    broken = runner.invoke(cli, ["kb", "reload"])

    assert valid.exit_code == 0, valid.output
    assert "reload them with /alerts reload in Discord" in valid.output
    assert broken.exit_code == 1
    assert f"{COMPTON_FILE}: verdict (line 18)" in broken.output
    assert "HEALTH_PORT is not set" in broken.output


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8080/admin/reload"),
        (EVERYWHERE, "http://127.0.0.1:8080/admin/reload"),
        ("::", "http://[::1]:8080/admin/reload"),
        ("::1", "http://[::1]:8080/admin/reload"),
        ("localhost", "http://localhost:8080/admin/reload"),
    ],
)
def test_kb_reload_reaches_a_server_listening_everywhere_over_loopback(host, url):
    assert reload_url(Settings(_env_file=None, health_port=8080, health_host=host)) == url
