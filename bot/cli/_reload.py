"""``kb reload``: have the running bot load its knowledge files again, through its health server."""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import click

from bot.admin_http import RELOAD_PATH
from bot.cli._context import CliContext, pass_cli
from bot.reload import ReloadReport
from bot.settings import Settings
from knowledge.loader import load_knowledge

WILDCARDS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104  # mapped to loopback
NOT_REACHABLE = "HEALTH_PORT is not set, so the running bot cannot be reached from here"


@click.command("reload")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the bot's answer.")
@pass_cli
def reload_command(cli: CliContext, timeout: float) -> None:
    """Reload the running bot's knowledge files; with any error in them it keeps the knowledge it has.

    Reaches the bot on this machine through its health server (HEALTH_PORT, HEALTH_HOST; ADMIN_TOKEN when set).
    Without HEALTH_PORT it only checks the files: then reload them with /alerts reload in Discord.
    """
    settings = cli.settings
    if settings.health_port is None:
        _validate_only(settings.knowledge_paths)
        return
    token = settings.admin_token.get_secret_value() if settings.admin_token else None
    report = request_reload(reload_url(settings), token=token, timeout=timeout)
    click.echo(report.text())
    if not report.reloaded:
        raise SystemExit(1)


def reload_url(settings: Settings) -> str:
    """The running bot's reload address: its health server, reached over loopback when it listens everywhere."""
    host = WILDCARDS.get(settings.health_host.strip(), settings.health_host.strip())
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass  # a name such as localhost
    return f"http://{host}:{settings.health_port}{RELOAD_PATH}"


def request_reload(url: str, *, token: str | None, timeout: float) -> ReloadReport:
    """POST to the bot's reload route; a `click.ClickException` with one sentence when that does not work."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=b"{}", headers=headers, method="POST")  # noqa: S310  # http only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # http only
            return ReloadReport.from_json(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        raise click.ClickException(_refusal(url, error)) from None
    except (ValueError, KeyError, TypeError):
        message = f"Something answered at {url}, but not as the bot does: check HEALTH_PORT."
        raise click.ClickException(message) from None
    except OSError as error:  # URLError and timeouts included
        raise click.ClickException(
            f"No bot answered at {url} ({_reason(error)}): start it with `python -m bot run`, or check HEALTH_PORT "
            "and HEALTH_HOST."
        ) from None


def _refusal(url: str, error: urllib.error.HTTPError) -> str:
    if error.code == 404:
        return f"{url} is not a bot's reload route: check HEALTH_PORT (the bot may predate `kb reload`)."
    try:
        reason = json.loads(error.read())["error"]
    except (ValueError, KeyError, TypeError):
        reason = f"HTTP {error.code}"
    return f"The bot refused the reload: {reason}."


def _reason(error: BaseException) -> str:
    cause: Any = getattr(error, "reason", None) or error
    return getattr(cause, "strerror", None) or str(cause) or type(cause).__name__


def _validate_only(paths: tuple[Path, ...]) -> None:
    result = load_knowledge(paths)
    for error in result.errors:
        click.echo(str(error))
    if result.errors:
        click.echo(f"{len(result.errors)} error(s) in the knowledge files; {NOT_REACHABLE}.", err=True)
        raise SystemExit(1)
    click.echo(
        f"The knowledge files are valid ({len(result.knowledge)} incidents from {result.files} files), but "
        f"{NOT_REACHABLE}: reload them with /alerts reload in Discord."
    )
