"""The client's real address, taken from X-Forwarded-For only when the request came from a trusted proxy.

Behind nginx every request arrives from nginx's address, so sign-in lockout (django-axes) and the
rate limits (django-ratelimit), which both key on the client address, would treat all people as one.
This middleware rewrites REMOTE_ADDR before either runs, so both, and anything later, see the same
address; django-axes is also pinned to it (AXES_CLIENT_IP_CALLABLE = `axes_client_ip`), so it never
picks its own source (django-ipware, were it ever installed).

Why not django-ipware: it trusts proxies by string prefix and by the addresses listed in the header,
whereas what must be trusted is the peer that actually connected (REMOTE_ADDR), by network.

Malformed headers, on purpose (tests/test_forwarded_headers.py):
- each hop may carry a port (`203.0.113.7:4711`, `[2001:db8::7]:443`), brackets or quotes, as some
  load balancers write them: the address alone is used, so such a proxy does not put everyone in
  its own bucket; an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, also a dual-stack REMOTE_ADDR)
  counts as the IPv4 address, so one client has one bucket and a mapped proxy address is still trusted;
- only the last MAX_HOPS hops and MAX_HEADER_CHARS characters are read (the hops nearest us are the
  only ones that matter): a header of thousands of hops costs no more than a short one;
- empty hops (`, ,`, a trailing comma) are skipped; a hop that is no address (garbage, `unknown`,
  a NUL, an unclosed bracket) ends the walk: nothing to its left is
  believed, and the client is the nearest address we reached (with one proxy that writes the header
  itself, as deploy/nginx/triage.conf does, that hop is always a real address, so garbage can only be
  to its left, written by the client, and is never reached);
- a chain of trusted hops only (a client inside the proxies' network) gives its leftmost hop read.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

MAX_HOPS = 16
MAX_HEADER_CHARS = 1024
# The address this middleware settled on, kept so django-axes reads the very same one.
META_KEY = "triage.client_address"


def parse_networks(values: list[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """One hop as written by a proxy: bare, with a port, bracketed or quoted; None if no address."""
    text = text.strip().strip('"').strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):  # [2001:db8::7] or [2001:db8::7]:443
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # 203.0.113.7:4711
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def trusted(address: str, networks) -> bool:
    ip = parse_address(address)
    return ip is not None and any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, networks) -> str:
    """Walk X-Forwarded-For from the right (the hop nearest us), skipping trusted proxies; the first
    address not ours is the client. Entries to its left were written by the client and are ignored."""
    if not networks or not trusted(remote_addr, networks):
        return remote_addr
    nearest = str(parse_address(remote_addr))
    tail = forwarded_for[-MAX_HEADER_CHARS:]
    hops = tail.split(",")[-MAX_HOPS:]
    for entry in reversed(hops):
        if not entry.strip():
            continue  # ", ," or a trailing comma: no hop at all
        hop = parse_address(entry)
        if hop is None:
            # A garbled (or cut off) hop: do not trust anything further left of it.
            return nearest
        nearest = str(hop)
        if not any(hop in network for network in networks):
            return nearest
    return nearest


def axes_client_ip(request: HttpRequest) -> str:
    """django-axes' address source (AXES_CLIENT_IP_CALLABLE): the same address as everything else."""
    if META_KEY in request.META:
        return request.META[META_KEY]
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        parse_networks(settings.TRUSTED_PROXIES),
    )


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
        request.META[META_KEY] = request.META.get("REMOTE_ADDR", "")
        return self.get_response(request)
