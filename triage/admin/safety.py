"""The clinical safety case in the admin: the hazard log (every clinician reads it, only a clinical
lead changes it, with a reason for every save and a history, like the knowledge) and each release's
safety case report as a PDF, made by WeasyPrint as the summary for the doctor is.

The report's contents are worked out by `triage.safety.report`; the publish page's warnings about
failing controls by `triage.knowledge.safety_evidence`, through the publishing service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from weasyprint import HTML

from triage import models
from triage.admin.common import ClinicalPage, require_perm
from triage.admin.knowledge import KnowledgeAdmin
from triage.knowledge.releases import latest_release
from triage.questionnaire.pdf import NO_FETCHING
from triage.safety.report import safety_case
from triage.vocabulary import RISK_ACCEPTABILITY, RISK_MATRIX, Likelihood, Severity

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import StrOrPromise, WithAnnotations

    class ControlCount(TypedDict):
        control_count: int


VIEW_PERMISSION = "triage.view_hazard"
VIEW_REFUSAL = _("Only a clinician may read the safety case.")


def risk_words(rating: int) -> str:
    return f"{rating}: {RISK_ACCEPTABILITY[rating]}"


class HazardControlInline(admin.StackedInline):
    model = models.HazardControl
    extra = 0
    fields = ["code", "order", "kind", "description", "scenarios", "red_flags", "other_evidence"]
    autocomplete_fields = ["scenarios", "red_flags"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # By code: the red flags' own admin orders by an annotation this query does not have.
        kwargs.setdefault("queryset", db_field.remote_field.model._default_manager.order_by("code"))
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        # Pick scenarios and red flags; writing a new one belongs on its own page.
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_add_related = field.widget.can_change_related = False
        return field


@admin.register(models.Hazard)
class HazardAdmin(KnowledgeAdmin):
    """The hazard log. Not part of the knowledge the public sees: saving says nothing of the draft."""

    reaches_the_public = False

    list_display = ["name", "initial", "residual", "control_count", "owner", "status", "code"]
    list_filter = ["status", "residual_severity"]
    search_fields = ["name", "description", "cause", "effect", "code"]
    readonly_fields = ["initial_rating", "residual_rating"]
    inlines = [HazardControlInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "description", "cause", "effect"]}),
        (_("Risk before controls"), {"fields": ["initial_severity", "initial_likelihood", "initial_rating"]}),
        (
            _("Risk with controls"),
            {"fields": ["residual_severity", "residual_likelihood", "residual_rating"]},
        ),
        (_("Responsibility"), {"fields": ["owner", "status"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(control_count=Count("controls"))

    @admin.display(description=_("risk before controls"))
    def initial(self, obj: models.Hazard) -> str:
        severity, likelihood = obj.get_initial_severity_display(), obj.get_initial_likelihood_display()
        return f"{obj.initial_risk} · {severity}, {likelihood}"

    @admin.display(description=_("risk with controls"))
    def residual(self, obj: models.Hazard) -> str:
        severity, likelihood = obj.get_residual_severity_display(), obj.get_residual_likelihood_display()
        return f"{obj.residual_risk} · {severity}, {likelihood}"

    def with_draft_banner(self, request, extra_context: dict | None) -> dict:
        # The hazard log is not part of the draft the public gets: no banner about the draft.
        return extra_context or {}

    @admin.display(description=pgettext_lazy("hazard log", "controls"), ordering="control_count")
    def control_count(self, obj: WithAnnotations[models.Hazard, ControlCount]) -> int:
        return obj.control_count

    @admin.display(description=_("risk rating before controls"))
    def initial_rating(self, obj: models.Hazard) -> StrOrPromise:
        return risk_words(obj.initial_risk) if obj.pk else _("Worked out when saved.")

    @admin.display(description=_("risk rating with controls"))
    def residual_rating(self, obj: models.Hazard) -> StrOrPromise:
        return risk_words(obj.residual_risk) if obj.pk else _("Worked out when saved.")

    def changelist_view(self, request, extra_context=None):
        extra = {"live_release": latest_release(), "title": _("Hazard log"), **(extra_context or {})}
        return super().changelist_view(request, extra)


def matrix_rows() -> list[tuple[str, list[int]]]:
    """DCB0129's matrix as the report prints it: very high likelihood first."""
    return [(str(label), list(row)) for label, row in zip(Likelihood.labels, RISK_MATRIX, strict=True)][::-1]


class SafetyCasePdf(ClinicalPage):
    """A release's safety case report as a PDF download."""

    def get(self, request: HttpRequest, object_id: int) -> HttpResponse:
        require_perm(request, VIEW_PERMISSION, VIEW_REFUSAL)
        release = get_object_or_404(models.Release, pk=object_id)
        case = safety_case(release)
        html = render_to_string(
            "admin/triage/safety_case.html",
            {
                "case": case,
                "severities": Severity.labels,
                "matrix": matrix_rows(),
                "acceptability": sorted(RISK_ACCEPTABILITY.items()),
            },
            request=request,
        )
        pdf = HTML(string=html, url_fetcher=NO_FETCHING, media_type="print").write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="safety-case-v{release.version}.pdf"'
        return response
