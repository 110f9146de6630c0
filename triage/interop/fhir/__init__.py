"""The questionnaire and saved assessments as FHIR R4 resources, built with fhir.resources' R4B models
(FHIR 4.3, the R4 line: Questionnaire, QuestionnaireResponse, Observation, RiskAssessment and Bundle
are the same there as in 4.0.1), and a QuestionnaireResponse read back into answers.

Pure: an engine `Knowledge` or an assessment's saved answers and result data in, resources out.
Nothing here reads the database or the settings; every URI is made under the `base` passed in.
`codes` holds what the resources share, `questionnaires` the Questionnaire, `assessments` an
assessment's Bundle and `reading` the way back.
"""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from triage.interop.fhir.assessments import assessment_bundle, questionnaire_response
from triage.interop.fhir.codes import (
    ITEM_CONTROL,
    ITEM_CONTROL_CODES,
    OBSERVATION_CATEGORY,
    OPTION_EXCLUSIVE,
    TRANSLATION,
    language_tag,
    uri,
)
from triage.interop.fhir.questionnaires import canonical, firing_levels, questionnaire
from triage.interop.fhir.reading import InvalidResponse, answer_problems, answers_from_questionnaire_response

__all__ = [
    "ITEM_CONTROL",
    "ITEM_CONTROL_CODES",
    "OBSERVATION_CATEGORY",
    "OPTION_EXCLUSIVE",
    "TRANSLATION",
    "Bundle",
    "InvalidResponse",
    "Questionnaire",
    "QuestionnaireResponse",
    "answer_problems",
    "answers_from_questionnaire_response",
    "assessment_bundle",
    "canonical",
    "firing_levels",
    "language_tag",
    "questionnaire",
    "questionnaire_response",
    "uri",
]
