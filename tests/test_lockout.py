"""Repeated failed admin sign-ins lock that user name out for a while (django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.admin_data import staff_user

pytestmark = pytest.mark.django_db


PASSWORD = "a-long-test-password-42"


def sign_in(client, username: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_the_right_password_signs_a_clinician_in(client):
    staff_user("clinician", "Clinical editor")
    response = sign_in(client, "clinician", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_after_too_many_failures_even_the_right_password_is_locked_out(client):
    staff_user("clinician", "Clinical editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "clinician", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    locked = sign_in(client, "clinician", "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked for now" in locked.text
    assert "Please wait 30 minutes and try again." in locked.text

    response = sign_in(client, "clinician", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.text
    assert client.get("/admin/").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client):
    staff_user("clinician", "Clinical editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "clinician", "wrong")
    assert sign_in(client, "clinician", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "clinician", "wrong").status_code == 200
    assert sign_in(client, "clinician", PASSWORD).status_code == 302


def test_one_locked_user_name_does_not_lock_out_another(client):
    staff_user("clinician", "Clinical editor")
    staff_user("colleague", "Clinical lead")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "clinician", "wrong")
    assert sign_in(client, "colleague", PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["a" * 256, "clinician" + "x" * 5000, "é" * 151])
def test_a_user_name_too_long_for_any_account_is_a_failed_sign_in(client, username):
    # django-axes writes the user name of a failed sign-in to a 255-character column: on PostgreSQL
    # a longer one was a DataError (a 500).
    staff_user("clinician", "Clinical editor")
    response = sign_in(client, username, PASSWORD)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    assert client.get("/admin/").status_code == 302
    # The clinician still signs in.
    assert sign_in(client, "clinician", PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["\x00", "clinician\x00"])
def test_a_nul_in_the_user_name_is_a_form_error(client, username):
    staff_user("clinician", "Clinical editor")
    response = sign_in(client, username, PASSWORD)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert client.get("/admin/").status_code == 302
