"""A saved assessment as a FHIR R4 Bundle: the answers as a QuestionnaireResponse, the urgency and
each warning sign that fired as Observations, and the listed causes as a RiskAssessment.

Built from what was saved (the answers and the result data), so it says what the person was told.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.riskassessment import RiskAssessment, RiskAssessmentPrediction

from triage.interop.fhir.codes import (
    ASSESSMENT,
    CONDITION,
    FINDING,
    LANGUAGE,
    OBSERVATION_CATEGORY,
    RED_FLAG,
    RESULT,
    URGENCY,
    coding,
    concept,
    step_link_id,
    tier_concept,
    urgency_concept,
    uri,
)
from triage.interop.fhir.questionnaires import canonical
from triage.vocabulary import TIERS, Fit

# Code-system displays, for the clinician reading the record in another system.
URGENCY_CODE_WORDS = "How soon to get help"
NOT_A_DIAGNOSIS = (
    "Made by the muscle twitching check from the person's own answers. It is general information, "
    "not a diagnosis: the listed causes are possibilities for a clinician to consider."
)
# Assessments are anonymous: there is no patient to point at, only the person who answered.
ANONYMOUS = "The person who answered the questionnaire (anonymous)"
# Every Observation here comes from the person's answers to a questionnaire.
SURVEY = CodeableConcept(
    coding=[Coding(system=OBSERVATION_CATEGORY, code="survey", display="Survey")], text="Survey"
)


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
    stopped: bool = False,
) -> QuestionnaireResponse:
    """The answers grouped as the questionnaire is. Labels come from the saved result, so the
    response says what the person read even if the knowledge has changed since. `stopped`: the
    questionnaire ended early (an emergency sign on the first page), so it is `stopped`, not
    `completed`, and the later questions were never asked."""
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
        status="stopped" if stopped else "completed",
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
        category=[SURVEY],
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
            qualitativeRisk=tier_concept(base, tier),
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
        # The result says so when an emergency sign ended the questionnaire on its first page
        # (results saved before it did are of finished questionnaires).
        stopped=result.get("ranked", True) is False,
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
        category=[SURVEY],
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
