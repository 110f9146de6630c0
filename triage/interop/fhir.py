"""The questionnaire and saved assessments as FHIR R4 resources, built with fhir.resources' R4B models
(FHIR 4.3, the R4 line: Questionnaire, QuestionnaireResponse, Observation, RiskAssessment and Bundle
are the same there as in 4.0.1), and a QuestionnaireResponse read back into answers.

Pure: an engine `Knowledge` or an assessment's saved answers and result data in, resources out.
Nothing here reads the database or the settings; every URI is made under the `base` passed in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.questionnaire import (
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireItemAnswerOption,
    QuestionnaireItemEnableWhen,
)
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.riskassessment import RiskAssessment, RiskAssessmentPrediction

from triage import engine
from triage.vocabulary import TIERS, Fit, Urgency

# What each code system under the base holds.
FINDING, CONDITION, RED_FLAG, URGENCY, TIER = "finding", "condition", "red-flag", "urgency", "tier"
# The codes of our own Observations, the questionnaire's canonical URL and assessments' identifiers.
RESULT, QUESTIONNAIRE, ASSESSMENT = "result", "questionnaire", "assessment"

OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
LANGUAGE = "en-GB"
# Code-system displays, for the clinician reading the record in another system.
TIER_WORDS = {
    "most_likely": "Most likely",
    "other_likely": "Other likely",
    "do_not_miss": "Do not miss: a doctor must rule it out",
    "rare": "Rare",
}
URGENCY_CODE_WORDS = "How soon to get help"
NOT_A_DIAGNOSIS = (
    "Made by the muscle twitching check from the person's own answers. It is general information, "
    "not a diagnosis: the listed causes are possibilities for a clinician to consider."
)
# Assessments are anonymous: there is no patient to point at, only the person who answered.
ANONYMOUS = "The person who answered the questionnaire (anonymous)"


def uri(base: str, kind: str) -> str:
    """One URI under the base: `urn:twitch-triage` gives `urn:twitch-triage:finding`, an https base
    gives `https://…/finding`."""
    return f"{base}{':' if base.startswith('urn:') else '/'}{kind}"


def step_link_id(code: str) -> str:
    # Codes cannot hold a colon (the models' code validator), so a step's group never shares a
    # linkId with a question: a step and a question may both be called "location".
    return f"step:{code}"


def coding(base: str, kind: str, code: str, display: str | None = None) -> Coding:
    return Coding(system=uri(base, kind), code=code, display=display)


def concept(base: str, kind: str, code: str, display: str) -> CodeableConcept:
    return CodeableConcept(coding=[coding(base, kind, code, display)], text=display)


def urgency_concept(base: str, urgency: str) -> CodeableConcept:
    return concept(base, URGENCY, urgency, str(Urgency(urgency).label))


# The questionnaire ------------------------------------------------------------------------------


def question_item(question: engine.QuestionInfo, knowledge: engine.Knowledge, base: str) -> QuestionnaireItem:
    options = [
        QuestionnaireItemAnswerOption(
            valueCoding=coding(base, FINDING, option.code, option.label),
            extension=[Extension(url=OPTION_EXCLUSIVE, valueBoolean=True)] if option.exclusive else None,
        )
        for option in question.options
    ]
    # A follow-up question is asked when any one of its trigger answers is given.
    enable_when = [
        QuestionnaireItemEnableWhen(
            question=knowledge.findings[code].question_code,
            operator="=",
            answerCoding=coding(base, FINDING, code, knowledge.findings[code].label),
        )
        for code in sorted(question.show_when, key=knowledge.finding_rank.__getitem__)
        if code in knowledge.findings
    ]
    return QuestionnaireItem(
        linkId=question.code,
        text=question.text,
        type="choice",
        required=question.required,
        repeats=question.kind == "multiple",
        answerOption=options,
        enableWhen=enable_when or None,
        enableBehavior="any" if enable_when else None,
    )


def questionnaire(
    knowledge: engine.Knowledge, *, version: int, published: datetime, base: str
) -> Questionnaire:
    """The questionnaire of one knowledge release: a group per step, an item per question."""
    return Questionnaire(
        id=f"muscle-twitching-check-v{version}",
        language=LANGUAGE,
        url=uri(base, QUESTIONNAIRE),
        version=str(version),
        name="MuscleTwitchingCheck",
        title="Muscle twitching check",
        status="active",
        date=published,
        subjectType=["Patient"],
        description=(
            "Questions for people with muscle twitching (fasciculations), asked step by step. The "
            f"answers suggest how soon to get help. Knowledge release v{version}."
        ),
        item=[
            QuestionnaireItem(
                linkId=step_link_id(step.code),
                text=step.title,
                type="group",
                item=[question_item(q, knowledge, base) for q in step.questions],
            )
            for step in knowledge.steps
            if step.questions
        ],
    )


def canonical(base: str, version: int | None) -> str:
    """The questionnaire an assessment answered: its release's version when it has one."""
    url = uri(base, QUESTIONNAIRE)
    return f"{url}|{version}" if version is not None else url


# An assessment ---------------------------------------------------------------------------------


def answer_texts(rows: Sequence[Mapping]) -> str:
    return "; ".join(f"{row['question']}: {row['answer']}" for row in rows)


def questionnaire_response(
    *,
    rid: str,
    identifier: Identifier,
    answers: Mapping[str, Sequence[str]],
    result: Mapping,
    created: datetime,
    q_url: str,
    base: str,
) -> QuestionnaireResponse:
    """The answers grouped as the questionnaire is. Labels come from the saved result, so the
    response says what the person read even if the knowledge has changed since."""
    groups = []
    for step in result.get("answers", []):
        items = []
        for row in step["questions"]:
            codes = list(answers.get(row["code"], ()))
            labels = list(row["answers"]) if len(row["answers"]) == len(codes) else [None] * len(codes)
            answered = [
                QuestionnaireResponseItemAnswer(valueCoding=coding(base, FINDING, code, label))
                for code, label in zip(codes, labels, strict=True)
            ]
            if answered:
                items.append(
                    QuestionnaireResponseItem(linkId=row["code"], text=row["question"], answer=answered)
                )
        if items:
            groups.append(
                QuestionnaireResponseItem(linkId=step_link_id(step["code"]), text=step["title"], item=items)
            )
    return QuestionnaireResponse(
        id=rid,
        language=LANGUAGE,
        identifier=identifier,
        questionnaire=q_url,
        status="completed",
        subject=Reference(display=ANONYMOUS),
        authored=created,
        item=groups or None,
    )


def red_flag_observation(
    *, oid: str, flag: Mapping, basis: Reference, created: datetime, base: str
) -> Observation:
    """A warning sign that fired: present, with the urgency it sets and the answers that raised it."""
    return Observation(
        id=oid,
        status="final",
        code=concept(base, RED_FLAG, flag["code"], flag["title"]),
        subject=Reference(display=ANONYMOUS),
        effectiveDateTime=created,
        valueBoolean=True,
        derivedFrom=[basis],
        component=[
            ObservationComponent(
                code=concept(base, RESULT, URGENCY, URGENCY_CODE_WORDS),
                valueCodeableConcept=urgency_concept(base, flag["urgency"]),
            )
        ],
        note=[Annotation(text=f"Raised by: {answer_texts(flag['because'])}")]
        if flag.get("because")
        else None,
    )


def rationale(cause: Mapping) -> str:
    parts = [f"{Fit(cause['fit']).label}." if cause.get("fit") else ""]
    if cause.get("do_not_miss"):
        parts.append("A serious cause that a doctor must rule out.")
    for key, words in (
        ("supporting", "Answers for it"),
        ("against", "Answers against it"),
        ("not_reported", "Expected answers not given"),
    ):
        if cause.get(key):
            parts.append(f"{words}: {answer_texts(cause[key])}.")
    return " ".join(part for part in parts if part)


def predictions(result: Mapping, base: str) -> list[RiskAssessmentPrediction]:
    """Each listed cause with its tier, in the order the results page lists them."""
    return [
        RiskAssessmentPrediction(
            outcome=concept(base, CONDITION, cause["code"], cause["name"]),
            qualitativeRisk=concept(base, TIER, tier, TIER_WORDS[tier]),
            rationale=rationale(cause),
        )
        for tier in TIERS
        for cause in result.get("tiers", {}).get(tier, [])
    ]


def resource_id(assessment_id: uuid.UUID, name: str) -> str:
    # Derived from the assessment's id, so exporting it twice gives the same resources.
    return str(uuid.uuid5(assessment_id, name))


def reference_to(resource) -> Reference:
    return Reference(reference=f"urn:uuid:{resource.id}", type=resource.get_resource_type())


def assessment_bundle(
    *,
    assessment_id: uuid.UUID | str,
    created: datetime,
    answers: Mapping[str, Sequence[str]],
    result: Mapping,
    version: int | None,
    base: str,
) -> Bundle:
    """A saved assessment as a collection: the QuestionnaireResponse, an Observation of the urgency,
    one per red flag that fired, and a RiskAssessment listing the causes with their tiers."""
    key = uuid.UUID(str(assessment_id))
    identifier = Identifier(system=uri(base, ASSESSMENT), value=str(key))
    response = questionnaire_response(
        rid=resource_id(key, "questionnaire-response"),
        identifier=identifier,
        answers=answers,
        result=result,
        created=created,
        q_url=canonical(base, version),
        base=base,
    )
    basis = reference_to(response)
    flags = [
        red_flag_observation(
            oid=resource_id(key, f"red-flag:{flag['code']}"),
            flag=flag,
            basis=basis,
            created=created,
            base=base,
        )
        for flag in result.get("red_flags", [])
    ]
    urgency = Observation(
        id=resource_id(key, "urgency"),
        status="final",
        code=concept(base, RESULT, URGENCY, URGENCY_CODE_WORDS),
        subject=Reference(display=ANONYMOUS),
        effectiveDateTime=created,
        valueCodeableConcept=urgency_concept(base, result["urgency"]),
        derivedFrom=[basis, *map(reference_to, flags)],
    )
    release = f"knowledge release v{version}" if version is not None else "knowledge before releases"
    risk = RiskAssessment(
        id=resource_id(key, "risk-assessment"),
        identifier=[identifier],
        status="final",
        code=CodeableConcept(text="Possible causes of muscle twitching"),
        method=CodeableConcept(text=f"Muscle twitching check, {release}"),
        subject=Reference(display=ANONYMOUS),
        occurrenceDateTime=created,
        basis=[basis, reference_to(urgency), *map(reference_to, flags)],
        prediction=predictions(result, base) or None,
        note=[Annotation(text=NOT_A_DIAGNOSIS)],
    )
    resources = [response, urgency, *flags, risk]
    return Bundle(
        id=str(key),
        identifier=identifier,
        type="collection",
        # The assessment's own time, so the same assessment always exports the same bundle.
        timestamp=created,
        entry=[BundleEntry(fullUrl=f"urn:uuid:{r.id}", resource=r) for r in resources],
    )


# Reading back ----------------------------------------------------------------------------------


def answers_from_questionnaire_response(
    resource: QuestionnaireResponse | Mapping, *, system: str | None = None
) -> dict[str, list[str]]:
    """Question code → answer codes, from a QuestionnaireResponse (a resource or its JSON data) at
    any depth of groups. With `system`, codings from other code systems are left out."""
    if isinstance(resource, Mapping):
        resource = QuestionnaireResponse.model_validate(resource)
    answers: dict[str, list[str]] = {}

    def walk(items) -> None:
        for item in items or ():
            for answer in item.answer or ():
                code = answer.valueCoding
                if code is not None and code.code and (system is None or code.system == system):
                    answers.setdefault(item.linkId, []).append(code.code)
                walk(answer.item)
            walk(item.item)

    walk(resource.item)
    return answers
