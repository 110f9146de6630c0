"""The FHIR R4 export: the published questionnaire as a Questionnaire, each saved assessment as a
Bundle that an electronic health record can take in, read back, and downloaded by staff only."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.admin_data import staff_user
from tests.helpers import CALM, SCENARIO_FILES, complete
from triage import engine
from triage.interop import exports, fhir
from triage.models import Assessment, Release
from triage.questionnaire.results import result_data

pytestmark = pytest.mark.django_db

BASE = "urn:twitch-triage"
FINDINGS = "urn:twitch-triage:finding"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def published_questionnaire() -> Questionnaire:
    """The download's JSON, parsed back with fhir.resources: the check that it is valid FHIR."""
    resource, _ = exports.published_questionnaire()
    return Questionnaire.model_validate_json(exports.as_json(resource))


def question_items(questionnaire: Questionnaire) -> dict[str, tuple[str, object]]:
    """linkId → (the linkId of its step's group, the item), in questionnaire order: the questions,
    not the introductions and warning signs shown between them."""
    return {
        q.linkId: (group.linkId, q) for group in questionnaire.item for q in group.item if q.type == "choice"
    }


def assessment_from(answers: dict, knowledge: engine.Knowledge) -> dict:
    cleaned = engine.clean_answers(answers, knowledge)
    outcome = engine.assess(cleaned, knowledge)
    return {
        "answers": {code: list(codes) for code, codes in cleaned.items()},
        "result": result_data(outcome, cleaned, knowledge),
    }


def calm_answers() -> dict:
    return {code: [a] if isinstance(a, str) else a for step in CALM.values() for code, a in step.items()}


def exported(saved: dict, *, version: int | None = 1, assessment_id: uuid.UUID | None = None) -> Bundle:
    bundle = fhir.assessment_bundle(
        assessment_id=assessment_id or uuid.uuid4(),
        created=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        answers=saved["answers"],
        result=saved["result"],
        version=version,
        base=BASE,
    )
    return Bundle.model_validate_json(exports.as_json(bundle))


def resources(bundle: Bundle, kind: str) -> list:
    return [entry.resource for entry in bundle.entry if entry.resource.get_resource_type() == kind]


def conformance_problems(response: QuestionnaireResponse, questionnaire: Questionnaire) -> list[str]:
    """Where a response does not fit its questionnaire: an unknown item, an item outside its step's
    group, an answer that is not one of the options, several answers to a one-answer question, or an
    answer to a follow-up question whose trigger was not given."""
    items = question_items(questionnaire)
    given = fhir.answers_from_questionnaire_response(response)
    problems = []
    for group in response.item:
        for item in group.item:
            if item.linkId not in items:
                problems.append(f"{item.linkId} is not in the questionnaire")
                continue
            step, question = items[item.linkId]
            options = {(o.valueCoding.system, o.valueCoding.code) for o in question.answerOption}
            codings = [(a.valueCoding.system, a.valueCoding.code) for a in item.answer]
            if group.linkId != step:
                problems.append(f"{item.linkId} is in {group.linkId}, not {step}")
            if not set(codings) <= options:
                problems.append(f"{item.linkId} has answers that are not its options: {codings}")
            if not question.repeats and len(codings) > 1:
                problems.append(f"{item.linkId} takes one answer, not {len(codings)}")
            triggers = {(w.question, w.answerCoding.code) for w in question.enableWhen or ()}
            if triggers and not any(code in given.get(q, []) for q, code in triggers):
                problems.append(f"{item.linkId} is answered but none of its triggers was given")
    return problems


# The questionnaire ------------------------------------------------------------------------------


def test_the_published_questionnaire_is_valid_fhir_with_the_release_as_its_version(knowledge):
    questionnaire = published_questionnaire()
    assert questionnaire.url == "urn:twitch-triage:questionnaire"
    assert questionnaire.version == str(knowledge.revision) == "1"
    assert questionnaire.status == "active"
    assert [group.linkId for group in questionnaire.item] == [f"step:{s.code}" for s in knowledge.steps]
    assert {group.type for group in questionnaire.item} == {"group"}


def test_each_question_offers_its_answers_as_codings_of_our_finding_system(knowledge):
    items = question_items(published_questionnaire())
    assert list(items) == list(knowledge.questions)
    for code, question in knowledge.questions.items():
        _, item = items[code]
        assert item.type == "choice"
        assert item.text == question.text
        assert item.repeats is (question.kind == "multiple")
        assert item.required is question.required
        offered = [
            (o.valueCoding.system, o.valueCoding.code, o.valueCoding.display) for o in item.answerOption
        ]
        assert offered == [(FINDINGS, o.code, o.label) for o in question.options]


def test_follow_up_questions_are_enabled_by_any_of_their_trigger_answers(knowledge):
    items = question_items(published_questionnaire())
    order = list(items)
    follow_ups = [q for q in knowledge.questions.values() if q.show_when]
    assert follow_ups, "the shipped knowledge has follow-up questions"
    for question in follow_ups:
        _, item = items[question.code]
        # "all" where the question is also left unasked after some answers (one trigger, and not
        # each of those): tests/test_asked_only_where_it_applies.py.
        assert item.enableBehavior == ("all" if question.hide_when else "any")
        shown = {w.answerCoding.code for w in item.enableWhen if w.operator == "="}
        hidden = {w.answerCoding.code for w in item.enableWhen if w.operator == "!="}
        assert (shown, hidden) == (set(question.show_when), set(question.hide_when))
        for when in item.enableWhen:
            assert when.question == knowledge.findings[when.answerCoding.code].question_code
            assert order.index(when.question) < order.index(question.code)
    always = [items[q.code][1] for q in knowledge.questions.values() if not q.show_when]
    assert all(item.enableWhen is None for item in always)


def test_none_of_these_answers_are_marked_exclusive(knowledge):
    items = question_items(published_questionnaire())
    for question in knowledge.questions.values():
        marked = {
            o.valueCoding.code
            for o in items[question.code][1].answerOption
            if any(e.url == fhir.OPTION_EXCLUSIVE and e.valueBoolean for e in o.extension or ())
        }
        assert marked == {o.code for o in question.options if o.exclusive}


def test_no_step_shares_a_link_id_with_a_question(knowledge):
    questionnaire = published_questionnaire()
    link_ids = [g.linkId for g in questionnaire.item] + list(question_items(questionnaire))
    assert len(link_ids) == len(set(link_ids))
    # Nor does any introduction, help text or warning sign, at whatever depth (linkIds are unique).
    every = []
    items = list(questionnaire.item)
    while items:
        item = items.pop()
        every.append(item.linkId)
        items.extend(item.item or ())
    assert len(every) == len(set(every)) > len(link_ids)
    assert {"location"} <= set(knowledge.questions) and knowledge.step("location") is not None


def test_the_code_systems_follow_the_setting(settings):
    settings.FHIR_URI_BASE = "https://terminology.hospital.nhs.uk/twitch-triage"
    questionnaire = published_questionnaire()
    assert questionnaire.url == "https://terminology.hospital.nhs.uk/twitch-triage/questionnaire"
    option = question_items(questionnaire)["emergency-signs"][1].answerOption[0]
    assert option.valueCoding.system == "https://terminology.hospital.nhs.uk/twitch-triage/finding"


# Assessments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_scenario_exports_as_a_valid_bundle_that_reads_back_the_same(path, knowledge):
    saved = assessment_from(json.loads(path.read_text())["answers"], knowledge)
    result = saved["result"]
    bundle = exported(saved)
    assert bundle.type == "collection"
    assert all(entry.fullUrl == f"urn:uuid:{entry.resource.id}" for entry in bundle.entry)

    [response] = resources(bundle, "QuestionnaireResponse")
    assert response.questionnaire == "urn:twitch-triage:questionnaire|1"
    assert response.status == ("completed" if result["ranked"] else "stopped")
    assert fhir.answers_from_questionnaire_response(response) == saved["answers"]
    # Read back against the knowledge, it passes every check: nothing contradicts or is missing.
    checked = fhir.answers_from_questionnaire_response(response, system=FINDINGS, knowledge=knowledge)
    assert checked == saved["answers"]
    assert conformance_problems(response, published_questionnaire()) == []

    observations = resources(bundle, "Observation")
    for observation in observations:
        [category] = observation.category
        assert [(c.system, c.code) for c in category.coding] == [(OBSERVATION_CATEGORY, "survey")]
    [urgency] = [o for o in observations if o.code.coding[0].code == "urgency"]
    assert urgency.valueCodeableConcept.coding[0].code == result["urgency"]
    flags = [o.code.coding[0].code for o in observations if o.code.coding[0].system.endswith(":red-flag")]
    assert flags == [flag["code"] for flag in result["red_flags"]]

    [risk] = resources(bundle, "RiskAssessment")
    listed = [(p.outcome.coding[0].code, p.qualitativeRisk.coding[0].code) for p in risk.prediction or ()]
    assert listed == [(c["code"], tier) for tier, causes in result["tiers"].items() for c in causes]
    assert f"urn:uuid:{response.id}" in {basis.reference for basis in risk.basis}


def test_a_red_flag_names_its_urgency_and_the_answers_that_raised_it(knowledge):
    saved = assessment_from({"emergency-signs": ["em-ascending"]}, knowledge)
    [flag] = [o for o in resources(exported(saved), "Observation") if o.valueBoolean]
    assert flag.code.coding[0].code == "ascending-weakness"
    assert flag.component[0].valueCodeableConcept.coding[0].code == "emergency"
    assert knowledge.findings["em-ascending"].label in flag.note[0].text


def test_the_same_assessment_always_exports_the_same_bundle(knowledge):
    saved = assessment_from(calm_answers(), knowledge)
    assert saved["result"]["tiers"]["most_likely"], "a full questionnaire with a likely cause"
    key = uuid.uuid4()
    first, again = exported(saved, assessment_id=key), exported(saved, assessment_id=key)
    assert exports.as_json(first) == exports.as_json(again)
    assert first.id == str(key)


def test_an_assessment_from_before_releases_points_at_the_questionnaire_without_a_version(knowledge):
    saved = assessment_from({"emergency-signs": ["em-none"]}, knowledge)
    [response] = resources(exported(saved, version=None), "QuestionnaireResponse")
    assert response.questionnaire == "urn:twitch-triage:questionnaire"


def test_reading_back_takes_json_data_and_can_keep_to_one_code_system():
    data = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {
                "linkId": "step:start",
                "item": [
                    {
                        "linkId": "symptoms",
                        "answer": [
                            {"valueCoding": {"system": FINDINGS, "code": "sym-numb"}},
                            {"valueCoding": {"system": "http://snomed.info/sct", "code": "44077006"}},
                        ],
                    }
                ],
            }
        ],
    }
    assert fhir.answers_from_questionnaire_response(data) == {"symptoms": ["sym-numb", "44077006"]}
    assert fhir.answers_from_questionnaire_response(data, system=FINDINGS) == {"symptoms": ["sym-numb"]}


def test_a_questionnaire_ended_by_an_emergency_answer_on_the_first_page_is_stopped(knowledge):
    emergency = assessment_from({"emergency-signs": ["em-ascending"]}, knowledge)
    assert emergency["result"]["ranked"] is False, "the engine records the early end"
    [stopped] = resources(exported(emergency), "QuestionnaireResponse")
    assert stopped.status == "stopped"
    [completed] = resources(exported(assessment_from(calm_answers(), knowledge)), "QuestionnaireResponse")
    assert completed.status == "completed"
    # A result saved before the early end was recorded is of a questionnaire that was finished.
    older = {**emergency, "result": {k: v for k, v in emergency["result"].items() if k != "ranked"}}
    assert resources(exported(older), "QuestionnaireResponse")[0].status == "completed"


def response_data(answers: dict, knowledge: engine.Knowledge, *, status: str = "completed") -> dict:
    """A QuestionnaireResponse as another system might send it: JSON, one group per step."""
    saved = assessment_from(answers, knowledge)
    [response] = resources(exported(saved), "QuestionnaireResponse")
    data = json.loads(response.model_dump_json())
    data["status"] = status
    return data


def with_answers(data: dict, link_id: str, codes: list[str] | None) -> dict:
    """The response with one question's answers replaced (None: the question left out)."""
    for group in data["item"]:
        for item in list(group["item"]):
            if item["linkId"] == link_id:
                if codes is None:
                    group["item"].remove(item)
                else:
                    item["answer"] = [{"valueCoding": {"system": FINDINGS, "code": c}} for c in codes]
    return data


def test_reading_back_refuses_an_exclusive_answer_given_with_another(knowledge):
    data = with_answers(
        response_data(calm_answers(), knowledge), "known-conditions", ["known-none", "known-thyroid"]
    )
    assert fhir.answers_from_questionnaire_response(data)["known-conditions"] == [
        "known-none",
        "known-thyroid",
    ]
    with pytest.raises(
        fhir.InvalidResponse, match=r"known-none .*cannot be given with another answer"
    ) as refused:
        fhir.answers_from_questionnaire_response(data, knowledge=knowledge)
    assert isinstance(refused.value, ValueError), "callers answer a ValueError with a 400, not a 500"
    assert "known-thyroid" in str(refused.value)


def test_reading_back_refuses_a_response_without_a_required_answer(knowledge):
    data = with_answers(response_data(calm_answers(), knowledge), "age", None)
    with pytest.raises(fhir.InvalidResponse, match=r"Required questions not answered: .*\(age\)"):
        fhir.answers_from_questionnaire_response(data, knowledge=knowledge)
    # The same answers sent as "stopped" still need the later pages: only the first page ended it.
    with pytest.raises(fhir.InvalidResponse, match=r"\(age\)"):
        fhir.answers_from_questionnaire_response({**data, "status": "stopped"}, knowledge=knowledge)


def test_a_stopped_response_needs_only_the_first_page_answered(knowledge):
    data = response_data({"emergency-signs": ["em-ascending"]}, knowledge, status="stopped")
    assert fhir.answers_from_questionnaire_response(data, knowledge=knowledge) == {
        "emergency-signs": ["em-ascending"]
    }
    with pytest.raises(fhir.InvalidResponse, match="Required questions not answered"):
        fhir.answers_from_questionnaire_response({**data, "status": "completed"}, knowledge=knowledge)
    empty = {**data, "item": []}
    with pytest.raises(fhir.InvalidResponse, match=r"\(emergency-signs\)"):
        fhir.answers_from_questionnaire_response(empty, knowledge=knowledge)


def test_reading_back_refuses_answers_the_questionnaire_does_not_have(knowledge):
    data = with_answers(response_data(calm_answers(), knowledge), "sides", ["side-one", "side-both"])
    with_answers(data, "spread", ["spread-sideways"])
    with pytest.raises(fhir.InvalidResponse) as refused:
        fhir.answers_from_questionnaire_response(data, knowledge=knowledge)
    assert "(sides) takes one answer, not 2" in str(refused.value)
    assert "(spread) has no answer spread-sideways" in str(refused.value)


def test_reading_back_refuses_what_is_not_a_questionnaire_response_with_a_message(knowledge):
    unnamed = {"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"text": "Age"}]}
    with pytest.raises(
        fhir.InvalidResponse, match=r"not a valid FHIR QuestionnaireResponse.*item\.0\.linkId"
    ):
        fhir.answers_from_questionnaire_response(unnamed)
    with pytest.raises(fhir.InvalidResponse, match="not a valid FHIR QuestionnaireResponse"):
        fhir.answers_from_questionnaire_response({"resourceType": "Patient"})
    withdrawn = response_data(calm_answers(), knowledge, status="entered-in-error")
    with pytest.raises(fhir.InvalidResponse, match="entered-in-error"):
        fhir.answers_from_questionnaire_response(withdrawn, knowledge=knowledge)


# Downloads --------------------------------------------------------------------------------------


@pytest.fixture
def saved_assessment(client) -> Assessment:
    complete(client, CALM)
    client.logout()
    return Assessment.objects.get()


def test_staff_download_an_assessment_as_a_fhir_bundle_of_what_was_saved(client, saved_assessment):
    client.force_login(staff_user("lead", "Clinical lead"))
    response = client.get(f"/admin/triage/assessment/{saved_assessment.pk}/fhir.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="assessment-{saved_assessment.pk}.fhir.json"'
    )
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.id == str(saved_assessment.pk)
    [answers] = resources(bundle, "QuestionnaireResponse")
    assert fhir.answers_from_questionnaire_response(answers) == saved_assessment.answers
    assert answers.questionnaire == f"urn:twitch-triage:questionnaire|{saved_assessment.release.version}"


def test_staff_download_the_published_questionnaire(client):
    client.force_login(staff_user("lead", "Clinical lead"))
    response = client.get("/admin/triage/fhir/questionnaire.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert 'filename="muscle-twitching-questionnaire-v1.fhir.json"' in response["Content-Disposition"]
    assert Questionnaire.model_validate_json(response.content).version == "1"


def test_the_assessment_page_offers_the_fhir_download(client, saved_assessment):
    client.force_login(staff_user("lead", "Clinical lead"))
    page = client.get(f"/admin/triage/assessment/{saved_assessment.pk}/change/").content.decode()
    assert f'href="/admin/triage/assessment/{saved_assessment.pk}/fhir.json"' in page
    assert "Download as FHIR (JSON)" in page


def test_the_releases_page_offers_the_questionnaire_download(client):
    client.force_login(staff_user("editor", "Clinical editor"))
    page = client.get("/admin/triage/release/").content.decode()
    assert 'href="/admin/triage/fhir/questionnaire.json"' in page


def download_urls(assessment: Assessment) -> list[str]:
    return [
        "/admin/triage/fhir/questionnaire.json",
        "/admin/triage/fhir/questionnaire/1.json",
        f"/admin/triage/assessment/{assessment.pk}/fhir.json",
    ]


def publish_again() -> Release:
    """A second release of the same knowledge, as a roll-back would make it."""
    first = Release.objects.get(version=1)
    return Release.objects.create(version=2, snapshot=first.snapshot, note="Again", rolled_back_from=first)


def test_staff_download_the_questionnaire_of_every_release(client):
    publish_again()
    client.force_login(staff_user("editor", "Clinical editor"))
    for version in (1, 2):
        response = client.get(f"/admin/triage/fhir/questionnaire/{version}.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+json"
        assert (
            f'filename="muscle-twitching-questionnaire-v{version}.fhir.json"'
            in response["Content-Disposition"]
        )
        questionnaire = Questionnaire.model_validate_json(response.content)
        assert (questionnaire.url, questionnaire.version) == ("urn:twitch-triage:questionnaire", str(version))
    current = client.get("/admin/triage/fhir/questionnaire.json")
    assert Questionnaire.model_validate_json(current.content).version == "2"
    assert client.get("/admin/triage/fhir/questionnaire/3.json").status_code == 404


def test_each_release_page_offers_its_own_questionnaire(client):
    second = publish_again()
    client.force_login(staff_user("editor", "Clinical editor"))
    for release in (Release.objects.get(version=1), second):
        page = client.get(f"/admin/triage/release/{release.pk}/change/").content.decode()
        assert f'href="/admin/triage/fhir/questionnaire/{release.version}.json"' in page


def test_an_assessment_points_at_its_own_release_after_a_newer_one(client, saved_assessment):
    assert saved_assessment.release.version == 1
    publish_again()
    client.force_login(staff_user("lead", "Clinical lead"))
    bundle = Bundle.model_validate_json(
        client.get(f"/admin/triage/assessment/{saved_assessment.pk}/fhir.json").content
    )
    [answers] = resources(bundle, "QuestionnaireResponse")
    assert answers.questionnaire == "urn:twitch-triage:questionnaire|1"
    versioned = client.get("/admin/triage/fhir/questionnaire/1.json")
    assert Questionnaire.model_validate_json(versioned.content).version == answers.questionnaire.split("|")[1]


def test_an_anonymous_visitor_is_sent_to_sign_in_instead_of_downloading(client, saved_assessment):
    for url in download_urls(saved_assessment):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_signed_in_user_who_is_not_staff_is_sent_to_sign_in(client, saved_assessment):
    client.force_login(staff_user("member", "Clinical lead", is_staff=False))
    for url in download_urls(saved_assessment):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_without_a_clinical_role_are_refused(client, saved_assessment):
    client.force_login(staff_user("receptionist"))
    for url in download_urls(saved_assessment):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("text/html")


def test_an_unknown_assessment_is_not_found(client):
    client.force_login(staff_user("lead", "Clinical lead"))
    assert client.get(f"/admin/triage/assessment/{uuid.uuid4()}/fhir.json").status_code == 404
