"""Saved questionnaires, for clinical review only: nobody can add, change or delete them here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from triage.admin.common import ReadOnlyAdmin
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
