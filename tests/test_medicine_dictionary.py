"""The medicine dictionary: knowledge clinicians edit (fixtures/medicines.json), its names in each
region and in Chinese, and finding a medicine by any of them, accents and case aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from triage import medicines
from triage.knowledge.published import get_knowledge
from triage.medicines import MEDICINES_QUESTION
from triage.models import Medicine

FIXTURE = Path(settings.FIXTURE_DIRS[0]) / "medicines.json"


def shipped() -> list[dict]:
    return [item["fields"] for item in json.loads(FIXTURE.read_text(encoding="utf-8"))]


def found(query: str) -> list[str]:
    return [match.medicine.code for match in medicines.find(get_knowledge(), query)]


def test_the_dictionary_has_at_least_150_medicines_each_citing_a_source():
    items = shipped()
    assert len(items) >= 150
    assert all(item["sources"] for item in items), [i["code"] for i in items if not i["sources"]]
    sources = {item["fields"]["code"] for item in json.loads((FIXTURE.parent / "sources.json").read_text())}
    assert {code for item in items for (code,) in item["sources"]} <= sources


def test_the_medicines_the_brief_names_are_there_with_their_classes_where_a_source_supports_one():
    by_code = {item["code"]: {code for (code,) in item["findings"]} for item in shipped()}
    assert by_code["theophylline"] == by_code["aminophylline"] == {"med-theophylline"}
    for code in ("ciprofloxacin", "levofloxacin", "clarithromycin", "erythromycin"):
        assert by_code[code] == {"med-antibiotic"}, code
    assert by_code["levothyroxine"] == by_code["liothyronine"] == {"med-thyroid"}
    psychosis = (
        "haloperidol",
        "olanzapine",
        "risperidone",
        "quetiapine",
        "metoclopramide",
        "prochlorperazine",
    )
    for code in psychosis:
        assert by_code[code] == {"med-antipsychotic"}, code
    assert by_code["sertraline"] == {"med-antidepressant"}
    assert by_code["furosemide"] == {"med-diuretic"}
    assert by_code["pseudoephedrine"] == {"med-stimulant"}
    assert by_code["lithium"] == {"med-lithium"}
    # No class fits these: they are named medicines only.
    for code in ("denosumab", "senna", "lactulose", "amlodipine", "ibuprofen"):
        assert by_code[code] == set(), code


@pytest.mark.django_db
def test_a_medicine_stands_only_for_answers_to_the_medicines_question():
    for medicine in Medicine.objects.prefetch_related("findings__question"):
        for finding in medicine.findings.all():
            assert finding.question.code == MEDICINES_QUESTION and not finding.exclusive, medicine.code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "generic"),
    [
        ("Lustral", "sertraline"),  # the United Kingdom
        ("Zoloft", "sertraline"),  # the United States
        ("樂復得", "sertraline"),  # Taiwan, in Chinese
        ("Cipramil", "citalopram"),  # Australia
        ("Synthroid", "levothyroxine"),
        ("Eutroxsig", "levothyroxine"),
        ("甲狀腺素", "levothyroxine"),
        ("Uniphyllin Continus", "theophylline"),
        ("茶鹼", "theophylline"),
        ("Cipro", "ciprofloxacin"),
        ("Ciproxin", "ciprofloxacin"),
        ("速博新", "ciprofloxacin"),
        ("Haldol", "haloperidol"),
        ("Serenace", "haloperidol"),
        ("albuterol", "salbutamol"),
        ("Sudafed", "pseudoephedrine"),
        ("Lasix", "furosemide"),
        ("Senokot", "senna"),
        ("Prolia", "denosumab"),
        ("鋰", "lithium"),
    ],
)
def test_searching_by_a_brand_name_in_each_region_or_a_chinese_name_finds_the_generic(query, generic):
    assert found(query)[0] == generic


@pytest.mark.django_db
def test_matching_ignores_accents_case_spaces_and_punctuation():
    assert found("SERTRALINE")[0] == "sertraline"
    assert found("sértralìne")[0] == "sertraline"
    assert found("ＺＯＬＯＦＴ")[0] == "sertraline"
    assert found("co amoxiclav")[0] == "co-amoxiclav"
    assert found("uniphyllin-continus")[0] == "theophylline"


@pytest.mark.django_db
def test_a_whole_name_comes_before_names_that_only_start_with_what_was_typed():
    assert found("Cipro")[0] == "ciprofloxacin"
    assert "citalopram" not in found("Cipro")
    assert found("insulin")[:1] and all(code.startswith("insulin") for code in found("insulin"))


@pytest.mark.django_db
def test_a_few_letters_find_the_start_of_a_name_or_of_one_of_its_words_not_the_middle():
    assert set(found("cip")) == {"ciprofloxacin", "citalopram", "escitalopram"}  # Cipramil, Cipralex
    assert "rabeprazole" not in found("cip")  # Aciphex
    assert found("glargine") == ["insulin-glargine"]
    assert found("thyrox")[0] == "levothyroxine"  # inside "levothyroxine", from four letters


@pytest.mark.django_db
def test_one_letter_finds_nothing_but_one_chinese_character_does():
    assert found("s") == []
    assert found("鋰") == ["lithium"]


def test_a_name_typed_is_kept_without_control_characters_and_no_longer_than_the_limit():
    assert medicines.typed_name("  Magnesium\x00 glycinate\n\u202eevil\u200b ") == "Magnesium glycinate evil"
    assert len(medicines.typed_name("x" * 500)) == medicines.TYPED_LENGTH
    assert medicines.typed_names(["Foo", "FOO", "  ", "fóo", "Bar"]) == ("Foo", "Bar")


@pytest.mark.django_db
def test_the_admin_change_page_of_a_medicine_opens_for_a_clinician(client, editor):
    client.force_login(editor)
    medicine = Medicine.objects.get(code="sertraline")
    html = client.get(f"/admin/triage/medicine/{medicine.pk}/change/").content.decode()
    assert "Sertraline" in html
    assert "樂復得" in html
    assert "Names in Taiwan" in html or "names in Taiwan" in html
    # The answers it may stand for are the kinds of medicine, ticked where it stands for one.
    assert 'value="' in html and "Antidepressants" in html
    assert "None of these" not in html
    assert client.get("/admin/triage/medicine/").status_code == 200
    assert client.get(f"/admin/triage/medicine/{medicine.pk}/history/").status_code == 200


@pytest.mark.django_db
def test_a_clinician_adds_a_medicine_in_the_admin_and_it_reaches_the_draft(client, editor):
    from triage.knowledge.draft import build_knowledge
    from triage.models import Finding, Source

    client.force_login(editor)
    response = client.post(
        "/admin/triage/medicine/add/",
        {
            "name": "Bupropion",
            "code": "bupropion",
            "names_gb": "Zyban",
            "names_us": "Wellbutrin, Zyban",
            "names_tw": "威博雋, Wellbutrin",
            "names_au": "Zyban",
            "findings": [Finding.objects.get(code="med-antidepressant").pk],
            "sources": [Source.objects.get(code="nhs-med-sertraline").pk],
            "change_reason": "Bupropion is prescribed to stop smoking (NHS)",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = build_knowledge()
    assert draft.medicine["bupropion"].findings == {"med-antidepressant"}
    assert draft.medicine["bupropion"].names_tw == ("威博雋", "Wellbutrin")
    assert [m.medicine.code for m in medicines.find(draft, "威博雋")] == ["bupropion"]


@pytest.mark.django_db
def test_a_medicine_cannot_stand_for_none_of_these_or_an_answer_to_another_question(client, editor):
    from triage.models import Finding, Source

    client.force_login(editor)
    response = client.post(
        "/admin/triage/medicine/add/",
        {
            "name": "Nothing",
            "code": "nothing",
            "findings": [Finding.objects.get(code="med-none").pk, Finding.objects.get(code="loc-calves").pk],
            "sources": [Source.objects.get(code="nhs-med-sertraline").pk],
            "change_reason": "Bupropion is prescribed to stop smoking (NHS)",
        },
    )
    assert response.status_code == 200
    assert not Medicine.objects.filter(code="nothing").exists()


def test_the_knowledge_check_refuses_a_medicine_without_a_source_or_standing_for_another_answer():
    from dataclasses import replace

    from tests.factories import SOURCE, knowledge, question
    from triage import engine
    from triage.knowledge.check import ERROR, check

    base = knowledge(
        {"s1": [question(MEDICINES_QUESTION, ["med-statin", "med-none"], exclusive=("med-none",))]},
        conditions=[],
        red_flags=[],
    )
    fine = engine.MedicineInfo(code="atorvastatin", name="Atorvastatin", findings=frozenset({"med-statin"}))
    bad = engine.MedicineInfo(code="odd", name="Odd", findings=frozenset({"med-none", "no-such-answer"}))
    problems = check(replace(base, medicines=(replace(fine, sources=(SOURCE,)), bad)))
    about = [(p.level, p.message) for p in problems if p.model == "medicine"]
    assert about == [
        (ERROR, "This medicine cites no source. Add at least one."),
        (
            ERROR,
            "It stands for 'Label med-none', which is not a kind of medicine in the answers to "
            "'medicines'. Pick those answers only.",
        ),
        (ERROR, "It stands for an answer that does not exist (no-such-answer)."),
    ]


@pytest.mark.django_db
def test_a_change_to_a_medicine_is_a_change_waiting_with_its_names_before_and_after():
    from triage.knowledge.releases import draft_status

    Medicine.objects.filter(code="sertraline").update(names_tw="樂復得, 左洛復, Zoloft")
    status = draft_status()
    assert status.waiting == 1
    medicines_changed = status.diff.of("medicines")
    assert [item.name for item in medicines_changed.changed] == ["Sertraline"]
    (change,) = medicines_changed.changed[0].fields
    assert change.words == "names in Taiwan"
    assert "左洛復" in change.html()
