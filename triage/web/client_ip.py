"""The client's real address, taken from X-Forwarded-For only when the request came from a trusted proxy.

Behind nginx every request arrives from nginx's address, so sign-in lockout (django-axes) and the
rate limits (django-ratelimit), which both key on REMOTE_ADDR, would treat all people as one. This
middleware rewrites REMOTE_ADDR before either runs, so both, and anything later, see the same address.

Why not django-ipware: it trusts proxies by string prefix and by the addresses listed in the header,
whereas what must be trusted is the peer that actually connected (REMOTE_ADDR), by network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def parse_networks(values: list[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, networks) -> str:
    """Walk X-Forwarded-For from the right (the hop nearest us), skipping trusted proxies; the first
    address not ours is the client. Entries to its left were written by the client and are ignored."""
    if not networks or not trusted(remote_addr, networks):
        return remote_addr
    for entry in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            # A garbled hop: do not trust anything further left of it.
            return remote_addr
        if not trusted(entry, networks):
            return entry
    return remote_addr


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = parse_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.networks:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                self.networks,
            )
        return self.get_response(request)
