"""FHIR downloads of the published questionnaire and of saved assessments: finds the release or the
assessment, names its URIs under the FHIR_URI_BASE setting and hands the rest to `fhir`."""

from __future__ import annotations

from django.conf import settings

from triage.interop import fhir
from triage.knowledge.releases import latest_release, published_knowledge
from triage.models import Assessment, Release

CONTENT_TYPE = "application/fhir+json"


class NothingPublished(Exception):
    """No knowledge release exists yet, so there is no questionnaire to export."""


class NoSuchRelease(Exception):
    """No knowledge release has the version asked for."""


def published_questionnaire(version: int | None = None) -> tuple[fhir.Questionnaire, str]:
    """The questionnaire of a release (by default the one the public uses), and a file name for it.
    Every release keeps its own: an assessment's response points at the version it answered."""
    if version is None:
        release = latest_release()
        if release is None:
            raise NothingPublished
    else:
        release = Release.objects.filter(version=version).first()
        if release is None:
            raise NoSuchRelease(version)
    resource = fhir.questionnaire(
        published_knowledge(release),
        version=release.version,
        published=release.published_at,
        base=settings.FHIR_URI_BASE,
    )
    return resource, f"muscle-twitching-questionnaire-v{release.version}.fhir.json"


def assessment_bundle(assessment: Assessment) -> tuple[fhir.Bundle, str]:
    """One saved assessment as a FHIR Bundle, from what was saved (not recomputed), and a file name."""
    bundle = fhir.assessment_bundle(
        assessment_id=assessment.pk,
        created=assessment.created_at,
        answers=assessment.answers,
        result=assessment.result,
        version=assessment.release.version if assessment.release else None,
        base=settings.FHIR_URI_BASE,
    )
    return bundle, f"assessment-{assessment.pk}.fhir.json"


def as_json(resource: fhir.Bundle | fhir.Questionnaire) -> str:
    return resource.model_dump_json(indent=2)
