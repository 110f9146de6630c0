"""A body Django cannot read (a charset other than UTF-8, a broken multipart body) gets the site's 400
page with all its headers and one JSON log line, on every URL, the admin included; never a 500."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from tests.helpers import CALM, HTMX, answer_steps
from tests.test_security_headers import assert_secure_headers
from triage.models import Assessment
from triage.web.observability import JsonFormatter

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/step/start/",
    "/step/about/check/",
    "/check/",
    "/restart/",
    "/results/00000000-0000-4000-8000-000000000000/",
    "/health/",
    "/health/live/",
    "/no-such-page/",
    "/admin/",
    "/admin/login/",
    "/admin/triage/condition/",
    "/admin/triage/release/publish/",
    "/static/triage/css/site.css",
]

BODIES = [
    (
        "application/x-www-form-urlencoded; charset=latin-1",
        "emergency-signs=em-none&x=\xe9".encode("latin-1"),
    ),
    ("application/x-www-form-urlencoded; charset=utf-16", "a=1".encode("utf-16")),
    ("multipart/form-data", b"--x\r\nno boundary given"),
    ("multipart/form-data; boundary=", b"----\r\n"),
]


@pytest.fixture
def json_lines():
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.INFO)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)


@pytest.mark.parametrize("content_type,body", BODIES, ids=[b[0] for b in BODIES])
def test_an_unreadable_body_is_the_sites_400_page_on_every_url(content_type, body, json_lines):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/")  # a CSRF cookie, as a browser would have
    for extra in [{}, HTMX]:
        for url in URLS:
            json_lines.clear()
            response = client.generic("POST", url, body, content_type=content_type, **extra)
            assert response.status_code == 400, (url, response.status_code)
            assert "Sorry, we could not read that request" in response.content.decode(), url
            assert_secure_headers(response, url)
            requests = [json.loads(line) for line in json_lines if '"triage.requests"' in line]
            assert [r["status"] for r in requests] == [400], url
            assert all("\n" not in line for line in json_lines)
    assert Assessment.objects.count() == 0


def test_the_same_answers_in_utf8_are_accepted(client):
    answer_steps(client, CALM, upto="about")
    response = client.post(
        "/step/about/",
        "age=age-18-39&sex=sex-male&known-conditions=known-none",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    assert response.status_code == 302
