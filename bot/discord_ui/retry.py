"""Bounded retries of Discord requests that failed for a passing reason: a 5xx, a dropped connection, a timeout.

discord.py already waits out rate limits (429) and retries 500/502/504 itself; it raises at once on other 5xx
(503) and on transport errors. `Retrier` adds a few more attempts for those, with exponential backoff and jitter,
and never floods: one attempt at a time per call, and at most ``max_waiting`` calls waiting to retry at once in
the process (beyond that, a failure is final at once). Callers make their request idempotent (a message's
``nonce`` with ``enforce_nonce``, which discord.py sends) so that a retry after a lost response posts nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
import discord
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

log = logging.getLogger(__name__)

T = TypeVar("T")

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    discord.DiscordServerError,
    aiohttp.ClientError,
    ConnectionError,
    TimeoutError,
)
"""Failures worth another try; 4xx answers (missing permission, unknown message) are final."""


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, how far apart, and how many calls may wait to retry at once.

    Attributes:
        attempts: Attempts in all, the first included.
        base_delay: Seconds before the first retry (each next one doubles, up to ``max_delay``), jittered.
        max_delay: The longest wait between two attempts.
        max_waiting: Calls allowed to wait for a retry at the same time in this process.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 4.0
    max_waiting: int = 20

    def delay(self, retry: int, rng: random.Random) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first): half fixed, half random."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


class _Stopped(Exception):
    """`Retrier.stop()` ended a wait: the failure that started it is final."""


class Retrier:
    """Runs requests with `RetryPolicy`'s retries; `stop()` at shutdown turns the next failure final at once.

    tenacity does the attempts; this class adds what it lacks: the process-wide cap on calls waiting to retry, and
    waits that `stop()` cuts short.
    """

    def __init__(self, policy: RetryPolicy | None = None, *, rng: random.Random | None = None) -> None:
        self.policy = policy or RetryPolicy()
        self._rng = rng or random.Random()
        self._waiting = 0
        self._stopping = asyncio.Event()

    @property
    def waiting(self) -> int:
        """Calls waiting for a retry right now."""
        return self._waiting

    def stop(self) -> None:
        """No more retries: calls waiting for one give up now, later failures are final."""
        self._stopping.set()

    async def run(self, attempt: Callable[[], Awaitable[T]], *, what: str) -> T:
        """Await ``attempt()``, again after a transient failure, up to the policy's attempts.

        Args:
            attempt: Makes one request (called once per attempt).
            what: Says what is being sent, for the log (ids only, never what members wrote).

        Raises:
            Whatever the last attempt raised: a final (non-transient) error at once, a transient one when no
            retry is left, the process is stopping, or too many calls are already waiting.
        """
        failures: list[BaseException] = []
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(TRANSIENT_ERRORS),
            stop=stop_after_attempt(self.policy.attempts) | self._crowded_or_stopping,
            wait=lambda state: self.policy.delay(state.attempt_number, self._rng),
            sleep=self._wait,
            before_sleep=lambda state: _log_retry(state, what, failures),
            reraise=True,
        )
        try:
            return await retrying(attempt)
        except _Stopped:
            raise failures[-1] from None

    def _crowded_or_stopping(self, _state: RetryCallState) -> bool:
        return self._stopping.is_set() or self._waiting >= self.policy.max_waiting

    async def _wait(self, delay: float) -> None:
        """Sleep ``delay`` seconds; `_Stopped` when `stop()` comes first."""
        self._waiting += 1
        try:
            async with asyncio.timeout(delay):
                await self._stopping.wait()
        except TimeoutError:
            return
        finally:
            self._waiting -= 1
        raise _Stopped


def _log_retry(state: RetryCallState, what: str, failures: list[BaseException]) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    if error is not None:
        failures.append(error)
    log.warning(
        "%s failed (%s); retry %d in %.2f s", what, _describe(error), state.attempt_number, state.upcoming_sleep or 0
    )


def _describe(error: BaseException | None) -> str:
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}"
    return type(error).__name__
