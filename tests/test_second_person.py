"""Approval by a second person, and a confirmation page before anything goes live (issue 22, item 1):
whoever changed the draft cannot publish it alone where another clinical lead exists, in the admin
and on the command line alike; a one-clinician site may, with a warning on every admin page; and a
POST without the confirmation page's token never publishes or rolls back."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.admin_data import condition_data, staff_user, through_confirmation
from triage.knowledge.draft import build_knowledge
from triage.knowledge.releases import SecondPersonNeeded, publish_release
from triage.knowledge.snapshot import fingerprint, knowledge_to_dict
from triage.models import Condition, DraftApproval, Release

pytestmark = pytest.mark.django_db

PUBLISH = "/admin/triage/release/publish/"


def draft_fingerprint() -> str:
    return fingerprint(knowledge_to_dict(build_knowledge()))


def rename_in_the_admin(client, user, name: str) -> None:
    """`user` renames a condition through the admin, as a clinician does (the history records who)."""
    client.force_login(user)
    condition = Condition.objects.get(code="benign-twitches")
    response = client.post(
        f"/admin/triage/condition/{condition.pk}/change/", condition_data(condition, name=name)
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_lead_cannot_publish_their_own_change_when_another_lead_exists(client):
    author = staff_user("dr-author", "Clinical lead")
    staff_user("dr-second", "Clinical lead")
    rename_in_the_admin(client, author, "Everyday twitches")
    page = client.get(PUBLISH).content.decode()
    assert "Changed since the last release by: dr-author." in page
    assert "so another clinical lead must check it" in page and "Ask one of: dr-second." in page
    response = through_confirmation(
        client, PUBLISH, {"note": "Plainer", "draft_fingerprint": draft_fingerprint()}
    )
    assert "Ask one of: dr-second." in response.content.decode()
    assert Release.objects.count() == 1
    with pytest.raises(SecondPersonNeeded):
        publish_release(user=author, note="Plainer")
    assert Release.objects.count() == 1


def test_an_editors_change_is_published_by_a_lead_who_did_not_make_it(client):
    editor = staff_user("dr-editor", "Clinical editor")
    lead = staff_user("dr-lead", "Clinical lead")
    rename_in_the_admin(client, editor, "Everyday twitches")
    client.force_login(lead)
    response = through_confirmation(
        client, PUBLISH, {"note": "Plainer", "draft_fingerprint": draft_fingerprint()}
    )
    assert response.status_code == 302
    release = Release.objects.first()
    assert release.version == 2 and release.published_by == lead


def test_an_editor_cannot_publish_their_own_change_in_any_way(client):
    editor = staff_user("dr-editor", "Clinical editor")
    staff_user("dr-lead", "Clinical lead")
    rename_in_the_admin(client, editor, "Everyday twitches")
    assert client.post(PUBLISH, {"note": "Mine", "draft_fingerprint": draft_fingerprint()}).status_code == 403
    with pytest.raises(CommandError, match="only a clinical lead can publish"):
        call_command("publish", user="dr-editor", note="Mine", verbosity=0)
    assert Release.objects.count() == 1


def test_the_publish_command_keeps_the_same_gate(client):
    author = staff_user("dr-author", "Clinical lead")
    staff_user("dr-second", "Clinical lead")
    rename_in_the_admin(client, author, "Everyday twitches")
    with pytest.raises(CommandError, match="Ask one of: dr-second"):
        call_command("publish", user="dr-author", note="Plainer", verbosity=0)
    assert Release.objects.count() == 1
    call_command("publish", user="dr-second", note="Plainer", verbosity=0)
    assert Release.objects.first().published_by.username == "dr-second"


def test_a_sole_lead_may_publish_their_own_change_only_on_a_one_clinician_site(client, settings):
    author = staff_user("dr-only", "Clinical lead")
    rename_in_the_admin(client, author, "Everyday twitches")
    settings.SINGLE_CLINICIAN = False
    with pytest.raises(SecondPersonNeeded, match="there is no other clinical lead to check it"):
        publish_release(user=author, note="Plainer")
    assert "SINGLE_CLINICIAN is on" not in client.get("/admin/").content.decode()

    settings.SINGLE_CLINICIAN = True
    assert (
        "This site runs with one clinician (SINGLE_CLINICIAN is on)" in client.get("/admin/").content.decode()
    )
    response = through_confirmation(
        client, PUBLISH, {"note": "Plainer", "draft_fingerprint": draft_fingerprint()}
    )
    assert response.status_code == 302
    assert Release.objects.first().published_by == author


def test_the_one_clinician_setting_does_not_let_an_author_pass_over_another_lead(client, settings):
    settings.SINGLE_CLINICIAN = True
    author = staff_user("dr-author", "Clinical lead")
    staff_user("dr-second", "Clinical lead")
    rename_in_the_admin(client, author, "Everyday twitches")
    with pytest.raises(SecondPersonNeeded, match="Ask one of: dr-second"):
        publish_release(user=author, note="Plainer")


def test_a_bare_post_shows_what_goes_live_and_publishes_nothing(client, lead):
    editor = staff_user("dr-editor", "Clinical editor")
    rename_in_the_admin(client, editor, "Everyday twitches")
    client.force_login(lead)
    response = client.post(PUBLISH, {"note": "Plainer", "draft_fingerprint": draft_fingerprint()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm: publish release v2" in html
    assert "Everyday twitches" in html  # what goes live
    assert "Draft changed by" in html and "dr-editor" in html
    assert "Yes, publish release v2 now" in html
    assert Release.objects.count() == 1
    # A made-up or altered token is no confirmation either.
    forged = {"note": "Plainer", "draft_fingerprint": draft_fingerprint(), "confirmation": "forged:token"}
    assert "Confirm: publish release v2" in client.post(PUBLISH, forged).content.decode()
    assert Release.objects.count() == 1


def test_a_confirmation_is_only_good_for_the_note_it_showed(client, lead):
    editor = staff_user("dr-editor", "Clinical editor")
    rename_in_the_admin(client, editor, "Everyday twitches")
    client.force_login(lead)
    page = client.post(PUBLISH, {"note": "Plainer", "draft_fingerprint": draft_fingerprint()})
    token = page.context["hidden"]["confirmation"]
    changed = {"note": "Something else", "draft_fingerprint": draft_fingerprint(), "confirmation": token}
    assert "Confirm: publish release v2" in client.post(PUBLISH, changed).content.decode()
    assert Release.objects.count() == 1


def test_a_bare_post_does_not_roll_back(client, lead):
    first = Release.objects.get()
    Condition.objects.filter(code="benign-twitches").update(name="A confusing name")
    publish_release(user=None, note="Rename")
    client.force_login(lead)
    url = f"/admin/triage/release/{first.pk}/rollback/"
    response = client.post(url, {"note": "The new name confused people"})
    html = response.content.decode()
    assert "Confirm: roll back to release v1" in html
    assert "A confusing name" in html
    assert Release.objects.count() == 2
    response = through_confirmation(client, url, {"note": "The new name confused people"})
    assert response.status_code == 302
    assert Release.objects.first().rolled_back_from == first


APPROVE = "/admin/triage/release/approve/"


def test_a_lead_who_changed_the_draft_publishes_it_once_another_lead_approved_it_as_it_is(client):
    first = staff_user("dr-first", "Clinical lead")
    second = staff_user("dr-second", "Clinical lead")
    # Both leads change the draft: each one's changes need the other's check.
    rename_in_the_admin(client, first, "Everyday twitches")
    rename_in_the_admin(client, second, "Everyday muscle twitches")
    with pytest.raises(SecondPersonNeeded):
        publish_release(user=first, note="Plainer")

    client.force_login(second)
    page = client.get(PUBLISH).content.decode()
    assert "Approve this draft" in page
    assert client.post(APPROVE, {"draft_fingerprint": draft_fingerprint()}).status_code == 302

    client.force_login(first)
    page = client.get(PUBLISH).content.decode()
    assert "Approved as it is now by: dr-second." in page
    data = {"note": "Plainer", "draft_fingerprint": draft_fingerprint()}
    confirmation = client.post(PUBLISH, data).content.decode()
    assert "Approved by" in confirmation and "dr-second" in confirmation
    response = through_confirmation(client, PUBLISH, data)
    assert response.status_code == 302
    release = Release.objects.first()
    assert release.version == 2 and release.published_by == first
    history = client.get(f"/admin/triage/release/{release.pk}/history/").content.decode()
    assert "Approved by: dr-second." in history


def test_an_approval_lapses_when_the_draft_changes_again(client):
    first = staff_user("dr-first", "Clinical lead")
    second = staff_user("dr-second", "Clinical lead")
    rename_in_the_admin(client, first, "Everyday twitches")
    client.force_login(second)
    client.post(APPROVE, {"draft_fingerprint": draft_fingerprint()})
    rename_in_the_admin(client, first, "Everyday twitches, renamed again")
    with pytest.raises(SecondPersonNeeded):
        publish_release(user=first, note="Plainer")


def test_an_approval_of_a_draft_that_changed_meanwhile_or_by_an_editor_is_refused(client):
    editor = staff_user("dr-editor", "Clinical editor")
    lead = staff_user("dr-lead", "Clinical lead")
    rename_in_the_admin(client, editor, "Everyday twitches")
    assert client.post(APPROVE, {"draft_fingerprint": draft_fingerprint()}).status_code == 403
    client.force_login(lead)
    response = client.post(APPROVE, {"draft_fingerprint": "an old fingerprint"}, follow=True)
    assert "The draft changed while you were reviewing it" in response.content.decode()
    assert not DraftApproval.objects.exists()
