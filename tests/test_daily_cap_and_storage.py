"""One address stores at most ASSESSMENTS_PER_ADDRESS_PER_DAY results a day, counted in the database
under a keyed hash of the address that changes daily; the admin says how much the stored results
take."""

from __future__ import annotations

import datetime
import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.admin_data import staff_user
from tests.helpers import CALM, answer_steps, complete
from tests.test_security_headers import assert_secure_headers
from triage.models import Assessment, DailySubmissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap(settings):
    settings.ASSESSMENTS_PER_ADDRESS_PER_DAY = 2
    return settings


def test_an_address_stores_its_daily_share_of_results_then_is_told_when_it_can_again(cap):
    complete(Client())
    complete(Client())
    client = Client()
    answer_steps(client, CALM)
    refused = client.post("/check/")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "no more results can be saved from it until tomorrow" in page
    assert "call 999" in page  # the emergency number is still on the page
    # Retry-After counts to midnight (UTC), not a minute.
    now = timezone.now()
    to_midnight = (
        datetime.datetime.combine(now.date(), datetime.time(), now.tzinfo) + datetime.timedelta(days=1)
    ) - now
    assert abs(int(refused["Retry-After"]) - to_midnight.total_seconds()) < 5
    assert_secure_headers(refused, "daily cap")
    assert Assessment.objects.count() == 2


def test_another_address_is_not_held_by_the_cap(cap):
    complete(Client())
    complete(Client())
    other = Client(REMOTE_ADDR="192.0.2.44")
    complete(other)
    assert Assessment.objects.count() == 3


def test_a_replayed_submission_is_not_counted_twice(cap):
    client = Client()
    answer_steps(client, CALM)
    form = client.get("/check/").content.decode()
    submission = form.split('name="_submission" value="')[1].split('"')[0]
    first = client.post("/check/", {"_submission": submission})
    again = client.post("/check/", {"_submission": submission})
    assert first["Location"] == again["Location"]
    assert Assessment.objects.count() == 1
    assert DailySubmissions.objects.get().count == 1


def test_the_count_keeps_no_address_and_changes_its_key_every_day(cap, settings):
    complete(Client(REMOTE_ADDR="198.51.100.7"))
    row = DailySubmissions.objects.get()
    assert "198.51.100.7" not in row.address and len(row.address) == 64
    today = timezone.now().date()
    expected = hmac.new(
        settings.SECRET_KEY.encode(), f"{today.isoformat()}|198.51.100.7".encode(), hashlib.sha256
    ).hexdigest()
    assert row.address == expected and row.day == today
    yesterday = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{(today - datetime.timedelta(days=1)).isoformat()}|198.51.100.7".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert yesterday != row.address


def test_the_purge_deletes_the_counts_of_earlier_days(cap):
    complete(Client())
    DailySubmissions.objects.create(
        day=timezone.now().date() - datetime.timedelta(days=1), address="x" * 64, count=5
    )
    call_command("purge_assessments", verbosity=0)
    assert list(DailySubmissions.objects.values_list("day", flat=True)) == [timezone.now().date()]


def test_the_admin_says_how_much_the_stored_results_take(cap):
    for _ in range(2):
        complete(Client())
    client = Client()
    client.force_login(staff_user("lead", "Clinical lead"))
    page = client.get("/admin/triage/assessment/").content.decode()
    assert "2 results stored, taking" in page
    assert "(0 summary PDFs: " in page
    assert "deleted after 90 days" in page
    assert "at most 2 results a day" in page
