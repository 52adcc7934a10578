"""The address policy over a table of IPv4 and IPv6 cases."""

import ipaddress

import pytest

from bot.links.policy import AddressPolicy, embedded_ipv4, parse_ip, refusal_reason

REFUSED = [
    "0.0.0.0",  # noqa: S104 - unspecified, as data
    "0.1.2.3",  # "this network"
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",  # CGNAT
    "100.127.255.254",
    "127.0.0.1",
    "127.0.0.2",
    "127.255.255.255",
    "169.254.0.1",  # link-local
    "169.254.169.254",  # cloud metadata
    "169.254.170.2",  # ECS metadata
    "100.100.100.200",  # Alibaba metadata
    "192.0.0.192",  # Oracle metadata
    "168.63.129.16",  # Azure wire server (public range!)
    "192.0.0.8",
    "192.0.2.1",  # TEST-NET-1
    "198.51.100.7",  # TEST-NET-2
    "203.0.113.9",  # TEST-NET-3
    "198.18.0.1",  # benchmarking
    "198.19.255.255",
    "192.88.99.1",  # 6to4 relay anycast
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
    "::",  # unspecified
    "::1",  # loopback
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:0.0.0.0",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "::8.8.8.8",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
    "64:ff9b:1::1",  # local-use NAT64
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a00:1::",  # 6to4 of 10.0.0.1
    "2001::1",  # Teredo
    "2001:db8::1",  # documentation
    "3fff::1",  # documentation
    "100::1",  # discard
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fd00:ec2::254",  # AWS IMDS IPv6
    "fe80::1",  # link-local
    "fe80::1%eth0",
    "fec0::1",  # site-local
    "ff02::1",  # multicast
    "ff0e::1",
    "4000::1",  # outside 2000::/3
    "5f00::1",  # SRv6
]

ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "172.32.0.1",  # just outside 172.16/12
    "100.128.0.1",  # just outside CGNAT
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",  # mapped public
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused_by_default(text: str) -> None:
    address = ipaddress.ip_address(text)

    assert refusal_reason(address) is not None
    assert not AddressPolicy().allows(address)


@pytest.mark.parametrize("text", ALLOWED)
def test_public_addresses_allowed(text: str) -> None:
    address = ipaddress.ip_address(text)

    assert refusal_reason(address) is None
    assert AddressPolicy().allows(address)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", False),  # loopback, but not in the allowlist
        ("::1", False),
        ("::ffff:127.0.0.1", False),  # an embedded form is not the allowlisted address
        ("64:ff9b::7f00:1", False),
        ("10.0.0.1", False),
        ("8.8.8.8", True),
    ],
)
def test_allowlist_admits_exactly_its_networks(text: str, allowed: bool) -> None:
    policy = AddressPolicy.allowing(["127.0.0.1/32"])

    assert policy.allows(ipaddress.ip_address(text)) is allowed


def test_metadata_stays_refused_even_if_allowlisted() -> None:
    policy = AddressPolicy.allowing(["169.254.0.0/16", "fd00::/8", "100.64.0.0/10"])

    assert policy.allows(ipaddress.ip_address("169.254.1.1"))
    assert not policy.allows(ipaddress.ip_address("169.254.169.254"))
    assert not policy.allows(ipaddress.ip_address("fd00:ec2::254"))
    assert not policy.allows(ipaddress.ip_address("100.100.100.200"))


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("64:ff9b::102:304", "1.2.3.4"),
        ("2002:102:304::", "1.2.3.4"),
        ("2606:4700::1", None),
    ],
)
def test_embedded_ipv4(text: str, inner: str | None) -> None:
    result = embedded_ipv4(ipaddress.IPv6Address(text))

    assert result == (ipaddress.IPv4Address(inner) if inner else None)


@pytest.mark.parametrize(
    ("text", "valid"),
    [("127.0.0.1", True), ("[::1]", True), ("fe80::1%eth0", True), ("example.com", False), ("2130706433", False)],
)
def test_parse_ip(text: str, valid: bool) -> None:
    assert (parse_ip(text) is not None) is valid


def test_allows_text_refuses_names() -> None:
    assert not AddressPolicy.allowing(["127.0.0.1/32"]).allows_text("localhost")
