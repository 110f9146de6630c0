"""Every change to the knowledge is recorded (who, when, before and after) and can be reverted."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils.html import escape

from tests.admin_data import red_flag_data, source_data, staff_user
from triage.knowledge import published as knowledge_module
from triage.knowledge.draft import build_knowledge
from triage.knowledge.releases import publish_release
from triage.models import Finding, RedFlag, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff_user("editor", "Clinical editor")
    client.force_login(user)
    return user


def test_an_edit_through_the_admin_records_who_and_what_changed(client, editor):
    source = Source.objects.get(code=Source.objects.first().code)
    old_title = source.title
    response = client.post(
        f"/admin/triage/source/{source.pk}/change/", source_data(source, title="A clearer title")
    )
    assert response.status_code == 302
    latest, previous = source.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", old_title, "A clearer title")]


def test_the_history_page_shows_the_user_and_the_before_and_after(client, editor):
    source = Source.objects.first()
    old_title = source.title
    client.post(f"/admin/triage/source/{source.pk}/change/", source_data(source, title="A clearer title"))
    response = client.get(f"/admin/triage/source/{source.pk}/history/")
    assert response.status_code == 200
    assert "editor" in response.text
    assert escape(old_title) in response.text
    assert "A clearer title" in response.text


def test_reverting_to_an_earlier_version_restores_it(client, editor):
    source = Source.objects.first()
    old = source_data(source)
    client.post(f"/admin/triage/source/{source.pk}/change/", source_data(source, title="A clearer title"))
    earlier = source.history.order_by("history_date")[0]
    assert earlier.title == old["title"]
    page = client.get(f"/admin/triage/source/{source.pk}/history/{earlier.history_id}/")
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["title"] == old["title"]
    response = client.post(f"/admin/triage/source/{source.pk}/history/{earlier.history_id}/", old)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == old["title"]
    assert source.history.first().history_user == editor


def test_a_red_flags_answers_and_sources_are_recorded_and_reverted(client, editor):
    flag = RedFlag.objects.get(code=RedFlag.objects.first().code)
    original = set(flag.findings.values_list("pk", flat=True))
    extra = Finding.objects.exclude(pk__in=original).filter(question__kind="multiple").first()
    # Keep the first version on record, as a saved edit would.
    client.post(
        f"/admin/triage/redflag/{flag.pk}/change/", red_flag_data(flag, title=flag.title + " (reviewed)")
    )
    before = flag.history.first()
    assert set(before.findings.values_list("finding_id", flat=True)) == original

    changed = red_flag_data(flag, findings=[*original, extra.pk])
    assert client.post(f"/admin/triage/redflag/{flag.pk}/change/", changed).status_code == 302
    latest = flag.history.first()
    assert set(latest.findings.values_list("finding_id", flat=True)) == original | {extra.pk}
    assert latest.history_user == editor
    assert "findings" in {c.field for c in latest.diff_against(before).changes}

    page = client.get(f"/admin/triage/redflag/{flag.pk}/history/{before.history_id}/")
    assert set(page.context["adminform"].form.initial["findings"]) == original
    response = client.post(
        f"/admin/triage/redflag/{flag.pk}/history/{before.history_id}/",
        red_flag_data(flag, findings=list(original)),
    )
    assert response.status_code == 302
    assert set(flag.findings.values_list("pk", flat=True)) == original


def test_an_admin_edit_reaches_the_public_only_once_published(client, editor):
    before = knowledge_module.get_knowledge()
    source = RedFlag.objects.first().sources.first()
    client.post(f"/admin/triage/source/{source.pk}/change/", source_data(source, title="Renamed"))
    assert knowledge_module.get_knowledge() is before
    assert "Renamed" in {s.title for flag in build_knowledge().red_flags for s in flag.sources}

    # A clinical lead who did not make the change publishes it.
    publish_release(user=staff_user("lead", "Clinical lead"), note="Source renamed")
    after = knowledge_module.get_knowledge()
    assert "Renamed" in {s.title for flag in after.red_flags for s in flag.sources}


def test_loading_the_fixtures_again_still_works():
    call_command("load_knowledge", verbosity=0)
    assert RedFlag.objects.count() >= 10
    # Every red flag needs answers to fire on: all of some, or one of a list.
    assert not RedFlag.objects.filter(findings=None, any_findings=None).exists()


def test_a_malformed_history_address_is_not_found_not_a_server_error(client, editor):
    source = Source.objects.first()
    for url in [
        f"/admin/triage/source/{source.pk}/change/history/",
        "/admin/triage/source/999999/history/",
        f"/admin/triage/source/{source.pk}/history/not-a-number/",
        "/admin/triage/source/999999/history/1/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
