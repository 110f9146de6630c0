"""Clinical tools in the admin that are not a single model's page: the knowledge check, the FHIR
download of a release's questionnaire, and turning on a preview of the draft."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from triage.admin.preview import StartPreview
from triage.admin.views import KnowledgeCheckPage, QuestionnaireFhirDownload

app_name = "triage_admin"

# Staff only: admin_view sends anyone else to the admin sign-in page.
urlpatterns = [
    path("knowledge-check/", admin.site.admin_view(KnowledgeCheckPage.as_view()), name="knowledge_check"),
    path(
        "fhir/questionnaire.json",
        admin.site.admin_view(QuestionnaireFhirDownload.as_view()),
        name="fhir_questionnaire",
    ),
    path(
        "fhir/questionnaire/<int:version>.json",
        admin.site.admin_view(QuestionnaireFhirDownload.as_view()),
        name="fhir_questionnaire_version",
    ),
    path("preview/", admin.site.admin_view(StartPreview.as_view()), name="start_preview"),
]
