"""The loopback guard (`bot.netguard`): nothing beyond loopback is reached or looked up, in tests and in the bot
processes they start. Every check runs against tripwires, so even a broken guard sends nothing anywhere."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Iterator

import pytest

from bot import netguard


class Tripwire(AssertionError):
    """A guarded call got past the guard."""


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The real functions behind the guard replaced by tripwires; the list says which were reached."""
    assert netguard.installed()
    reached: list[str] = []
    for name in list(netguard.real):

        def trip(*args: object, _name: str = name) -> object:
            reached.append(_name)
            raise Tripwire(f"{_name}{args} got past the guard")

        monkeypatch.setitem(netguard.real, name, trip)
    yield reached


@pytest.mark.parametrize(
    "address",
    [
        ("10.0.0.1", 80),
        ("169.254.169.254", 80),
        ("8.8.8.8", 53),
        ("::ffff:10.0.0.1", 80),
        ("example.com", 80),
        ("localhost.example.com", 80),
        ("127.0.0.1.nip.io", 80),
        ("metadata.google.internal", 80),
    ],
)
def test_connects_beyond_loopback_are_refused(tripwires: list[str], address: tuple[str, int]) -> None:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            sock.connect(address)
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            sock.connect_ex(address)
    assert tripwires == []


@pytest.mark.parametrize("host", ["example.com", "10.0.0.1", "xn--80ak6aa92e.com", "localhost.evil.example"])
def test_names_are_never_looked_up(tripwires: list[str], host: str) -> None:
    for lookup in (
        lambda: socket.getaddrinfo(host, 80),
        lambda: socket.gethostbyname(host),
        lambda: socket.gethostbyname_ex(host),
        lambda: socket.gethostbyaddr(host),
        lambda: socket.create_connection((host, 80), timeout=1),
    ):
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            lookup()
    assert tripwires == []


def test_datagrams_beyond_loopback_are_refused(tripwires: list[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            sock.sendto(b"x", ("10.0.0.1", 53))
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            sock.sendto(b"x", 0, ("example.com", 53))
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            sock.sendmsg([b"x"], [], 0, ("8.8.8.8", 53))
    assert tripwires == []


async def test_asyncio_connections_are_guarded_too(tripwires: list[str]) -> None:
    with pytest.raises(ConnectionRefusedError, match="loopback"):
        await asyncio.wait_for(asyncio.open_connection("10.0.0.1", 80), timeout=2)
    with pytest.raises(ConnectionRefusedError, match="loopback"):
        await asyncio.wait_for(asyncio.open_connection("example.com", 80), timeout=2)
    assert tripwires == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.6.7", "::1", "localhost", "LOCALHOST.", "db.localhost"])
def test_loopback_stays_allowed(host: str) -> None:
    assert netguard.is_loopback_host(host)


def test_loopback_really_connects() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.create_connection(server.getsockname(), 2):
        pass


async def test_bot_processes_started_by_tests_install_the_guard() -> None:
    """The suite sets BOT_TEST_NETWORK_GUARD; ``python -m bot`` installs the guard before anything else runs."""
    probe = (
        "import runpy, socket, sys\n"
        "sys.argv = ['bot', '--help']\n"
        "try:\n"
        "    runpy.run_module('bot', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "from bot import netguard\n"
        "if not netguard.installed():\n"
        "    sys.exit('no guard')  # never try a lookup unguarded\n"
        "netguard.real['getaddrinfo'] = lambda *a: sys.exit('the lookup got past the guard')\n"
        "try:\n"
        "    socket.getaddrinfo('example.com', 80)\n"
        "except ConnectionRefusedError:\n"
        "    print('refused')\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", probe, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert stdout.strip().endswith(b"\nrefused"), (stdout, stderr)
