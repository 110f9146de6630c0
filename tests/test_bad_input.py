"""Tampered, skipped, expired and repeated requests get a clear page, never a server error."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers import CALM, HTMX, answer_steps, complete
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def test_an_unknown_choice_is_rejected_and_nothing_is_stored(client):
    answer_steps(client, CALM, upto="location")
    response = client.post(
        "/step/location/", {"location": ["loc-moon"], "sides": "side-one", "spread": "spread-fixed"}
    )
    assert response.status_code == 200
    assert "Choose from the answers listed." in response.content.decode()
    assert "location" not in client.session["questionnaire"]["answers"]


def test_a_choice_from_another_question_is_rejected(client):
    answer_steps(client, CALM, upto="about")
    response = client.post(
        "/step/about/", {"age": "sex-male", "sex": "sex-male", "known-conditions": ["known-none"]}
    )
    assert "Choose one of the answers listed." in response.content.decode()


def test_an_unknown_step_is_a_not_found_page(client):
    response = client.get("/step/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_skipping_ahead_goes_back_to_the_first_unanswered_step(client):
    answer_steps(client, CALM, upto="onset")
    response = client.get("/step/symptoms/")
    assert response.status_code == 302
    assert response["Location"] == "/step/onset/"
    posted = client.post("/step/symptoms/", CALM["symptoms"])
    assert posted["Location"] == "/step/onset/"
    assert "symptoms" not in client.session["questionnaire"]["answers"]


def test_an_expired_session_starts_again_with_an_explanation(client):
    response = client.post("/step/pattern/", CALM["pattern"], follow=True)
    assert response.redirect_chain[-1][0] == "/step/start/"
    assert "could not find your earlier answers" in response.content.decode()


def test_the_check_page_needs_every_step(client):
    answer_steps(client, CALM, upto="symptoms")
    response = client.get("/check/")
    assert response["Location"] == "/step/symptoms/"
    assert client.post("/check/")["Location"] == "/step/symptoms/"
    assert Assessment.objects.count() == 0


def test_a_double_submit_makes_one_assessment_and_shows_it(client):
    url = complete(client)
    again = client.post("/check/")
    assert again.status_code == 302
    assert again["Location"] == url
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "pk", ["not-a-uuid", pytest.param(str(uuid.uuid4()), id="random-uuid"), "../../etc", "1"]
)
def test_a_results_address_that_does_not_exist_is_not_found(client, pk):
    assert client.get(f"/results/{pk}/").status_code == 404
    assert client.get(f"/results/{pk}/print/").status_code == 404


def test_wrong_methods_are_refused(client):
    assert client.get("/step/start/check/").status_code == 405
    assert client.get("/restart/").status_code == 405
    assert client.put("/step/start/").status_code == 405
    assert client.post(complete(client)).status_code == 405


def test_the_live_check_without_htmx_goes_back_to_the_step(client):
    response = client.post("/step/start/check/", {"emergency-signs": ["em-none"]})
    assert response.status_code == 302
    assert response["Location"] == "/step/start/"


def test_the_live_check_ignores_tampered_choices(client):
    response = client.post("/step/start/check/", {"emergency-signs": ["<script>x</script>"]}, **HTMX)
    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()


def test_restarting_clears_the_answers(client):
    answer_steps(client, CALM, upto="pattern")
    response = client.post("/restart/")
    assert response["Location"] == "/"
    assert "questionnaire" not in client.session


def test_restarting_after_the_results_forgets_them_for_the_next_person(client):
    # On a shared computer: the last person finished and pressed "Start again".
    url = complete(client)
    assert client.get("/check/")["Location"] == url
    cleared = client.post("/restart/", follow=True)
    assert "Your answers have been cleared" in cleared.content.decode()
    assert "last_assessment" not in client.session
    for page in ["/check/", "/step/about/", "/step/general/"]:
        response = client.get(page, follow=True)
        assert response.redirect_chain[0] == ("/step/start/", 302), page
        assert "could not find your earlier answers" in response.content.decode()
    assert client.post("/check/")["Location"] == "/step/start/"
    assert client.post("/step/symptoms/", CALM["symptoms"])["Location"] == "/step/start/"
    # The results are still there for whoever has their link.
    assert client.get(url).status_code == 200


def test_forms_need_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/step/start/", CALM["start"])
    assert response.status_code == 403
    assert "Sorry, that did not work" in response.content.decode()
