"""Clinicians edit every language in the admin: each knowledge text in English and Chinese side by
side, a review tick per Chinese text that an edit takes away, the knowledge check's list of texts to
write or review, and a Chinese-only edit that is counted, shown word by word and published."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.admin_data import as_browser_sends, condition_data, question_data, staff_user, through_confirmation
from triage import models
from triage.knowledge.releases import draft_status, latest_release
from triage.knowledge.translations import review_status

pytestmark = pytest.mark.django_db

WAITING = reverse("admin:triage_release_waiting")
CHECK = reverse("triage_admin:knowledge_check")
NEW_CHINESE = "多數的肌肉跳動會在幾週內自行緩解，不需要擔心。"
SUMMARY_KEY = "condition/benign-twitches/summary"


@pytest.fixture
def reviewer(client):
    """A clinician who edits the texts and may tick them reviewed (a clinical reviewer)."""
    client.force_login(staff_user("dr-reviewer", "Clinical reviewer"))


@pytest.fixture
def condition():
    return models.Condition.objects.get(code="benign-twitches")


def save_condition(client, condition: models.Condition, **changes):
    response = client.post(
        reverse("admin:triage_condition_change", args=[condition.pk]), condition_data(condition, **changes)
    )
    assert response.status_code == 302, response.text[:3000]
    condition.refresh_from_db()
    return response


def reviewed(condition: models.Condition) -> list[str]:
    return condition.reviewed_translations.get("zh-hant", [])


def unreviewed_keys() -> list[str]:
    return review_status()["zh-hant"]["unreviewed"]


def test_a_conditions_page_shows_each_text_in_english_and_chinese_side_by_side_with_a_review_tick(
    client, reviewer, condition
):
    page = client.get(reverse("admin:triage_condition_change", args=[condition.pk])).text

    assert 'name="summary_en_gb"' in page and 'name="summary_zh_hant"' in page
    assert 'name="summary_zh_hant_reviewed"' in page
    assert "Summary in plain words (Traditional Chinese)" in page
    assert condition.summary_zh_hant in page
    assert "Reviewed by a clinician" in page
    assert "Traditional Chinese: not reviewed" in page
    # The English box and the Chinese box are on one row.
    row = page.split('name="summary_en_gb"')[1].split('class="form-row')[0]
    assert 'name="summary_zh_hant"' in row


def test_a_questions_page_shows_its_answer_options_in_both_languages(client, reviewer):
    question = models.Question.objects.get(code="symptoms")
    option = question.findings.first()
    page = client.get(reverse("admin:triage_question_change", args=[question.pk])).text
    assert 'name="text_zh_hant"' in page
    assert 'name="findings-0-label_en_gb"' in page and 'name="findings-0-label_zh_hant"' in page
    assert 'name="findings-0-label_zh_hant_reviewed"' in page
    assert option.label_zh_hant in page


def test_english_is_required_and_chinese_is_not(client, reviewer, condition):
    url = reverse("admin:triage_condition_change", args=[condition.pk])
    refused = client.post(url, condition_data(condition, summary=""))
    assert refused.status_code == 200
    assert "This field is required." in refused.text

    save_condition(client, condition, summary_zh_hant="")
    assert condition.summary_zh_hant is None
    assert SUMMARY_KEY in review_status()["zh-hant"]["missing"]


def test_an_edited_chinese_text_is_saved_unreviewed_and_shown_on_the_changes_waiting_page(
    client, reviewer, condition
):
    save_condition(client, condition, summary_zh_hant_reviewed="on")
    assert "summary" in reviewed(condition)
    before = draft_status().waiting

    save_condition(client, condition, summary_zh_hant=NEW_CHINESE, summary_zh_hant_reviewed="on")

    assert condition.summary_zh_hant == NEW_CHINESE
    assert condition.summary == condition.summary_en_gb  # the English is untouched
    assert "summary" not in reviewed(condition)
    assert SUMMARY_KEY in unreviewed_keys()
    assert draft_status().waiting == before + 1
    page = client.get(WAITING).text
    row = page.split("Summary in plain words (Traditional Chinese)")[1].split("</tr>")[0]
    # Word by word, as for English: Chinese has no spaces, so each character counts as a word and
    # what stayed ("跳動", "幾週內") is neither marked nor split by spaces.
    assert "<ins>多數</ins>的" in row
    assert "跳動" in row and "</ins>幾週內<del>" in row
    assert "<del>時有時無</del>" in row


def test_ticking_reviewed_takes_the_text_off_the_knowledge_check(client, reviewer, condition):
    assert SUMMARY_KEY in unreviewed_keys()
    check_page = client.get(CHECK).text
    assert "Traditional Chinese" in check_page and "not reviewed by a clinician" in check_page

    save_condition(client, condition, summary_zh_hant_reviewed="on", name_zh_hant_reviewed="on")

    assert reviewed(condition) == ["name", "summary"]
    assert SUMMARY_KEY not in unreviewed_keys()
    assert "condition/benign-twitches/name" not in unreviewed_keys()
    assert "condition/benign-twitches/clinician_tests" in unreviewed_keys()
    page = client.get(reverse("admin:triage_condition_change", args=[condition.pk])).text
    assert "Traditional Chinese: reviewed" in page


def test_editing_the_english_takes_the_chinese_tick_away(client, reviewer, condition):
    save_condition(client, condition, summary_zh_hant_reviewed="on", name_zh_hant_reviewed="on")

    # The box stays ticked as the page showed it; the edit to the English takes the tick away.
    save_condition(
        client,
        condition,
        summary=condition.summary + " More words.",
        summary_zh_hant_reviewed="on",
        name_zh_hant_reviewed="on",
    )

    assert reviewed(condition) == ["name"]
    assert SUMMARY_KEY in unreviewed_keys()


def test_a_tick_given_in_the_same_save_as_the_edit_stays(client, reviewer, condition):
    save_condition(client, condition, summary_zh_hant=NEW_CHINESE, summary_zh_hant_reviewed="on")
    assert reviewed(condition) == ["summary"]


def test_a_save_without_an_edit_keeps_the_ticks_and_an_untick_removes_one(client, reviewer, condition):
    save_condition(client, condition, summary_zh_hant_reviewed="on", name_zh_hant_reviewed="on")
    records = condition.history.count()

    save_condition(client, condition)
    assert reviewed(condition) == ["name", "summary"]
    latest, previous = condition.history.all()[:2]
    assert latest.diff_against(previous).changes == []
    assert condition.history.count() == records + 1

    data = condition_data(condition)
    del data["summary_zh_hant_reviewed"]
    client.post(reverse("admin:triage_condition_change", args=[condition.pk]), data)
    condition.refresh_from_db()
    assert reviewed(condition) == ["name"]


def test_an_answer_options_chinese_label_edited_on_its_questions_page_loses_its_tick(client, reviewer):
    question = models.Question.objects.get(code="symptoms")
    option = question.findings.first()
    option.reviewed_translations = {"zh-hant": ["label"]}
    option.save()
    data = question_data(question)
    data["findings-0-label_zh_hant"] = "新的中文答案"

    response = client.post(reverse("admin:triage_question_change", args=[question.pk]), data)

    assert response.status_code == 302, response.text[:3000]
    option.refresh_from_db()
    assert option.label_zh_hant == "新的中文答案"
    assert option.reviewed_translations == {}


def test_the_change_lists_filter_items_by_the_state_of_their_translations(client, reviewer, condition):
    save_condition(client, condition, **{f"{name}_zh_hant_reviewed": "on" for name in CONDITION_TEXTS})
    other = models.Condition.objects.exclude(pk=condition.pk).first()
    save_condition(client, other, summary_zh_hant="")
    changelist = reverse("admin:triage_condition_changelist")

    def listed(state: str) -> str:
        page = client.get(changelist + f"?translation=zh-hant:{state}").text
        return page.split('id="result_list"')[1]

    reviewed_page, unreviewed_page, missing_page = listed("reviewed"), listed("unreviewed"), listed("missing")

    change_link = reverse("admin:triage_condition_change", args=[condition.pk])
    other_link = reverse("admin:triage_condition_change", args=[other.pk])
    assert change_link in reviewed_page and other_link not in reviewed_page
    assert change_link not in unreviewed_page and other_link in unreviewed_page
    assert other_link in missing_page and change_link not in missing_page
    assert "Traditional Chinese: a text not reviewed" in client.get(changelist).text


CONDITION_TEXTS = ("name", "summary", "clinician_questions", "clinician_examination", "clinician_tests")


def test_the_knowledge_check_lists_translations_as_warnings_with_counts_and_links(
    client, reviewer, condition
):
    save_condition(client, condition, summary_zh_hant="")
    status = review_status()["zh-hant"]
    page = client.get(CHECK).text

    assert f"{len(status['missing'])} text missing" in page
    assert f"{len(status['unreviewed'])} not reviewed by a clinician" in page
    assert reverse("admin:triage_condition_change", args=[condition.pk]) in page
    assert "?translation=zh-hant:missing" in page and "?translation=zh-hant:unreviewed" in page
    assert "0 errors" in page


def test_check_knowledge_warns_about_translations_and_still_passes(capsys, condition):
    models.Condition.objects.filter(pk=condition.pk).update(summary_zh_hant=None)

    call_command("check_knowledge", verbosity=2)

    out = capsys.readouterr().out
    assert "WARNING: translations: Traditional Chinese: 1 text(s) missing" in out
    assert "condition 'benign-twitches'" in out and "missing: summary in plain words" in out
    assert reverse("admin:triage_condition_change", args=[condition.pk]) in out
    assert "Knowledge check passed" in out


def test_the_publish_page_shows_the_translation_warnings(client, condition):
    client.force_login(staff_user("dr-lead", "Clinical lead"))
    page = client.get(reverse("admin:triage_release_publish")).text
    assert "not reviewed by a clinician" in page
    assert CHECK + "#translations" in page


def test_a_chinese_only_edit_publishes_a_release_that_carries_the_new_text(client, condition):
    client.force_login(staff_user("dr-editor", "Clinical editor"))
    live = latest_release()
    save_condition(client, condition, summary_zh_hant=NEW_CHINESE)
    # Another clinician publishes it.
    client.force_login(staff_user("dr-lead", "Clinical lead"))
    publish = reverse("admin:triage_release_publish")
    page = client.get(publish)
    assert "Summary in plain words (Traditional Chinese)" in page.text
    fingerprint = page.context["form"].initial["draft_fingerprint"]

    form = {"note": "Calmer Chinese summary.", "draft_fingerprint": fingerprint, "accept_failures": "on"}
    response = through_confirmation(client, publish, form)

    assert response.status_code == 302, response.text[:3000]
    release = latest_release()
    assert release.version == live.version + 1
    assert release.snapshot["translations"]["zh-hant"][SUMMARY_KEY] == NEW_CHINESE
    assert release.snapshot["conditions"] == live.snapshot["conditions"]  # the English is the same
    release_page = client.get(reverse("admin:triage_release_change", args=[release.pk])).text
    assert "幾週內" in release_page


def test_publish_and_rollback_commands_carry_the_chinese_texts(condition):
    staff_user("dr-lead", "Clinical lead")
    live = latest_release()
    old_text = live.snapshot["translations"]["zh-hant"][SUMMARY_KEY]
    models.Condition.objects.filter(pk=condition.pk).update(summary_zh_hant=NEW_CHINESE)

    call_command("publish", note="Chinese only.", user="dr-lead", accept_failing_scenarios=True, verbosity=0)
    assert latest_release().snapshot["translations"]["zh-hant"][SUMMARY_KEY] == NEW_CHINESE

    call_command("rollback", str(live.version), note="Back.", user="dr-lead", verbosity=0)
    assert latest_release().snapshot["translations"]["zh-hant"][SUMMARY_KEY] == old_text


def test_the_longest_question_page_in_both_languages_saves_as_a_browser_sends_it(client, reviewer):
    """The symptoms question posts every answer option in English and Chinese: more than the public
    pages' 64 KB once the Chinese is percent-encoded, which the admin's own limit allows."""
    question = models.Question.objects.get(code="symptoms")
    url = reverse("admin:triage_question_change", args=[question.pk])
    body = as_browser_sends(client.get(url).text, "question_form")
    assert len(body) > 64 * 1024

    response = client.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302, response.text[:3000]
