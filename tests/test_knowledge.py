"""The knowledge base as shipped, the snapshot cache, and clinicians' edits reaching the public."""

from __future__ import annotations

import pytest

from tests.helpers import CALM, answer_steps, complete, with_changes
from triage.knowledge import published as knowledge_module
from triage.knowledge.releases import publish_release
from triage.models import Condition, ConditionFinding, Finding, Question, RedFlag, Source
from triage.vocabulary import Urgency

pytestmark = pytest.mark.django_db


def test_every_condition_and_red_flag_cites_a_source():
    assert Condition.objects.count() >= 20
    assert RedFlag.objects.count() >= 10
    assert not Condition.objects.filter(sources=None).exists()
    assert not RedFlag.objects.filter(sources=None).exists()
    # Every red flag needs answers to fire on: all of some, or one of a list.
    assert not RedFlag.objects.filter(findings=None, any_findings=None).exists()


def test_the_whole_differential_of_the_clinical_reference_is_modelled():
    # One code per row of the differential table in clinical-reference.md, section 1.
    differential = {
        "benign-twitches",
        "bfs",
        "cramp-fasciculation",
        "exercise-fatigue",
        "caffeine-stimulants",
        "anxiety-stress",
        "sleep-deprivation",
        "hypokalaemia",
        "hypocalcaemia",
        "hypomagnesaemia",
        "hyperthyroidism",
        "medication-side-effect",
        "b12-vitamin-d-deficiency",
        "radiculopathy",
        "peripheral-neuropathy",
        "als-mnd",
        "sma-kennedy",
        "myopathy",
        "isaacs",
        "multiple-sclerosis",
        "dystonia",
        "organophosphate-poisoning",
        "kidney-disease",
        "tick-paralysis",
    }
    assert differential <= set(Condition.objects.values_list("code", flat=True))
    do_not_miss = set(Condition.objects.filter(do_not_miss=True).values_list("code", flat=True))
    assert {"als-mnd", "hypocalcaemia", "organophosphate-poisoning", "tick-paralysis"} <= do_not_miss


def test_the_start_page_and_every_step_count_the_same_steps(client):
    """The start page, each step's "Step N of M" and the check page say one number: the questions'
    eight steps and the check page (issue 21, item 6)."""
    assert "There are 9 short steps; in the last you check your answers." in client.get("/").content.decode()
    assert "Step 1 of 9" in client.get("/step/start/").content.decode()
    client.post("/step/start/", {"emergency-signs": ["em-none"]})
    assert "Step 2 of 9" in client.get("/step/about/").content.decode()


def test_sources_name_the_original_publisher_not_a_mirror():
    mirrors = [
        "mdsite.deno.dev",
        "notinline.org",
        "patienttalk.org",
        "disabilitytoday",
        "findzebra",
        "gpnotebook",
        "medscape",
        "gponline",
        "aboutbfs.com",
    ]
    for source in Source.objects.all():
        assert not any(m in source.url for m in mirrors), source.url


def test_every_urgency_level_except_self_care_has_a_red_flag():
    levels = set(RedFlag.objects.values_list("urgency", flat=True))
    assert levels >= {Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE}


def test_every_emergency_screen_answer_raises_an_emergency_flag(knowledge):
    from triage import engine

    for option in knowledge.questions["emergency-signs"].options:
        if option.exclusive:
            continue
        result = engine.assess({"emergency-signs": [option.code]}, knowledge)
        assert result.urgency == "emergency", option.code


def test_the_public_snapshot_changes_only_when_a_release_is_published(django_assert_num_queries):
    first = knowledge_module.get_knowledge()
    with django_assert_num_queries(1):
        assert knowledge_module.get_knowledge() is first
    condition = Condition.objects.first()
    condition.name = "Renamed by a clinician"
    condition.save()
    with django_assert_num_queries(1):
        assert knowledge_module.get_knowledge() is first
    assert "Renamed by a clinician" not in {c.name for c in first.conditions}
    publish_release(user=None, note="Rename a condition")
    rebuilt = knowledge_module.get_knowledge()
    assert rebuilt is not first
    assert "Renamed by a clinician" in {c.name for c in rebuilt.conditions}


def test_a_step_costs_a_small_constant_number_of_queries(client, django_assert_max_num_queries):
    answer_steps(client, CALM, upto="symptoms")
    knowledge_module.get_knowledge()
    with django_assert_max_num_queries(8):
        client.get("/step/symptoms/")
    with django_assert_max_num_queries(12):
        client.post("/step/symptoms/", CALM["symptoms"])


def test_a_new_answer_option_added_by_a_clinician_is_asked_and_reasoned_with_once_published(client):
    question = Question.objects.get(code="symptoms")
    finding = Finding.objects.create(
        question=question, code="sym-hiccups", label="Hiccups that will not stop", order=5
    )
    condition = Condition.objects.exclude(do_not_miss=True).first()
    ConditionFinding.objects.create(condition=condition, finding=finding, ratio=10)
    flag = RedFlag.objects.create(
        code="hiccups",
        title="Hiccups with twitching",
        urgency="soon",
        message="Hiccups for days can have a medical cause.",
        action="See your {gp} within a few days.",
    )
    flag.findings.add(finding)
    flag.sources.add(Source.objects.first())

    answer_steps(client, CALM, upto="symptoms")
    assert "Hiccups that will not stop" not in client.get("/step/symptoms/").content.decode()
    publish_release(user=None, note="Ask about hiccups")
    assert "Hiccups that will not stop" in client.get("/step/symptoms/").content.decode()
    url = complete(client, with_changes(symptoms={"symptoms": ["sym-hiccups"]}))
    html = client.get(url).content.decode()
    assert "Hiccups with twitching" in html
    assert "See a doctor within a few days" in html
    assert "Hiccups that will not stop" in html
