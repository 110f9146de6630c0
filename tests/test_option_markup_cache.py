"""The per-process memo of the answer options' markup: a new release's wording shows at once, and one
person's ticked answers never show on another person's page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import CALM, answer_steps
from triage.knowledge.releases import publish_release
from triage.models import Finding
from triage.questionnaire.templatetags import options_markup

pytestmark = pytest.mark.django_db


def test_it_shows_a_new_release_wording_after_the_old_one_was_memoised():
    client = Client()
    answer_steps(client, CALM, upto="location")
    before = client.get("/step/location/").content.decode()
    finding = Finding.objects.get(code="loc-eyelid")
    assert finding.label in before
    finding.label = "Eyelid (changed wording)"
    finding.save()
    publish_release(user=None, note="Reword an answer")
    after = client.get("/step/location/").content.decode()
    assert "Eyelid (changed wording)" in after


def test_it_never_shows_one_persons_ticked_answers_to_another():
    first, second = Client(), Client()
    answer_steps(first, CALM, upto="symptoms")
    answer_steps(second, CALM, upto="symptoms")
    answers = {
        "symptoms": ["sym-cramps"],
        "cramp-detail": ["cramp-night"],
        "_shown": ["cramp-detail"],
    }
    assert first.post("/step/symptoms/", answers).status_code == 302
    first_page = first.get("/step/symptoms/").content.decode()
    second_page = second.get("/step/symptoms/").content.decode()
    assert 'value="sym-cramps" id="id_symptoms_2" checked' in first_page
    assert 'value="sym-cramps" id="id_symptoms_2">' in second_page
    assert " checked" not in second_page


def test_a_tampered_answer_does_not_make_a_new_memo_entry():
    client = Client()
    answer_steps(client, CALM, upto="symptoms")
    client.post("/step/symptoms/", {"symptoms": ["sym-cramps", "made-up"]})
    entries = options_markup.cache_info().currsize
    for n in range(5):
        response = client.post("/step/symptoms/", {"symptoms": ["sym-cramps", f"made-up-{n}"]})
        assert (
            'value="sym-cramps" id="id_symptoms_2" aria-invalid="true" checked' in response.content.decode()
        )
    assert options_markup.cache_info().currsize == entries
