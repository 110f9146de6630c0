"""A clinician can take the public questionnaire, and open any scenario's results page, as the draft
would make them: every page says it is a preview, nothing is saved, the answers stay apart from a
real journey's, and nobody else can ever see it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests.admin_data import staff_user
from tests.helpers import CALM, HTMX, answer_steps, complete
from triage.knowledge import draft
from triage.models import Assessment, Condition, Question, Scenario
from triage.questionnaire import preview
from triage.questionnaire.journey import PREVIEW_SESSION_KEY, SESSION_KEY
from triage.questionnaire.preview import PREVIEW_KEY

pytestmark = pytest.mark.django_db

BANNER = "Preview of the draft — not what the public sees."
START_PREVIEW = "/admin/triage/preview/"
DRAFT_QUESTION = "In the draft only: do you have any of these right now?"
SCENARIO = "student-eyelid-caffeine-exams"


def signed_in(group: str | None, username: str = "clinician", **kwargs) -> Client:
    client = Client()
    client.force_login(staff_user(username, group, **kwargs))
    return client


@pytest.fixture
def editor_client() -> Client:
    return signed_in("Clinical editor", "editor")


@pytest.fixture
def previewing(editor_client: Client) -> Client:
    response = editor_client.post(START_PREVIEW)
    assert response.status_code == 302 and response["Location"] == "/"
    return editor_client


@pytest.fixture
def draft_question() -> Question:
    """The first question, its text edited in the draft and not published."""
    question = Question.objects.get(code="emergency-signs")
    question.text = DRAFT_QUESTION
    question.save()
    return question


def ticked(page, code: str) -> bool:
    return re.search(rf'<input [^>]*value="{code}"[^>]* checked', page.text) is not None


def forged(client: Client) -> Client:
    session = client.session
    session[PREVIEW_KEY] = True
    session.save()
    return client


# Turning it on and off ---------------------------------------------------------------------------


def test_a_clinical_editor_turns_preview_on_and_every_page_then_shows_the_banner(previewing):
    for url in ("/", "/step/start/"):
        page = previewing.get(url)
        assert page.status_code == 200
        assert BANNER in page.text and "Nothing is saved." in page.text
        assert 'action="/preview/stop/"' in page.text


def test_a_clinical_lead_may_preview_too():
    client = signed_in("Clinical lead", "lead")
    assert client.post(START_PREVIEW).status_code == 302
    assert BANNER in client.get("/").text


def test_stopping_the_preview_turns_it_off_and_goes_back_to_the_admin(previewing):
    response = previewing.post("/preview/stop/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert BANNER not in previewing.get("/").text
    assert PREVIEW_KEY not in previewing.session


def test_the_admin_home_page_offers_the_preview_to_a_clinician(editor_client):
    page = editor_client.get("/admin/")
    assert f'action="{START_PREVIEW}"' in page.text
    assert "Preview the questionnaire with the draft" in page.text


def test_preview_is_turned_on_by_a_post_only(editor_client):
    assert editor_client.get(START_PREVIEW).status_code == 405
    assert PREVIEW_KEY not in editor_client.session


# The public can never turn it on or see it ---------------------------------------------------------


def test_someone_not_signed_in_cannot_turn_preview_on(client):
    response = client.post(START_PREVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert PREVIEW_KEY not in client.session
    assert BANNER not in client.get("/").text


def test_a_signed_in_member_of_the_public_cannot_turn_preview_on():
    client = signed_in(None, "member", is_staff=False)
    response = client.post(START_PREVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert PREVIEW_KEY not in client.session


def test_staff_without_a_clinical_role_are_told_who_can_preview():
    client = signed_in(None, "office")
    response = client.post(START_PREVIEW)
    assert response.status_code == 403
    assert "Only clinical editors and clinical leads can preview the draft." in response.text
    assert PREVIEW_KEY not in client.session


@pytest.mark.parametrize("who", ["anonymous", "member of the public", "staff without a role"])
def test_a_forged_preview_flag_is_ignored(client, draft_question, who):
    if who == "member of the public":
        client.force_login(staff_user("member", None, is_staff=False))
    elif who == "staff without a role":
        client.force_login(staff_user("office", None))
    forged(client)
    for url in ("/", "/step/start/"):
        page = client.get(url)
        assert BANNER not in page.text
    assert DRAFT_QUESTION not in client.get("/step/start/").text
    assert client.get("/preview/results/").status_code == 404


def test_a_clinician_who_loses_their_role_stops_previewing(previewing, draft_question):
    User.objects.get(username="editor").groups.clear()
    page = previewing.get("/step/start/")
    assert BANNER not in page.text and DRAFT_QUESTION not in page.text


# The draft, and nothing saved ----------------------------------------------------------------------


def test_the_draft_s_edited_text_shows_in_preview_but_not_publicly(client, editor_client, draft_question):
    assert DRAFT_QUESTION not in client.get("/step/start/").text
    # A clinician not previewing sees what the public sees too.
    assert DRAFT_QUESTION not in editor_client.get("/step/start/").text
    editor_client.post(START_PREVIEW)
    assert DRAFT_QUESTION in editor_client.get("/step/start/").text


def test_a_finished_preview_shows_results_and_saves_no_assessment(previewing):
    before = Assessment.objects.count()
    answer_steps(previewing, CALM)
    response = previewing.post("/check/")
    assert response.status_code == 302 and response["Location"] == "/preview/results/"
    page = previewing.get("/preview/results/")
    assert page.status_code == 200
    assert "Your results" in page.text and BANNER in page.text
    assert "This is a preview, so nothing is saved" in page.text
    assert "The draft knowledge, not yet published" in page.text
    assert "/print/" not in page.text and "summary.pdf" not in page.text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert Assessment.objects.count() == before


def test_an_emergency_answer_in_a_preview_goes_to_unsaved_results(previewing):
    before = Assessment.objects.count()
    response = previewing.post("/step/start/", {"emergency-signs": ["em-breathing"]})
    assert response.status_code == 302 and response["Location"] == "/preview/results/"
    page = previewing.get("/preview/results/")
    assert "Call 999" in page.text and BANNER in page.text
    assert Assessment.objects.count() == before


def test_preview_results_before_the_answers_are_in_send_the_clinician_to_the_first_step(previewing):
    response = previewing.get("/preview/results/")
    assert response.status_code == 302 and response["Location"] == "/step/start/"


def test_preview_results_follow_the_draft_as_it_changes(previewing):
    answer_steps(previewing, CALM)
    condition = Condition.objects.get(code="benign-twitches")
    condition.name = "A name only the draft has"
    condition.save()
    assert "A name only the draft has" in previewing.get("/preview/results/").text


def test_preview_answers_stay_apart_from_a_real_journey(editor_client):
    answer_steps(editor_client, CALM, upto="onset")
    real = editor_client.session[SESSION_KEY]
    assert ticked(editor_client.get("/step/start/"), "em-none")
    editor_client.post(START_PREVIEW)
    # The preview starts afresh: the real journey's answers are not ticked.
    assert not ticked(editor_client.get("/step/start/"), "em-none")
    answer_steps(editor_client, {"start": {"emergency-signs": ["em-none"]}})
    editor_client.post("/restart/")
    assert editor_client.session[SESSION_KEY] == real
    answer_steps(editor_client, {"start": {"emergency-signs": ["em-none"]}})
    assert PREVIEW_SESSION_KEY in editor_client.session
    editor_client.post("/preview/stop/")
    assert editor_client.session[SESSION_KEY] == real
    assert PREVIEW_SESSION_KEY not in editor_client.session


def test_a_real_journey_finished_after_a_preview_is_saved_as_before(previewing):
    answer_steps(previewing, CALM)
    previewing.post("/preview/stop/")
    before = Assessment.objects.count()
    assert complete(previewing).startswith("/results/")
    assert Assessment.objects.count() == before + 1


def test_a_preview_builds_the_draft_once_per_request(previewing, monkeypatch):
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return draft.build_knowledge(*args, **kwargs)

    monkeypatch.setattr(preview, "build_knowledge", counted)
    assert previewing.get("/step/start/").status_code == 200
    assert len(calls) == 1
    answer_steps(previewing, CALM)
    calls.clear()
    previewing.post("/step/general/check/", CALM["general"], **HTMX)
    previewing.get("/preview/results/")
    assert len(calls) == 2


def test_a_public_page_never_builds_the_draft(client, monkeypatch):
    monkeypatch.setattr(preview, "build_knowledge", lambda *a, **k: pytest.fail("built the draft"))
    assert client.get("/step/start/").status_code == 200
    assert complete(client).startswith("/results/")


# A scenario's results as the draft would render them ----------------------------------------------


def scenario_preview_url(code: str = SCENARIO) -> str:
    return f"/admin/triage/scenario/{Scenario.objects.get(code=code).pk}/preview/"


def test_a_scenario_s_results_render_against_the_draft_with_the_banner(editor_client):
    condition = Condition.objects.get(code="benign-twitches")
    condition.name = "A name only the draft has"
    condition.save()
    before = Assessment.objects.count()
    page = editor_client.get(scenario_preview_url())
    assert page.status_code == 200
    scenario = Scenario.objects.get(code=SCENARIO)
    assert BANNER in page.text and f"The results of the scenario “{scenario.name}”" in page.text
    assert "A name only the draft has" in page.text
    assert "This is a preview, so nothing is saved" in page.text
    assert "/print/" not in page.text
    assert f'href="/admin/triage/scenario/{scenario.pk}/change/"' in page.text
    assert Assessment.objects.count() == before


def test_a_scenario_preview_leaves_the_session_out_of_preview_mode(editor_client):
    editor_client.get(scenario_preview_url())
    assert BANNER not in editor_client.get("/").text


def test_the_scenario_runner_and_a_scenario_s_page_link_to_its_preview(editor_client):
    url = scenario_preview_url()
    runner = editor_client.get("/admin/triage/scenario/run/")
    assert f'href="{url}"' in runner.text
    change = editor_client.get(url.replace("/preview/", "/change/"))
    assert f'href="{url}"' in change.text and "Preview results with the draft" in change.text


def test_nobody_but_a_clinician_opens_a_scenario_preview(client):
    url = scenario_preview_url()
    assert client.get(url)["Location"].startswith("/admin/login/")
    assert signed_in(None, "office").get(url).status_code == 403
    assert (
        signed_in("Clinical editor", "editor").get("/admin/triage/scenario/999999/preview/").status_code
        == 404
    )


def test_a_clinician_with_no_region_chosen_is_asked_for_one_before_a_scenario_preview(editor_client):
    editor_client.cookies.pop(settings.REGION_COOKIE_NAME)
    page = editor_client.get(scenario_preview_url())
    assert page.status_code == 200
    assert 'name="region"' in page.text
