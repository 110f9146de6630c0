"""The admin's ways into a preview of the draft: taking the public questionnaire as the draft would
make it, and opening a scenario's results page as the draft would render it. Nothing is saved; the
public pages and the preview's own session keys are in `triage.questionnaire.preview`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from triage.admin.common import ClinicalPage, NotAllowed
from triage.models import Scenario
from triage.questionnaire.pages import ask_for_region
from triage.questionnaire.preview import (
    draft_knowledge,
    may_preview,
    preview_results_context,
    start_preview,
)
from triage.questionnaire.regional import chosen_region

PREVIEW_REFUSAL = _(
    "Only clinical editors and clinical leads can preview the draft. Ask an administrator to put "
    "your account in one of those groups."
)


def require_preview(request: HttpRequest) -> None:
    if not may_preview(request.user):
        raise NotAllowed(PREVIEW_REFUSAL)


class StartPreview(ClinicalPage):
    """Turns preview on in the clinician's session and opens the questionnaire's start page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        require_preview(request)
        start_preview(request)
        return redirect("triage:start")


class ScenarioPreview(ClinicalPage):
    """The public results page for a scenario's answers against the draft, saved nowhere."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.model_admin.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see scenarios. Ask an administrator."))
        require_preview(request)
        scenario = get_object_or_404(Scenario, pk=object_id)
        if chosen_region(request) is None:
            # Its numbers are a region's, as on the public results page: asked first, then back here
            # (a clinician who never took the questionnaire has no region chosen).
            return ask_for_region(request)
        context = {
            **preview_results_context(request, scenario.answers, draft_knowledge(request)),
            "preview_of": scenario.name,
            "preview_back_url": reverse("admin:triage_scenario_change", args=[scenario.pk]),
        }
        response = TemplateResponse(request, "triage/results.html", context)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
