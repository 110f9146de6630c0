"""What operators see: the health endpoints, the structured logs (never answers) and the error pages."""

from __future__ import annotations

import json
import logging
import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.helpers import CALM, HTMX, complete
from triage.models import Assessment
from triage.web.observability import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """Every log line, formatted as in production, from every logger."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    # The root at its most talkative, plus the two loggers the settings keep from propagating.
    loggers = [root, logging.getLogger("django.request"), logging.getLogger("django.server")]
    level = root.level
    root.setLevel(logging.DEBUG)
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def failing_client(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    return Client(raise_request_exception=False)


def test_health_says_ok_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_says_unavailable_when_the_database_is_down(client):
    with mock.patch(
        "triage.web.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


def test_liveness_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_each_request_is_one_json_line_with_its_route_status_and_duration(client, log_lines):
    client.get("/step/start/")
    client.post("/step/start/", CALM["start"], **HTMX)
    requests = [json.loads(line) for line in log_lines if '"logger": "triage.requests"' in line]
    assert len(requests) == 2
    first, second = requests
    assert first["method"] == "GET" and second["method"] == "POST"
    assert first["route"] == second["route"] == "step/<slug:code>/"
    assert first["status"] == 200 and second["status"] == 302
    assert second["htmx"] is True
    assert isinstance(first["duration_ms"], float)
    assert all("\n" not in line for line in log_lines)


def test_the_logs_never_hold_answers_or_assessment_ids(client, failing_client, log_lines):
    results = complete(client)
    client.get(results)
    client.get(f"{results}print/?from=loc-eyelid")
    client.post("/step/location/check/", {"location": ["loc-eyelid", "<b>loc-secret</b>"]}, **HTMX)
    client.post("/step/start/", {"emergency-signs": ["em-unknown-answer"]})
    failing_client.get("/fail/", {"answer": "sym-secret-answer"})
    assessment = Assessment.objects.get()

    assert len(log_lines) >= 13
    text = "\n".join(log_lines)
    answered = {code for codes in assessment.answers.values() for code in codes}
    for secret in [*answered, "loc-secret", "em-unknown-answer", "sym-secret-answer", str(assessment.pk)]:
        assert secret not in text, secret
    assert str(assessment.pk)[:8] not in text
    assert '"route": "results/<str:pk>/"' in text


def test_a_server_error_is_logged_by_type_and_place_without_its_message(failing_client, log_lines):
    failing_client.get("/fail/", {"answer": "sym-secret-answer"})
    (line,) = [json.loads(line) for line in log_lines if '"logger": "triage.requests"' in line]
    assert line["level"] == "ERROR"
    assert line["status"] == 500
    assert line["exception"] == "ValueError"
    assert any("error_urls.py" in frame and "in fail" in frame for frame in line["frames"])
    assert "sym-secret-answer" not in json.dumps(line)


def assert_site_look(response, heading: str) -> None:
    page = response.content.decode()
    assert heading in page
    assert 'class="site-header"' in page
    assert 'class="site-footer"' in page
    assert "/static/vendor/bootstrap/bootstrap.min." in page
    assert "/static/triage/css/site." in page
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_error_pages_have_the_site_look_with_debug_off(failing_client, settings):
    assert settings.DEBUG is False
    too_big = failing_client.post("/step/start/", {"emergency-signs": "x" * 70_000})
    assert too_big.status_code == 400
    assert_site_look(too_big, "Sorry, we could not read that request")
    suspicious = failing_client.get("/refuse/")
    assert suspicious.status_code == 400
    assert_site_look(suspicious, "Sorry, we could not read that request")
    forbidden = failing_client.get("/forbid/")
    assert forbidden.status_code == 403
    assert_site_look(forbidden, "Sorry, that did not work")
    csrf = Client(enforce_csrf_checks=True).post("/step/start/", CALM["start"])
    assert csrf.status_code == 403
    assert_site_look(csrf, "Sorry, that did not work")
    missing = failing_client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_site_look(missing, "Page not found")
    broken = failing_client.get("/fail/")
    assert broken.status_code == 500
    assert_site_look(broken, "Sorry, something went wrong")


def test_static_files_have_hashed_names_long_cache_lifetimes_and_compressed_copies(client):
    page = client.get("/").content.decode()
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(css, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] in {"br", "gzip"}
    assert int(response["Content-Length"]) < 40_000
