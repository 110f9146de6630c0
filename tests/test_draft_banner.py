"""Every page of the draft knowledge says so: which release the public sees, how many changes are
waiting for the next one, and where to look at them; a save says the change went to the draft."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from tests.admin_data import REASON, condition_data, red_flag_data, source_data, staff_user
from triage import models
from triage.knowledge import releases
from triage.knowledge.releases import draft_status, latest_release
from triage.translation import TRANSLATED_FIELDS

pytestmark = pytest.mark.django_db

SAVED = "was saved to the draft. The public will see it after the next release."


@pytest.fixture
def editor(client):
    user = staff_user("editor", "Clinical editor")
    client.force_login(user)
    return user


@pytest.fixture
def lead(client):
    user = staff_user("lead", "Clinical lead")
    client.force_login(user)
    return user


def banner_html(page) -> str | None:
    found = re.search(r'<div class="draft-banner" id="draft-banner">(.*?)</div>', page.text, re.S)
    return found.group(1) if found else None


def banner(page) -> str | None:
    """The draft banner's words, or None when the page has none."""
    html = banner_html(page)
    return " ".join(strip_tags(html).split()) if html is not None else None


def banner_link(page) -> str | None:
    found = re.search(r'<a href="([^"]+)"', banner_html(page))
    return found.group(1) if found else None


def knowledge_pages() -> list[str]:
    urls = [
        reverse("admin:triage_scenario_run"),
        reverse("admin:triage_scenario_import"),
        reverse("triage_admin:knowledge_check"),
    ]
    for model in models.KNOWLEDGE_MODELS:
        if not admin.site.is_registered(model):
            continue  # edited inline on another model's page, such as a condition's advice
        name = model._meta.model_name
        pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        urls += [
            reverse(f"admin:triage_{name}_changelist"),
            reverse(f"admin:triage_{name}_add"),
            reverse(f"admin:triage_{name}_change", args=[pk]),
            reverse(f"admin:triage_{name}_history", args=[pk]),
        ]
    return urls


def edit_a_condition(client) -> models.Condition:
    condition = models.Condition.objects.order_by("code").first()
    url = reverse("admin:triage_condition_change", args=[condition.pk])
    response = client.post(url, condition_data(condition, summary="A calmer summary, in plainer words."))
    assert response.status_code == 302, response.text[:3000]
    return condition


def test_every_knowledge_page_says_you_are_editing_the_draft_and_what_the_public_sees(client, editor):
    version = latest_release().version
    expected = f"You are editing the draft: the public sees release v{version}. No changes waiting."
    # Marking a warning intended is for a lead or a reviewer, not an editor.
    mark_intended = reverse("admin:triage_acceptedwarning_add")
    assert client.get(mark_intended).status_code == 403
    for url in [url for url in knowledge_pages() if url != mark_intended]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert banner(page) is not None, url
        assert banner(page).startswith(expected), (url, banner(page))


def test_pages_that_are_not_the_draft_have_no_banner(client, lead):
    for url in [
        reverse("admin:index"),
        reverse("admin:triage_release_changelist"),
        reverse("admin:triage_release_change", args=[latest_release().pk]),
        reverse("admin:triage_assessment_changelist"),
        reverse("admin:triage_scenario_changelist"),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert banner(page) is None, url


def test_a_save_says_it_went_to_the_draft_and_the_banner_counts_it(client, editor):
    condition = edit_a_condition(client)
    page = client.get(reverse("admin:triage_condition_change", args=[condition.pk]))
    text = strip_tags(page.text)
    assert f"The condition “{condition.name}” {SAVED}" in text
    assert "changed successfully" not in text
    assert "1 change waiting." in banner(page)

    flag = models.RedFlag.objects.order_by("code").first()
    url = reverse("admin:triage_redflag_change", args=[flag.pk])
    client.post(url, red_flag_data(flag, action="Call 999 now, then sit down and wait."))
    assert "2 changes waiting." in banner(client.get(reverse("admin:triage_redflag_changelist")))


def test_an_editor_is_taken_to_the_changes_waiting_and_the_releases_page_lists_them_too(client, editor):
    condition = edit_a_condition(client)
    page = client.get(reverse("admin:triage_condition_changelist"))
    assert banner_link(page) == reverse("admin:triage_release_waiting")
    changes_page = client.get(banner_link(page))
    assert f"<caption>{condition.name}</caption>" in changes_page.text
    assert banner_link(changes_page) is None
    releases_page = client.get(reverse("admin:triage_release_changelist"))
    waiting = re.search(r'<section id="draft-changes">(.*?)</section>', releases_page.text, re.S).group(1)
    assert "Waiting in the draft" in waiting
    assert f"{condition.name} (summary in plain words)" in strip_tags(waiting)


def test_a_lead_is_taken_to_the_publish_page_and_not_linked_to_it_there(client, lead):
    page = client.get(reverse("admin:triage_condition_changelist"))
    assert banner_link(page) == reverse("admin:triage_release_publish")
    publish = client.get(reverse("admin:triage_release_publish"))
    assert banner(publish).startswith("You are editing the draft")
    assert banner_link(publish) is None


def test_before_anything_is_published_the_banner_says_the_public_sees_nothing(client, editor, monkeypatch):
    monkeypatch.setattr(releases, "latest_release", lambda: None)
    page = client.get(reverse("admin:triage_step_changelist"))
    assert banner(page).startswith(
        "You are editing the draft. Nothing has been published yet, so the public questionnaire is "
        "not available."
    )


def test_adding_and_deleting_say_the_draft_too(client, editor):
    source = models.Source.objects.order_by("code").first()
    data = source_data(source, code="nhs-new-page", title="A new page")
    response = client.post(reverse("admin:triage_source_add"), {**data, "_addanother": "Save"}, follow=True)
    text = strip_tags(response.text)
    assert "The source “" in text
    assert (
        "was added to the draft. The public will see it after the next release. "
        "You may add another source below."
    ) in text

    link = models.ConditionFinding.objects.order_by("pk").first()
    url = reverse("admin:triage_conditionfinding_delete", args=[link.pk])
    text = strip_tags(client.post(url, {"post": "yes", "change_reason": REASON}, follow=True).text)
    assert (
        f"“{link}” was deleted from the draft. The public will stop seeing it after the next release."
    ) in text
    assert "deleted successfully" not in text


def test_save_and_continue_says_the_draft_and_that_you_may_edit_again(client, editor):
    flag = models.RedFlag.objects.order_by("code").first()
    url = reverse("admin:triage_redflag_change", args=[flag.pk])
    response = client.post(url, {**red_flag_data(flag), "_continue": "Save"}, follow=True)
    assert f"The red flag “{flag.title}” {SAVED} You may edit it again below." in strip_tags(response.text)


def test_a_warning_marked_as_intended_keeps_djangos_message_as_the_public_never_sees_it(client, lead):
    warning = models.AcceptedWarning.objects.order_by("pk").first()
    url = reverse("admin:triage_acceptedwarning_change", args=[warning.pk])
    data = {"kind": warning.kind, "code": warning.code, "warning": warning.warning, "reason": warning.reason}
    data["change_reason"] = REASON
    text = strip_tags(client.post(url, data, follow=True).text)
    assert "was changed successfully" in text
    assert "saved to the draft" not in text


def release_queries(queries) -> int:
    table = connection.ops.quote_name(models.Release._meta.db_table)
    return sum(1 for query in queries if f"FROM {table}" in query["sql"])


@pytest.mark.parametrize("model", [models.Condition, models.Question], ids=["condition", "question"])
def test_a_knowledge_page_works_the_banner_out_once(client, editor, model):
    name = model._meta.model_name
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
    for url in [
        reverse(f"admin:triage_{name}_changelist"),
        reverse(f"admin:triage_{name}_change", args=[pk]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert release_queries(queries) == 1, url


def test_the_banners_count_costs_the_same_few_queries_with_a_bigger_knowledge_base(
    django_assert_max_num_queries,
):
    with CaptureQueriesContext(connection) as real:
        draft_status()
    source = models.Source.objects.first()
    findings = list(models.Finding.objects.order_by("pk")[:5])
    for i in range(30):
        condition = models.Condition.objects.create(code=f"extra-{i}", name=f"Extra {i}", summary="Extra.")
        condition.sources.add(source)
        for finding in findings:
            models.ConditionFinding.objects.create(condition=condition, finding=finding, ratio=2.0)
    with django_assert_max_num_queries(len(real)):
        status = draft_status()
    # One query per knowledge table and link table the draft is built from (questions have two lists
    # of answers, show-when and do-not-ask-when; red flags three; medicines, their answers and sources
    # three more), and the live release; and one per translated table for the texts in other languages.
    assert len(real) <= 22 + len(TRANSLATED_FIELDS)
    assert status.waiting == 30
