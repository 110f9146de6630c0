"""The "Changes waiting" page, the publish page and each release's page show each change before and
after: editors see what the draft changes word by word, and a release keeps what it changed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.admin_data import condition_data, staff_user, through_confirmation
from triage import models
from triage.knowledge.draft import build_knowledge
from triage.knowledge.releases import latest_release
from triage.knowledge.snapshot import fingerprint, knowledge_to_dict
from triage.vocabulary import Ratio

pytestmark = pytest.mark.django_db

WAITING = reverse("admin:triage_release_waiting")
NEW_SUMMARY_END = "nearly always settle on their own within weeks."


def sign_in(client, role: str | None):
    group = {"editor": "Clinical editor", "lead": "Clinical lead"}.get(role)
    user = staff_user(role or "receptionist", group)
    client.force_login(user)
    return user


def edit_summary_and_a_ratio(client) -> tuple[models.Condition, models.ConditionFinding, float]:
    """An editor's save in the admin: a condition's summary gets new words and one of its answers a
    new ratio. Gives the condition, the link and the link's old ratio."""
    condition = models.Condition.objects.get(code="benign-twitches")
    links = list(condition.finding_links.all())
    link, old_ratio = links[0], links[0].ratio
    new_ratio = Ratio.VERY_STRONGLY_AGAINST if old_ratio != Ratio.VERY_STRONGLY_AGAINST else Ratio.AGAINST
    summary = condition.summary.rstrip() + " They " + NEW_SUMMARY_END
    data = condition_data(condition, summary=summary)
    data["finding_links-0-ratio"] = float(new_ratio)
    response = client.post(reverse("admin:triage_condition_change", args=[condition.pk]), data)
    assert response.status_code == 302, response.text[:3000]
    return condition, link, old_ratio


def section(page, heading: str) -> str:
    """The table of one changed item, by its caption."""
    tables = re.findall(r'<table class="diff-item">(.*?)</table>', page.text, re.S)
    return next(table for table in tables if f"<caption>{heading}</caption>" in table)


def assert_shows_the_change(page, condition, link, old_ratio) -> None:
    table = section(page, condition.name)
    assert "Summary in plain words" in table
    assert "<ins>They nearly always settle on their own within weeks.</ins>" in table
    assert "<del>" not in table  # words were only added
    link_table = section(page, f"{condition.name}: {link.finding.label}")
    new_ratio = models.ConditionFinding.objects.get(pk=link.pk).ratio
    assert f"{Ratio(old_ratio).label} → {Ratio(new_ratio).label}" in strip_tags(link_table)


def test_an_editor_opens_changes_waiting_from_the_banner_and_sees_old_and_new(client):
    sign_in(client, "editor")
    condition, link, old_ratio = edit_summary_and_a_ratio(client)

    page = client.get(reverse("admin:triage_condition_changelist"))
    assert f'<a href="{WAITING}">See the changes waiting</a>' in page.text

    waiting = client.get(WAITING)
    assert waiting.status_code == 200
    assert f"What the draft changes compared with release v{latest_release().version}" in waiting.text
    assert_shows_the_change(waiting, condition, link, old_ratio)
    # Editors cannot publish: no link to the publish page, and the banner does not link to itself.
    assert reverse("admin:triage_release_publish") not in waiting.text
    assert "See the changes waiting</a>" not in waiting.text


def test_a_replaced_word_is_struck_through_and_its_replacement_underlined(client):
    sign_in(client, "editor")
    condition = models.Condition.objects.get(code="benign-twitches")
    first = condition.summary.split()[0]
    summary = condition.summary.replace(first, "Frequently", 1)
    url = reverse("admin:triage_condition_change", args=[condition.pk])
    assert client.post(url, condition_data(condition, summary=summary)).status_code == 302
    table = section(client.get(WAITING), condition.name)
    assert f"<del>{first}</del> <ins>Frequently</ins>" in table


def test_a_lead_publishes_and_the_release_page_shows_the_same_change(client):
    sign_in(client, "editor")
    condition, link, old_ratio = edit_summary_and_a_ratio(client)
    sign_in(client, "lead")  # a lead who did not make the change publishes it

    publish = client.get(reverse("admin:triage_release_publish"))
    assert_shows_the_change(publish, condition, link, old_ratio)

    draft = fingerprint(knowledge_to_dict(build_knowledge()))
    # A ratio moved to the end of the scale may fail a scenario: the lead has looked and accepts it.
    form = {"note": "Calmer summary", "draft_fingerprint": draft, "accept_failures": "on"}
    response = through_confirmation(client, reverse("admin:triage_release_publish"), form)
    release = latest_release()
    assert response["Location"] == reverse("admin:triage_release_change", args=[release.pk])
    page = client.get(response["Location"])
    assert f"What this release changed compared with release v{release.version - 1}" in page.text
    assert_shows_the_change(page, condition, link, old_ratio)
    assert "No changes waiting" in strip_tags(client.get(WAITING).text)


def test_the_first_release_says_there_is_nothing_before_it(client):
    sign_in(client, "editor")
    first = models.Release.objects.order_by("version").first()
    page = client.get(reverse("admin:triage_release_change", args=[first.pk]))
    assert "This is the first release: there is no earlier one to compare it with." in page.text


def test_the_releases_list_links_to_the_changes_waiting(client):
    sign_in(client, "editor")
    page = client.get(reverse("admin:triage_release_changelist"))
    assert page.text.count(f'href="{WAITING}"') == 1  # in the tools
    edit_summary_and_a_ratio(client)
    page = client.get(reverse("admin:triage_release_changelist"))
    assert page.text.count(f'href="{WAITING}"') == 2  # and under "Waiting in the draft"


def test_with_nothing_waiting_the_page_says_so(client):
    sign_in(client, "editor")
    page = client.get(WAITING)
    assert "Nothing: the draft is the same as what the public sees now." in page.text
    assert 'class="knowledge-diff"' not in page.text


@pytest.mark.parametrize(("role", "status"), [("editor", 200), ("lead", 200), (None, 403)])
def test_editors_and_leads_open_changes_waiting_and_other_staff_cannot(client, role, status):
    sign_in(client, role)
    page = client.get(WAITING)
    assert page.status_code == status
    if status == 403:
        assert "Only clinical editors and leads can see the changes waiting in the draft." in page.text


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(WAITING)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
