"""Parts of public pages rendered once and kept (triage/web/kept.py): a saved result's body and its
summary for the doctor, the layout around a page, a question with nothing ticked. What is kept is
decided by its key alone, so it is the same for everyone who asks with that key; nothing one person
answered, typed or was told is ever served to another, and the page is the one a fresh render makes."""

from __future__ import annotations

import re

import pytest
from crispy_forms.helper import FormHelper
from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict
from django.template import Context
from django.template.loader import render_to_string
from django.test import Client

from tests.admin_data import staff_user
from tests.helpers import CALM, answer_steps, complete, with_changes
from triage import engine
from triage.knowledge.published import get_knowledge
from triage.knowledge.releases import publish_release
from triage.models import Assessment, Question, Step
from triage.questionnaire.fields import kept_field
from triage.questionnaire.forms import StepForm, drawn_question, empty_finder
from triage.questionnaire.journey import SESSION_KEY, Journey
from triage.questionnaire.medicine_finder import MEDICINE_FIELD, finder_context

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)')
WEAKNESS = with_changes(
    symptoms={
        "symptoms": ["sym-weakness", "sym-cramps"],
        "weakness-detail": ["weak-none"],
        "cramp-detail": ["cramp-night"],
        "_shown": ["weakness-detail", "cramp-detail"],
    },
    general={"serious-speed": "speed-weeks", "_shown": ["serious-speed"]},
)


def person(region: str = "gb", language: str = "") -> Client:
    client = Client()
    client.cookies["region"] = region
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def tokens(page: str) -> set[str]:
    return {match[1] for match in TOKEN.findall(page)}


def without_tokens(page: str) -> str:
    return TOKEN.sub(r"\1TOKEN", re.sub(r'name="_submission" value="[^"]+"', "SUBMISSION", page))


def forget_kept() -> None:
    caches["pages"].clear()


def test_a_results_page_from_what_was_kept_is_the_page_a_fresh_render_makes():
    url = complete(person())
    reader = person()
    fresh = reader.get(url).content.decode()
    kept = reader.get(url).content.decode()
    assert without_tokens(kept) == without_tokens(fresh)
    forget_kept()
    assert without_tokens(reader.get(url).content.decode()) == without_tokens(fresh)
    # The part HTMX swaps in is the same body too.
    htmx = reader.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Your results" in htmx and "<html" not in htmx


def test_two_peoples_results_never_share_what_was_kept():
    calm_url = complete(person())
    weak_url = complete(person(), WEAKNESS)
    calm, weak = (
        Assessment.objects.get(pk=calm_url.split("/")[2]),
        Assessment.objects.get(pk=weak_url.split("/")[2]),
    )
    reader = person()
    calm_page = reader.get(calm_url).content.decode()
    weak_page = reader.get(weak_url).content.decode()
    assert calm.reference_display in calm_page and calm.reference_display not in weak_page
    assert weak.reference_display in weak_page and weak.reference_display not in calm_page
    calm_level, weak_level = calm.result["urgency"], weak.result["urgency"]
    assert calm_level != weak_level
    assert f"urgency-banner urgency-{calm_level}" in calm_page and f"urgency-{weak_level}" not in calm_page
    assert f"urgency-banner urgency-{weak_level}" in weak_page and f"urgency-{calm_level}" not in weak_page
    for url, reference in ((calm_url, calm.reference_display), (weak_url, weak.reference_display)):
        summary = reader.get(f"{url}print/").content.decode()
        assert reference in summary
        assert (calm.reference_display in summary) != (weak.reference_display in summary)


def test_each_reader_gets_their_own_token_and_their_own_messages():
    url = complete(person())
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.cookies["region"] = second.cookies["region"] = "gb"
    first_tokens = tokens(first.get(url).content.decode())
    second_page = second.get(url).content.decode()
    second_tokens = tokens(second_page)
    # One token per page, in the header, the language switch and the "Change an answer" form.
    assert len(second_tokens) == 1 and second_page.count(next(iter(second_tokens))) == 3
    assert not first_tokens & second_tokens
    # The kept page's token is this reader's own: their form is accepted.
    change = second.post(f"{url}change/", {"csrfmiddlewaretoken": next(iter(second_tokens))})
    assert change.status_code == 302 and change["Location"] == "/check/"
    # The message their change left is theirs: shown to them once, never to the first reader.
    told = "Your answers are back."
    assert told in second.get("/check/").content.decode()
    assert told not in first.get(url).content.decode()


def test_another_region_or_language_is_another_page():
    url = complete(person())
    british = person("gb").get(url).content.decode()
    american = person("us").get(url).content.decode()
    chinese = person("gb", "zh-hant").get(url).content.decode()
    assert "In an emergency call 999." in british
    assert "In an emergency call 911." in american and "call 999" not in american
    assert 'lang="en-gb"' in british and 'lang="zh-hant"' in chinese
    assert "您的結果" in chinese
    summary_in_english = person("gb", "zh-hant").get(f"{url}print/?in=en-gb").content.decode()
    summary_in_chinese = person("gb", "zh-hant").get(f"{url}print/").content.decode()
    assert 'lang="en-gb"' in summary_in_english and 'lang="zh-hant"' in summary_in_chinese


def test_a_deleted_result_is_never_served_from_what_was_kept():
    url = complete(person())
    reader = person()
    assert reader.get(url).status_code == 200 and reader.get(f"{url}print/").status_code == 200
    Assessment.objects.all().delete()
    assert reader.get(url).status_code == 404
    assert reader.get(f"{url}print/").status_code == 404


def test_a_new_release_shows_on_the_step_page_at_once():
    client = person()
    answer_steps(client, CALM, upto="location")
    before = client.get("/step/location/").content.decode()
    step, question = Step.objects.get(code="location"), Question.objects.get(code="location")
    assert step.title in before and question.text in before
    step.title, question.text = "Where on the body (new title)", "Where is it now (new wording)?"
    step.save()
    question.save()
    publish_release(user=None, note="Reword a step")
    after = client.get("/step/location/").content.decode()
    assert "Where on the body (new title)" in after and "Where is it now (new wording)?" in after
    assert step.title not in before


def test_a_draft_preview_is_never_kept_into_the_public_pages():
    question = Question.objects.get(code="emergency-signs")
    question.text = "In the draft only: any of these now?"
    question.save()
    clinician = person()
    clinician.force_login(staff_user("editor", "Clinical editor"))
    assert clinician.post("/admin/triage/preview/").status_code == 302
    draft_page = clinician.get("/step/start/").content.decode()
    assert "In the draft only: any of these now?" in draft_page
    public = person().get("/step/start/").content.decode()
    assert "In the draft only" not in public and "Preview of the draft" not in public
    # And the public page kept first is not what the preview then shows.
    forget_kept()
    person().get("/step/start/")
    assert "In the draft only: any of these now?" in clinician.get("/step/start/").content.decode()


def test_a_step_page_from_what_was_kept_is_the_page_a_fresh_render_makes():
    first, second = person(), person()
    answer_steps(first, CALM, upto="symptoms")
    answer_steps(second, CALM, upto="symptoms")
    cramps = {"symptoms": ["sym-cramps"], "cramp-detail": ["cramp-night"], "_shown": ["cramp-detail"]}
    assert first.post("/step/symptoms/", cramps).status_code == 302
    forget_kept()
    drawn_question.cache_clear()
    # The first person's page is drawn first, with their ticks; what is kept holds none of them.
    assert 'value="sym-cramps" id="id_symptoms_2" checked' in first.get("/step/symptoms/").content.decode()
    kept = second.get("/step/symptoms/").content.decode()
    assert " checked" not in kept
    forget_kept()
    drawn_question.cache_clear()
    fresh = second.get("/step/symptoms/").content.decode()
    assert without_tokens(kept) == without_tokens(fresh)


def test_a_search_typed_in_the_address_is_not_kept():
    client = person()
    answer_steps(client, CALM, upto="medicines")
    page = client.get("/step/medicines/?q=atorvastatin").content.decode()
    assert "atorvastatin" in page
    size = len(caches["pages"]._cache)  # the keys are hashed: count what the search added
    client.get("/step/medicines/?q=someone-elses-search")
    assert len(caches["pages"]._cache) == size


def test_a_steps_kept_heading_is_its_own_for_each_language_and_step():
    english = person()
    answer_steps(english, CALM, upto="symptoms")
    chinese = person("gb", "zh-hant")
    answer_steps(chinese, CALM, upto="symptoms")
    english.get("/step/about/")
    page = english.get("/step/symptoms/").content.decode()
    assert '<a class="back-link" href="/step/medicines/">Back</a>' in page
    assert '<form id="step-form" method="post" action="/step/symptoms/"' in page
    assert re.search(
        r'<p class="progress-text">Step (\d+) of \d+</p>\s*<progress class="step-progress" value="\1"', page
    )
    chinese_page = chinese.get("/step/symptoms/").content.decode()
    assert '<a class="back-link" href="/step/medicines/">返回</a>' in chinese_page
    assert "第 " in chinese_page and ">Back<" not in chinese_page and "Step " not in chinese_page


def test_the_answers_given_before_a_step_are_what_cleaning_those_answers_alone_gives():
    knowledge = get_knowledge()
    answers = {
        code: values if isinstance(values, list) else [values]
        for step in CALM.values()
        for code, values in step.items()
        if not code.startswith("_")
    }
    # A follow-up whose trigger was not given, and an answer the knowledge does not have: both dropped.
    answers["weakness-detail"] = ["weak-none"]
    answers["symptoms"] = [*answers["symptoms"], "made-up"]
    session = {SESSION_KEY: {"answers": answers, "done": list(CALM)}}
    journey = Journey(session, knowledge)  # type: ignore[arg-type]  # a dict reads as a session does
    assert "weak-none" not in journey.given and "made-up" not in journey.given
    for step in knowledge.steps:
        earlier = journey.answers_before(step)
        assert journey.given_before(step) == engine.given_findings(earlier, knowledge)
        through = {**earlier, **journey.step_answers(step)}
        assert journey.given_through(step) == engine.given_findings(through, knowledge)


def test_crispy_reads_of_a_step_helper_what_it_would_work_out_itself():
    knowledge = get_knowledge()
    step = knowledge.steps[0]
    helper = StepForm(step, knowledge, {}).helper
    assert helper.form_action == ""
    assert helper.get_attributes("bootstrap5") == FormHelper.get_attributes(helper, "bootstrap5")
    # A helper set up otherwise is worked out as crispy does, not from what was kept.
    helper.form_id = "another"
    assert helper.get_attributes("bootstrap5")["attrs"]["id"] == "another"


def test_each_form_has_fields_of_its_own_and_the_kept_field_holds_no_answers():
    knowledge = get_knowledge()
    step = knowledge.step("medicines")
    assert step is not None
    question = next(q for q in step.questions if q.code == "medicines")
    kept = kept_field(question)
    before = dict(vars(kept))
    widget_before = dict(vars(kept.widget))
    picked = StepForm(step, knowledge, {}, data=QueryDict(f"{MEDICINE_FIELD}=sertraline"))
    plain = StepForm(step, knowledge, {}, initial={"medicines": ["med-none"]})
    mine, theirs = picked.fields["medicines"], plain.fields["medicines"]
    assert mine is not theirs and kept not in (mine, theirs)
    assert mine.widget is not theirs.widget and kept.widget not in (mine.widget, theirs.widget)
    assert mine.widget.attrs is not kept.widget.attrs and mine.error_messages is not kept.error_messages
    # A medicine picked answers the question: that person's form alone makes it optional.
    assert mine.required is False and theirs.required is True and kept.required is True
    picked.is_valid()
    plain.helper.render_layout(plain, Context({}))
    assert vars(kept) == before and vars(kept.widget) == widget_before
    # The copy is the field Field.__init__ makes: the same checks, the same errors.
    made = StepForm(step, knowledge, {}, data=QueryDict("medicines=nope"))
    assert not made.is_valid() and made.errors["medicines"] == ["Choose from the answers listed."]


def test_the_medicine_finder_is_kept_only_with_nothing_named_in_it():
    named, plain = person(), person()
    answer_steps(named, CALM, upto="medicines")
    answer_steps(plain, CALM, upto="medicines")
    picked = {
        "medicines": ["med-none"],
        "medicine": ["amlodipine"],
        "medicine_typed": ["Dr Own Tonic"],
    }
    assert named.post("/step/medicines/", picked).status_code == 302
    empty_finder.cache_clear()
    # The person who named medicines sees them; what is kept, drawn next, holds none of them.
    mine = named.get("/step/medicines/").content.decode()
    assert 'id="picked-amlodipine" checked' in mine and "Dr Own Tonic" in mine
    kept = plain.get("/step/medicines/").content.decode()
    assert "amlodipine" not in kept.lower() and "Dr Own Tonic" not in kept
    assert empty_finder.cache_info().currsize == 1
    # What was kept is what the finder draws for nothing named against the real knowledge and region.
    real = finder_context(
        get_knowledge(), step_code="medicines", picked=(), typed=(), query="", region_code="gb"
    )
    assert empty_finder("medicines", settings.LANGUAGE_CODE) == render_to_string(
        "triage/_medicine_finder.html", real
    )
    # Another language is a finder of its own.
    chinese = person("gb", "zh-hant")
    answer_steps(chinese, CALM, upto="medicines")
    assert "藥物名稱" in chinese.get("/step/medicines/").content.decode()
    assert empty_finder.cache_info().currsize == 2
