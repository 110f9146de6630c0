"""One submission, one assessment: replays, re-posted emergencies and parallel posts from one session
all name the same saved result."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from tests.helpers import CALM, answer_steps, complete
from triage.models import Assessment

EMERGENCY = {"emergency-signs": ["em-breathing"]}


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
