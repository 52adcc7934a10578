"""Ports for servers the tests start in other processes (a bot's health server, a proxy).

A port the OS hands out for ``bind(0)`` is an ephemeral one: closed again, the OS may give it at once to another
``bind(0)`` (a stand-in started next) or to an outgoing connection's local end, and the process meant to listen on
it then cannot. Ports below the ephemeral range are never handed out so; one is picked at random there and checked
free.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST = 20000
_ATTEMPTS = 200


def _ephemeral_start() -> int:
    try:
        return int(_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A loopback port nothing listens on, outside the range the OS assigns on its own."""
    highest = _ephemeral_start() - 1
    for _ in range(_ATTEMPTS):
        port = random.randint(_LOWEST, highest)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {_LOWEST} and {highest}")
