"""Which address a request comes from, for the login throttle and the audit.

The direct peer of the connection, unless that peer is one of our own reverse proxies
(``TRUSTED_PROXIES``: addresses or networks, e.g. ``127.0.0.1,10.0.0.0/8``). Then the
``X-Forwarded-For`` list is read from the right, skipping our proxies, and the first address
that is not ours is the client: everything left of it was written by the client and proves
nothing. From any other peer the header is ignored, so nobody can pick the address they are
counted under by sending it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_FORWARDED_HOPS = 20  # a longer list is read only this far from the right
UNKNOWN = "ukendt"


def parse_proxies(entries: Iterable[str]) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` as networks; a broken entry is a ValueError naming it (in Danish)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"TRUSTED_PROXIES: »{entry}« er hverken en IP-adresse eller et netværk.") from error
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_address(peer: str, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The client's address as text; ``UNKNOWN`` when not even the peer is an address."""
    client = _address(peer or "")
    if client is None:
        return UNKNOWN
    if forwarded_for and _trusted(client, proxies):
        for hop in reversed(forwarded_for.split(",")[-MAX_FORWARDED_HOPS:]):
            address = _address(hop)
            if address is None:  # not written by a proxy of ours: stop at the last one we trust
                break
            client = address
            if not _trusted(address, proxies):
                break
    return str(client)


def throttle_key(address: str) -> str:
    """The unit an address is counted in: itself for IPv4, its /64 for IPv6 (one subscriber's)."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed is not None else UNKNOWN
