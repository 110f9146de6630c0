"""Property-based: whatever is posted to any step, with or without HTMX, the server never fails, and
a refused post (the form shown again) stores nothing."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import CALM, HTMX, STEP_CODES, answer_steps
from triage.knowledge.published import get_knowledge

pytestmark = pytest.mark.django_db

# Modest counts: the suite runs twice (SQLite and PostgreSQL).
FEW = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def field_data(knowledge) -> st.SearchStrategy[dict[str, list[str]]]:
    question_codes = [q.code for s in knowledge.steps for q in s.questions]
    option_codes = [o.code for s in knowledge.steps for q in s.questions for o in q.options]
    known_names = [*question_codes, "_shown", "change", "csrfmiddlewaretoken"]
    names = st.one_of(st.sampled_from(known_names), st.text())
    values = st.one_of(st.sampled_from(option_codes), st.sampled_from(question_codes), st.text(max_size=60))
    return st.dictionaries(names, st.lists(values, max_size=4), max_size=8)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("code", STEP_CODES)
def test_random_data_posted_to_a_step_never_causes_a_server_error(code, htmx):
    knowledge = get_knowledge()
    extra = HTMX if htmx else {}

    client = Client()
    answer_steps(client, CALM, upto=code)
    answered = copy.deepcopy(client.session.get("questionnaire"))

    @FEW
    @given(data=field_data(knowledge))
    def post_random(data: dict[str, list[str]]) -> None:
        # Each example starts from the same answers, whatever the one before stored.
        session = client.session
        session.pop("last_assessment", None)
        if answered is None:
            session.pop("questionnaire", None)
        else:
            session["questionnaire"] = copy.deepcopy(answered)
        session.save()
        assert client.get(f"/step/{code}/", **extra).status_code == 200
        before = copy.deepcopy(client.session.get("questionnaire"))
        response = client.post(f"/step/{code}/", data, **extra)
        assert response.status_code in {200, 302, 400}, response.status_code
        if response.status_code != 302:
            assert client.session.get("questionnaire") == before
        live = client.post(f"/step/{code}/check/", data, **extra)
        assert live.status_code in {200, 302, 400}, live.status_code

    post_random()
