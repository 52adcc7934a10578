"""URL checks made before every hop."""

import pytest
from yarl import URL

from bot.links.config import FetchPolicy
from bot.links.policy import AddressPolicy
from bot.links.result import FetchError
from bot.links.urls import check_url, looks_like_ipv4, parse_url

POLICY = AddressPolicy.allowing(["127.0.0.1/32"])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("http://example.com/", None),
        ("https://example.com:8443/path?q=1", None),
        ("HTTPS://Example.COM/", None),
        ("http://127.0.0.1:8080/", None),
        ("ftp://example.com/file", FetchError.BAD_SCHEME),
        ("file:///etc/passwd", FetchError.BAD_SCHEME),
        ("javascript:alert(1)", FetchError.BAD_SCHEME),
        ("data:text/html,<title>x</title>", FetchError.BAD_SCHEME),
        ("gopher://example.com/", FetchError.BAD_SCHEME),
        ("example.com/page", FetchError.BAD_SCHEME),
        ("//example.com/page", FetchError.BAD_SCHEME),
        ("http://user:pass@example.com/", FetchError.USERINFO),
        ("http://user@example.com/", FetchError.USERINFO),
        ("http://:pass@example.com/", FetchError.USERINFO),
        ("http:///nohost", FetchError.BAD_URL),
        ("http://example.com:0/", FetchError.BAD_URL),
        ("http://10.0.0.1/", FetchError.REFUSED_ADDRESS),
        ("http://169.254.169.254/latest/meta-data", FetchError.REFUSED_ADDRESS),
        ("http://127.0.0.2/", FetchError.REFUSED_ADDRESS),
        ("http://0.0.0.0/", FetchError.REFUSED_ADDRESS),
        ("http://[::1]/", FetchError.REFUSED_ADDRESS),
        ("http://[::ffff:127.0.0.1]/", FetchError.REFUSED_ADDRESS),
        ("http://[fd00:ec2::254]/", FetchError.REFUSED_ADDRESS),
        ("http://[fe80::1%25eth0]/", FetchError.REFUSED_ADDRESS),
        ("http://2130706433/", FetchError.REFUSED_ADDRESS),  # 127.0.0.1 as one number
        ("http://127.1/", FetchError.REFUSED_ADDRESS),
        ("http://0x7f.0.0.1/", FetchError.REFUSED_ADDRESS),
        ("http://0177.0.0.1/", FetchError.REFUSED_ADDRESS),
        ("http://8.8.8.8/", None),
    ],
)
def test_check_url(text: str, error: FetchError | None) -> None:
    url = parse_url(text)

    assert url is not None
    assert check_url(url, POLICY) is error


@pytest.mark.parametrize("text", ["http://example.com:99999/", "http://[::1/"])
def test_unparsable(text: str) -> None:
    assert parse_url(text) is None


def test_fragment_dropped() -> None:
    assert parse_url("https://example.com/a#section") == URL("https://example.com/a")


@pytest.mark.parametrize(
    ("host", "numeric"),
    [("1.2.3.4", True), ("2130706433", True), ("a.0x10", True), ("example.com", False), ("deadbeef.cafe", False)],
)
def test_looks_like_ipv4(host: str, numeric: bool) -> None:
    assert looks_like_ipv4(host) is numeric


@pytest.mark.parametrize(
    "overrides", [{"max_bytes": 0}, {"max_per_host": 0}, {"total_timeout": 0}, {"max_redirects": -1}]
)
def test_fetch_policy_rejects_unusable_limits(overrides: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        FetchPolicy(**overrides)


def test_default_policy_allows_no_private_network() -> None:
    policy = FetchPolicy().address_policy

    assert policy.allowed_networks == ()
    assert not policy.allows_text("127.0.0.1")
