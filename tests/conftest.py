"""Suite-wide fixtures: no test may send traffic beyond this machine's loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

pytest_plugins = ["tests.fakediscord.plugin", "tests.fakeslack.plugin"]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _assert_loopback(address: object) -> None:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like stay on this machine
        return
    host = str(address[0]).split("%", 1)[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return  # a name: the resolver already turned it into an address before any real connect
    mapped = getattr(ip, "ipv4_mapped", None)
    if not (ip.is_loopback or (mapped is not None and mapped.is_loopback)):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {host}")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _assert_loopback(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _assert_loopback(address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    """Resolve only loopback names and address literals: a real name must not even be looked up."""
    name = host.decode() if isinstance(host, bytes) else host
    if isinstance(name, str) and name.lower().rstrip(".") not in {"localhost", "localhost.localdomain"}:
        try:
            ipaddress.ip_address(name.split("%", 1)[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not look up {name!r}") from None
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse any socket connect to a non-loopback address, and any look-up of a real name, whatever the code does."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield
