"""Starting with what can be wrong outside the bot: knowledge paths that load nothing, Discord out of reach.

`require_knowledge_paths` and `require_knowledge` turn a knowledge base that cannot work into a `StartupError`
naming the path. `log_in` logs in to Discord, and while Discord cannot be reached (refused, timed out, a 5xx) says
so in one log line per attempt and tries again with exponential backoff and jitter, until it answers or the bot
stops. `DiscordLink` records how that goes for `/healthz`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import discord
from discord.utils import MISSING
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter

from bot.client import AlertBot, StartupError
from bot.services.knowledge import KnowledgeHolder

log = logging.getLogger(__name__)

UNREACHABLE_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientError,
    discord.DiscordServerError,
    OSError,
    TimeoutError,
)
"""Discord cannot be reached, or answers 5xx: worth trying again. A refused token (401) is final."""

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0


def require_knowledge_paths(paths: Sequence[Path]) -> None:
    """Every ``KNOWLEDGE_PATHS`` entry exists (`StartupError` naming the first that does not)."""
    for path in paths:
        if not Path(path).exists():
            raise StartupError(
                f"KNOWLEDGE_PATHS names {path}, which does not exist: point it at a folder of incident files (or "
                "unset it for the bundled incidents)."
            )


def require_knowledge(holder: KnowledgeHolder, paths: Sequence[Path]) -> None:
    """The knowledge base holds at least one incident (`StartupError` naming the paths and the first problem)."""
    if len(holder.knowledge) > 0:
        return
    where = os.pathsep.join(str(path) for path in paths)
    problem = f" (first problem: {holder.errors[0]})" if holder.errors else ""
    raise StartupError(
        f"No incident loaded from KNOWLEDGE_PATHS {where}{problem}: fix the files (python -m bot kb validate) or "
        "point KNOWLEDGE_PATHS at a folder of incident files."
    )


@dataclass
class DiscordLink:
    """How reaching Discord goes: ``problem`` says why the gateway is not up yet, None when nothing is wrong.

    ``logging_in`` is True while `log_in` waits for Discord: stopping then cancels it, there is nothing to drain.
    """

    problem: str | None = None
    attempts: int = 0
    logging_in: bool = False


async def log_in(bot: AlertBot, token: str, link: DiscordLink, *, api: str) -> None:
    """``bot.login(token)``, tried again with backoff while Discord is unreachable; raises what is final at once."""
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(UNREACHABLE_ERRORS),
        wait=wait_exponential_jitter(initial=FIRST_RETRY_SECONDS, max=MAX_RETRY_SECONDS),
        before_sleep=lambda state: _unreachable(state, link, api),
        reraise=True,
    )
    link.logging_in = True
    try:
        async for attempt in retrying:
            with attempt:
                link.attempts += 1
                try:
                    await bot.login(token)
                except UNREACHABLE_ERRORS:
                    await _forget_session(bot)
                    raise
    finally:
        link.logging_in = False
    link.problem = None


def _unreachable(state: RetryCallState, link: DiscordLink, api: str) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    delay = state.upcoming_sleep
    link.problem = f"Discord unreachable at {api} ({_describe(error)}); next attempt in {delay:.0f} s"
    log.warning("Cannot reach Discord at %s (%s): trying again in %.0f s.", api, _describe(error), delay)


async def _forget_session(bot: AlertBot) -> None:
    """Close the HTTP session a failed login opened, so the next login opens a fresh one."""
    await bot.http.close()
    bot.http.connector = MISSING  # the closed connector cannot serve the next session


def _describe(error: BaseException | None) -> str:
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}"
    text = str(error).strip().splitlines()[0][:160] if error is not None and str(error).strip() else ""
    return text or type(error).__name__
