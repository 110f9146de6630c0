"""One submission, one assessment: replays, re-posted emergencies and parallel posts from one session,
or of one form with or without a session, all name the same saved result."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from tests.helpers import CALM, answer_steps, complete
from triage.models import Assessment

EMERGENCY = {"emergency-signs": ["em-breathing"]}


def submission_id(page) -> str:
    """The one-time submission id of the form on a page, as a browser would post it back."""
    return re.search(r'name="_submission" value="([0-9a-f]{32})"', page.content.decode()).group(1)


@pytest.mark.django_db
def test_posting_the_check_page_again_gives_the_same_result(client):
    answer_steps(client, CALM)
    session = client.cookies["sessionid"].value
    first = client.post("/check/")["Location"]
    # The same post replayed with the session as it was before the save (a double click's second post).
    answer_steps(client, CALM)
    assert client.cookies["sessionid"].value == session
    assert client.post("/check/")["Location"] == first
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_re_posting_an_emergency_answer_saves_one_assessment(client, knowledge):
    emergency = next(f.code for f in knowledge.steps[0].questions[0].options if f.code != "em-none")
    locations = {client.post("/step/start/", {"emergency-signs": [emergency]})["Location"] for _ in range(20)}
    assert len(locations) == 1
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_other_answers_or_another_session_make_another_assessment(client):
    first = complete(client)
    other = complete(Client())
    assert first != other
    changed = complete(
        client,
        {
            **CALM,
            "medicines": {"medicines": ["med-none", "med-none"]},
            "symptoms": {**CALM["symptoms"], "symptoms": ["sym-none"]},
            "location": {**CALM["location"], "sides": "side-both"},
        },
    )
    assert changed != first
    assert Assessment.objects.count() == 3


# In-memory SQLite cannot be shared between threads; tests/test_concurrent_sqlite.py runs the same
# race against a SQLite file in separate processes.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_from_one_session_make_one_assessment():
    from django.core.management import call_command

    call_command("load_knowledge", verbosity=0)
    for _ in range(5):
        client = Client()
        answer_steps(client, CALM)
        cookie = client.cookies["sessionid"].value
        locations: list[str] = []
        barrier = threading.Barrier(6)

        def submit(cookie=cookie, barrier=barrier, locations=locations) -> None:
            twin = Client()
            twin.cookies["sessionid"] = cookie
            barrier.wait()
            locations.append(twin.post("/check/")["Location"])
            connection.close()

        threads = [threading.Thread(target=submit) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(locations)) == 1, locations
    assert Assessment.objects.count() == 5


@pytest.mark.django_db
def test_two_clicks_on_an_emergency_answer_of_the_first_step_without_a_session_save_one_result():
    # Neither click carries a session cookie: each request used to make its own session, and the
    # session was what named the submission.
    form = submission_id(Client().get("/step/start/"))
    clicks = [Client().post("/step/start/", {**EMERGENCY, "_submission": form}) for _ in range(20)]
    assert {click.status_code for click in clicks} == {302}
    assert len({click["Location"] for click in clicks}) == 1
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_the_first_click_made_a_session_and_the_second_carries_it(client):
    form = submission_id(client.get("/step/start/"))
    first = Client().post("/step/start/", {**EMERGENCY, "_submission": form})
    # The browser kept the first response's cookie before the second click went.
    second = Client()
    second.cookies["sessionid"] = first.cookies["sessionid"].value
    assert second.post("/step/start/", {**EMERGENCY, "_submission": form})["Location"] == first["Location"]
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_two_clicks_on_get_my_results_from_one_showing_of_the_check_page_save_one_result(client):
    answer_steps(client, CALM)
    form = submission_id(client.get("/check/"))
    cookie = client.cookies["sessionid"].value
    locations = set()
    for _ in range(2):
        twin = Client()
        twin.cookies["sessionid"] = cookie
        locations.add(twin.post("/check/", {"_submission": form})["Location"])
    assert len(locations) == 1
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_each_showing_of_a_form_gets_its_own_submission_id(client):
    first, second = submission_id(client.get("/step/start/")), submission_id(client.get("/step/start/"))
    assert first != second
    answer_steps(client, CALM)
    assert submission_id(client.get("/check/")) != submission_id(client.get("/check/"))
    # Another showing of the first step is another click: its result is another.
    one = Client().post("/step/start/", {**EMERGENCY, "_submission": first})["Location"]
    other = Client().post("/step/start/", {**EMERGENCY, "_submission": second})["Location"]
    assert one != other


@pytest.mark.django_db
@pytest.mark.parametrize("tampered", ["", "x", "\x00" * 32, "A" * 32, "0" * 31, "0" * 5000])
def test_a_missing_or_tampered_submission_id_falls_back_to_the_session(client, tampered):
    locations = {
        client.post("/step/start/", {**EMERGENCY, "_submission": tampered})["Location"] for _ in range(3)
    }
    assert len(locations) == 1
    assert Assessment.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_posts_of_one_first_step_form_without_a_session_save_one_result():
    from django.core.management import call_command

    call_command("load_knowledge", verbosity=0)
    form = submission_id(Client().get("/step/start/"))
    locations: list[str] = []
    barrier = threading.Barrier(20)

    def click() -> None:
        barrier.wait()
        locations.append(Client().post("/step/start/", {**EMERGENCY, "_submission": form})["Location"])
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(locations) == 20
    assert len(set(locations)) == 1, locations
    assert Assessment.objects.count() == 1
