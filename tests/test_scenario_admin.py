"""Scenarios in the admin: editing with clear messages, import and export, and the scenario runner."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import SCENARIO_DIR
from triage.models import RedFlag, Scenario

pytestmark = pytest.mark.django_db

RUN = "/admin/triage/scenario/run/"
IMPORT = "/admin/triage/scenario/import/"


def form_data(**changes) -> dict:
    data = json.loads((SCENARIO_DIR / "runner-calf-twitch.json").read_text())
    fields = {
        "code": "new-case",
        "name": "A new case",
        "description": "Someone new.",
        "answers": json.dumps(data["answers"]),
        "expected": json.dumps(data["expected"]),
    }
    return {**fields, **changes}


def test_the_shipped_scenarios_are_in_the_database():
    assert Scenario.objects.count() == len(list(SCENARIO_DIR.glob("*.json")))


def test_an_editor_adds_a_scenario(client, editor):
    client.force_login(editor)
    assert client.get("/admin/triage/scenario/add/").status_code == 200
    response = client.post("/admin/triage/scenario/add/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario = Scenario.objects.get(code="new-case")
    # Stored in the one format: the lowest safe and the highest reasonable urgency.
    assert scenario.expected["urgency_at_least"] == "self_care"
    assert "urgency" not in scenario.expected


def test_an_older_single_urgency_is_stored_as_a_band_of_one(client, editor):
    """Issue 23, item 9: scenarios are stored in one format. An older file's or a clinician's single
    "urgency" is the lowest safe and the highest reasonable urgency at once."""
    client.force_login(editor)
    expected = {"urgency": "self_care", "likely": ["exercise-fatigue"]}
    response = client.post("/admin/triage/scenario/add/", form_data(expected=json.dumps(expected)))
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Scenario.objects.get(code="new-case").expected
    assert stored == {
        "urgency_at_least": "self_care",
        "urgency_at_most": "self_care",
        "likely": ["exercise-fatigue"],
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answers": "{'age': ['age-18-39']}"}, "This is not valid JSON. Check the quotes, commas"),
        ({"answers": '["em-none"]'}, "Answers must be an object"),
        ({"expected": '{"urgency_at_least": "whenever"}'}, "&#x27;whenever&#x27; is not one of"),
        (
            {"expected": '{"top_three": ["bfs"]}'},
            "&quot;urgency_at_least&quot; (the lowest safe urgency) is required",
        ),
        ({"answers": '{"emergency-signs": ["em-none"]}'}, "The required question &#x27;age&#x27; is not"),
        ({"answers": '{"emergency-signs": ["em-nope"]}'}, "there is no answer &#x27;em-nope&#x27;"),
        ({"code": "Bad-Code"}, "Use lower-case letters"),
    ],
)
def test_a_bad_scenario_is_refused_with_a_clear_message(admin_client, changes, message):
    response = admin_client.post("/admin/triage/scenario/add/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scenario.objects.filter(name="A new case").exists()


def test_files_are_imported_and_replace_scenarios_with_the_same_code(client, editor):
    client.force_login(editor)
    Scenario.objects.filter(code="runner-calf-twitch").update(name="Old name")
    calf = (SCENARIO_DIR / "runner-calf-twitch.json").read_bytes()
    seizure = (SCENARIO_DIR / "emergency-seizure.json").read_bytes()
    upload = [
        SimpleUploadedFile("runner-calf-twitch.json", calf),
        SimpleUploadedFile("brand-new.json", seizure),
    ]
    response = client.post(IMPORT, {"files": upload})
    assert response.status_code == 302
    assert Scenario.objects.get(code="runner-calf-twitch").name != "Old name"
    assert Scenario.objects.get(code="brand-new").partial
    messages = [m.message for m in response.wsgi_request._messages]
    assert "Imported 2 scenario(s): 1 new, 1 replaced." in messages


def test_a_bad_file_stops_the_whole_import_with_a_message(admin_client):
    upload = [
        SimpleUploadedFile("good-one.json", (SCENARIO_DIR / "runner-calf-twitch.json").read_bytes()),
        SimpleUploadedFile("broken.json", b'{"name": "x",'),
        SimpleUploadedFile(
            "no-urgency.json",
            json.dumps({"name": "x", "description": "y", "answers": {"a": ["b"]}, "expected": {}}).encode(),
        ),
    ]
    response = admin_client.post(IMPORT, {"files": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in html
    assert "broken.json: this is not valid JSON" in html
    assert "no-urgency.json: &quot;urgency_at_least&quot; (the lowest safe urgency) is required" in html
    assert not Scenario.objects.filter(code__in=["good-one", "broken", "no-urgency"]).exists()


def test_someone_who_may_not_add_scenarios_cannot_import(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_scenario"))
    client.force_login(viewer)
    assert client.get("/admin/triage/scenario/").status_code == 200
    assert client.get(IMPORT).status_code == 403
    assert client.get(RUN).status_code == 200


def test_the_export_action_gives_the_same_files_as_tests_scenarios(admin_client):
    codes = ["runner-calf-twitch", "emergency-seizure"]
    pks = [Scenario.objects.get(code=c).pk for c in codes]
    response = admin_client.post(
        "/admin/triage/scenario/", {"action": "export_as_json", "_selected_action": pks}
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for code in codes:
        assert archive.read(f"scenarios/{code}.json") == (SCENARIO_DIR / f"{code}.json").read_bytes()


def test_the_runner_shows_every_scenario_passing_on_an_unchanged_draft(client, editor):
    client.force_login(editor)
    html = client.get(RUN).content.decode()
    total = Scenario.objects.count()
    assert f"{total} of {total} scenarios pass against the draft." in html
    assert "0 scenarios would get a different result." in html
    assert html.count('class="status status-pass"') == 2 * total


def test_the_runner_shows_failures_and_what_changes_against_the_published_release(client, editor):
    client.force_login(editor)
    for flag in RedFlag.objects.filter(urgency="emergency"):
        flag.urgency = "routine"
        flag.save()
    html = client.get(RUN).content.decode()
    assert "Urgency should be Emergency (999 now) but is" in html
    assert "Urgency: Emergency (999 now) →" in html
    assert "scenarios pass now but would fail." in html
    assert 'class="status status-fail"' in html


def test_the_runner_needs_a_staff_sign_in(client):
    response = client.get(RUN)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_scenario_page_shows_its_result_against_the_draft_in_readable_json(client, editor):
    client.force_login(editor)
    scenario = Scenario.objects.get(code="runner-calf-twitch")
    html = client.get(f"/admin/triage/scenario/{scenario.pk}/change/").content.decode()
    assert "Pass. Urgency: Self-care." in html
    assert "&quot;emergency-signs&quot;: [\n    &quot;em-none&quot;\n  ]" in html

    Scenario.objects.filter(pk=scenario.pk).update(
        expected={"urgency_at_least": "urgent", "urgency_at_most": "urgent"}
    )
    html = client.get(f"/admin/triage/scenario/{scenario.pk}/change/").content.decode()
    assert "<strong>Fail</strong>" in html
    assert "Urgency should be Urgent (today) but is Self-care." in html


def test_a_clinician_can_import_more_scenario_files_than_a_public_form_may_send(client, editor):
    client.force_login(editor)
    calf = (SCENARIO_DIR / "runner-calf-twitch.json").read_bytes()
    upload = [SimpleUploadedFile(f"copy-{n}.json", calf) for n in range(60)]
    assert sum(len(f.read()) for f in upload) > 64 * 1024
    for f in upload:
        f.seek(0)
    response = client.post(IMPORT, {"files": upload})
    assert response.status_code == 302
    assert Scenario.objects.filter(code__startswith="copy-").count() == 60


def test_the_runner_shows_the_four_figures_of_the_reasoning(admin_client):
    html = admin_client.get("/admin/triage/scenario/run/").content.decode()
    total = Scenario.objects.count()
    assert f"At or above the safe urgency: {total}/{total} (100%)" in html
    assert "Within the expected band:" in html
    assert "An expected cause among the likely:" in html
    assert "Required do-not-miss shown:" in html


def scenario_file(**changes) -> bytes:
    data = json.loads((SCENARIO_DIR / "runner-calf-twitch.json").read_text())
    return json.dumps({**data, **changes}).encode()


DEEP = b'{"name": "x", "description": "y", "answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
HOSTILE_FILES = [
    # Python's JSON reader gives up on deep nesting with a RecursionError (a 500 on every database).
    ("deep.json", DEEP, "deep.json: this is not valid JSON"),
    (
        "deep-object.json",
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "deep-object.json: this is not valid JSON",
    ),
    ("huge-number.json", b'{"name": ' + b"9" * 5000 + b"}", "huge-number.json: this is not valid JSON"),
    # Readable, but deeper than anything a scenario needs: refused before anything walks it.
    (
        "nested.json",
        scenario_file(answers=json.loads("[" * 500 + "]" * 500)),
        "nested.json: This is nested more",
    ),
    # PostgreSQL cannot store a NUL in text or in jsonb (a DataError, a 500, there).
    ("nul-in-name.json", scenario_file(name="A\u0000B"), "nul-in-name.json: &quot;name&quot; must not"),
    ("nul-in-source.json", scenario_file(source="NHS\u0000"), "nul-in-source.json: &quot;source&quot; must"),
    (
        "nul-in-answers.json",
        scenario_file(answers={"emergency-signs": ["em-none\u0000"]}),
        "nul-in-answers.json: Answers must not hold the character",
    ),
    (
        "nul-in-question.json",
        scenario_file(answers={"emergency-signs\u0000": ["em-none"]}),
        "nul-in-question.json: Answers must not hold the character",
    ),
    (
        "nul-in-expected.json",
        scenario_file(expected={"urgency_at_least": "self_care", "not_listed": ["als\u0000"]}),
        "nul-in-expected.json: The expected result must not hold the character",
    ),
    # Longer than the model's columns (PostgreSQL refuses them; SQLite would store them).
    ("long-name.json", scenario_file(name="n" * 201), "long-name.json: &quot;name&quot; must be at most 200"),
    (f"{'c' * 101}.json", scenario_file(), f"{'c' * 101}.json: the file name must be at most 100"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), HOSTILE_FILES, ids=[f[0][:20] for f in HOSTILE_FILES]
)
def test_a_deeply_nested_or_unstorable_file_is_refused_with_a_message(admin_client, name, content, message):
    before = Scenario.objects.count()
    response = admin_client.post(IMPORT, {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert message in html
    assert Scenario.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answers": "[" * 100_000 + "]" * 100_000}, "This is not valid JSON. Check the quotes, commas"),
        (
            {"expected": '{"a":' * 50_000 + "1" + "}" * 50_000},
            "This is not valid JSON. Check the quotes, commas",
        ),
        ({"answers": "9" * 5000}, "This is not valid JSON. Check the quotes, commas"),
        ({"answers": "[" * 500 + "]" * 500}, "This is nested more than 10 levels deep"),
        (
            {"expected": '{"urgency_at_least": "self_care", "not_listed": ["als\\u0000"]}'},
            "The expected result must not hold the character",
        ),
    ],
    ids=["deep-answers", "deep-expected", "huge-number", "nested-answers", "nul-in-expected"],
)
def test_a_deeply_nested_or_unstorable_scenario_is_a_form_error(admin_client, changes, message):
    response = admin_client.post("/admin/triage/scenario/add/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scenario.objects.filter(name="A new case").exists()


def test_an_imported_file_in_the_older_form_is_stored_in_the_one_format(client, editor):
    client.force_login(editor)
    data = json.loads((SCENARIO_DIR / "runner-calf-twitch.json").read_text())
    data["expected"] = {"urgency": "routine"}
    upload = SimpleUploadedFile("older-form.json", json.dumps(data).encode())
    assert client.post(IMPORT, {"files": [upload]}).status_code == 302
    assert Scenario.objects.get(code="older-form").expected == {
        "urgency_at_least": "routine",
        "urgency_at_most": "routine",
    }
