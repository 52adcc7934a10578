"""Structure of the production packaging: Dockerfile, .dockerignore, docker-compose.yml and .env.example."""

import importlib
import importlib.util
import json
import re
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

#: How production starts the bot; the image's ENTRYPOINT + CMD and compose's command must add up to this.
PRODUCTION_COMMAND = ("python", "-m", "bot", "run")
PRODUCTION_SUBCOMMAND = PRODUCTION_COMMAND[-1]

SECRET_KEY = re.compile(r"PASSWORD|TOKEN|SECRET|API_KEY|PRIVATE_KEY", re.IGNORECASE)
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")
URL_PASSWORD = re.compile(r"://[^:/@\s]+:([^@\s]+)@")
ENV_LINE = re.compile(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


# --- helpers ---------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    pairs = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def exec_form(instructions: list[tuple[str, str]], keyword: str) -> list[str]:
    """The JSON (exec) form of the last `keyword` instruction."""
    values = [rest for kw, rest in instructions if kw == keyword]
    assert values, f"no {keyword} in the final stage"
    parsed = json.loads(values[-1])
    assert isinstance(parsed, list), f"{keyword} must use the exec (JSON) form"
    return parsed


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value: str) -> str:
    """Resolve compose `${VAR:-default}` to its default and `${VAR:?message}`/`${VAR}` to a placeholder."""

    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        return text.split(":-", 1)[1][:-1] if ":-" in text else f"<{match.group(1)}>"

    return INTERPOLATION.sub(replace, value)


def walk_strings(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every (key path, string value) in a parsed YAML tree."""
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in walk_strings(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [pair for i, value in enumerate(node) for pair in walk_strings(value, f"{path}[{i}]")]
    return [(path, node)] if isinstance(node, str) else []


def env_example() -> dict[str, str]:
    """Variables named in .env.example, set (`NAME=value`) or shown as commented examples (`# NAME=value`)."""
    names: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = ENV_LINE.match(line.strip())
        if match:
            names.setdefault(match.group(1), match.group(2))
    return names


def env_example_set() -> dict[str, str]:
    """Only the variables .env.example actually sets."""
    pairs = (line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if ENV_LINE.match(line))
    return dict(pairs)


def settings_env_names() -> set[str]:
    """The environment variable names `bot.settings.Settings` reads, as pydantic-settings derives them."""
    if importlib.util.find_spec("bot.settings") is None:
        pytest.skip("bot/settings.py does not exist yet")
    settings_class = importlib.import_module("bot.settings").Settings
    prefix = settings_class.model_config.get("env_prefix", "")
    names = set()
    for name, field in settings_class.model_fields.items():
        alias = field.validation_alias or field.alias
        choices = getattr(alias, "choices", None)
        if isinstance(alias, str):
            names.add(alias.upper())
        elif choices:
            names.add(str(choices[0]).upper())
        else:
            names.add(f"{prefix}{name}".upper())
    return names


# --- Dockerfile ------------------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_on_python_slim():
    instructions = dockerfile_instructions()
    froms = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert len(froms) >= 2
    args = " ".join(rest for keyword, rest in instructions if keyword == "ARG")
    assert "python:3.11-slim" in " ".join(froms) + args
    assert any(keyword == "COPY" and rest.startswith("--from=") for keyword, rest in final_stage())


def test_dockerfile_copies_every_package_the_project_installs():
    """`pip install .` in the image installs only what was copied: a package left out is missing at run time."""
    import tomllib

    includes = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in includes}
    copied = {rest.split()[0].rstrip("/") for keyword, rest in dockerfile_instructions() if keyword == "COPY"}
    assert packages <= copied, f"the Dockerfile does not copy {sorted(packages - copied)}"
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert not packages & ignored


def test_dockerfile_runs_as_a_non_root_user():
    users = [rest for keyword, rest in final_stage() if keyword == "USER"]
    assert users, "the final stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_dockerfile_runs_the_production_command():
    stage = final_stage()
    assert (*exec_form(stage, "ENTRYPOINT"), *exec_form(stage, "CMD")) == PRODUCTION_COMMAND


def test_dockerfile_sets_python_runtime_flags():
    env = " ".join(rest for keyword, rest in final_stage() if keyword == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "PYTHONUNBUFFERED=1" in env


def test_dockerfile_healthcheck_uses_python_not_curl():
    checks = [rest for keyword, rest in final_stage() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    command = json.loads(checks[0].split("CMD", 1)[1])
    assert command == ["python", "-m", "bot.health"]
    assert callable(importlib.import_module("bot.health").main)


def test_dockerfile_has_no_secrets_or_dev_dependencies():
    instructions = dockerfile_instructions()
    for keyword, rest in instructions:
        if keyword in {"ENV", "ARG"}:
            assert not SECRET_KEY.search(rest), f"{keyword} {rest}"
        if keyword in {"COPY", "ADD"}:
            assert ".env" not in rest.split()
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert "[dev]" not in runs
    assert not re.search(r"\b(pytest|ruff|hypothesis)\b", runs)


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    patterns = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", ".pytest_cache", ".ruff_cache", "**/*.sqlite3", "**/__pycache__"} <= patterns


# --- docker-compose.yml ----------------------------------------------------------------------------------


def test_compose_defines_db_and_bot_with_a_named_volume():
    config = compose()
    assert set(config["services"]) == {"db", "bot"}
    db = config["services"]["db"]
    assert re.fullmatch(r"postgres:1[56](\.\d+)*-alpine", db["image"])
    volume_names = {volume.split(":")[0] for volume in db["volumes"]}
    assert volume_names & set(config["volumes"]), "the database data must live in a declared named volume"


def test_db_healthcheck_uses_pg_isready():
    check = compose()["services"]["db"]["healthcheck"]
    assert "pg_isready" in " ".join(check["test"])
    assert {"interval", "timeout", "retries"} <= set(check)


def test_bot_waits_for_a_healthy_db_and_restarts():
    bot = compose()["services"]["bot"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["restart"] == "unless-stopped"
    assert bot["env_file"] in (".env", [".env"])
    assert bot["build"]["context"] == "."
    assert bot["build"].get("dockerfile", "Dockerfile") == "Dockerfile"


def test_compose_command_with_the_image_entrypoint_is_the_production_command():
    bot = compose()["services"]["bot"]
    entrypoint = bot.get("entrypoint") or exec_form(final_stage(), "ENTRYPOINT")
    assert (*entrypoint, *bot["command"]) == PRODUCTION_COMMAND


def test_bot_database_url_points_at_the_db_service():
    from bot.db.urls import parse_database_url

    url = parse_database_url(interpolate(compose()["services"]["bot"]["environment"]["DATABASE_URL"]))
    assert url.get_backend_name() == "postgresql"
    assert url.host == "db"
    assert url.password == "<POSTGRES_PASSWORD>"


def test_every_published_port_is_on_loopback():
    config = compose()
    assert "ports" not in config["services"]["db"]
    for name, service in config["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this host"


def test_published_health_port_matches_the_container_setting():
    bot = compose()["services"]["bot"]
    container_port = bot["ports"][0].rsplit(":", 1)[1]
    assert bot["environment"]["HEALTH_PORT"] == container_port
    assert bot["environment"]["HEALTH_HOST"] == "0.0.0.0"  # noqa: S104 (inside the container; published on loopback)


def test_compose_has_no_literal_secrets():
    for path, value in walk_strings(compose()):
        key = path.rsplit(".", 1)[-1]
        if SECRET_KEY.search(key):
            assert INTERPOLATION.fullmatch(value), f"{path} must come from .env via ${{...}}"
        for password in URL_PASSWORD.findall(value):
            assert INTERPOLATION.fullmatch(password), f"{path} has a literal password"


def test_compose_rotates_logs():
    for name, service in compose()["services"].items():
        logging = service["logging"]
        assert logging["driver"] == "json-file", name
        assert {"max-size", "max-file"} <= set(logging["options"]), name


def test_compose_variables_are_documented_in_env_example():
    used = {match.group(1) for _, value in walk_strings(compose()) for match in INTERPOLATION.finditer(value)}
    assert used
    assert used <= set(env_example())


# --- .env.example ----------------------------------------------------------------------------------------


def test_env_example_lists_every_setting():
    missing = settings_env_names() - set(env_example())
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_holds_no_secrets():
    values = env_example_set()
    assert values["DISCORD_TOKEN"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
    for name, value in values.items():
        if SECRET_KEY.search(name):
            assert value == "", f"{name} must be left empty"


def test_env_example_documents_each_variable():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for i, line in enumerate(lines):
        if ENV_LINE.match(line) and not line.startswith("#"):
            assert lines[i - 1].startswith("#") and not ENV_LINE.match(lines[i - 1]), f"{line} has no comment"


def test_env_example_values_are_valid_settings(monkeypatch):
    names = settings_env_names()
    for name in names:
        monkeypatch.delenv(name, raising=False)
    from bot.settings import load_settings

    settings = load_settings(ROOT / ".env.example")
    assert settings.database_url == env_example_set()["DATABASE_URL"]
    assert not settings.discord_token


# --- the bot's command line ------------------------------------------------------------------------------


def test_the_cli_has_the_production_command():
    if importlib.util.find_spec("bot.cli") is None:
        pytest.skip("bot/cli.py does not exist yet, so the `run` command cannot be checked")
    module = importlib.import_module("bot.cli")
    groups = [value for value in vars(module).values() if isinstance(value, click.Group)]
    assert groups, "bot.cli defines no click group"
    group = next((group for group in groups if PRODUCTION_SUBCOMMAND in group.commands), None)
    if group is None:
        pytest.skip(f"bot.cli has no `{PRODUCTION_SUBCOMMAND}` command yet")
    result = CliRunner().invoke(group, [PRODUCTION_SUBCOMMAND, "--help"])
    assert result.exit_code == 0, result.output
    assert importlib.util.find_spec("bot.__main__") is not None, "`python -m bot` needs bot/__main__.py"


# --- a deployment that works as written: mounts, container paths, operator token -------------------------

KNOWLEDGE_MOUNT = "/srv/knowledge"
DATA_MOUNT = "/data"


def shards_override() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.shards.yml").read_text())


def mounts(service: dict) -> dict[str, tuple[str, bool]]:
    """Container path -> (source, read-only) of a service's short-syntax volumes, with compose's defaults applied."""
    found = {}
    for volume in service["volumes"]:
        source, target, *mode = interpolate(volume).split(":")
        found[target] = (source, "ro" in mode)
    return found


def container_environment(service: dict, dotenv: dict[str, str]) -> dict[str, str]:
    """What the bot process sees: the .env file (env_file), overridden by the service's `environment`."""
    environment = dict(dotenv)
    for name, value in service["environment"].items():
        environment[name] = INTERPOLATION.sub(lambda m: dotenv.get(m.group(1)) or interpolate(m.group(0)), value)
    return environment


def copied_dotenv() -> dict[str, str]:
    """.env.example copied to .env with the three secrets filled in, as the README says."""
    return env_example_set() | {"DISCORD_TOKEN": "t0ken", "POSTGRES_PASSWORD": "pw", "ADMIN_TOKEN": "4dm1n"}


def test_bot_mounts_the_repository_knowledge_read_only_where_knowledge_paths_points():
    bot = compose()["services"]["bot"]
    source, read_only = mounts(bot)[KNOWLEDGE_MOUNT]
    assert read_only
    assert bot["environment"]["KNOWLEDGE_PATHS"] == KNOWLEDGE_MOUNT
    from knowledge.loader import load_knowledge

    loaded = load_knowledge([ROOT / source])
    assert not loaded.errors
    assert len(loaded.knowledge) >= 3


def test_bot_writes_its_outbox_on_a_named_writable_volume():
    config = compose()
    bot = config["services"]["bot"]
    source, read_only = mounts(bot)[DATA_MOUNT]
    assert not read_only
    assert source in config["volumes"], "the data must outlive the container: a declared named volume"
    assert Path(bot["environment"]["OUTBOX_PATH"]).parent == Path(DATA_MOUNT)
    assert bot["read_only"] is True  # everything else stays read-only


def test_image_creates_the_data_directory_for_the_bot_user():
    runs = " ".join(rest for keyword, rest in final_stage() if keyword == "RUN")
    assert f"mkdir {DATA_MOUNT}" in runs
    assert f"chown bot:bot {DATA_MOUNT}" in runs


def test_env_example_copied_to_env_gives_settings_that_work_inside_the_container(monkeypatch, tmp_path):
    """Every path the bot reads or writes lies on a mount; translated to the host, the knowledge loads."""
    for name in settings_env_names():
        monkeypatch.delenv(name, raising=False)
    bot = compose()["services"]["bot"]
    environment = container_environment(bot, copied_dotenv())
    from bot.settings import Settings

    settings = Settings(_env_file=None, **{k.lower(): v for k, v in environment.items() if k in settings_env_names()})
    assert settings.database_url.startswith("postgresql://misinfo:pw@db:5432/")
    assert settings.outbox_path is not None and str(settings.outbox_path.parent) == DATA_MOUNT
    assert [str(path) for path in settings.knowledge_paths] == [KNOWLEDGE_MOUNT]
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == "4dm1n"
    assert settings.health_host == "0.0.0.0"  # noqa: S104 (inside the container; published on loopback)


def test_compose_requires_the_admin_token_that_kb_reload_needs():
    bot = compose()["services"]["bot"]
    assert re.fullmatch(r"\$\{ADMIN_TOKEN:\?[^}]+\}", bot["environment"]["ADMIN_TOKEN"])
    assert "ADMIN_TOKEN" in env_example_set()
    readme = (ROOT / "README.md").read_text()
    assert "ADMIN_TOKEN" in readme
    assert "docker compose exec bot python -m bot kb reload" in readme


def test_shards_override_runs_two_processes_alike_but_for_shard_outbox_and_port():
    base = compose()["services"]["bot"]
    override = shards_override()["services"]
    first = {**base, "environment": base["environment"] | override["bot"]["environment"]}
    second = override["bot-shard-1"]
    processes = [first, second]
    assert {p["environment"]["SHARD_COUNT"] for p in processes} == {str(len(processes))}
    assert sorted(p["environment"]["SHARD_IDS"] for p in processes) == [str(i) for i in range(len(processes))]
    assert len({p["environment"]["OUTBOX_PATH"] for p in processes}) == len(processes)
    assert len({p["ports"][0].split(":")[1] for p in processes}) == len(processes)
    per_process = {"SHARD_IDS", "OUTBOX_PATH"}
    assert {k: v for k, v in second["environment"].items() if k not in per_process} == {
        k: v for k, v in first["environment"].items() if k not in per_process
    }
    alike = {"image", "command", "env_file", "volumes", "restart", "init", "read_only", "tmpfs", "cap_drop"}
    alike |= {"security_opt", "stop_grace_period", "logging"}
    for key in alike:
        assert second[key] == base[key], key
    assert second["depends_on"]["db"] == base["depends_on"]["db"]


def test_each_shard_process_gets_valid_settings_that_cover_every_shard_once(monkeypatch):
    for name in settings_env_names():
        monkeypatch.delenv(name, raising=False)
    from bot.settings import Settings

    base = compose()["services"]["bot"]
    override = shards_override()["services"]
    first = {**base, "environment": base["environment"] | override["bot"]["environment"]}
    shards = []
    for service in (first, override["bot-shard-1"]):
        environment = container_environment(service, copied_dotenv())
        values = {k.lower(): v for k, v in environment.items() if k in settings_env_names()}
        settings = Settings(_env_file=None, **values)
        assert settings.shard_count == 2
        shards.extend(settings.shard_ids)
    assert sorted(shards) == [0, 1]


def test_readme_production_section_covers_an_operators_day():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production with PostgreSQL", 1)[1].split("\n## ", 1)[0]
    for topic in ("Deploy", "Update the knowledge", "Reload", "Logs", "Backup", "Upgrade", "shards"):
        assert topic.lower() in section.lower(), topic
    assert "docker compose up -d --build" in section
    assert "docker compose logs" in section
    assert "pg_dump" in section


# --- reproducible installs: requirements.lock ------------------------------------------------------------

LOCK_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    return {normalise(name): version for name, version in LOCK_ENTRY.findall((ROOT / "requirements.lock").read_text())}


def test_every_runtime_pin_in_pyproject_is_in_the_lock_with_the_same_version():
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lock = locked()
    for requirement in dependencies:
        match = PIN.match(requirement.replace(" ", ""))
        assert match, f"{requirement}: pin runtime dependencies exactly (name==version)"
        name, version = normalise(match.group(1)), match.group(2)
        assert lock.get(name) == version, f"lock: {name} {lock.get(name)}, pyproject: {version}; run make lock"


def test_every_locked_package_has_hashes():
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2] if text.startswith("#") else text)
    assert len(entries) >= 10
    for entry in entries:
        if entry.strip() and not entry.startswith("#"):
            assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_lock_holds_no_dev_tool():
    assert not {"pytest", "ruff", "hypothesis", "uv"} & set(locked())


def test_dockerfile_installs_exactly_the_lock_with_hash_checking():
    instructions = dockerfile_instructions()
    copies = [rest for keyword, rest in instructions if keyword == "COPY"]
    assert any("requirements.lock" in rest.split() for rest in copies)
    runs = [rest for keyword, rest in instructions if keyword == "RUN"]
    assert any("--require-hashes" in run and "requirements.lock" in run for run in runs)


def test_make_lock_regenerates_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "--generate-hashes" in recipe
    assert "requirements.lock" in recipe
    assert "pyproject.toml" in recipe


def test_the_licence_is_mit_in_both_places():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
