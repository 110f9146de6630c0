"""Every results page of the scenario suite says one thing: one disposition with one timeframe, the
reasons without competing instructions, and an emergency result about nothing but the emergency.
A clinician finds a person's summary by the reference they read out."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from tests.admin_data import staff_user
from tests.helpers import SCENARIO_FILES, complete
from tests.test_get_help_sooner import gp_rule_problems
from triage import engine
from triage.knowledge.languages import translated
from triage.models import Assessment, Release
from triage.questionnaire.actions import CONDITIONAL, POLITE, SENTENCE_END, distinct_actions
from triage.questionnaire.results import result_data, urgency_display
from triage.reference import new_reference
from triage.regions import REGIONS, fill_data
from triage.vocabulary import OWN_TIMEFRAME_WORDS, URGENCY_ORDER, Urgency

pytestmark = pytest.mark.django_db

DOCTOR_PREPARATION = (
    "What to expect at the doctor",
    "Summary for your doctor",
    "Download PDF",
    "What you can do yourself",
    "When to get help sooner",
)


def saved(answers: dict, knowledge: engine.Knowledge) -> Assessment:
    cleaned = engine.clean_answers(answers, knowledge)
    outcome = engine.assess(cleaned, knowledge)
    return Assessment.objects.create(
        answers={code: list(codes) for code, codes in cleaned.items()},
        result=result_data(outcome, cleaned, knowledge),
        urgency=outcome.urgency,
        knowledge_revision=knowledge.revision,
        release=Release.objects.filter(version=knowledge.revision).first(),
        reference=new_reference(),
    )


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_results_page_gives_one_disposition_once(client, knowledge, path):
    assessment = saved(json.loads(path.read_text())["answers"], knowledge)
    html = client.get(assessment.get_absolute_url()).content.decode()
    urgency = assessment.urgency
    assert html.count('class="urgency-banner') == 1
    # One timeframe, once; an emergency's is "now", in its title, and no other is on the page.
    assert html.count("<strong>When:</strong>") == (0 if urgency == Urgency.EMERGENCY else 1)
    # Shown in the default region's words, the United Kingdom's.
    for other in URGENCY_ORDER:
        if other != urgency:
            title = urgency_display(other, REGIONS["gb"], "en-gb")["title"]
            assert f">{escape(title)}<" not in html, (path.stem, other)
    # Warning signs below the advice are reasons: only those at its level say what to do.
    red_flags = fill_data(assessment.result["red_flags"], REGIONS["gb"])
    own_actions = {f["action"] for f in red_flags if f["urgency"] == urgency}
    for flag in red_flags:
        if flag["urgency"] != urgency and flag["action"] not in own_actions:
            assert f"<strong>{escape(flag['action'])}</strong>" not in html, (path.stem, flag["code"])
    if urgency == Urgency.EMERGENCY:
        assert 'href="tel:999"' in html
        assert "What to tell the call handler" in html
        assert "What might be causing it" not in html
        assert "callout-urgent" not in html and "callout-soon" not in html and "callout-routine" not in html
        for text in DOCTOR_PREPARATION:
            assert text not in html, (path.stem, text)
    else:
        assert "Summary for your doctor" in html
        assert assessment.reference_display in html
    assert not gp_rule_problems(html, urgency, assessment.answers), path.stem


def test_a_clinician_finds_a_summary_by_the_reference_as_it_is_read_out(client):
    complete(client)
    assessment = Assessment.objects.get()
    client.force_login(staff_user("lead", "Clinical lead"))
    spoken = f"{assessment.reference[:4].lower()} {assessment.reference[4:].lower()}"
    found = client.get("/admin/triage/assessment/", {"q": spoken}).content.decode()
    assert f"/admin/triage/assessment/{assessment.pk}/change/" in found
    assert len(set(re.findall(r"/admin/triage/assessment/([0-9a-f-]{36})/change/", found))) == 1
    page = client.get(f"/admin/triage/assessment/{assessment.pk}/change/").content.decode()
    assert assessment.reference_display in page
    assert f"/results/{assessment.pk}/print/" in page
    assert f"/results/{assessment.pk}/summary.pdf" in page


def test_a_search_that_cannot_be_a_reference_finds_nothing(client):
    complete(client)
    client.force_login(staff_user("lead", "Clinical lead"))
    for term in ("not a code", "ABCD-EFG0", "1234"):
        found = client.get("/admin/triage/assessment/", {"q": term}).content.decode()
        assert "/change/" not in found.split('id="result_list"')[-1], term


def test_older_assessments_without_a_reference_still_show_a_short_one(client):
    complete(client)
    assessment = Assessment.objects.get()
    Assessment.objects.filter(pk=assessment.pk).update(reference=None, created_at=timezone.now())
    assessment.refresh_from_db()
    assert assessment.reference_display == str(assessment.pk)[:8]
    assert client.get(assessment.get_absolute_url()).status_code == 200


def test_the_advice_says_each_instruction_once_and_keeps_what_each_warning_sign_adds():
    flags = [
        {"urgency": "routine", "action": "Book an appointment with your GP. It does not need to be urgent."},
        {"urgency": "routine", "action": "Book an appointment with your GP."},
        {
            "urgency": "routine",
            "action": "Book an appointment with your GP. If you drink, do not stop suddenly.",
        },
        {"urgency": "self_care", "action": "Rest at home."},
    ]
    assert distinct_actions(flags, "routine") == [
        "Book an appointment with your GP. It does not need to be urgent.",
        "If you drink, do not stop suddenly.",
    ]
    assert distinct_actions(flags, "urgent") == []


def test_a_level_instruction_worded_another_way_is_said_once_and_specifics_stay():
    """Two warning signs at "within a few days" each open by booking the GP in their own words: the
    second wording goes, what it adds stays. A first sentence with its own first aid (washing a bite)
    or its own test (a calcium blood test) stays whole."""
    soon = [
        {
            "urgency": "soon",
            "action": "Book to see your GP in the next few days; they may refer you to a neurologist. "
            "Get help today if it is getting worse quickly.",
        },
        {
            "urgency": "soon",
            "action": "Book an appointment with your GP in the next few days. If it gets worse before "
            "then, call NHS 111.",
        },
    ]
    assert distinct_actions(soon, "soon", "See a doctor within a few days") == [
        "Book to see your GP; they may refer you to a neurologist. Get help today if it is getting "
        "worse quickly.",
        "If it gets worse before then, call NHS 111.",
    ]
    today = [
        {
            "urgency": "urgent",
            "action": "Call your GP surgery today for an urgent appointment, or call NHS 111.",
        },
        {
            "urgency": "urgent",
            "action": "Wash the bite or scratch with soap and water, and get medical help today: contact "
            "your GP surgery for an urgent appointment or call NHS 111.",
        },
        {
            "urgency": "urgent",
            "action": "Contact your surgical team, your GP surgery or NHS 111 today for a calcium blood "
            "test.",
        },
        {"urgency": "urgent", "action": "Call your GP surgery today or NHS 111 for a calcium blood test."},
    ]
    # The bite's opening says the first one's in full, and more: it takes its place.
    assert distinct_actions(today, "urgent", "Get medical help today") == [
        "Wash the bite or scratch with soap and water, and get medical help: contact your GP surgery "
        "for an urgent appointment or call NHS 111.",
        "Contact your surgical team, your GP surgery or NHS 111 for a calcium blood test.",
    ]


def test_the_boxs_own_timeframe_is_said_once_in_its_title_and_a_condition_keeps_its_own():
    """Under "Get medical help today", "Call your GP surgery today" says the timeframe a second time:
    the action drops it. A sentence with a condition ("Get help today if it is getting worse") names
    another level and keeps its words, in English and Chinese; a polite "if you can" is no condition."""
    flags = [
        {
            "urgency": "urgent",
            "action": "Check your blood sugar if you can, and get medical help today: contact your "
            "diabetes team. If it is closed, call NHS 111 today.",
        },
        {"urgency": "soon", "action": "Book an appointment with your GP in the next few days."},
    ]
    assert distinct_actions(flags, "urgent", "Get medical help today") == [
        "Check your blood sugar if you can, and get medical help: contact your diabetes team. If it is "
        "closed, call NHS 111 today."
    ]
    assert distinct_actions(flags, "soon", "See a doctor within a few days") == [
        "Book an appointment with your GP."
    ]
    chinese = [
        {"urgency": "urgent", "action": "請今天打電話給您的診所。如果情況擴散，請今天就醫。"},
        {"urgency": "soon", "action": "請在接下來幾天內掛號看家醫科門診。"},
    ]
    assert distinct_actions(chinese, "urgent", "請在今天尋求醫療協助") == [
        "請打電話給您的診所。如果情況擴散，請今天就醫。"
    ]
    assert distinct_actions(chinese, "soon", "請在幾天內看醫師") == ["請掛號看家醫科門診。"]
    # Another level's timeframe is not the box's: "today" under "within a few days" stays.
    assert distinct_actions(
        [{"urgency": "soon", "action": "Call NHS 111 today."}], "soon", "See a doctor within a few days"
    ) == ["Call NHS 111 today."]


def test_a_fuller_opening_takes_the_place_of_one_it_says_in_full():
    """Two warning signs open by booking the GP; the second says more ("they may refer you"). The
    fuller opening is said once, where the first one was, and what follows each stays."""
    flags = [
        {
            "urgency": "soon",
            "action": "Book an appointment with your GP. If it gets worse before then, call NHS 111.",
        },
        {
            "urgency": "soon",
            "action": "Book an appointment with your GP; they may refer you to a neurologist. Get help today "
            "if it is getting worse quickly.",
        },
    ]
    assert distinct_actions(flags, "soon", "See a doctor within a few days") == [
        "Book an appointment with your GP; they may refer you to a neurologist. If it gets worse before "
        "then, call NHS 111.",
        "Get help today if it is getting worse quickly.",
    ]


def test_an_action_that_opens_with_the_boxs_title_says_only_what_follows_it():
    """The title says the level and its timeframe once; an action that says them again first
    ("Get medical help today: contact your GP surgery...") keeps only what it adds."""
    flags = [
        {
            "urgency": "urgent",
            "action": "Get medical help today: contact your GP surgery for an urgent appointment or call "
            "NHS 111. Call 999 if a spasm will not ease.",
        }
    ]
    assert distinct_actions(flags, "urgent", "Get medical help today") == [
        "Contact your GP surgery for an urgent appointment or call NHS 111. "
        "Call 999 if a spasm will not ease."
    ]
    chinese = [{"urgency": "urgent", "action": "今天就醫：請打電話給診所。"}]
    assert distinct_actions(chinese, "urgent", "今天就醫") == ["請打電話給診所。"]
    # A joining word left hanging is taken away with the title.
    joined = [
        {"urgency": "emergency", "action": "Call 999 or go to A&E now, and say that you have had cancer."}
    ]
    assert distinct_actions(joined, "emergency", "Call 999 or go to A&E now") == [
        "Say that you have had cancer."
    ]
    # A title that only begins a longer phrase is not cut ("Get medical help today if...").
    kept = [{"urgency": "urgent", "action": "Get medical help today if it spreads."}]
    assert distinct_actions(kept, "urgent", "Get medical help today") == [
        "Get medical help today if it spreads."
    ]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_no_action_in_the_box_says_its_title_again(knowledge, path):
    answers = json.loads(path.read_text())["answers"]
    cleaned = engine.clean_answers(answers, knowledge)
    outcome = engine.assess(cleaned, knowledge)
    result = result_data(outcome, cleaned, knowledge)
    region = REGIONS["gb"]
    title = urgency_display(outcome.urgency, region, "en-gb")["title"]
    actions = distinct_actions(fill_data(result["red_flags"], region), outcome.urgency, title)
    assert not [a for a in actions if a.casefold().startswith(title.casefold())], path.stem


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
@pytest.mark.parametrize("language", ["en-gb", "zh-hant"])
def test_no_action_in_the_box_names_its_timeframe_again_unless_for_a_condition(knowledge, path, language):
    """Issue 21 item 4: the level and timeframe are said once, in the box's title; an action that says
    plainly what to do does not say "today" again under "Get medical help today"."""
    answers = json.loads(path.read_text())["answers"]
    cleaned = engine.clean_answers(answers, knowledge)
    outcome = engine.assess(cleaned, knowledge)
    result = result_data(outcome, cleaned, translated(knowledge, language))
    region = REGIONS["gb" if language == "en-gb" else "tw"]
    words = OWN_TIMEFRAME_WORDS.get(outcome.urgency, ())
    title = urgency_display(outcome.urgency, region, language)["title"]
    for action in distinct_actions(fill_data(result["red_flags"], region, language), outcome.urgency, title):
        for sentence in SENTENCE_END.split(action):
            # A sentence with a condition keeps its words ("if you can" is no condition).
            if CONDITIONAL.search(POLITE.sub("", sentence)):
                continue
            assert not [
                w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", sentence, re.I)
            ], (
                path.stem,
                sentence,
            )
