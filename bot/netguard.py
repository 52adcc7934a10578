"""Loopback-only networking, for test runs: nothing may reach, or even look up, an address beyond this machine.

The test suite installs it for itself, and sets ``BOT_TEST_NETWORK_GUARD=loopback`` so that every bot process
it starts installs it too (`install_from_environment`, called first thing by ``python -m bot``). Once installed:

* ``connect``, ``connect_ex``, ``sendto`` and ``sendmsg`` refuse any address that is not a loopback address
  (127.0.0.0/8, ::1, IPv4-mapped loopback) or a loopback name (``localhost``, ``*.localhost``);
* ``getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex`` and ``gethostbyaddr`` refuse every other name, so no
  DNS query ever leaves the machine.

Names are judged by their spelling alone, never resolved. Refusals raise `NetworkRefused`, a
``ConnectionRefusedError``, so code under test sees what a closed port would give it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENVIRONMENT = "BOT_TEST_NETWORK_GUARD"
"""The environment variable; ``loopback`` installs the guard."""
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_SOCKET_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")
_RESOLVERS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")

real: dict[str, Callable[..., Any]] = {}
"""The functions the guard wraps, by name, while it is installed (tests may swap in tripwires)."""


class NetworkRefused(ConnectionRefusedError):
    """The guard refused to reach or look up something beyond loopback."""


def is_loopback_host(host: object) -> bool:
    """Whether a host is a loopback address or a loopback name, judged by its spelling alone."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.split("%", 1)[0].strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def check_host(host: object) -> None:
    """Raise `NetworkRefused` unless the host is loopback (`is_loopback_host`)."""
    if not is_loopback_host(host):
        raise NetworkRefused(f"the network guard allows loopback only, not {host!r}")


def check_address(address: object) -> None:
    """Raise `NetworkRefused` for a (host, port, ...) address beyond loopback; other addresses are local paths."""
    if isinstance(address, tuple) and address:
        check_host(address[0])


def installed() -> bool:
    """Whether the guard is in place."""
    return bool(real)


def install() -> None:
    """Put the guard in place (idempotent)."""
    if real:
        return
    for name in _SOCKET_METHODS:
        real[name] = getattr(socket.socket, name)
        setattr(socket.socket, name, _guarded_method(name))
    for name in _RESOLVERS:
        real[name] = getattr(socket, name)
        setattr(socket, name, _guarded_resolver(name))


def uninstall() -> None:
    """Take the guard away."""
    for name in _SOCKET_METHODS:
        if name in real:
            setattr(socket.socket, name, real.pop(name))
    for name in _RESOLVERS:
        if name in real:
            setattr(socket, name, real.pop(name))


@contextmanager
def guarded() -> Iterator[None]:
    """The guard for the block (left in place if it was installed before)."""
    already = installed()
    install()
    try:
        yield
    finally:
        if not already:
            uninstall()


def install_from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """Install the guard when ``BOT_TEST_NETWORK_GUARD=loopback`` (quietly: outputs stay as they are); True if so."""
    value = (environ if environ is not None else os.environ).get(ENVIRONMENT, "").strip().lower()
    if value != "loopback":
        return False
    install()
    return True


def _guarded_method(name: str) -> Callable[..., Any]:
    def method(self: socket.socket, *args: Any) -> Any:
        if args and name in ("connect", "connect_ex"):
            check_address(args[0])
        elif len(args) >= 2 and name == "sendto":
            check_address(args[-1])
        elif len(args) >= 4 and name == "sendmsg":
            check_address(args[3])
        return real[name](self, *args)

    method.__name__ = name
    method.__qualname__ = f"socket.{name}"
    return method


def _guarded_resolver(name: str) -> Callable[..., Any]:
    def resolver(host: object, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "", b""):  # no host: the local wildcard or loopback address
            check_host(host)
        return real[name](host, *args, **kwargs)

    resolver.__name__ = name
    return resolver
