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
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_exception_type,
    wait_exponential_jitter,
)

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
    """How reaching Discord goes: ``problem`` says why the gateway is not up yet, None when nothing is wrong."""

    problem: str | None = None
    attempts: int = 0


async def log_in(bot: AlertBot, token: str, link: DiscordLink, *, api: str) -> None:
    """``bot.login(token)``, tried again with backoff while Discord is unreachable; raises what is final at once."""
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(UNREACHABLE_ERRORS),
        wait=wait_exponential_jitter(initial=FIRST_RETRY_SECONDS, max=MAX_RETRY_SECONDS),
        before_sleep=lambda state: _unreachable(state, link, api),
        reraise=True,
    )
    async for attempt in retrying:
        with attempt:
            link.attempts += 1
            try:
                await bot.login(token)
            except UNREACHABLE_ERRORS:
                await _forget_session(bot)
                raise
    link.problem = None


async def connect(bot: AlertBot, link: DiscordLink, *, gateway: str) -> None:
    """``bot.connect(reconnect=True)``, its first session retried with backoff while the gateway is unreachable.

    discord.py reconnects by itself once it had a session; before the first one, a failed connection ends in an
    ``AttributeError`` on its missing websocket (discord.py 2.7.1), which is read here as the gateway being
    unreachable and tried again.
    """
    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda error: _first_session_failed(bot, error)),
        wait=wait_exponential_jitter(initial=FIRST_RETRY_SECONDS, max=MAX_RETRY_SECONDS),
        before_sleep=lambda state: _unreachable(state, link, gateway),
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                await bot.connect(reconnect=True)
    except Exception as error:
        if bot.is_closed() and _unreachable_gateway(error):
            return  # stopped while waiting for the gateway
        raise


def _first_session_failed(bot: AlertBot, error: BaseException) -> bool:
    return not bot.has_connected and not bot.is_closed() and _unreachable_gateway(error)


def _unreachable_gateway(error: BaseException) -> bool:
    if isinstance(error, AttributeError):  # discord.py failing on its missing websocket while handling the cause
        error = error.__context__ or error
    return isinstance(error, (*UNREACHABLE_ERRORS, discord.GatewayNotFound))


def _unreachable(state: RetryCallState, link: DiscordLink, address: str) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    if isinstance(error, AttributeError) and error.__context__ is not None:
        error = error.__context__
    delay = state.upcoming_sleep
    link.problem = f"Discord unreachable at {address} ({_describe(error)}); next attempt in {delay:.0f} s"
    log.warning("Cannot reach Discord at %s (%s): trying again in %.0f s.", address, _describe(error), delay)


async def _forget_session(bot: AlertBot) -> None:
    """Close the HTTP session a failed login opened, so the next login opens a fresh one."""
    await bot.http.close()
    bot.http.connector = MISSING  # the closed connector cannot serve the next session


def _describe(error: BaseException | None) -> str:
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}"
    text = str(error).strip().splitlines()[0][:160] if error is not None and str(error).strip() else ""
    return text or type(error).__name__
