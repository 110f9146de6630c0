"""A database that fails or hangs gives the 503 page fast, with its headers; liveness keeps answering;
and the logs never carry a result id or an answer, Django's own loggers included."""

from __future__ import annotations

import json
import logging
import time
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.helpers import CALM, HTMX, answer_steps, complete
from tests.test_security_headers import assert_secure_headers
from triage.models import Assessment
from triage.web.database import deadline_for, outage
from triage.web.observability import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_outage():
    outage.clear()
    yield
    outage.clear()


@pytest.fixture
def json_lines():
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def assert_unavailable(response, what: str) -> None:
    assert response.status_code == 503, what
    assert "busy or down for a moment" in response.content.decode(), what
    assert response["Retry-After"], what
    assert_secure_headers(response, what)


def test_a_database_error_anywhere_is_the_503_page_not_a_500(client):
    answer_steps(client, CALM)
    broken = mock.patch("triage.web.sessions.SessionStore.load", side_effect=OperationalError("gone"))
    client.raise_request_exception = False
    with broken:
        for url in ["/step/about/", "/check/"]:
            outage.clear()
            assert_unavailable(client.get(url), url)
        outage.clear()
        assert_unavailable(client.post("/step/start/", CALM["start"]), "post")


def test_a_database_that_fails_while_the_session_is_saved_gives_the_503_page_not_a_400(client):
    # Django's session backend reads any database error while updating a session as "the session was
    # deleted meanwhile", which SessionMiddleware answers with 400 Bad Request. Seen in
    # scripts/faults.sh: PostgreSQL stopped just as a person submitted their answers.
    answer_steps(client, CALM, upto="symptoms")
    client.raise_request_exception = False
    failing = mock.patch(
        "django.contrib.sessions.models.Session.save",
        side_effect=OperationalError("server closed the connection"),
    )
    with failing:
        assert_unavailable(client.post("/step/symptoms/", CALM["symptoms"]), "post")
        outage.clear()
        assert_unavailable(client.post("/step/start/", CALM["start"], **HTMX), "htmx post")


def hang(*args, **kwargs):
    time.sleep(30)


def hung_database():
    """Every query waits for an answer that never comes (the cursor is Django's, so the stack shows
    a database call, as with a real server that stopped answering)."""
    return mock.patch("django.db.backends.utils.CursorWrapper._execute", side_effect=hang)


@pytest.mark.django_db(transaction=True)
def test_a_hung_database_gives_a_503_within_the_deadline_and_liveness_answers(settings):
    # Outside a test transaction: a cut-off request closes its connections, as it must.
    call_command("load_knowledge", verbosity=0)
    settings.REQUEST_TIMEOUT = 1
    client = Client(raise_request_exception=False)
    answer_steps(client, CALM, upto="about")

    with hung_database():
        started = time.monotonic()
        response = client.get("/step/start/")
        assert time.monotonic() - started < 3
        assert_unavailable(response, "hung")
        assert outage.is_on()
        # The outage window: the next pages answer at once, without waiting again.
        started = time.monotonic()
        assert_unavailable(client.get("/step/about/"), "during the outage")
        assert time.monotonic() - started < 0.5
        assert client.get("/health/live/").status_code == 200
        started = time.monotonic()
        assert client.get("/health/").status_code == 503
        assert time.monotonic() - started < 3
    assert client.get("/health/").status_code == 200
    assert not outage.is_on()
    assert client.get("/step/start/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_page_slowed_by_a_busy_cpu_is_not_taken_for_a_database_outage(settings):
    # Seen under load: a PDF that outlived the deadline while the CPUs were busy made its worker
    # answer every page after it with "database unavailable" while the database was fine.
    call_command("load_knowledge", verbosity=0)
    settings.REQUEST_TIMEOUT = 1
    client = Client(raise_request_exception=False)
    answer_steps(client, CALM, upto="about")

    def busy(*args, **kwargs):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # work on the CPU, no database call
            pass

    with mock.patch("triage.questionnaire.views.StepForm", side_effect=busy):
        started = time.monotonic()
        response = client.get("/step/about/")
        assert time.monotonic() - started < 3
    # That page gives up with the 503 page; the database is fine, so no outage window starts.
    assert_unavailable(response, "slow page")
    assert not outage.is_on()
    started = time.monotonic()
    assert client.get("/step/about/").status_code == 200
    assert client.get("/step/start/").status_code == 200
    assert time.monotonic() - started < 1


def test_the_summary_pdf_has_a_time_budget_of_its_own(settings, client):
    settings.REQUEST_TIMEOUT = 2
    settings.PDF_REQUEST_TIMEOUT = 25
    url = complete(client)
    assert deadline_for(RequestFactory().get(f"{url}summary.pdf")) == 25
    for page in [url, f"{url}print/", "/step/about/", "/check/"]:
        assert deadline_for(RequestFactory().get(page)) == 2, page


def test_no_log_line_holds_a_result_id_or_an_answer(client, json_lines):
    results = complete(client)
    pk = results.split("/")[2]
    hostile = Client(enforce_csrf_checks=True, raise_request_exception=False)
    hostile.get("/")
    for path in [results, f"{results}print/", f"/results/{pk.upper()}/", f"/results/{pk.replace('-', '')}/"]:
        hostile.post(path, CALM["start"])
        hostile.post(path, CALM["start"], **HTMX)
        hostile.get(path)
        hostile.get(f"{path}?emergency-signs=em-breathing")
        hostile.generic(
            "POST", path, b"x=\xe9", content_type="application/x-www-form-urlencoded; charset=latin-1"
        )
        hostile.generic("PUT", path, b"emergency-signs=em-breathing")
    hostile.post("/step/start/", {"emergency-signs": ["em-breathing"]})
    hostile.post("/check/", {"answer": pk}, HTTP_HOST="evil.example")
    text = "\n".join(json_lines)
    assert json_lines
    assert pk not in text and pk.replace("-", "") not in text.lower()
    for step in CALM.values():
        for answer in step.values():
            for code in [answer] if isinstance(answer, str) else answer:
                assert code not in text, code
    assert "em-breathing" not in text
    assert all(json.loads(line) for line in json_lines)


def test_result_ids_only_in_their_canonical_form(client):
    pk = uuid.UUID(complete(client).split("/")[2])
    assert client.get(f"/results/{pk}/").status_code == 200
    for other in [str(pk).upper(), pk.hex, f"{{{pk}}}", f"urn:uuid:{pk}", "١" + str(pk)[1:]]:
        assert client.get(f"/results/{other}/").status_code == 404, other
        assert client.get(f"/results/{other}/print/").status_code == 404, other


def test_a_message_is_added_once_however_often_the_redirect_is_ignored(client):
    for _ in range(10):
        assert client.get("/step/about/").status_code == 302
    page = client.get("/step/start/").content.decode()
    assert page.count("We could not find your earlier answers") == 1


def test_signing_in_with_an_unsafe_next_lands_in_the_admin(admin_user):
    client = Client()
    response = client.post(
        "/admin/login/?next=https://evil.example/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_daily_purge_also_deletes_expired_sessions(client):
    from django.contrib.sessions.models import Session

    answer_steps(client, CALM, upto="symptoms")
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    complete(Client())
    call_command("purge_assessments", verbosity=0)
    assert Session.objects.count() == 1
    assert Session.objects.get().expire_date > timezone.now()
    assert Assessment.objects.count() == 1
