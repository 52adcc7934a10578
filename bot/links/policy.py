"""Which IP addresses the link fetcher may connect to.

Everything that is not plainly a public unicast address is refused: the `ipaddress` properties are used, and
explicit tables back them up because their contents change between Python versions (3.11.7, for example,
treats 192.0.0.192 and multicast as global). An address inside an explicitly allowed network (tests, or a
deliberate operator choice) is allowed as written; embedded IPv4 forms are never allowed through their
embedded address.
"""

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

DENIED_IPV4: tuple[ipaddress.IPv4Network, ...] = tuple(
    _V4(net)
    for net in (
        "0.0.0.0/8",  # "this network", includes the unspecified address
        "10.0.0.0/8",  # RFC 1918
        "100.64.0.0/10",  # CGNAT shared space (Alibaba metadata 100.100.100.200 is here)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (AWS/GCP/Azure/OCI metadata 169.254.169.254, ECS 169.254.170.2)
        "172.16.0.0/12",  # RFC 1918
        "192.0.0.0/24",  # IETF protocol assignments (Oracle metadata 192.0.0.192)
        "192.0.2.0/24",  # TEST-NET-1
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # RFC 1918
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes the broadcast address
    )
)

DENIED_IPV6: tuple[ipaddress.IPv6Network, ...] = tuple(
    _V6(net)
    for net in (
        "::/96",  # unspecified, loopback and deprecated IPv4-compatible addresses
        "100::/64",  # discard-only
        "64:ff9b:1::/48",  # local-use NAT64
        "2001::/23",  # IETF protocol assignments, includes Teredo 2001::/32
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 SIDs
        "fc00::/7",  # unique local (AWS metadata fd00:ec2::254 is here)
        "fe80::/10",  # link-local
        "fec0::/10",  # deprecated site-local
        "ff00::/8",  # multicast
    )
)

# Cloud metadata endpoints, refused even if an allowed network contains them.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(text)
    for text in (
        "169.254.169.254",  # AWS, GCP, Azure, OCI, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "168.63.129.16",  # Azure wire server (a public address)
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS IMDS over IPv6
    )
)

_GLOBAL_UNICAST_V6 = _V6("2000::/3")
_NAT64 = _V6("64:ff9b::/96")
_MAPPED = _V6("::ffff:0:0/96")


def parse_ip(text: str) -> IPAddress | None:
    """Parse an IP address literal (IPv6 may carry a zone id); return None if `text` is not one."""
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address reaches, if any."""
    if address in _MAPPED:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_metadata_address(address: IPAddress) -> bool:
    """Return True for a cloud metadata endpoint, also in an embedded IPv4 form."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return inner in METADATA_ADDRESSES
        address = ipaddress.IPv6Address(int(address))  # drop any zone id
    return address in METADATA_ADDRESSES


def refusal_reason(address: IPAddress) -> str | None:
    """Return why `address` must not be contacted, or None if it is a public unicast address."""
    if is_metadata_address(address):
        return "metadata"
    if isinstance(address, ipaddress.IPv4Address):
        return _ipv4_refusal(address)
    inner = embedded_ipv4(address)
    if inner is not None:
        reason = _ipv4_refusal(inner)
        return f"embedded-{reason}" if reason else None
    if any(address in net for net in DENIED_IPV6):
        return "special-purpose"
    if address not in _GLOBAL_UNICAST_V6:
        return "reserved"
    return _property_refusal(address)


def _ipv4_refusal(address: ipaddress.IPv4Address) -> str | None:
    if any(address in net for net in DENIED_IPV4):
        return "special-purpose"
    return _property_refusal(address)


def _property_refusal(address: IPAddress) -> str | None:
    checks = (
        address.is_unspecified,
        address.is_loopback,
        address.is_link_local,
        address.is_multicast,
        address.is_private,
        address.is_reserved,
        not address.is_global,
    )
    return "not-global" if any(checks) else None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Decides whether an address may be contacted.

    Attributes:
        allowed_networks: Networks allowed even though they are not public (empty by default; tests use
            loopback addresses). Matched against the address exactly as it will be connected to.
    """

    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, networks: Iterable[str | IPNetwork]) -> "AddressPolicy":
        """Build a policy from network strings or objects."""
        return cls(tuple(ipaddress.ip_network(net) for net in networks))

    def allows(self, address: IPAddress) -> bool:
        """Return True if `address` may be contacted."""
        if is_metadata_address(address):
            return False
        if any(address.version == net.version and address in net for net in self.allowed_networks):
            return True
        return refusal_reason(address) is None

    def allows_text(self, text: str) -> bool:
        """Return True if the text is an IP address literal that may be contacted."""
        address = parse_ip(text)
        return address is not None and self.allows(address)
