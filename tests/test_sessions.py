"""The session store: Django's database sessions, read with one plain query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.helpers import CALM, answer_steps
from triage.web.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_it_reads_back_what_was_saved():
    store = SessionStore()
    store["questionnaire"] = {"answers": {"age": ["age-18-39"]}, "done": ["about"]}
    store.save()
    assert SessionStore(store.session_key)["questionnaire"]["answers"] == {"age": ["age-18-39"]}


def test_an_expired_session_reads_as_empty_under_a_new_key():
    store = SessionStore()
    store["questionnaire"] = {"answers": {}, "done": ["start"]}
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None


def test_an_unknown_or_tampered_key_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore("nosuchkey' OR '1'='1").load() == {}


def test_two_people_never_see_each_others_answers():
    first, second = Client(), Client()
    answer_steps(first, CALM, upto="onset")
    assert second.get("/step/about/").status_code == 302
    assert first.get("/step/about/").status_code == 200


@pytest.mark.parametrize("key", ["\x00abcdefgh", "abcdefgh\x00", "x" * 41, "ABCDEFGHIJKL", "abc", "é" * 32])
def test_a_key_django_never_makes_is_an_empty_session_read_without_a_query(key, django_assert_num_queries):
    # PostgreSQL refuses a NUL in a query's text: a cookie with one was a 500 on every page.
    store = SessionStore(key)
    assert store.session_key is None
    with django_assert_num_queries(0):
        assert dict(store.items()) == {}
