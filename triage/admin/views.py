"""The clinical admin's own pages, which the model admins delegate to: changes waiting, the fixtures
and FHIR downloads, the scenario runner and import, and the knowledge check (publishing and rolling
back are in `triage.admin.publishing`).

Each page only asks the services (`triage.knowledge.releases`, `triage.scenarios`) and shows what
they answer; whether something may be published is decided there, not here.
"""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triage.access_log import FHIR, record_access
from triage.admin.common import ClinicalPage, NotAllowed, draft_banner, require_perm
from triage.interop import exports
from triage.knowledge.check import find_problems
from triage.knowledge.draft import build_knowledge
from triage.knowledge.fixtures import fixture_files
from triage.knowledge.releases import (
    PUBLISH_PERMISSION,
    Review,
    latest_release,
    published_knowledge,
)
from triage.knowledge.roles import may_mark_intended
from triage.knowledge.scenarios import ScenarioFileError, import_files, run_scenarios, saved_scenarios
from triage.knowledge.translation_review import stale_translations, translation_review
from triage.models import Scenario
from triage.questionnaire.preview import may_preview
from triage.scenarios.checks import Comparison
from triage.scenarios.coverage import coverage_of, untested_changes
from triage.scenarios.evaluation import evaluate, summarise

PUBLISH_REFUSAL = _(
    "Only a clinical lead can publish or roll back. Ask a clinical lead to review the draft and "
    "publish it; you can still run the scenarios."
)


def scenario_table(rows: list[Comparison], *, preview: bool = False) -> list[dict]:
    """Rows that need a clinician's attention first: failing, then changed, then the rest; with
    `preview`, each links to its results page as the draft would render it."""
    pks = dict(Scenario.objects.values_list("code", "pk"))
    ordered = sorted(rows, key=lambda row: (row.draft.passed, not row.changes))
    return [
        {
            "row": row,
            "url": reverse("admin:triage_scenario_change", args=[pks[row.code]]),
            "preview_url": reverse("admin:triage_scenario_preview", args=[pks[row.code]]) if preview else "",
        }
        for row in ordered
        if row.code in pks
    ]


def review_context(review: Review) -> dict:
    return {
        "table": scenario_table(review.rows),
        "summary": summarise(review.rows),
        "live": review.live,
        "knowledge_changes": review.changes,
        "diff": review.diff,
    }


# Releases ------------------------------------------------------------------------------------


class ChangesWaitingPage(ClinicalPage):
    """Field by field, what the draft changes compared with what the public sees: for everyone who
    edits the knowledge, not only for those who publish it."""

    template_name = "admin/triage/release/waiting.html"
    title = _("Changes waiting")
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(
            request,
            "triage.view_release",
            _("Only clinical editors and leads can see the changes waiting in the draft."),
        )
        status = draft_banner(request)
        context = {
            "live": status.live,
            "diff": status.diff,
            "stale": stale_translations(status.live) if status.diff and status.diff.any else [],
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        }
        return self.render(request, context)


class FixturesDownload(ClinicalPage):
    """The draft knowledge and the scenarios as a zip of fixtures for `loaddata`."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self.model_admin.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see knowledge releases. Ask an administrator."))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in fixture_files().items():
                archive.writestr(f"fixtures/{name}", text)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="knowledge-fixtures-{stamp}.zip"'
        return response


def fhir_download(resource, filename: str) -> HttpResponse:
    response = HttpResponse(exports.as_json(resource), content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class QuestionnaireFhirDownload(ClinicalPage):
    """The questionnaire of a release as a FHIR R4 Questionnaire: the one the public uses, or the
    release of the version in the address."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, version: int | None = None) -> HttpResponse:
        require_perm(request, "triage.view_release", _("Your account cannot see knowledge releases."))
        try:
            resource, filename = exports.published_questionnaire(version)
        except exports.NoSuchRelease:
            raise Http404 from None
        except exports.NothingPublished:
            reason = _("Nothing has been published yet, so there is no questionnaire to download.")
            context = {"title": _("No questionnaire yet"), "reason": reason}
            return self.render(request, context, template="admin/triage/not_allowed.html", status=404)
        return fhir_download(resource, filename)


class AssessmentFhirDownload(ClinicalPage):
    """One saved assessment as a FHIR R4 Bundle: the answers, the urgency, red flags and causes."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.model_admin.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see saved assessments. Ask an administrator."))
        assessment = self.model_admin.get_object(request, object_id)
        if assessment is None:
            raise Http404(_("No assessment has this id."))
        response = fhir_download(*exports.assessment_bundle(assessment))
        record_access(assessment, user=request.user, what=FHIR, address=request.META.get("REMOTE_ADDR"))
        return response


# Scenarios -----------------------------------------------------------------------------------


class ScenarioUploadWidget(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScenarioUploadField(forms.FileField):
    widget = ScenarioUploadWidget

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ScenarioImportForm(forms.Form):
    # A declared field: Django's form metaclass moves it to base_fields, so BaseForm.files, the
    # uploads, is not replaced, whatever the stubs read into the name.
    files = ScenarioUploadField(  # type: ignore[assignment]
        label=_("Scenario files"),
        help_text=_(
            "One or more .json files in the same format as fixtures/scenarios/. The file name is the "
            "scenario's code: a scenario with the same code is replaced."
        ),
    )


class ScenarioRunPage(ClinicalPage):
    template_name = "admin/triage/scenario/run.html"
    title = _("Run the scenarios against the draft")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self.model_admin.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see scenarios. Ask an administrator."))
        live = latest_release()
        draft = build_knowledge()
        published = published_knowledge(live)
        rows = run_scenarios(draft, published)
        coverage = coverage_of(rows, draft)
        context = {
            "table": scenario_table(rows, preview=may_preview(request.user)),
            "summary": summarise(rows),
            # The same four figures as `manage.py evaluate_scenarios`.
            "figures": evaluate(saved_scenarios(), draft).lines(),
            "coverage": coverage,
            "untested": untested_changes(published, draft, coverage),
            "live": live,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        }
        return self.render(request, context)


class ScenarioImportPage(ClinicalPage):
    template_name = "admin/triage/scenario/import.html"
    title = _("Import scenario files")

    def allowed(self, request: HttpRequest) -> None:
        admin = self.model_admin
        if not (admin.has_add_permission(request) and admin.has_change_permission(request)):
            raise NotAllowed(_("Only clinical editors and leads can import scenarios."))

    def get(self, request: HttpRequest) -> HttpResponse:
        self.allowed(request)
        return self.render(request, {"form": ScenarioImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        self.allowed(request)
        form = ScenarioImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = form.cleaned_data["files"]
            try:
                created, updated = import_files((f.name, f.read()) for f in uploads)
            except ScenarioFileError as error:
                form.add_error("files", _("Nothing was imported."))
                for line in str(error).splitlines():
                    form.add_error("files", line)
            else:
                messages.success(
                    request,
                    _("Imported %(count)d scenario(s): %(created)d new, %(updated)d replaced.")
                    % {"count": created + updated, "created": created, "updated": updated},
                )
                return HttpResponseRedirect(reverse("admin:triage_scenario_changelist"))
        return self.render(request, {"form": form})


# The knowledge check --------------------------------------------------------------------------


class KnowledgeCheckPage(ClinicalPage):
    template_name = "admin/triage/knowledge_check.html"
    title = _("Knowledge check")
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        problems = find_problems()
        to_look_at = [p for p in problems if p.needs_a_look]
        errors = sum(1 for p in to_look_at if p.is_error)
        context = {
            "problems": to_look_at,
            "intended": [p for p in problems if not p.needs_a_look],
            "errors": errors,
            "warnings": len(to_look_at) - errors,
            "translations": translation_review(),
            # Only a lead or a reviewer marks a warning intended; the admin refuses anyone else too.
            "may_mark_intended": may_mark_intended(request.user),
        }
        return self.render(request, context)
