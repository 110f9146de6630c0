"""Releases: the snapshot format, publishing, rolling back, and the public using only what is published."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories
from tests.helpers import CALM, complete
from triage.knowledge import published as knowledge_module
from triage.knowledge.draft import build_knowledge
from triage.knowledge.published import get_knowledge
from triage.knowledge.releases import PublishError, changes_between, publish_release, rollback_to
from triage.knowledge.snapshot import knowledge_from_dict, knowledge_to_dict
from triage.management.commands.load_knowledge import INITIAL_NOTE, RELOAD_NOTE
from triage.models import Assessment, Condition, Release, ReleaseIsImmutable, Source

pytestmark = pytest.mark.django_db


def rename_a_condition(name: str) -> Condition:
    condition = Condition.objects.get(code="benign-twitches")
    condition.name = name
    condition.save()
    return condition


def test_a_snapshot_rebuilds_exactly_the_knowledge_it_was_made_from():
    draft = build_knowledge(revision=7)
    through_json = json.loads(json.dumps(knowledge_to_dict(draft)))
    assert knowledge_from_dict(through_json, revision=7) == draft


def test_a_snapshot_keeps_follow_up_rules_and_exclusive_answers():
    knowledge = factories.knowledge(
        {
            "s1": [factories.question("q1", ["a", "none"], exclusive=("none",))],
            "s2": [factories.question("q2", ["b"], step="s2", show_when=("a",), required=False)],
        },
        conditions=[factories.condition("c1", {"a": 3, "b": -2}, do_not_miss=True)],
        red_flags=[factories.red_flag("f1", "urgent", {"a", "b"})],
    )
    rebuilt = knowledge_from_dict(knowledge_to_dict(knowledge))
    assert rebuilt == knowledge
    assert rebuilt.questions["q2"].show_when == frozenset({"a"})
    assert rebuilt.findings["none"].exclusive


def test_a_snapshot_in_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="format"):
        knowledge_from_dict({"format": 99, "steps": [], "conditions": [], "red_flags": []})


def test_the_test_database_starts_with_the_fixtures_published_as_release_1():
    release = Release.objects.get()
    assert release.version == 1
    assert release.note == INITIAL_NOTE
    assert release.published_by is None
    assert release.snapshot == knowledge_to_dict(build_knowledge())


def test_publishing_records_the_next_version_who_when_and_why(lead):
    user = lead
    rename_a_condition("Everyday twitches")
    release = publish_release(user=user, note="Plainer name for benign twitches")
    assert release.version == 2
    assert release.published_by == user
    assert release.note == "Plainer name for benign twitches"
    assert release.published_at is not None
    assert release.snapshot == knowledge_to_dict(build_knowledge())


def test_publishing_needs_a_change_note(lead):
    rename_a_condition("Everyday twitches")
    with pytest.raises(PublishError, match="change note"):
        publish_release(user=lead, note="   ")
    assert Release.objects.count() == 1


def test_publishing_an_unchanged_draft_is_refused(lead):
    with pytest.raises(PublishError, match="Nothing to publish"):
        publish_release(user=lead, note="Again")
    assert Release.objects.count() == 1


def test_a_release_can_be_neither_changed_nor_deleted():
    release = Release.objects.get()
    release.note = "Rewritten history"
    with pytest.raises(ReleaseIsImmutable):
        release.save()
    with pytest.raises(ReleaseIsImmutable):
        release.delete()
    with pytest.raises(ReleaseIsImmutable):
        Release.objects.update(note="Rewritten history")
    with pytest.raises(ReleaseIsImmutable):
        Release.objects.all().delete()
    assert Release.objects.get().note == INITIAL_NOTE


def test_the_public_sees_draft_edits_only_after_publishing(client, lead):
    rename_a_condition("Draft name nobody should see")
    html = client.get(complete(client)).content.decode()
    assert "Draft name nobody should see" not in html
    publish_release(user=lead, note="Rename")
    html = client.get(complete(client)).content.decode()
    assert "Draft name nobody should see" in html


def test_the_public_knowledge_costs_one_query_per_request(django_assert_num_queries):
    get_knowledge()
    with django_assert_num_queries(1):
        get_knowledge()


def test_a_rollback_publishes_the_earlier_snapshot_again_and_leaves_the_draft(lead):
    user = lead
    first = Release.objects.get()
    rename_a_condition("A bad name")
    publish_release(user=user, note="Rename")
    assert "A bad name" in {c.name for c in get_knowledge().conditions}

    rollback = rollback_to(release=first, user=user, note="The new name confused people")

    assert rollback.version == 3
    assert rollback.rolled_back_from == first
    assert rollback.snapshot == first.snapshot
    assert "A bad name" not in {c.name for c in get_knowledge().conditions}
    assert get_knowledge().revision == 3
    # The draft keeps the clinicians' work; the next publish would show the difference again.
    assert Condition.objects.get(code="benign-twitches").name == "A bad name"


def test_rolling_back_to_the_live_release_is_refused(lead):
    with pytest.raises(PublishError, match="already"):
        rollback_to(release=Release.objects.get(), user=lead, note="Why not")


def test_snapshot_changes_name_what_was_added_removed_and_changed():
    old = knowledge_to_dict(build_knowledge())
    rename_a_condition("Everyday twitches")
    Condition.objects.get(code="dystonia").delete()
    changes = changes_between(old, knowledge_to_dict(build_knowledge()))
    assert changes.changed["conditions"] == ["Everyday muscle twitches (benign twitches) → Everyday twitches"]
    assert changes.changed["red flags"] == []
    assert len(changes.removed["conditions"]) == 1
    assert changes.added["conditions"] == []
    assert [row["kind"] for row in changes.rows()] == ["conditions"]


def test_assessments_record_their_release_and_the_pages_show_it(client):
    url = complete(client, CALM)
    assessment = Assessment.objects.get()
    release = Release.objects.get()
    assert assessment.release == release
    shown = f"Knowledge release v1, published {release.published_at:%-d %B %Y}"
    assert shown in client.get(url).content.decode()
    assert shown in client.get(f"{url}print/").content.decode()


def test_older_assessments_without_a_release_show_their_revision(client):
    assessment = Assessment.objects.create(
        answers={}, result={"urgency": "routine", "knowledge_revision": 4, "tiers": {}}, urgency="routine"
    )
    html = client.get(f"/results/{assessment.pk}/print/").content.decode()
    assert "Knowledge revision 4" in html


def test_before_anything_is_published_the_public_pages_say_it_is_not_available(client):
    knowledge_module._cached = None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM triage_release")
    for url in ["/", "/step/start/", "/check/"]:
        response = client.get(url)
        assert response.status_code == 503, url
        html = response.content.decode()
        assert "The questionnaire is not available yet" in html
        assert "Call 999" in html
    response = client.get("/step/start/", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert "not available yet" in response.content.decode()


def test_load_knowledge_publishes_the_first_release_on_a_new_site():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM triage_release")
    call_command("load_knowledge", verbosity=0)
    release = Release.objects.get()
    assert release.note == INITIAL_NOTE
    assert release.snapshot == knowledge_to_dict(build_knowledge())


def test_load_knowledge_again_publishes_nothing_when_nothing_changed():
    call_command("load_knowledge", verbosity=0)
    assert Release.objects.count() == 1


def test_load_knowledge_restores_the_draft_from_the_fixtures_and_publishes_it_if_it_differs(lead):
    rename_a_condition("Draft edit")
    publish_release(user=lead, note="Edit")
    extra = Source.objects.create(code="extra-source", title="Not shipped", publisher="Nobody")
    call_command("load_knowledge", verbosity=0)
    assert not Source.objects.filter(pk=extra.pk).exists()
    assert Condition.objects.get(code="benign-twitches").name != "Draft edit"
    latest = Release.objects.first()
    assert latest.version == 3
    assert latest.note == RELOAD_NOTE
    assert latest.snapshot == Release.objects.get(version=1).snapshot


def test_load_knowledge_can_leave_the_published_release_alone(lead):
    rename_a_condition("Draft edit")
    publish_release(user=lead, note="Edit")
    call_command("load_knowledge", "--no-publish", verbosity=0)
    assert Release.objects.count() == 2
    assert "Draft edit" in {c.name for c in get_knowledge().conditions}


def test_snapshot_changes_say_which_part_of_an_item_changed():
    from triage.models import RedFlag

    old = knowledge_to_dict(build_knowledge())
    flag = RedFlag.objects.get(code="tick-bite-with-rising-weakness")
    flag.urgency = "urgent"
    flag.save()
    changes = changes_between(old, knowledge_to_dict(build_knowledge()))
    assert changes.changed["red flags"] == [f"{flag.title} (urgency)"]


def test_load_knowledge_if_empty_keeps_clinicians_draft_edits_and_releases():
    rename_a_condition("Draft edit")
    call_command("load_knowledge", "--if-empty", verbosity=0)
    assert Condition.objects.get(code="benign-twitches").name == "Draft edit"
    assert Release.objects.count() == 1
