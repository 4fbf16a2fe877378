"""Which address a login is counted under: the peer, or X-Forwarded-For only from a trusted proxy."""

from __future__ import annotations

import pytest

from bot.web.addresses import UNKNOWN, client_address, parse_proxies, throttle_key

PROXIES = parse_proxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.5", "203.0.113.7", "192.0.2.5"),  # an untrusted peer: the header is ignored
        ("192.0.2.5", None, "192.0.2.5"),
        ("127.0.0.1", None, "127.0.0.1"),  # a trusted peer without the header is the client
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", " 203.0.113.7 ", "203.0.113.7"),
        ("127.0.0.1", "192.0.2.1, 203.0.113.7", "203.0.113.7"),  # the left part is the client's own writing
        ("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # through two of our proxies
        ("127.0.0.1", "10.9.9.9, 10.1.2.3", "10.9.9.9"),  # only our own addresses: the farthest one
        ("127.0.0.1", "203.0.113.7, nonsense", "127.0.0.1"),  # garbage where a proxy of ours writes
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "[2001:db8::1]", "2001:db8::1"),
        ("127.0.0.1", "::ffff:203.0.113.9", "203.0.113.9"),  # an IPv4 client seen over IPv6
        ("fd00::5", "2001:db8::1", "2001:db8::1"),
        ("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("", "203.0.113.7", UNKNOWN),
        ("not an address", "203.0.113.7", UNKNOWN),
        ("192.0.2.5", "\udc00" * 10, "192.0.2.5"),
        ("127.0.0.1", "\udc00\x00", "127.0.0.1"),
    ],
)
def test_the_client_address(peer, forwarded, expected):
    assert client_address(peer, forwarded, PROXIES) == expected


def test_a_long_forwarded_list_is_read_only_twenty_hops_from_the_right():
    ours = ", ".join(["10.0.0.1"] * 30)
    assert client_address("127.0.0.1", f"203.0.113.7, {ours}", PROXIES) == "10.0.0.1"
    assert client_address("127.0.0.1", "1.2.3.4, " * 100_000 + "203.0.113.7", PROXIES) == "203.0.113.7"


def test_without_trusted_proxies_the_header_never_counts():
    assert client_address("127.0.0.1", "203.0.113.7", ()) == "127.0.0.1"


def test_a_broken_trusted_proxies_entry_is_named_in_danish():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES: »10.0.0.300« er hverken en IP-adresse eller et netværk"):
        parse_proxies(["127.0.0.1", "10.0.0.300"])
    assert parse_proxies([]) == ()
    assert [str(n) for n in parse_proxies(["10.1.2.3/8", " ::1 "])] == ["10.0.0.0/8", "::1/128"]


def test_ipv6_clients_are_counted_by_their_64_and_ipv4_by_themselves():
    assert throttle_key("2001:db8:1:2:3:4:5:6") == throttle_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert throttle_key("2001:db8:1:3::1") != throttle_key("2001:db8:1:2::1")
    assert throttle_key("203.0.113.7") == "203.0.113.7"
    assert throttle_key(UNKNOWN) == UNKNOWN
