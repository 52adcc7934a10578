"""Faults between steps: a session factory that fails the Nth database call from when it is armed.

Every ``execute``, ``scalar``, ``scalars``, ``get``, ``flush`` and ``commit`` counts as one step. The fault is an
outage before the step (`Fault.OUTAGE`), an outage after it (`Fault.LOST_REPLY`: a commit that went through but
whose answer was lost), a cancellation, or a crash (a `Crash`, which nothing in the product catches).
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.db.engine import SessionFactory

STEPS = frozenset({"execute", "scalar", "scalars", "get", "flush", "commit"})


class Fault(StrEnum):
    OUTAGE = "outage"
    LOST_REPLY = "lost-reply"
    CANCEL = "cancel"
    CRASH = "crash"


class Crash(BaseException):
    """The process died here."""


class FaultySessions:
    """Wraps a session factory; `arm` a fault at a step, `disarm` it; `steps` counts the steps since arming."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self.steps = 0
        self.fired = False
        self._at: int | None = None
        self._fault: Fault | None = None

    def arm(self, at: int | None, fault: Fault | None = None) -> None:
        """Fail step ``at`` (1-based) from now; with None only count."""
        self.steps, self.fired, self._at, self._fault = 0, False, at, fault

    def disarm(self) -> None:
        self._at = self._fault = None

    def __call__(self) -> _FaultySession:
        return _FaultySession(self._sessions(), self)

    def before(self) -> None:
        self.steps += 1
        if self.steps == self._at and self._fault is not Fault.LOST_REPLY:
            self._fire()

    def after(self) -> None:
        if self.steps == self._at and self._fault is Fault.LOST_REPLY:
            self._fire()

    def _fire(self) -> None:
        self.fired = True
        fault, self._at = self._fault, None
        if fault is Fault.CANCEL:
            raise asyncio.CancelledError()
        if fault is Fault.CRASH:
            raise Crash()
        raise OperationalError("injected", {}, ConnectionResetError("the database went away"))


class _FaultySession:
    def __init__(self, inner: Any, owner: FaultySessions) -> None:
        self._inner = inner
        self._owner = owner

    async def __aenter__(self) -> _FaultySession:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> Any:
        return await self._inner.__aexit__(*exc)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in STEPS:
            return attribute

        async def step(*args: Any, **kwargs: Any) -> Any:
            self._owner.before()
            result = await attribute(*args, **kwargs)
            self._owner.after()
            return result

        return step
