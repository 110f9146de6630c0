"""From the results a person can go back and change an answer (issue 21, item 8): the answers come
back at the check page, a change gives a new result, and the result they had stays as it was."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import CALM, complete, with_changes
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def test_the_results_offer_to_change_an_answer(client):
    url = complete(client)
    page = client.get(url).content.decode()
    assert f'action="{url}change/"' in page
    assert "Change an answer" in page


def test_changing_an_answer_gives_new_results_and_keeps_the_old_ones(client):
    url = complete(client)
    before = Assessment.objects.get()
    response = client.post(f"{url}change/")
    assert response.status_code == 302 and response["Location"] == "/check/"
    check = client.get("/check/").content.decode()
    assert "Your answers are back" in check
    assert "Only an eyelid flickers, usually on one side" in check
    # One change, from the check page: weakness in the hands as well.
    changed = {"symptoms": ["sym-weakness"], "weakness-detail": ["weak-hands"], "change": "1"}
    # Weakness opens a question on the next step (how fast it came on): asked before the check page.
    assert client.post("/step/symptoms/", changed)["Location"] == "/step/general/"
    general = {**CALM["general"], "serious-speed": "speed-weeks", "change": "1"}
    assert client.post("/step/general/", general)["Location"] == "/check/"
    new_url = client.post("/check/")["Location"]
    assert new_url != url
    after = Assessment.objects.exclude(pk=before.pk).get()
    assert after.answers["symptoms"] == ["sym-weakness"]
    assert after.answers["weakness-detail"] == ["weak-hands"]
    before.refresh_from_db()
    assert before.answers["symptoms"] == ["sym-none"] and "weakness-detail" not in before.answers
    assert client.get(url).status_code == 200


def test_unchanged_answers_sent_again_give_the_same_results():
    client = Client()
    url = complete(client)
    client.post(f"{url}change/")
    assert client.post("/check/")["Location"] == url
    assert Assessment.objects.count() == 1


def test_the_medicines_named_come_back_with_the_answers(client):
    answers = with_changes(medicines={"medicines": ["med-statin"]})
    answers["medicines"]["medicine-change"] = "med-changed-no"
    url = complete(client, answers)
    client.post(f"{url}change/")
    form = client.get("/step/medicines/").context["form"]
    assert form.initial["medicines"] == ["med-statin"]
    assert form.initial["medicine-change"] == ["med-changed-no"]


def test_only_a_post_changes_answers_and_an_unknown_result_is_not_found(client):
    url = complete(client)
    assert client.get(f"{url}change/").status_code == 405
    assert client.post("/results/00000000-0000-4000-8000-000000000000/change/").status_code == 404
    assert client.post("/results/not-a-uuid/change/").status_code == 404
