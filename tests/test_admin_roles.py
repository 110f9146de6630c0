"""Who reaches which admin page: clinical editors and leads, other staff, the public."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from tests.admin_data import source_data, staff_user
from triage import models

pytestmark = pytest.mark.django_db


KNOWLEDGE = {
    "source": models.Source,
    "step": models.Step,
    "question": models.Question,
    "finding": models.Finding,
    "condition": models.Condition,
    "conditionfinding": models.ConditionFinding,
    "redflag": models.RedFlag,
    "medicine": models.Medicine,
}
ROLES = ["Clinical editor", "Clinical lead"]


def pages() -> list[str]:
    urls = ["/admin/", "/admin/triage/knowledge-check/"]
    for name, model in KNOWLEDGE.items():
        pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        urls += [
            f"/admin/triage/{name}/",
            f"/admin/triage/{name}/add/",
            f"/admin/triage/{name}/{pk}/change/",
            f"/admin/triage/{name}/{pk}/history/",
        ]
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_each_knowledge_page_opens_for_each_clinical_role(client, role):
    client.force_login(staff_user("clinician", role))
    for url in pages():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_each_clinical_role_can_add_and_change_knowledge(client, role):
    client.force_login(staff_user("clinician", role))
    new = models.Source(code="new-leaflet", title="A new leaflet", publisher="NHS", url="https://www.nhs.uk/")
    assert client.post("/admin/triage/source/add/", source_data(new)).status_code == 302
    source = models.Source.objects.get(code="new-leaflet")
    response = client.post(f"/admin/triage/source/{source.pk}/change/", source_data(source, title="Renamed"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Renamed"


@pytest.mark.parametrize("role", ROLES)
def test_clinicians_cannot_manage_users_or_groups(client, role):
    client.force_login(staff_user("clinician", role))
    for url in ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/", "/admin/auth/group/add/"]:
        assert client.get(url).status_code == 403, url


def test_both_groups_hold_only_triage_permissions_and_only_the_lead_publishes():
    editor = Group.objects.get(name="Clinical editor")
    lead = Group.objects.get(name="Clinical lead")
    for group in (editor, lead):
        codenames = set(group.permissions.values_list("codename", flat=True))
        for name in KNOWLEDGE:
            assert {f"add_{name}", f"change_{name}", f"delete_{name}", f"view_{name}"} <= codenames
            assert f"view_historical{name}" in codenames
        assert not group.permissions.exclude(content_type__app_label="triage").exists()
    assert not editor.permissions.filter(codename="publish_release").exists()
    assert lead.permissions.filter(codename="publish_release").exists()


def test_staff_without_a_clinical_role_cannot_open_knowledge_pages(client):
    client.force_login(staff_user("receptionist"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/triage/condition/").status_code == 403


@pytest.mark.parametrize("url", ["/admin/", "/admin/triage/condition/", "/admin/triage/knowledge-check/"])
def test_a_signed_in_non_staff_user_is_sent_to_sign_in(client, url):
    client.force_login(staff_user("member", "Clinical lead", is_staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["/admin/", "/admin/triage/redflag/", "/admin/triage/knowledge-check/"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_create_clinician_makes_a_staff_account_in_the_chosen_group(monkeypatch):
    monkeypatch.setenv("CLINICIAN_PASSWORD", "a-long-test-password-42")
    call_command("create_clinician", "dr-lee", "--role", "lead", "--no-input")
    user = User.objects.get(username="dr-lee")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Clinical lead"]
    assert user.check_password("a-long-test-password-42")


def test_create_clinician_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("CLINICIAN_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_clinician", "dr-lee", "--no-input")
    assert not User.objects.filter(username="dr-lee").exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_pickers_find_answers_and_sources_for_each_clinical_role(client, role):
    client.force_login(staff_user("clinician", role))
    for model, field, term in [("redflag", "findings", "weakness"), ("condition", "sources", "NHS")]:
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "triage", "model_name": model, "field_name": field, "term": term},
        )
        assert response.status_code == 200, (model, field)
        assert response.json()["results"], (model, field)


def test_the_admin_home_page_links_each_role_to_its_clinical_tools(client):
    client.force_login(staff_user("editor-home", "Clinical editor"))
    html = client.get("/admin/").content.decode()
    assert "/admin/triage/knowledge-check/" in html
    assert "/admin/triage/scenario/run/" in html
    assert "/admin/triage/release/publish/" not in html

    client.force_login(staff_user("lead-home", "Clinical lead"))
    assert "/admin/triage/release/publish/" in client.get("/admin/").content.decode()
