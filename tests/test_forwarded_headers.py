"""Malformed X-Forwarded-For headers from a trusted proxy give a sane client address, never a 500:
ports, brackets and IPv4-mapped IPv6 are read as the address; garbage, empty and over-long headers or
thousands of hops cost nothing and never let the client choose a trusted address; and django-axes
counts failed sign-ins against that same address (AXES_CLIENT_IP_CALLABLE)."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from tests.helpers import CALM
from triage.web.client_ip import ClientAddressMiddleware, axes_client_ip, client_address, parse_networks

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
MANY_HOPS = ", ".join(f"198.51.100.{n % 250}" for n in range(3000))

# (X-Forwarded-For as the trusted proxy passed it on, the client address the app must use)
MALFORMED = [
    pytest.param("", PROXY, id="empty: the proxy itself asked"),
    pytest.param(" , ,, ", PROXY, id="only commas and spaces"),
    pytest.param("garbage", PROXY, id="garbage alone"),
    pytest.param("unknown", PROXY, id="unknown"),
    pytest.param(f"garbage, {CLIENT}", CLIENT, id="client garbage left of the proxy's hop"),
    pytest.param(f"1.2.3.4'; DROP TABLE x; --, {CLIENT}", CLIENT, id="injection left of the proxy's hop"),
    pytest.param(f"{CLIENT}, garbage", PROXY, id="garbage nearest us: nothing left of it believed"),
    pytest.param(f" ,, {CLIENT} ,", CLIENT, id="empty hops around the address"),
    pytest.param(f"{CLIENT}:4711", CLIENT, id="IPv4 with a port"),
    pytest.param(f'"{CLIENT}"', CLIENT, id="quoted"),
    pytest.param("2001:db8::7", "2001:db8::7", id="IPv6"),
    pytest.param("[2001:db8::7]:443", "2001:db8::7", id="IPv6 bracketed with a port"),
    pytest.param("[2001:db8::7", PROXY, id="IPv6 with an unclosed bracket"),
    pytest.param(f"::ffff:{CLIENT}", CLIENT, id="IPv4-mapped IPv6"),
    pytest.param(f"::ffff:{PROXY}", PROXY, id="the proxy, IPv4-mapped"),
    pytest.param(f"{MANY_HOPS}, {CLIENT}", CLIENT, id="3000 hops"),
    pytest.param("x" * 20000, PROXY, id="over-long garbage"),
    pytest.param("x" * 20000 + f", {CLIENT}", CLIENT, id="over-long with the client nearest us"),
    pytest.param("9" * 5000 + f", {CLIENT}", CLIENT, id="a 5000-digit number left of the client"),
    pytest.param(f"10.0.0.9, {PROXY}", "10.0.0.9", id="a client inside the proxies' network"),
    pytest.param(f"{CLIENT}\x00", PROXY, id="NUL"),
    pytest.param(f"{CLIENT}, 10.0.0.9", CLIENT, id="two trusted hops"),
]


def test_axes_reads_the_projects_client_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "triage.web.client_ip.axes_client_ip"


@pytest.mark.parametrize(("header", "expected"), MALFORMED)
def test_a_malformed_header_from_the_proxy_gives_a_sane_address(header, expected):
    networks = parse_networks(["10.0.0.0/24"])
    assert client_address(PROXY, header, networks) == expected


@pytest.mark.parametrize(("header", "expected"), MALFORMED)
def test_the_middleware_and_axes_agree_on_the_address(settings, header, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    seen = {}

    def view(request):
        seen["remote"] = request.META["REMOTE_ADDR"]
        seen["axes"] = get_client_ip_address(request)
        return None

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    ClientAddressMiddleware(view)(request)
    assert seen == {"remote": expected, "axes": expected}


def test_a_header_from_anyone_else_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.3", HTTP_X_FORWARDED_FOR=f"{CLIENT}, {PROXY}")
    assert axes_client_ip(request) == "198.51.100.3"
    assert client_address("198.51.100.3", "garbage", parse_networks(["10.0.0.0/24"])) == "198.51.100.3"


def test_a_dual_stack_proxy_address_is_still_trusted():
    networks = parse_networks([f"{PROXY}/32"])
    assert client_address(f"::ffff:{PROXY}", CLIENT, networks) == CLIENT
    assert client_address(PROXY, f"::ffff:{CLIENT}", networks) == CLIENT


def test_a_long_header_is_read_in_bounded_time():
    import time

    networks = parse_networks(["10.0.0.0/8"])
    header = ", ".join(f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(50000))
    started = time.perf_counter()
    for _ in range(100):
        client_address(PROXY, header, networks)
    assert time.perf_counter() - started < 0.5


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "expected"), MALFORMED)
def test_through_the_whole_app_no_malformed_header_is_a_server_error(settings, header, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client.get("/health/live/").status_code == 200
    assert client.get("/step/start/").status_code == 200
    assert client.post("/step/start/", CALM["start"]).status_code == 302
    login = client.post("/admin/login/?next=/admin/", {"username": "nobody", "password": "wrong"})
    assert login.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [expected]


@pytest.mark.django_db
def test_clients_behind_a_proxy_that_writes_ports_each_have_their_own_limit(settings):
    """Were an address with a port garbage, every person would share the proxy's one limit. (IPv6
    clients are counted per /64, django-ratelimit's default, hence one network each.)"""
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    settings.RATE_LIMIT_POSTS = "5/m"
    for n in range(1, 9):
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"[2001:db8:{n}::7]:{40000 + n}")
        statuses = [client.post("/step/start/", CALM["start"]).status_code for _ in range(5)]
        assert statuses == [302] * 5
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="[2001:db8:1::8]:50000")
    assert client.post("/step/start/", CALM["start"]).status_code == 429
