"""Saved questionnaires, for clinical review only: nobody can add, change or delete them here. Each
can be downloaded as a FHIR Bundle for another health record system."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from triage.admin.common import ReadOnlyAdmin
from triage.admin.views import AssessmentFhirDownload
from triage.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "urgency", "release_label"]
    list_filter = ["urgency", "created_at", "release"]
    date_hierarchy = "created_at"
    readonly_fields = ["id", "created_at", "urgency", "release", "knowledge_revision", "answers", "result"]
    list_select_related = ["release"]
    empty_value_display = _("None (made before releases)")

    @admin.display(description=_("knowledge release"), ordering="release__version")
    def release_label(self, obj: Assessment) -> str:
        if obj.release is None:
            return _("revision %(revision)d") % {"revision": obj.knowledge_revision}
        return f"v{obj.release.version}"

    def get_urls(self):
        download = AssessmentFhirDownload.as_view(model_admin=self)
        return [
            path(
                "<path:object_id>/fhir.json",
                self.admin_site.admin_view(download),
                name="triage_assessment_fhir",
            ),
            *super().get_urls(),
        ]
