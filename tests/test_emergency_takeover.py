"""An emergency answer takes over the step: one panel with a tap-to-call 999 link and one way to the
emergency advice, and no Continue, in the live check and in the whole page alike."""

from __future__ import annotations

import re

import pytest

from tests.helpers import CALM, HTMX, answer_steps

pytestmark = pytest.mark.django_db

CALL_999 = '<a class="btn btn-light btn-lg call-999" href="tel:999">'
ADVICE = "Get emergency advice now"


def actions(html: str) -> str:
    """What the Continue area holds: the live check swaps it out of band."""
    found = re.search(r'<div id="step-actions"[^>]*>(.*?)</div>', html, re.S)
    assert found, html
    return found.group(1)


def emergency(html: str) -> str:
    found = re.search(r'<div id="emergency"[^>]*>(.*?)</div>', html, re.S)
    assert found, html
    return found.group(1)


def test_the_live_check_swaps_in_the_emergency_panel_and_takes_continue_away(client):
    html = client.post("/step/start/check/", {"emergency-signs": ["em-seizure"]}, **HTMX).content.decode()
    panel = emergency(html)
    assert 'class="emergency-panel" role="alert"' in panel
    assert "A fit (seizure)" in panel
    assert panel.count(CALL_999) == 1
    assert panel.count(ADVICE) == 1
    assert "Continue" not in actions(html)
    # The emergency warning is in the panel, not repeated beside the answers.
    assert html.count("A fit (seizure)") == 1


def test_two_emergency_signs_still_give_one_call_link_and_one_way_to_the_advice(client):
    ticked = {"emergency-signs": ["em-breathing", "em-choking"]}
    html = client.post("/step/start/check/", ticked, **HTMX).content.decode()
    assert "Severe difficulty breathing" in html
    assert "Choking, or unable to swallow or speak" in html
    assert html.count("tel:999") == 1
    assert html.count(ADVICE) == 1


def test_taking_back_the_emergency_answer_brings_continue_back(client):
    html = client.post("/step/start/check/", {"emergency-signs": ["em-none"]}, **HTMX).content.decode()
    assert emergency(html).strip() == ""
    assert ">Continue</button>" in actions(html)
    assert "tel:999" not in html


def test_continue_comes_back_with_its_own_words_when_changing_an_answer_from_the_check_page(client):
    answer_steps(client, CALM)
    data = {"emergency-signs": ["em-none"], "change": "1"}
    html = client.post("/step/start/check/", data, **HTMX).content.decode()
    assert "Save and go back to your answers" in actions(html)


def test_a_warning_that_is_not_an_emergency_keeps_continue_and_no_panel(client):
    answer_steps(client, CALM, upto="about")
    data = {"known-conditions": ["known-thyroid"]}
    html = client.post("/step/about/check/", data, **HTMX).content.decode()
    assert 'class="callout callout-' in html
    assert emergency(html).strip() == ""
    assert ">Continue</button>" in actions(html)


def test_a_step_page_without_an_emergency_shows_continue_and_an_empty_panel(client):
    html = client.get("/step/start/").content.decode()
    assert emergency(html).strip() == ""
    assert ">Continue</button>" in actions(html)


def test_the_emergency_button_leads_to_the_advice_even_with_a_question_left_unanswered(client):
    # Weakness brings up a required follow-up question; saddle numbness is an emergency on its own.
    answer_steps(client, CALM, upto="symptoms")
    data = {"symptoms": ["sym-saddle-numbness", "sym-weakness"]}
    response = client.post("/step/symptoms/", data)
    assert response.status_code == 302
    assert response["Location"].startswith("/results/")
    results = client.get(response["Location"]).content.decode()
    assert 'href="tel:999"' in results
    assert "Numbness between the legs or around the bottom" in results


def test_a_step_left_unanswered_without_an_emergency_still_asks_for_the_answer(client):
    answer_steps(client, CALM, upto="symptoms")
    response = client.post("/step/symptoms/", {"symptoms": ["sym-weakness"]})
    assert response.status_code == 200
    assert "Your answer needs one more detail" in response.content.decode()
    assert "questionnaire" in client.session
