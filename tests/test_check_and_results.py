"""The check-your-answers page, the saved results and the print summary."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from tests.helpers import CALM, answer_steps, complete, with_changes
from triage.knowledge.published import get_knowledge
from triage.models import Assessment
from triage.questionnaire.actions import distinct_actions
from triage.questionnaire.results import urgency_display
from triage.regions import REGIONS, fill_data

pytestmark = pytest.mark.django_db

URGENT = with_changes(
    about={"age": "age-50-74", "sex": "sex-male", "known-conditions": ["known-none"]},
    symptoms={
        "symptoms": ["sym-weakness", "sym-slurred-speech", "sym-swallowing"],
        "_shown": ["weakness-detail"],
        "weakness-detail": ["weak-worse", "weak-dropping"],
    },
    general={
        # Revealed by the weakness and speech answers of the step before.
        "serious-speed": "speed-weeks",
    },
)


def test_the_check_page_lists_every_answer_with_a_change_link(client):
    answer_steps(client, CALM)
    html = client.get("/check/").content.decode()
    assert "Check your answers" in html
    for code in CALM:
        assert f'href="/step/{code}/?change=1"' in html
    assert "Eyelid" in html
    assert "Step 9 of 9" in html


def test_results_are_saved_anonymously_with_a_random_id(client):
    url = complete(client)
    assessment = Assessment.objects.get()
    assert url == f"/results/{assessment.pk}/"
    assert assessment.answers["location"] == ["loc-eyelid"]
    assert assessment.urgency == assessment.result["urgency"]
    field_names = {f.name for f in Assessment._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "name", "email", "user"}
    assert "questionnaire" not in client.session


def test_the_results_page_shows_urgency_causes_and_the_not_a_diagnosis_notice(client):
    html = client.get(complete(client)).content.decode()
    assert "This is not a diagnosis." in html
    assert "urgency-banner" in html
    assert "What might be causing it" in html
    assert "Most likely" in html
    assert "Answers that fit:" in html
    assert "What to expect at the doctor" in html
    assert "When to get help sooner" in html
    assert "Where this information comes from" in html


def test_the_results_page_explains_each_red_flag_with_the_answer_behind_it(client):
    html = client.get(complete(client, URGENT)).content.decode()
    assert "urgency-urgent" in html or "urgency-emergency" in html
    assert "Because you answered:" in html
    assert "Trouble swallowing" in html


def test_the_print_view_is_a_one_page_summary_without_navigation(client):
    url = complete(client, URGENT)
    response = client.get(url + "print/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "summary for the doctor" in html
    assert "site-header" not in html
    assert "The person’s questions" in html
    assert "Trouble swallowing" in html  # the answers
    assert "Possible causes" in html
    assert "/static/triage/css/print." in html
    assert "Not a diagnosis." in html


def test_results_stay_the_same_after_the_knowledge_changes(client):
    from triage.models import RedFlag

    url = complete(client, URGENT)
    before = client.get(url).content.decode()
    RedFlag.objects.update(title="Changed title")
    after = client.get(url).content.decode()
    assert "Changed title" not in after
    assert before.count("callout-") == after.count("callout-")


def test_a_calm_result_lists_self_care_and_the_emergency_signs_to_watch_for(client):
    html = client.get(complete(client)).content.decode()
    assert "What you can do yourself" in html
    assert "Call 999 or go to A&amp;E if you notice any of these:" in html
    assert "Severe difficulty breathing" in html


def test_an_emergency_result_gives_no_self_care(client):
    response = client.post("/step/start/", {"emergency-signs": ["em-seizure"]})
    html = client.get(response["Location"]).content.decode()
    assert "What you can do yourself" not in html
    assert "Call 999 or go to A&amp;E if you notice any of these:" not in html


def test_search_engines_are_told_never_to_list_a_result_or_its_print_view(client):
    url = complete(client)
    assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(f"{url}print/")["X-Robots-Tag"] == "noindex, nofollow"


def test_a_serious_leading_cause_is_most_likely_with_its_marker_and_fit_words(client):
    """Months of worsening weakness in both legs, dropping things, thinner muscles and cramps at 55:
    motor neurone disease leads the causes, marked as one a doctor must rule out (issue 10)."""
    import json

    from tests.browser.flow import answers_by_step
    from tests.helpers import SCENARIO_DIR

    scenario = json.loads((SCENARIO_DIR / "both-legs-weaker-for-months-wasting-and-cramps.json").read_text())
    knowledge = get_knowledge()
    for code, data in answers_by_step(scenario["answers"]).items():
        shown = [q.code for q in knowledge.step(code).questions if q.show_when and q.code in data]
        assert client.post(f"/step/{code}/", {**data, "_shown": shown}).status_code == 302
    html = client.get(client.post("/check/")["Location"]).content.decode()
    most_likely = html.split("Most likely", 1)[1].split("Other possible causes", 1)[0]
    assert "Motor neurone disease" in most_likely
    assert "A doctor must rule this out" in most_likely
    assert "Fits many of your answers" in most_likely


def test_a_likely_cause_that_raised_the_urgency_is_given_as_a_reason(client):
    url = complete(client)
    assessment = Assessment.objects.get()
    # As the engine saves it when a likely cause's minimum urgency is above the warning signs'.
    raised = [{"code": "stroke-tia", "name": "Stroke or TIA", "urgency": "emergency"}]
    Assessment.objects.filter(pk=assessment.pk).update(result={**assessment.result, "raised_by": raised})
    html = client.get(url).content.decode()
    assert "Stroke or TIA is among the most likely causes of your answers" in html


def test_an_emergency_result_is_only_about_the_emergency(client):
    response = client.post("/step/start/", {"emergency-signs": ["em-stroke"]})
    html = client.get(response["Location"]).content.decode()
    assert 'href="tel:999"' in html
    assert "What to tell the call handler" in html and "While you wait" in html
    assert "Sudden signs of a stroke" in html  # the answer to say out loud
    for doctor_preparation in (
        "What to expect at the doctor",
        "Summary for your doctor",
        "Download PDF",
        "When to get help sooner",
    ):
        assert doctor_preparation not in html


def test_only_the_warning_signs_that_set_the_advice_give_an_instruction(client):
    html = client.get(complete(client, URGENT)).content.decode()
    assessment = Assessment.objects.get()
    # Saved with placeholders, shown in the default region's words (the United Kingdom's).
    flags = fill_data(assessment.result["red_flags"], REGIONS["gb"])
    assert {f["urgency"] for f in flags} > {assessment.urgency}  # lower-urgency flags fired too
    # The advice's own warning signs say what to do, each thing once and without the title's timeframe.
    title = urgency_display(assessment.urgency, REGIONS["gb"], "en-gb")["title"]
    actions = distinct_actions(flags, assessment.urgency, title)
    assert actions and all(escape(action) in html for action in actions)
    lower = [
        f
        for f in flags
        if f["urgency"] != assessment.urgency
        and f["action"] not in {g["action"] for g in flags if g["urgency"] == assessment.urgency}
    ]
    assert lower and all(f["action"] not in html for f in lower)
    assert 'href="tel:111"' in html


def test_the_call_handler_hears_the_serious_cause_not_the_commonest(client):
    """Back pain down a leg with saddle numbness and bladder trouble, answered in full: a trapped
    nerve may rank first, but the cause to name on the phone is cauda equina syndrome."""
    answers = with_changes(
        location={"location": ["loc-calves"], "sides": "side-one", "spread": "spread-fixed"},
        symptoms={
            "symptoms": ["sym-numbness", "sym-radiating-pain", "sym-bladder-bowel", "sym-saddle-numbness"]
        },
    )
    html = client.get(complete(client, answers)).content.decode()
    assert "A doctor will want to rule out: Cauda equina syndrome." in html


def test_an_emergency_sign_on_the_first_page_names_no_most_likely_cause(client):
    """One answer is too little to rank causes on: the causes it can fit are listed in no order, and
    the call handler is told the sign, with what the ambulance team will check, not a cause."""
    response = client.post("/step/start/", {"emergency-signs": ["em-confused"]})
    html = client.get(response["Location"]).content.decode()
    assert "Most likely" not in html
    assert "A doctor will want to rule out" not in html
    assert "The ambulance team will find out what is causing it" in html
    # The first page does not ask about pregnancy, which changes the care a fit needs (eclampsia).
    assert "If you are pregnant or have had a baby in the last 6 weeks, say so" in html
    # An emergency result is about the emergency alone: the causes it can fit are for the summary.
    assert "What might be causing it" not in html
    assert Assessment.objects.get().result["tiers"]["other_likely"]


def test_an_emergency_result_is_a_takeover_in_whole_sentences(client):
    """Issue 21, item 2: what to do now first (call, how to get there, what to say, while you wait),
    the warning sign before the twitching, each fact once, and nothing above it but the heading."""
    answers = with_changes(
        symptoms={
            "symptoms": ["sym-numbness", "sym-bladder-bowel", "sym-saddle-numbness", "sym-radiating-pain"]
        }
    )
    html = client.get(complete(client, answers)).content.decode()
    main = html[html.index("<h1") :]
    banner, rest = main.index('class="urgency-banner'), main.index("What to tell the call handler")
    assert "This is not a diagnosis." not in main[:banner]  # below the advice, not above it
    assert main.index("While you wait") < main.index("This is not a diagnosis.")
    travel = "If you go to A&amp;E instead, ask someone to take you: do not drive yourself."
    assert f"If you call 999, help comes to you. {travel}" in main
    # The title says "Call 999 or go to A&E now": no sentence below repeats it.
    assert main.count("Call 999 or go to A&amp;E now") == 1
    script = main[rest : main.index("While you wait")]
    assert script.index("Start with the warning signs:") < script.index(
        "Then say that you have also had muscle twitching"
    )
    assert script.count("<li>") == len(set(script.split("<li>")[1:]))  # each sign once
    assert "<strong>When:</strong>" not in main and "What might be causing it" not in main
    assert "Start a new questionnaire" not in main
    assert "Change an answer" in main  # a mistaken tick can still be put right
