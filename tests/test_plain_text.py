"""Knowledge text is stored plain (lines ending in \\n, no spaces at line ends, no blank lines at
the end), so saving a page without an edit changes nothing: not the draft, not the history, not
the exported fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from tests.admin_data import as_browser_sends, condition_data, question_data, red_flag_data, staff_user
from triage.knowledge.fixtures import fixture_paths
from triage.knowledge.releases import latest_release
from triage.models import KNOWLEDGE_MODELS, Condition, Question, RedFlag, plain_text, text_field_names

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.FIXTURE_DIRS[0])
FORM = "application/x-www-form-urlencoded"
MODELS_WITH_TEXT = [model for model in KNOWLEDGE_MODELS if text_field_names(model)]


def shipped_fixtures() -> dict[str, bytes]:
    return {path.name: (FIXTURES / path.name).read_bytes() for path in fixture_paths()}


def exported(directory: Path) -> dict[str, bytes]:
    call_command("export_knowledge", str(directory), verbosity=0)
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.json"))}


def wordiest(model):
    """The object with the most lines of text, then the most text: the one a browser's \\r\\n and an
    over-eager save would change most."""
    names = text_field_names(model)
    return max(
        model.objects.all(),
        key=lambda obj: (
            sum(getattr(obj, name).count("\n") for name in names),
            sum(len(getattr(obj, name)) for name in names),
        ),
    )


@pytest.fixture
def clinician(client):
    """A clinician who may save every knowledge page, warnings marked as intended too (a reviewer)."""
    user = staff_user("reviewer", "Clinical reviewer")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("One.\r\nTwo.", "One.\nTwo."),
        ("One.\rTwo.", "One.\nTwo."),
        ("One.   \r\nTwo.\t\r\n", "One.\nTwo."),
        ("One.\r\n\r\n  Two, indented.\r\n\r\n\r\n", "One.\n\n  Two, indented."),
        ("\r\n  One.", "One."),
        ("", ""),
    ],
)
def test_plain_text_ends_lines_with_a_line_feed_and_trims_line_ends_and_blank_lines(typed, stored):
    assert plain_text(typed) == stored
    assert plain_text(stored) == stored


def test_the_shipped_fixtures_hold_only_plain_text():
    for path in fixture_paths():
        name = path.stem
        for item in json.loads(path.read_text(encoding="utf-8")):
            model = next((m for m in MODELS_WITH_TEXT if m._meta.label_lower == item["model"]), None)
            for field in text_field_names(model) if model else []:
                assert plain_text(item["fields"][field]) == item["fields"][field], (name, field)


def test_saving_every_page_with_text_unedited_changes_nothing_and_exports_the_shipped_fixtures(
    client, clinician, tmp_path
):
    records_before = {model: model.history.count() for model in KNOWLEDGE_MODELS}
    line_breaks_sent = 0
    for model in MODELS_WITH_TEXT:
        obj = wordiest(model)
        name = model._meta.model_name
        url = reverse(f"admin:triage_{name}_change", args=[obj.pk])
        body = as_browser_sends(client.get(url).text, f"{name}_form")
        line_breaks_sent += body.count("%0D%0A")

        response = client.post(url, body, content_type=FORM)

        assert response.status_code == 302, (name, response.text[:3000])
        assert LogEntry.objects.order_by("-pk")[0].get_change_message() == "No fields changed."
        latest, previous = obj.history.all()[:2]
        assert latest.diff_against(previous).changes == [], name
    assert line_breaks_sent > 0  # a condition's advice, one line per item
    # One record per page saved, with no change in it; unedited rows of a page's tables (a
    # question's answer options, a condition's links) are not saved at all.
    saved = {model: 1 if model in MODELS_WITH_TEXT else 0 for model in KNOWLEDGE_MODELS}
    assert {model: model.history.count() - records_before[model] for model in KNOWLEDGE_MODELS} == saved
    assert exported(tmp_path) == shipped_fixtures()


def test_text_typed_with_spaces_at_line_ends_and_blank_lines_after_is_stored_plain(client, clinician):
    flag = RedFlag.objects.order_by("code").first()
    url = reverse("admin:triage_redflag_change", args=[flag.pk])
    message = "Call 999 now.  \r\nTell them about the weakness.\t\r\n\r\n  Stay with someone.\r\n\r\n\r\n"
    response = client.post(url, red_flag_data(flag, message=message))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.message == "Call 999 now.\nTell them about the weakness.\n\n  Stay with someone."


def test_on_a_questions_page_only_the_answer_option_edited_is_saved(client, clinician):
    question = Question.objects.filter(findings__isnull=False).distinct().order_by("code").first()
    options = list(question.findings.all())
    assert len(options) > 2
    # Two lines of help on the second option, which the browser sends back with \r\n.
    type(options[1]).objects.filter(pk=options[1].pk).update(help_text="First line.\nSecond line.")
    records = {option.pk: option.history.count() for option in options}
    data = question_data(question)
    for i, option in enumerate(question.findings.all()):
        data[f"findings-{i}-help_text_en_gb"] = option.help_text.replace("\n", "\r\n")
    data["findings-0-help_text_en_gb"] = "What this means,  \r\nin a few words.  \r\n\r\n"

    response = client.post(reverse("admin:triage_question_change", args=[question.pk]), data)

    assert response.status_code == 302
    assert options[0].history.count() == records[options[0].pk] + 1
    assert {o.pk: o.history.count() for o in options[1:]} == {o.pk: records[o.pk] for o in options[1:]}
    options[0].refresh_from_db()
    assert options[0].help_text == "What this means,\nin a few words."


def test_reloading_fixtures_with_windows_line_endings_stores_plain_text_and_publishes_nothing(
    settings, tmp_path
):
    """A fixture saved on Windows, or edited by hand with spaces at line ends, loads as plain text:
    the same knowledge as the shipped files, so nothing new is published and the export is the
    shipped files byte for byte."""
    edited = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, edited)
    path = edited / "conditions.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    for item in items:
        if item["model"] == "triage.condition":
            for field in text_field_names(Condition):
                item["fields"][field] = item["fields"][field].replace("\n", "  \r\n") + " \r\n\r\n"
    path.write_text(json.dumps(items, indent=2, ensure_ascii=False), encoding="utf-8")
    assert "\\r\\n" in path.read_text(encoding="utf-8")
    settings.FIXTURE_DIRS = [edited]
    live = latest_release()

    call_command("load_knowledge", verbosity=0)

    assert not any("\r" in text for text in Condition.objects.values_list("summary", flat=True))
    assert latest_release() == live
    assert exported(tmp_path / "export") == shipped_fixtures()


def test_chinese_text_typed_with_spaces_at_line_ends_and_blank_lines_after_is_stored_plain(client, clinician):
    condition = Condition.objects.get(code="bfs")
    url = reverse("admin:triage_condition_change", args=[condition.pk])
    typed = "請醫師檢查肌力。  \r\n抽血檢查 CK 與電解質。\t\r\n\r\n"
    response = client.post(url, condition_data(condition, clinician_tests_zh_hant=typed))
    assert response.status_code == 302, response.text[:3000]
    condition.refresh_from_db()
    assert condition.clinician_tests_zh_hant == "請醫師檢查肌力。\n抽血檢查 CK 與電解質。"


def test_saving_a_page_whose_chinese_is_missing_without_an_edit_changes_nothing(client, clinician):
    """A text not yet translated is stored as NULL; the page sends it back as an empty box, which
    must not count as an edit to an empty text."""
    flag = RedFlag.objects.order_by("code").first()
    flag.message_zh_hant = flag.action_zh_hant = None
    flag.save()
    url = reverse("admin:triage_redflag_change", args=[flag.pk])
    records = flag.history.count()

    response = client.post(url, as_browser_sends(client.get(url).text, "redflag_form"), content_type=FORM)

    assert response.status_code == 302
    assert LogEntry.objects.order_by("-pk")[0].get_change_message() == "No fields changed."
    flag.refresh_from_db()
    assert flag.message_zh_hant is None and flag.action_zh_hant is None
    assert flag.history.count() == records + 1
    latest, previous = flag.history.all()[:2]
    assert latest.diff_against(previous).changes == []
