"""Name resolution and socket creation that only ever yield allowed addresses.

aiohttp connects to exactly the addresses its resolver returns, so filtering them here means a name that
resolves to a public address once and to a private one the next time (DNS rebinding) cannot reach the
private one. aiohttp does not call the resolver for IP literals; `check_url` covers those, and
`guarded_socket_factory` re-checks every address right before `connect()` as a last line of defence.
"""

import logging
import socket
from collections.abc import Callable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.links.policy import AddressPolicy, parse_ip

log = logging.getLogger(__name__)

AddrInfo = tuple[int, int, int, str, tuple[str, int] | tuple[str, int, int, int]]


class RefusedAddressError(OSError):
    """Raised when every address of a host, or the address about to be connected, is refused."""

    def __init__(self, host: str) -> None:
        super().__init__(f"address refused by link policy: {host}")
        self.host = host


class PolicyResolver(AbstractResolver):
    """Resolves with an underlying resolver and drops every address the policy refuses.

    Args:
        policy: The address policy.
        resolver: The underlying resolver; an `aiohttp.resolver.ThreadedResolver` is created on first use
            if omitted. It is closed with this one.
    """

    def __init__(self, policy: AddressPolicy, resolver: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._resolver = resolver

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve `host` and return only allowed addresses; raise `RefusedAddressError` if none is."""
        if self._resolver is None:
            self._resolver = ThreadedResolver()
        results = await self._resolver.resolve(host, port, family)
        allowed = [result for result in results if self._policy.allows_text(result["host"])]
        if len(allowed) < len(results):
            refused = sorted({result["host"] for result in results} - {result["host"] for result in allowed})
            log.info("refused addresses for %s: %s", host, ", ".join(refused))
        if not allowed:
            raise RefusedAddressError(host)
        return allowed

    async def close(self) -> None:
        """Close the underlying resolver."""
        if self._resolver is not None:
            await self._resolver.close()


def guarded_socket_factory(policy: AddressPolicy) -> Callable[[AddrInfo], socket.socket]:
    """Return an aiohttp `socket_factory` that refuses to create a socket for a refused address."""

    def create(addr_info: AddrInfo) -> socket.socket:
        family, type_, proto, _, address = addr_info
        host = address[0]
        if parse_ip(host) is None or not policy.allows_text(host):
            log.warning("refused connecting to %s", host)
            raise RefusedAddressError(host)
        return socket.socket(family=family, type=type_, proto=proto)

    return create
