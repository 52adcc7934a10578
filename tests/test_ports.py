import socket

from tests.ports import _ephemeral_start, free_port


def test_free_ports_are_below_the_range_the_os_hands_out_and_bindable() -> None:
    ports = {free_port() for _ in range(20)}
    assert all(20000 <= port < _ephemeral_start() for port in ports)
    for port in ports:
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))
