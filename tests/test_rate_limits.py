"""Anonymous writes are limited per client address, with a clear 429 page; behind a trusted proxy the
address is the client's, from X-Forwarded-For, for the limits and for sign-in lockout alike."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.admin_data import staff_user
from tests.helpers import CALM, answer_steps, complete
from tests.test_security_headers import assert_secure_headers
from triage.models import Assessment
from triage.web.client_ip import client_address, parse_networks

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture
def limits(settings):
    settings.RATE_LIMIT_POSTS = "30/m"
    settings.RATE_LIMIT_ASSESSMENTS = "3/m"
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_too_many_posts_from_one_address_get_the_429_page(limits):
    client = Client()
    statuses = [client.post("/step/start/", CALM["start"]).status_code for _ in range(35)]
    assert statuses[:30] == [302] * 30
    refused = client.post("/step/start/", CALM["start"])
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert_secure_headers(refused, "429")
    # Reading pages is never limited.
    assert client.get("/step/start/").status_code == 200


def test_too_many_saved_assessments_from_one_address_are_refused(limits, settings):
    settings.RATE_LIMIT_POSTS = "100/m"
    for _ in range(3):
        complete(Client())
    client = Client()
    answer_steps(client, CALM)
    assert client.post("/check/").status_code == 429
    assert Assessment.objects.count() == 3


def test_behind_the_proxy_each_client_has_its_own_limit(limits):
    for n in range(1, 4):
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        statuses = {client.post("/step/start/", CALM["start"]).status_code for _ in range(30)}
        assert statuses == {302}
    spoofed = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(31):
        # Not from the proxy: the header is the client's own claim and is ignored.
        last = spoofed.post("/step/start/", CALM["start"], HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert last.status_code == 429


def test_the_client_is_the_first_untrusted_hop_from_the_right():
    networks = parse_networks(["10.0.0.0/24"])
    assert client_address("10.0.0.5", "1.2.3.4, 203.0.113.9", networks) == "203.0.113.9"
    assert client_address("10.0.0.5", "203.0.113.9, 10.0.0.7", networks) == "203.0.113.9"
    assert client_address("10.0.0.5", "", networks) == "10.0.0.5"
    assert client_address("10.0.0.5", "not-an-address", networks) == "10.0.0.5"
    assert client_address("198.51.100.7", "203.0.113.9", networks) == "198.51.100.7"
    assert client_address("10.0.0.5", "203.0.113.9", ()) == "10.0.0.5"


def test_behind_the_proxy_one_attacker_cannot_lock_a_clinician_out(limits):
    staff_user("clinician", "Clinical editor")
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(django_settings.AXES_FAILURE_LIMIT + 1):
        attacker.post("/admin/login/?next=/admin/", {"username": "clinician", "password": "wrong"})
    clinician = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = clinician.post(
        "/admin/login/?next=/admin/", {"username": "clinician", "password": "a-long-test-password-42"}
    )
    assert response.status_code == 302
    assert clinician.get("/admin/").status_code == 200
