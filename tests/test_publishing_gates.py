"""Every publishing gate refuses the same way through the admin's page and `manage.py publish`, because
both call the one service in triage.knowledge.releases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from triage.knowledge.draft import build_knowledge
from triage.knowledge.snapshot import fingerprint, knowledge_to_dict
from triage.models import Condition, RedFlag, Release, Step

pytestmark = pytest.mark.django_db

PUBLISH = "/admin/triage/release/publish/"


def draft_fingerprint() -> str:
    return fingerprint(knowledge_to_dict(build_knowledge()))


def rename_a_condition(name: str = "Everyday twitches") -> None:
    condition = Condition.objects.get(code="benign-twitches")
    condition.name = name
    condition.save()


def publish_command(*args: str) -> str:
    out = StringIO()
    call_command("publish", *args, stdout=out)
    return out.getvalue()


def refused_by_command(*args: str) -> str:
    with pytest.raises(CommandError) as refusal:
        publish_command(*args)
    return str(refusal.value)


def make_an_emergency_scenario_fail() -> None:
    for flag in RedFlag.objects.filter(urgency="emergency"):
        flag.urgency = "routine"
        flag.save()


def make_a_knowledge_check_error() -> None:
    # A step with no questions is an error the knowledge check reports.
    Step.objects.create(code="empty-step", title="An empty page", order=999)


def test_a_missing_note_is_refused_by_both(client, lead):
    rename_a_condition()
    client.force_login(lead)
    page = client.post(PUBLISH, {"note": " ", "draft_fingerprint": draft_fingerprint()}).content.decode()
    assert "Write a change note" in page
    assert "Write a change note" in refused_by_command("--user", "lead", "--note", " ")
    assert Release.objects.count() == 1


def test_a_draft_changed_since_review_is_refused_by_both(client, lead):
    rename_a_condition()
    reviewed = draft_fingerprint()
    assert f"Draft fingerprint: {reviewed}" in publish_command("--dry-run")
    rename_a_condition("Changed by someone else meanwhile")
    client.force_login(lead)
    page = client.post(PUBLISH, {"note": "Rename", "draft_fingerprint": reviewed}).content.decode()
    assert "The draft changed while you were reviewing it" in page
    refusal = refused_by_command("--user", "lead", "--note", "Rename", "--fingerprint", reviewed)
    assert "The draft changed while you were reviewing it" in refusal
    assert Release.objects.count() == 1


def test_an_unchanged_draft_is_refused_by_both(client, lead):
    client.force_login(lead)
    page = client.post(PUBLISH, {"note": "Again", "draft_fingerprint": draft_fingerprint()}).content.decode()
    assert "Nothing to publish" in page
    assert "Nothing to publish" in refused_by_command("--user", "lead", "--note", "Again")
    assert Release.objects.count() == 1


def test_knowledge_check_errors_are_refused_by_both(client, lead):
    make_a_knowledge_check_error()
    client.force_login(lead)
    data = {"note": "Add a page", "draft_fingerprint": draft_fingerprint(), "accept_failures": "on"}
    assert "Fix the problems in the knowledge check" in client.post(PUBLISH, data).content.decode()
    refusal = refused_by_command("--user", "lead", "--note", "Add a page", "--accept-failing-scenarios")
    assert "Fix the problems in the knowledge check" in refusal
    assert Release.objects.count() == 1


def test_failing_scenarios_are_refused_by_both_until_accepted(client, lead):
    make_an_emergency_scenario_fail()
    client.force_login(lead)
    data = {"note": "Downgrade", "draft_fingerprint": draft_fingerprint()}
    assert "scenario(s) fail against the draft" in client.post(PUBLISH, data).content.decode()
    assert "scenario(s) fail against the draft" in refused_by_command("--user", "lead", "--note", "Downgrade")
    assert Release.objects.count() == 1

    output = publish_command("--user", "lead", "--note", "Downgrade", "--accept-failing-scenarios")
    assert "Published knowledge release v2" in output
    assert "FAIL emergency-seizure" in output
    assert Release.objects.get(version=2).published_by.username == "lead"


def test_only_a_clinical_lead_can_publish_from_the_command(editor):
    rename_a_condition()
    assert "only a clinical lead" in refused_by_command("--user", "editor", "--note", "Rename")
    assert "no user called" in refused_by_command("--user", "nobody", "--note", "Rename")
    assert Release.objects.count() == 1


def test_rolling_back_from_the_command_republishes_an_earlier_release(lead):
    rename_a_condition()
    publish_command("--user", "lead", "--note", "Rename")
    out = StringIO()
    call_command("rollback", "1", "--user", "lead", "--note", "Back to the shipped names", stdout=out)
    latest = Release.objects.order_by("-version").first()
    assert latest.version == 3 and latest.rolled_back_from.version == 1
    assert latest.snapshot == Release.objects.get(version=1).snapshot
    with pytest.raises(CommandError, match="already the one the public sees"):
        call_command("rollback", "3", "--user", "lead", "--note", "Again")


def test_the_publishing_services_refuse_anyone_but_a_lead_whoever_calls_them(editor, django_user_model):
    """Issue 23, item 4: the permission is a gate of the services themselves, not only of the pages
    and the command that call them. (No account at all is the operator at a shell.)"""
    from triage.knowledge.releases import NotALead, check_rollback, publish_release, rollback_to

    live = Release.objects.order_by("-version").first()
    with pytest.raises(NotALead, match="only a clinical lead"):
        publish_release(user=editor, note="Rename")
    with pytest.raises(NotALead, match="only a clinical lead"):
        check_rollback(release=live, user=editor, note="Undo")
    visitor = django_user_model.objects.create_user(username="visitor")
    with pytest.raises(NotALead):
        rollback_to(release=live, user=visitor, note="Undo")
    assert Release.objects.order_by("-version").first() == live
