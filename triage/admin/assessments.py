"""Saved questionnaires, for clinical review only: nobody can add, change or delete them here. A
clinician finds one by the reference the person reads out, opens its summary, and can download it as
a FHIR Bundle for another health record system."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.models import Sum, TextField
from django.db.models.functions import Cast, Length
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from triage import access_log
from triage.admin.common import ReadOnlyAdmin
from triage.admin.views import AssessmentFhirDownload
from triage.models import Assessment, DailySubmissions, SummaryPdf
from triage.questionnaire.results_views import print_context
from triage.reference import normalise_reference


def stored_bytes() -> dict:
    """What the stored results take. On PostgreSQL the tables' whole size (rows, indexes, the
    out-of-line storage of long values); elsewhere the sum of the stored values, an estimate."""
    tables = [model._meta.db_table for model in (Assessment, SummaryPdf, DailySubmissions)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s) + pg_total_relation_size(%s),"
                " pg_total_relation_size(%s)",
                [*tables, tables[1]],
            )
            total, pdfs = cursor.fetchone()
        return {"total": total, "pdfs": pdfs, "exact": True}
    fields = ["answers", "result", "translated_results", "medicines"]
    sums = Assessment.objects.aggregate(**{f: Sum(Length(Cast(f, TextField()))) for f in fields})
    pdfs = SummaryPdf.objects.aggregate(size=Sum(Length("content")))["size"] or 0
    return {"total": sum(v or 0 for v in sums.values()) + pdfs, "pdfs": pdfs, "exact": False}


# The results page's tiers of causes, with its headings.
TIERS = [
    ("most_likely", _("Most likely")),
    ("other_likely", _("Other possible causes")),
    ("do_not_miss", _("Less likely, but a doctor should rule them out")),
    ("rare", _("Rare causes")),
]


def as_the_person_saw_it(request, assessment: Assessment) -> dict:
    """The results page's context and the printed summary's, for the admin page to show both."""
    summary = print_context(request, assessment)
    tiers = summary["result"].get("tiers", {})
    return {
        "public": summary,
        "causes": [(title, tiers[tier]) for tier, title in TIERS if tiers.get(tier)],
        # The summary's own template part reads these names.
        "result": summary["result"],
        "printout": summary["printout"],
        "urgency": summary["urgency"],
    }


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["reference_label", "created_at", "urgency", "release_label"]
    search_fields = ["reference"]
    search_help_text = _("Type the reference the person reads out, for example K7MQ-4XR9.")
    list_filter = ["urgency", "created_at", "release"]
    date_hierarchy = "created_at"
    # What the person saw and the summary for the doctor are shown below these, as pages, not as
    # the stored JSON (templates/admin/triage/assessment/change_form.html).
    readonly_fields = fields = (
        "reference_label",
        "summary_links",
        "id",
        "created_at",
        "urgency",
        "release",
        "knowledge_revision",
    )
    list_select_related = ["release"]
    empty_value_display = _("None (made before releases)")

    @admin.display(description=_("reference"), ordering="reference")
    def reference_label(self, obj: Assessment) -> str:
        return obj.reference_display

    @admin.display(description=_("summary for the doctor"))
    def summary_links(self, obj: Assessment) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">{}</a>',
            reverse("triage:print", args=[obj.pk]),
            _("Open the summary"),
            reverse("triage:pdf", args=[obj.pk]),
            _("Download the PDF"),
        )

    def get_search_results(self, request, queryset, search_term):
        """A reference as people say or type it: any case, with or without the dash or spaces."""
        if not search_term.strip():
            return queryset, False
        reference = normalise_reference(search_term)
        if reference is None:
            return queryset.none(), False
        return queryset.filter(reference=reference), False

    @admin.display(description=_("knowledge release"), ordering="release__version")
    def release_label(self, obj: Assessment) -> str:
        if obj.release is None:
            return _("revision %(revision)d") % {"revision": obj.knowledge_revision}
        return f"v{obj.release.version}"

    def changelist_view(self, request, extra_context=None):
        # How much the stored results take, for whoever answers for the server's storage.
        storage = {
            **stored_bytes(),
            "results": Assessment.objects.count(),
            "pdf_count": SummaryPdf.objects.count(),
            "days": settings.ASSESSMENT_RETENTION_DAYS,
            "daily_cap": settings.ASSESSMENTS_PER_ADDRESS_PER_DAY,
        }
        return super().changelist_view(request, {**(extra_context or {}), "storage": storage})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assessment = self.get_object(request, object_id)
        seen = assessment is not None and self.has_view_permission(request, assessment)
        if request.method == "GET" and seen:
            extra_context = {**(extra_context or {}), **as_the_person_saw_it(request, assessment)}
        response = super().change_view(request, object_id, form_url, extra_context)
        # Logged once the admin has shown it: a refused or missing one was not seen.
        if response.status_code == 200 and request.method == "GET":
            assessment = self.get_object(request, object_id)
            if assessment is not None:
                what, address = access_log.ADMIN_PAGE, request.META.get("REMOTE_ADDR")
                access_log.record_access(assessment, user=request.user, what=what, address=address)
        return response

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
