import asyncio
import random
from types import SimpleNamespace

import discord
import pytest

from bot.discord_ui.retry import Retrier, RetryPolicy

FAST = RetryPolicy(attempts=3, base_delay=0.02, max_delay=0.05)


def http_error(kind: type[discord.HTTPException], status: int) -> discord.HTTPException:
    return kind(SimpleNamespace(status=status, reason="test"), {"message": "test", "code": 0})


class Flaky:
    """Fails with the given errors, in order, then returns "sent"; counts the attempts."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.attempts = 0

    async def __call__(self) -> str:
        self.attempts += 1
        if self.errors:
            raise self.errors.pop(0)
        return "sent"


async def test_transient_failures_are_retried_until_an_attempt_succeeds():
    send = Flaky(http_error(discord.DiscordServerError, 503), ConnectionResetError())

    assert await Retrier(FAST).run(send, what="test") == "sent"
    assert send.attempts == 3


async def test_a_final_error_is_raised_at_once():
    send = Flaky(http_error(discord.Forbidden, 403))

    with pytest.raises(discord.Forbidden):
        await Retrier(FAST).run(send, what="test")
    assert send.attempts == 1


async def test_the_last_transient_error_is_raised_after_the_last_attempt():
    send = Flaky(*(http_error(discord.DiscordServerError, 503) for _ in range(10)))

    with pytest.raises(discord.DiscordServerError):
        await Retrier(FAST).run(send, what="test")
    assert send.attempts == 3


async def test_beyond_max_waiting_a_failure_is_final_at_once():
    retrier = Retrier(RetryPolicy(attempts=3, base_delay=0.5, max_waiting=1))
    waiting = Flaky(ConnectionResetError(), ConnectionResetError(), ConnectionResetError())
    first = asyncio.create_task(retrier.run(waiting, what="first"))
    while retrier.waiting == 0:  # noqa: ASYNC110
        await asyncio.sleep(0.001)
    crowded = Flaky(ConnectionResetError())

    with pytest.raises(ConnectionResetError):
        await retrier.run(crowded, what="second")
    assert crowded.attempts == 1
    retrier.stop()
    with pytest.raises(ConnectionResetError):
        await first
    assert waiting.attempts == 1


async def test_stop_ends_the_waits_and_makes_later_failures_final():
    retrier = Retrier(RetryPolicy(attempts=3, base_delay=30))
    send = Flaky(ConnectionResetError(), ConnectionResetError())
    task = asyncio.create_task(retrier.run(send, what="test"))
    while retrier.waiting == 0:  # noqa: ASYNC110
        await asyncio.sleep(0.001)

    retrier.stop()

    with pytest.raises(ConnectionResetError):
        await asyncio.wait_for(task, 1)
    later = Flaky(ConnectionResetError())
    with pytest.raises(ConnectionResetError):
        await retrier.run(later, what="later")
    assert (send.attempts, later.attempts, retrier.waiting) == (1, 1, 0)


@pytest.mark.parametrize("retry", [1, 2, 3, 8])
def test_delays_double_up_to_the_maximum_with_half_of_them_random(retry):
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    ceiling = min(4.0, 0.5 * 2 ** (retry - 1))

    delays = [policy.delay(retry, random.Random(seed)) for seed in range(50)]

    assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
    assert len(set(delays)) > 1
