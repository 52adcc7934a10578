"""Injected REST failures: rate limits (429) and server errors."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from tests.fakediscord._recording import path_matches


@dataclasses.dataclass
class ApiResponse:
    """What the stand-in answers to a REST request."""

    status: int
    body: Any = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Fault:
    """Answer the next `remaining` requests matching `method` and `path` with `status`."""

    method: str
    path: str
    status: int
    remaining: int
    retry_after: float = 0.05
    is_global: bool = False
    body: Any = None
    after_handling: bool = False
    """Handle the request first, then answer with the failure (the effect happened; the response was lost)."""

    def response(self) -> ApiResponse:
        """The failure response, with the headers discord.py needs to treat a 429 as a rate limit."""
        if self.status != 429:
            body = self.body or {"message": f"{self.status}: Server Error", "code": 0}
            return ApiResponse(self.status, body)
        body = self.body or {
            "message": "You are being rate limited.",
            "retry_after": self.retry_after,
            "global": self.is_global,
        }
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(max(1, round(self.retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + self.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
            "X-RateLimit-Bucket": "fake-discord-bucket",
            "X-RateLimit-Scope": "global" if self.is_global else "user",
        }
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        return ApiResponse(429, body, headers)


class FaultPlan:
    """The failures still to be served, oldest first."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue a failure."""
        self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """Use up one failure matching this request, if any."""
        for fault in self._faults:
            if fault.method == method and path_matches(fault.path, path):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[Fault]:
        """Failures not served yet."""
        return list(self._faults)
