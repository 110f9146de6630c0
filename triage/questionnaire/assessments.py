"""Saving a person's answers as an assessment: the service the views call (HackSoft's
`assessment_create`), so that what a saved result holds and how a replay is recognised are decided
in one place, whatever asks for it. The request's parts (rate limits, the session, the region) stay
in the view and come in as plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction

from triage import engine
from triage.models import Assessment, Release
from triage.questionnaire.results import results_in_every_language
from triage.questionnaire.submission import submission_key
from triage.reference import new_reference

# A new reference is drawn again when one is taken; this many times before giving up.
REFERENCE_ATTEMPTS = 5


def assessment_create(
    *,
    answers: Mapping[str, Sequence[str]],
    knowledge: engine.Knowledge,
    submitter: str,
    language: str,
    region_code: str,
    medicines_named: dict,
) -> tuple[Assessment, bool]:
    """One submission, one assessment: the assessment for these answers, and whether it is new. A
    replay or a parallel post of the same answers by the same `submitter` (a form's submission id,
    or a session) against the same knowledge gives back the one already saved.

    The result is made from the knowledge as written, placeholders and all, and filled with a
    region's words whenever it is shown; the region it was made in is kept with it."""
    cleaned = engine.clean_answers(answers, knowledge)
    outcome, result, translated_results = results_in_every_language(cleaned, knowledge)
    key = submission_key(submitter, knowledge.revision, cleaned)
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    answers={code: list(codes) for code, codes in cleaned.items()},
                    result=result,
                    translated_results=translated_results,
                    language=language,
                    urgency=outcome.urgency,
                    knowledge_revision=knowledge.revision,
                    # The published knowledge's revision is its release's version.
                    release=Release.objects.filter(version=knowledge.revision).first(),
                    submission_key=key,
                    reference=new_reference(),
                    region=region_code,
                    medicines=medicines_named,
                )
            return assessment, True
        except IntegrityError:
            # The same submission, saved already (a replay) or at this moment by a parallel request,
            # whose transaction the unique key made this one wait for; else a reference that is taken.
            saved = Assessment.objects.filter(submission_key=key).first()
            if saved is not None:
                return saved, False
    raise IntegrityError("No free reference after several attempts.")
