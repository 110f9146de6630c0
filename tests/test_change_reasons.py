"""Every save of knowledge in the admin gives a reason, kept in the history beside who and when, and
the history shows each changed text word by word (issue 22, item 2)."""

from __future__ import annotations

import pytest

from tests.admin_data import condition_data, source_data, staff_user
from triage.models import AcceptedWarning, Condition, ConditionFinding, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff_user("dr-editor", "Clinical editor")
    client.force_login(user)
    return user


def test_a_save_without_a_reason_is_refused_with_a_clear_message(client, editor):
    source = Source.objects.first()
    title = source.title
    response = client.post(
        f"/admin/triage/source/{source.pk}/change/",
        source_data(source, title="New title", change_reason="  "),
    )
    assert response.status_code == 200
    assert "Say why you are making this change: the reason is kept in the history beside it." in response.text
    source.refresh_from_db()
    assert source.title == title


def test_adding_an_item_asks_for_a_reason_too(client, editor):
    new = Source(code="new-leaflet", title="A new leaflet", publisher="NHS", url="https://www.nhs.uk/")
    data = source_data(new)
    del data["change_reason"]
    response = client.post("/admin/triage/source/add/", data)
    assert response.status_code == 200
    assert "Say why you are making this change" in response.text
    assert not Source.objects.filter(code="new-leaflet").exists()


def test_the_reason_is_kept_in_the_history_of_the_item_and_the_rows_saved_with_it(client, editor):
    condition = Condition.objects.get(code="benign-twitches")
    link = list(condition.finding_links.all())[0]
    data = condition_data(condition, name="Everyday twitches", change_reason="NHS renamed the page in 2026")
    data["finding_links-0-ratio"] = 5.0 if link.ratio != 5.0 else 2.0
    response = client.post(f"/admin/triage/condition/{condition.pk}/change/", data)
    assert response.status_code == 302
    latest = condition.history.first()
    assert latest.history_change_reason == "NHS renamed the page in 2026"
    assert latest.history_user == editor
    assert link.history.first().history_change_reason == "NHS renamed the page in 2026"


def test_the_history_page_shows_the_reason_and_a_word_diff(client, editor):
    condition = Condition.objects.get(code="benign-twitches")
    old_summary = condition.summary
    new_summary = old_summary.replace(old_summary.split()[1], "plainly", 1)
    client.post(
        f"/admin/triage/condition/{condition.pk}/change/",
        condition_data(condition, summary=new_summary, change_reason="Plainer words for the public"),
    )
    html = client.get(f"/admin/triage/condition/{condition.pk}/history/").content.decode()
    assert "Plainer words for the public" in html
    assert "dr-editor" in html
    assert f"<del>{old_summary.split()[1]}</del>" in html
    assert "<ins>plainly</ins>" in html
    # The words that stayed are shown once, not the whole old text beside the whole new one.
    assert html.count(old_summary.split()[-1]) == 1


def test_a_revert_from_the_history_asks_for_a_reason_and_keeps_it(client, editor):
    source = Source.objects.first()
    old = source_data(source)
    client.post(f"/admin/triage/source/{source.pk}/change/", source_data(source, title="A clearer title"))
    earlier = source.history.order_by("history_date")[0]
    url = f"/admin/triage/source/{source.pk}/history/{earlier.history_id}/"
    refused = client.post(url, {**old, "change_reason": ""})
    assert "Say why you are making this change" in refused.content.decode()
    client.post(url, {**old, "change_reason": "The old title was the publisher's own"})
    assert source.history.first().history_change_reason == "The old title was the publisher's own"


def test_a_page_an_account_may_only_look_at_has_no_reason_box(client, editor):
    warning = AcceptedWarning.objects.first()
    page = client.get(f"/admin/triage/acceptedwarning/{warning.pk}/change/")
    assert page.status_code == 200
    assert 'name="change_reason"' not in page.content.decode()


def test_deleting_an_item_asks_for_a_reason_and_keeps_it(client, editor):
    link = ConditionFinding.objects.order_by("pk").first()
    url = f"/admin/triage/conditionfinding/{link.pk}/delete/"
    page = client.get(url).content.decode()
    assert 'name="change_reason"' in page
    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert "Say why you are making this change" in refused.content.decode()
    assert ConditionFinding.objects.filter(pk=link.pk).exists()
    response = client.post(url, {"post": "yes", "change_reason": "The source no longer supports it"})
    assert response.status_code == 302
    assert not ConditionFinding.objects.filter(pk=link.pk).exists()
    deleted = ConditionFinding.history.filter(id=link.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_change_reason == "The source no longer supports it"
    assert deleted.history_user == editor


def test_knowledge_cannot_be_deleted_many_at_once_without_reasons(client, editor):
    page = client.get("/admin/triage/source/").content.decode()
    assert "delete_selected" not in page
