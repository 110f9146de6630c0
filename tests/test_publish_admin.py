"""Publishing and rolling back in the admin, the release and assessment records, and who may do what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.admin_data import through_confirmation
from tests.helpers import SCENARIO_FILES, complete
from triage.knowledge.draft import build_knowledge
from triage.knowledge.published import get_knowledge
from triage.knowledge.releases import publish_release
from triage.knowledge.snapshot import fingerprint, knowledge_to_dict
from triage.models import Assessment, Condition, RedFlag, Release, Scenario

pytestmark = pytest.mark.django_db

PUBLISH = "/admin/triage/release/publish/"


def rename_a_condition(name: str) -> None:
    condition = Condition.objects.get(code="benign-twitches")
    condition.name = name
    condition.save()


def current_fingerprint() -> str:
    return fingerprint(knowledge_to_dict(build_knowledge()))


def test_the_groups_hold_the_release_and_scenario_permissions():
    editor = set(Group.objects.get(name="Clinical editor").permissions.values_list("codename", flat=True))
    lead = set(Group.objects.get(name="Clinical lead").permissions.values_list("codename", flat=True))
    mine = {"add_scenario", "change_scenario", "delete_scenario", "view_scenario", "view_release"}
    assert mine <= editor
    # Saved assessments are a person's answers: an editor of the knowledge does not need them.
    assert "publish_release" not in editor and "view_assessment" not in editor
    assert mine | {"view_assessment", "publish_release"} <= lead
    forbidden = {"change_release", "delete_release", "change_assessment", "delete_assessment"}
    assert not forbidden & (editor | lead)


def test_an_editor_cannot_publish_or_roll_back(client, editor):
    client.force_login(editor)
    rename_a_condition("Everyday twitches")
    refused = client.get(PUBLISH)
    assert refused.status_code == 403
    assert "Only a clinical lead can publish or roll back." in refused.content.decode()
    response = client.post(PUBLISH, {"note": "Sneaky", "draft_fingerprint": current_fingerprint()})
    assert response.status_code == 403
    first = Release.objects.get()
    publish_release(user=None, note="Second")
    rollback = f"/admin/triage/release/{first.pk}/rollback/"
    assert client.get(rollback).status_code == 403
    assert client.post(rollback, {"note": "Sneaky"}).status_code == 403
    assert Release.objects.count() == 2


def test_an_editor_sees_the_releases_without_publish_or_roll_back_buttons(client, editor):
    client.force_login(editor)
    html = client.get("/admin/triage/release/").content.decode()
    assert "The public questionnaire uses <strong>release v1</strong>" in html
    assert "Publish the draft" not in html
    assert "Run the scenarios" in html
    release = Release.objects.get()
    page = client.get(f"/admin/triage/release/{release.pk}/change/").content.decode()
    assert "Initial knowledge from fixtures" in page
    assert "roll back" not in page


def test_someone_not_signed_in_or_not_staff_is_sent_to_sign_in(client, django_user_model):
    response = client.get(PUBLISH)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user(username="public"))
    response = client.get(PUBLISH)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_lead_reviews_the_draft_and_publishes_it(client, lead):
    client.force_login(lead)
    rename_a_condition("Everyday twitches")
    page = client.get(PUBLISH)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Changes in the draft compared with what the public sees now" in html
    assert "Everyday twitches" in html
    total = Scenario.objects.count()
    assert f"{total} of {total} scenarios pass against the draft." in html

    response = through_confirmation(
        client,
        PUBLISH,
        {"note": "Plainer name for benign twitches", "draft_fingerprint": current_fingerprint()},
    )
    release = Release.objects.first()
    assert release.version == 2
    assert response.status_code == 302
    assert response["Location"] == f"/admin/triage/release/{release.pk}/change/"
    assert release.published_by == lead
    assert release.note == "Plainer name for benign twitches"
    history = client.get(f"/admin/triage/release/{release.pk}/history/").content.decode()
    assert "Published the draft: Plainer name for benign twitches" in history
    assert "Everyday twitches" in {c.name for c in get_knowledge().conditions}


def test_publishing_without_a_note_asks_for_one(client, lead):
    client.force_login(lead)
    rename_a_condition("Everyday twitches")
    response = client.post(PUBLISH, {"note": "  ", "draft_fingerprint": current_fingerprint()})
    assert response.status_code == 200
    assert "Write a change note: say what changed and why." in response.content.decode()
    assert Release.objects.count() == 1


def test_an_unchanged_draft_has_nothing_to_publish(client, lead):
    client.force_login(lead)
    html = client.get(PUBLISH).content.decode()
    assert "There is nothing to publish." in html
    response = client.post(PUBLISH, {"note": "Again", "draft_fingerprint": current_fingerprint()})
    assert "Nothing to publish" in response.content.decode()
    assert Release.objects.count() == 1


def test_a_draft_changed_during_review_is_not_published_unseen(client, lead):
    client.force_login(lead)
    rename_a_condition("Everyday twitches")
    seen = current_fingerprint()
    rename_a_condition("Changed by someone else meanwhile")
    response = client.post(PUBLISH, {"note": "Rename", "draft_fingerprint": seen})
    assert response.status_code == 200
    assert "The draft changed while you were reviewing it" in response.content.decode()
    assert Release.objects.count() == 1


def test_failing_scenarios_must_be_acknowledged_before_publishing(client, lead):
    client.force_login(lead)
    # Make the most serious red flags harmless in the draft: emergency scenarios now fail.
    for flag in RedFlag.objects.filter(urgency="emergency"):
        flag.urgency = "routine"
        flag.save()
    html = client.get(PUBLISH).content.decode()
    assert "Urgency should be Emergency (999 now) but is Routine GP appointment." in html
    assert "scenarios pass now but would fail." in html

    data = {"note": "Downgrade", "draft_fingerprint": current_fingerprint()}
    response = client.post(PUBLISH, data)
    assert "scenario(s) fail against the draft. Tick this box to publish anyway." in response.content.decode()
    assert Release.objects.count() == 1
    response = through_confirmation(client, PUBLISH, {**data, "accept_failures": "on"})
    assert response.status_code == 302
    assert Release.objects.count() == 2


def test_a_lead_rolls_back_to_an_earlier_release(client, lead):
    client.force_login(lead)
    first = Release.objects.get()
    rename_a_condition("A confusing name")
    second = publish_release(user=lead, note="Rename")

    page = client.get(f"/admin/triage/release/{first.pk}/change/").content.decode()
    assert "Publish this release again (roll back)" in page
    assert (
        "Publish this release again"
        not in client.get(f"/admin/triage/release/{second.pk}/change/").content.decode()
    )

    url = f"/admin/triage/release/{first.pk}/rollback/"
    html = client.get(url).content.decode()
    assert "Rolling back publishes the knowledge of release v1" in html
    assert "A confusing name" in html  # listed as a change the roll-back undoes
    assert "Write a note" in client.post(url, {"note": ""}).content.decode()

    response = through_confirmation(client, url, {"note": "The new name confused people"})
    third = Release.objects.first()
    assert response["Location"] == f"/admin/triage/release/{third.pk}/change/"
    assert third.version == 3 and third.rolled_back_from == first and third.published_by == lead
    assert "A confusing name" not in {c.name for c in get_knowledge().conditions}


def test_nobody_can_add_change_or_delete_a_release(admin_client):
    release = Release.objects.get()
    assert admin_client.get("/admin/triage/release/add/").status_code == 403
    page = admin_client.get(f"/admin/triage/release/{release.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    url = f"/admin/triage/release/{release.pk}"
    assert admin_client.post(f"{url}/change/", {"note": "x"}).status_code == 403
    assert admin_client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assert Release.objects.get().note == release.note


def test_nobody_can_add_change_or_delete_an_assessment(admin_client, client):
    complete(client)
    assessment = Assessment.objects.get()
    assert admin_client.get("/admin/triage/assessment/add/").status_code == 403
    change = f"/admin/triage/assessment/{assessment.pk}/change/"
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"urgency": "emergency"}).status_code == 403
    delete = f"/admin/triage/assessment/{assessment.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assessment.refresh_from_db()
    assert assessment.urgency == "self_care"


def test_clinical_leads_review_assessments_by_urgency_date_and_release(client, lead):
    complete(client)
    client.logout()
    client.force_login(lead)
    release = Release.objects.get()
    html = client.get("/admin/triage/assessment/").content.decode()
    assert "v1" in html
    assert "By urgency" in html and "By knowledge release" in html
    filtered = client.get(f"/admin/triage/assessment/?urgency=self_care&release__id__exact={release.pk}")
    assert "1 assessment" in filtered.content.decode()
    assert "0 assessments" in client.get("/admin/triage/assessment/?urgency=emergency").content.decode()


def test_the_draft_can_be_downloaded_as_fixtures(client, editor):
    import io
    import zipfile

    client.force_login(editor)
    response = client.get("/admin/triage/release/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == [
        "fixtures/accepted_warnings.json",
        "fixtures/conditions.json",
        "fixtures/hazards.json",
        "fixtures/medicines.json",
        "fixtures/questionnaire.json",
        "fixtures/red_flags.json",
        *sorted(f"fixtures/scenarios/{path.name}" for path in SCENARIO_FILES),
        "fixtures/sources.json",
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("editor", {"publish": 403, "rollback": 403, "assessments": 403}),
        ("lead", {"publish": 200, "rollback": 200}),
    ],
)
def test_each_page_opens_for_each_role_as_its_permissions_allow(request, client, role, expected):
    client.force_login(request.getfixturevalue(role))
    first = Release.objects.get()
    rename_a_condition("Everyday twitches")
    publish_release(user=None, note="Second")
    scenario = Scenario.objects.first()
    pages = {
        "releases": "/admin/triage/release/",
        "release": f"/admin/triage/release/{first.pk}/change/",
        "publish": PUBLISH,
        "rollback": f"/admin/triage/release/{first.pk}/rollback/",
        "export": "/admin/triage/release/export/",
        "scenarios": "/admin/triage/scenario/",
        "scenario": f"/admin/triage/scenario/{scenario.pk}/change/",
        "add scenario": "/admin/triage/scenario/add/",
        "runner": "/admin/triage/scenario/run/",
        "import": "/admin/triage/scenario/import/",
        "assessments": "/admin/triage/assessment/",
    }
    for name, url in pages.items():
        assert client.get(url).status_code == expected.get(name, 200), (role, name)


def test_a_lead_can_publish_the_first_release_on_a_site_with_none(client, lead):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM triage_release")
    client.force_login(lead)
    html = client.get(PUBLISH).content.decode()
    assert "Nothing has been published yet." in html
    assert "Nothing published" in html
    data = {"note": "First release", "draft_fingerprint": current_fingerprint()}
    response = through_confirmation(client, PUBLISH, data)
    assert response.status_code == 302
    assert Release.objects.get().version == 1
    assert client.get("/").status_code == 200


def test_a_draft_with_knowledge_check_errors_cannot_be_published(client, lead):
    client.force_login(lead)
    flag = RedFlag.objects.get(code="tick-bite-with-rising-weakness")
    flag.sources.clear()
    page = client.get(PUBLISH).content.decode()
    assert flag.code in page
    assert "source" in page

    response = client.post(PUBLISH, {"note": "Unsourced flag", "draft_fingerprint": current_fingerprint()})
    assert response.status_code == 200
    assert Release.objects.count() == 1
