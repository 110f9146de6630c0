"""Finding a medicine by name on the medicines step: without JavaScript (a Search button, and a plain
GET) and as an HTMX fragment while typing; the medicines picked add their classes to the answers the
engine reasons on, and names not in the list are kept as typed, for the check page and the doctor."""

from __future__ import annotations

import pytest

from tests.helpers import CALM, HTMX, answer_steps
from triage.knowledge.published import get_knowledge
from triage.models import Assessment

pytestmark = pytest.mark.django_db

STEP = "/step/medicines/"
SEARCH = "/step/medicines/medicines/"
AFTER = {code: answers for code, answers in CALM.items() if code in ("symptoms", "general")}


@pytest.fixture
def at_medicines(client):
    answer_steps(client, CALM, upto="medicines")
    return client


def finish(client, medicines_step: dict) -> Assessment:
    """Post the medicines step, then the rest, and get the results."""
    response = client.post(STEP, medicines_step)
    assert response.status_code == 302, response.content.decode()[:3000]
    answer_steps(client, AFTER)
    response = client.post("/check/")
    assert response.status_code == 302
    return Assessment.objects.get(pk=response["Location"].split("/")[2])


def test_the_medicines_step_offers_find_a_medicine_by_name_under_the_classes(at_medicines):
    html = at_medicines.get(STEP).content.decode()
    assert "Find a medicine by name" in html
    assert html.index('name="medicines"') < html.index('id="medicine-query"')
    # A real form: a search box with a Search button that works without JavaScript, and the live
    # search for when it runs.
    assert 'name="medicine_search"' in html
    assert f'hx-get="{SEARCH}"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html


def test_searching_without_javascript_keeps_what_was_ticked_and_lists_the_matches_grouped(at_medicines):
    response = at_medicines.post(
        STEP, {"medicines": ["med-statin"], "medicine_query": "ciproflox", "medicine_search": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "checked" in html.split('value="med-statin"')[1].split(">")[0]
    assert "Counts as: An antibiotic" in html
    assert 'name="medicine" value="ciprofloxacin" id="match-ciprofloxacin"' in html
    # Its names in the person's region (the United Kingdom unless they chose another).
    assert "Ciprofloxacin (Ciproxin)" in html
    # A search is not an answer: nothing was checked or saved.
    assert "There is a problem" not in html
    assert "medicines" not in at_medicines.session["questionnaire"]["answers"]


def test_a_plain_get_searches_too(at_medicines):
    response = at_medicines.get(SEARCH, {"medicine_query": "Zoloft"})
    assert response.status_code == 302
    assert response["Location"] == f"{STEP}?medicine_query=Zoloft"
    html = at_medicines.get(response["Location"]).content.decode()
    assert "Counts as: Antidepressants" in html
    assert 'value="sertraline" id="match-sertraline"' in html
    assert 'value="Zoloft"' in html  # the box keeps what was typed


def test_the_live_search_answers_with_an_htmx_fragment_of_matches(at_medicines):
    response = at_medicines.get(SEARCH, {"medicine_query": "樂復得", "medicine": ["lithium"]}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert 'value="sertraline" id="match-sertraline"' in html
    assert "Counts as: Antidepressants" in html
    # The medicines named so far come back beside the matches, still ticked.
    assert '<div id="medicines-picked" hx-swap-oob="true">' in html
    assert 'id="picked-lithium" checked' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_name_not_in_the_list_can_be_added_as_typed_with_htmx_and_without(at_medicines):
    html = at_medicines.get(SEARCH, {"medicine_query": "Magnesium glycinate"}, **HTMX).content.decode()
    assert "is not in our list of medicines" in html
    assert 'name="medicine_add" value="Magnesium glycinate"' in html
    html = at_medicines.get(SEARCH, {"medicine_add": "Magnesium glycinate"}, **HTMX).content.decode()
    assert 'name="medicine_typed" value="Magnesium glycinate"' in html
    html = at_medicines.post(
        STEP, {"medicines": ["med-none"], "medicine_query": "Magnesium glycinate", "medicine_add": "x"}
    ).content.decode()
    assert 'name="medicine_typed" value="x"' in html
    assert 'value="Magnesium glycinate"' not in html.split('id="medicine-query"')[1].split(">")[0]


def test_picking_medicines_adds_their_classes_and_the_engine_reasons_on_them(at_medicines):
    step = {
        "medicines": ["med-none"],
        "medicine": ["theophylline", "ciprofloxacin"],
        "_shown": ["medicine-change", "medicine-change-when"],
        "medicine-change": "med-changed-yes",
        "medicine-change-when": "mcw-days",
    }
    assessment = finish(at_medicines, step)
    # "None of these" gives way to the classes of the medicines named.
    assert assessment.answers["medicines"] == ["med-theophylline", "med-antibiotic"]
    listed = [c["code"] for tier in assessment.result["tiers"].values() for c in tier]
    assert "medication-side-effect" in listed
    assert [m["code"] for m in assessment.medicines["named"]] == ["theophylline", "ciprofloxacin"]


def test_the_medicine_change_question_appears_when_a_picked_medicine_opens_it(at_medicines):
    # Without JavaScript: Continue shows the follow-up rather than going on.
    response = at_medicines.post(STEP, {"medicine": ["sertraline"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please answer the extra question" in html
    assert 'name="medicine-change"' in html
    # With it: ticking the medicine brings the question in at once.
    live = at_medicines.post(f"{STEP}check/", {"medicine": ["sertraline"]}, **HTMX).content.decode()
    assert '<div id="q-medicine-change" hx-swap-oob="outerHTML">' in live
    assert 'name="medicine-change"' in live
    # A medicine in no class opens nothing.
    html = at_medicines.post(STEP, {"medicines": ["med-none"], "medicine": ["amlodipine"]})
    assert html.status_code == 302


def test_a_name_not_in_the_list_is_kept_and_shown_on_the_check_page_and_to_the_doctor(at_medicines):
    response = at_medicines.post(
        STEP,
        {
            "medicines": ["med-unsure"],
            "medicine": ["lithium"],
            "medicine_typed": ["Zinc \x07tablets", "<b>Bold</b>"],
            "_shown": ["medicine-change"],
            "medicine-change": "med-changed-no",
        },
    )
    assert response.status_code == 302
    answer_steps(at_medicines, AFTER)
    check = at_medicines.get("/check/").content.decode()
    assert "Medicines named" in check and "Lithium" in check
    assert "Not in our list, as typed" in check and "Zinc tablets" in check
    assert "&lt;b&gt;Bold&lt;/b&gt;" in check and "<b>Bold" not in check
    results = at_medicines.post("/check/")["Location"]
    assessment = Assessment.objects.get()
    assert assessment.medicines == {
        "named": [{"code": "lithium", "name": "Lithium", "chinese": "鋰鹽"}],
        "typed": ["Zinc tablets", "<b>Bold</b>"],
    }
    summary = at_medicines.get(f"{results}print/").content.decode()
    assert "Medicines named:" in summary and "<strong>Lithium</strong>" in summary
    assert "Not in our list, as typed:" in summary and "Zinc tablets" in summary
    assert "&lt;b&gt;Bold&lt;/b&gt;" in summary
    chinese = at_medicines.get(f"{results}print/?in=zh-hant").content.decode()
    assert "Lithium（鋰鹽）" in chinese


def test_text_left_in_the_search_box_is_never_dropped(at_medicines):
    # A name that is exactly one medicine's is picked.
    response = at_medicines.post(STEP, {"medicines": ["med-none"], "medicine_query": "Lustral"})
    assert "Please answer the extra question" in response.content.decode()
    # Anything else asks the person to pick it or add it, and shows what the search finds.
    response = at_medicines.post(STEP, {"medicines": ["med-none"], "medicine_query": "sert"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#q-medicine_query"' in html
    assert 'value="sertraline" id="match-sertraline"' in html
    assert 'name="medicine_add" value="sert"' in html
    # Text that names a medicine already picked is dealt with.
    response = at_medicines.post(
        STEP, {"medicines": ["med-none"], "medicine": ["amlodipine"], "medicine_query": "Norvasc"}
    )
    assert response.status_code == 302


def test_going_back_shows_the_medicines_named_and_the_persons_own_ticks(at_medicines):
    at_medicines.post(
        STEP,
        {
            "medicines": ["med-statin"],
            "medicine": ["sertraline"],
            "medicine_typed": ["Zinc"],
            "_shown": ["medicine-change"],
            "medicine-change": "med-changed-no",
        },
    )
    html = at_medicines.get(STEP).content.decode()
    assert 'id="picked-sertraline" checked' in html
    assert 'name="medicine_typed" value="Zinc"' in html
    assert "checked" in html.split('value="med-statin"')[1].split(">")[0]
    # The class the medicine brought is in the answers, not ticked as if the person had ticked it.
    assert "checked" not in html.split('value="med-antidepressant"')[1].split(">")[0]
    answers = at_medicines.session["questionnaire"]["answers"]
    # Both, in the order the question lists them.
    order = [o.code for o in get_knowledge().questions["medicines"].options]
    assert answers["medicines"] == sorted(["med-antidepressant", "med-statin"], key=order.index)


def test_a_tampered_medicine_code_is_ignored(at_medicines):
    response = at_medicines.post(STEP, {"medicines": ["med-none"], "medicine": ["no-such-medicine"]})
    assert response.status_code == 302
    assert at_medicines.session["questionnaire"]["medicines"]["picked"] == []


def test_the_search_is_only_on_the_medicines_step(client):
    answer_steps(client, CALM, upto="medicines")
    assert client.get("/step/onset/medicines/", {"medicine_query": "x"}, **HTMX).status_code == 404
