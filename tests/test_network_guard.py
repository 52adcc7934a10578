import socket

import pytest


@pytest.mark.parametrize(
    "address", [("10.0.0.1", 80), ("169.254.169.254", 80), ("8.8.8.8", 53), ("::ffff:10.0.0.1", 80)]
)
def test_non_loopback_connects_are_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(ConnectionRefusedError, match="loopback"):
        sock.connect(address)


async def test_asyncio_connections_are_guarded_too():
    import asyncio

    with pytest.raises(ConnectionRefusedError, match="loopback"):
        await asyncio.wait_for(asyncio.open_connection("10.0.0.1", 80), timeout=2)
