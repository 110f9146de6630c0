"""Admin for releases (publish, roll back), scenarios (edit, import, export, run) and saved assessments.

Clinicians edit the draft knowledge in the other admin pages. Here they run the scenario suite
against the draft, see what would change for the public, and publish it as a release; a clinical
lead can also publish an earlier release again (roll back). Releases and assessments are records:
nobody can change or delete them.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from triage import models, scenarios
from triage.fixtures_io import fixture_files
from triage.knowledge import KnowledgeNotPublished, build_knowledge, get_knowledge
from triage.knowledge_check import find_problems
from triage.releases import (
    PublishError,
    knowledge_from_dict,
    knowledge_to_dict,
    latest_release,
    publish_release,
    rollback_to,
    snapshot_changes,
)
from triage.scenario_io import ScenarioFileError, file_name, file_text, import_files

PUBLISH_PERMISSION = "triage.publish_release"


def knowledge_check_problems() -> list[str]:
    """Errors in the draft knowledge that must be fixed before it is published, as sentences.

    The publish page refuses to publish while this list is not empty. Warnings do not block; they
    are on the knowledge check page.
    """
    return [str(problem) for problem in find_problems() if problem.is_error]


def fingerprint(snapshot: dict) -> str:
    """A short hash of a snapshot, to notice when the draft changed while a clinician reviewed it."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def published_knowledge():
    try:
        return get_knowledge()
    except KnowledgeNotPublished:
        return None


def scenario_rows(draft, published) -> list[scenarios.Comparison]:
    data = [(s.code, s.as_data()) for s in models.Scenario.objects.order_by("code")]
    return scenarios.compare(data, draft, published)


def scenario_table(rows: list[scenarios.Comparison]) -> list[dict]:
    """Rows that need a clinician's attention first: failing, then changed, then the rest."""
    pks = dict(models.Scenario.objects.values_list("code", "pk"))
    ordered = sorted(rows, key=lambda row: (row.draft.passed, not row.changes))
    return [
        {"row": row, "url": reverse("admin:triage_scenario_change", args=[pks[row.code]])}
        for row in ordered
        if row.code in pks
    ]


def run_summary(rows: list[scenarios.Comparison]) -> dict:
    return {
        "total": len(rows),
        "draft_passed": sum(row.draft.passed for row in rows),
        "draft_failed": [row for row in rows if not row.draft.passed],
        "published_passed": sum(bool(row.published and row.published.passed) for row in rows),
        "changed": [row for row in rows if row.changes],
        "newly_failing": [row for row in rows if row.newly_failing],
    }


class NotAllowed(Exception):
    """The signed-in clinician's role does not allow this page; the message says who can."""


def require_perm(request: HttpRequest, permission: str, message: str) -> None:
    if not request.user.has_perm(permission):
        raise NotAllowed(message)


def admin_page(view):
    """Wrap a custom admin view: an admin-styled 403 page that says which role is needed, rather
    than the public site's generic error page."""

    @wraps(view)
    def wrapper(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(self, request, *args, **kwargs)
        except NotAllowed as refusal:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("You cannot open this page"),
                "reason": str(refusal),
            }
            return TemplateResponse(request, "admin/triage/not_allowed.html", context, status=403)

    return wrapper


PUBLISH_REFUSAL = _(
    "Only a clinical lead can publish or roll back. Ask a clinical lead to review the draft and "
    "publish it; you can still run the scenarios."
)


# Releases ------------------------------------------------------------------------------------


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("What changed and why, in a sentence or two. Everyone who looks at releases sees it."),
        error_messages={"required": _("Write a change note: say what changed and why.")},
    )
    draft_fingerprint = forms.CharField(widget=forms.HiddenInput)
    accept_failures = forms.BooleanField(
        label=_("I have looked at the failing scenarios and still want to publish"),
        label_suffix="",
        required=False,
    )

    def __init__(self, *args, failing: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failing = failing
        if not failing:
            del self.fields["accept_failures"]

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write a change note: say what changed and why."))
        return note

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.failing and not cleaned.get("accept_failures"):
            self.add_error(
                "accept_failures",
                _("%(count)d scenario(s) fail against the draft. Tick this box to publish anyway.")
                % {"count": self.failing},
            )
        return cleaned


class RollbackForm(forms.Form):
    note = forms.CharField(
        label=_("Why roll back?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("For example: 'Release v7 listed the wrong urgency for tick bites; back to v6.'"),
        error_messages={"required": _("Write a note: say why you are rolling back.")},
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write a note: say why you are rolling back."))
        return note


@admin.register(models.Release)
class ReleaseAdmin(admin.ModelAdmin):
    """A permanent record of what the public saw and when: view only, for everyone."""

    list_display = ["version_label", "published_at", "publisher", "note", "rolled_back_from", "is_live"]
    list_display_links = ["version_label"]
    search_fields = ["note"]
    date_hierarchy = "published_at"
    fields = ["version_label", "published_at", "publisher", "note", "rolled_back_from", "contents"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        latest = models.Release.objects.order_by("-version").values("version")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("published_by", "rolled_back_from")
            .annotate(latest_version=Subquery(latest))
        )

    @admin.display(description=_("release"), ordering="version")
    def version_label(self, obj: models.Release) -> str:
        return f"v{obj.version}"

    @admin.display(description=_("published by"), ordering="published_by__username")
    def publisher(self, obj: models.Release) -> str:
        if obj.published_by is None:
            return _("Shipped fixtures")
        return obj.published_by.get_full_name() or obj.published_by.get_username()

    @admin.display(description=_("used by the public"))
    def is_live(self, obj: models.Release) -> str:
        return _("Yes, now") if obj.version == obj.latest_version else ""

    @admin.display(description=_("contents"))
    def contents(self, obj: models.Release) -> str:
        snapshot = obj.snapshot
        questions = sum(len(step["questions"]) for step in snapshot["steps"])
        return _(
            "%(steps)d steps, %(questions)d questions, %(conditions)d conditions, %(flags)d red flags"
        ) % {
            "steps": len(snapshot["steps"]),
            "questions": questions,
            "conditions": len(snapshot["conditions"]),
            "flags": len(snapshot["red_flags"]),
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("publish/", view(self.publish_view), name="triage_release_publish"),
            path("<int:object_id>/rollback/", view(self.rollback_view), name="triage_release_rollback"),
            path("export/", view(self.export_view), name="triage_release_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            "live_release": latest_release(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        latest = latest_release()
        extra = {
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            "is_live": latest is not None and str(latest.pk) == str(object_id),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def page(self, request: HttpRequest, template: str, title: str, context: dict) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    @admin_page
    def publish_view(self, request: HttpRequest) -> HttpResponse:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        draft = build_knowledge()
        snapshot = knowledge_to_dict(draft)
        live = latest_release()
        published = knowledge_from_dict(live.snapshot, revision=live.version) if live else None
        rows = scenario_rows(draft, published)
        summary = run_summary(rows)
        problems = knowledge_check_problems()
        unchanged = live is not None and live.snapshot == snapshot
        current = fingerprint(snapshot)

        if request.method == "POST":
            form = PublishForm(request.POST, failing=len(summary["draft_failed"]))
            if form.is_valid():
                if form.cleaned_data["draft_fingerprint"] != current:
                    messages.warning(
                        request,
                        _(
                            "The draft changed while you were reviewing it. The results below are for "
                            "the draft as it is now: check them again before publishing."
                        ),
                    )
                    form = PublishForm(
                        initial={"note": form.cleaned_data["note"], "draft_fingerprint": current},
                        failing=len(summary["draft_failed"]),
                    )
                elif problems:
                    messages.error(request, _("Fix the problems in the knowledge check before publishing."))
                else:
                    try:
                        release = publish_release(
                            user=request.user, note=form.cleaned_data["note"], snapshot=snapshot
                        )
                    except PublishError as error:
                        messages.error(request, str(error))
                    else:
                        self.log_addition(request, release, f"Published the draft: {release.note}")
                        messages.success(
                            request,
                            _("Published release v%(version)d. The public questionnaire uses it from now on.")
                            % {"version": release.version},
                        )
                        return redirect("admin:triage_release_change", release.pk)
        else:
            form = PublishForm(initial={"draft_fingerprint": current}, failing=len(summary["draft_failed"]))

        return self.page(
            request,
            "admin/triage/release/publish.html",
            _("Publish the draft"),
            {
                "form": form,
                "table": scenario_table(rows),
                "summary": summary,
                "live": live,
                "unchanged": unchanged,
                "knowledge_changes": snapshot_changes(live.snapshot, snapshot) if live else None,
                "problems": problems,
            },
        )

    @admin_page
    def rollback_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        target = get_object_or_404(models.Release, pk=object_id)
        live = latest_release()
        if live is not None and live.pk == target.pk:
            messages.info(request, _("This release is already the one the public sees."))
            return redirect("admin:triage_release_change", target.pk)
        if request.method == "POST":
            form = RollbackForm(request.POST)
            if form.is_valid():
                try:
                    release = rollback_to(release=target, user=request.user, note=form.cleaned_data["note"])
                except PublishError as error:
                    messages.error(request, str(error))
                else:
                    self.log_addition(request, release, f"Rolled back to v{target.version}: {release.note}")
                    messages.success(
                        request,
                        _(
                            "Published release v%(version)d, the same knowledge as v%(old)d. The public "
                            "questionnaire uses it from now on. The draft has not changed."
                        )
                        % {"version": release.version, "old": target.version},
                    )
                    return redirect("admin:triage_release_change", release.pk)
        else:
            form = RollbackForm()
        target_knowledge = knowledge_from_dict(target.snapshot, revision=target.version)
        live_knowledge = knowledge_from_dict(live.snapshot, revision=live.version) if live else None
        rows = scenario_rows(target_knowledge, live_knowledge)
        return self.page(
            request,
            "admin/triage/release/rollback.html",
            _("Roll back to release v%(version)d") % {"version": target.version},
            {
                "form": form,
                "target": target,
                "live": live,
                "table": scenario_table(rows),
                "summary": run_summary(rows),
                "knowledge_changes": snapshot_changes(live.snapshot, target.snapshot) if live else None,
            },
        )

    @admin_page
    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The draft knowledge and the scenarios as a zip of fixtures for `loaddata`."""
        if not self.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see knowledge releases. Ask an administrator."))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in fixture_files().items():
                archive.writestr(f"fixtures/{name}", text)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="knowledge-fixtures-{stamp}.zip"'
        return response


# Scenarios -----------------------------------------------------------------------------------


class ReadableJSONField(forms.JSONField):
    """JSON shown one entry per line, so a clinician can read and edit it."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, cls=self.encoder)


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = models.Scenario
        fields = ["code", "name", "description", "partial", "answers", "expected"]
        field_classes = {"answers": ReadableJSONField, "expected": ReadableJSONField}
        widgets = {
            "answers": forms.Textarea(attrs={"rows": 30, "cols": 70, "class": "vLargeTextField"}),
            "expected": forms.Textarea(attrs={"rows": 12, "cols": 70, "class": "vLargeTextField"}),
        }
        error_messages = {
            "answers": {"invalid": _("This is not valid JSON. Check the quotes, commas and brackets.")},
            "expected": {"invalid": _("This is not valid JSON. Check the quotes, commas and brackets.")},
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        answers, expected = cleaned.get("answers"), cleaned.get("expected")
        if answers is None or expected is None:
            return cleaned
        if scenarios.answers_format_problems(answers) or scenarios.expected_format_problems(expected):
            return cleaned  # The model's own checks report these, field by field.
        data = {"answers": answers, "expected": expected, "partial": cleaned.get("partial", False)}
        problems = scenarios.questionnaire_problems(data, build_knowledge())
        if problems:
            raise forms.ValidationError(
                [_("This scenario does not fit the draft questionnaire:")]
                + [forms.ValidationError(problem) for problem in problems]
            )
        return cleaned


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
    files = ScenarioUploadField(
        label=_("Scenario files"),
        help_text=_(
            "One or more .json files in the same format as tests/scenarios/. The file name is the "
            "scenario's code: a scenario with the same code is replaced."
        ),
    )


@admin.register(models.Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    form = ScenarioForm
    list_display = ["name", "expected_urgency", "code"]
    list_filter = ["partial"]
    search_fields = ["name", "description", "code"]
    actions = ["export_as_json"]
    fieldsets = [
        (None, {"fields": ["name", "code", "description", "partial", "result_on_draft"]}),
        (
            _("Answers and expected result"),
            {
                "fields": ["answers", "expected"],
                "description": _(
                    "Written as JSON, the same as the files in tests/scenarios/. Use the codes shown "
                    "in the questions' and answer options' admin pages."
                ),
            },
        ),
    ]

    readonly_fields = ["result_on_draft"]

    @admin.display(description=_("result against the draft"))
    def result_on_draft(self, obj: models.Scenario) -> str:
        if obj.pk is None:
            return _("Save the scenario to see its result.")
        result = scenarios.run(obj.as_data(), build_knowledge())
        if result.passed:
            return _("Pass. %(outcome)s") % {"outcome": result.outcome.plain()}
        return format_html(
            "<strong>{}</strong><ul>{}</ul>{}",
            _("Fail"),
            format_html_join("", "<li>{}</li>", ((reason,) for reason in result.reasons)),
            result.outcome.plain() if result.outcome else "",
        )

    @admin.display(description=_("expected urgency"))
    def expected_urgency(self, obj: models.Scenario) -> str:
        urgency = obj.expected.get("urgency", "") if isinstance(obj.expected, dict) else ""
        return scenarios.URGENCY_WORDS.get(urgency, urgency)

    @admin.action(description=_("Export as JSON files (zip)"), permissions=["view"])
    def export_as_json(self, request: HttpRequest, queryset) -> HttpResponse:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for scenario in queryset.order_by("code"):
                archive.writestr(f"scenarios/{file_name(scenario)}", file_text(scenario))
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="scenarios.zip"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("run/", view(self.run_view), name="triage_scenario_run"),
            path("import/", view(self.import_view), name="triage_scenario_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": self.has_add_permission(request) and self.has_change_permission(request)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    @admin_page
    def run_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise NotAllowed(_("Your account cannot see scenarios. Ask an administrator."))
        draft = build_knowledge()
        published = published_knowledge()
        rows = scenario_rows(draft, published)
        return TemplateResponse(
            request,
            "admin/triage/scenario/run.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Run the scenarios against the draft"),
                "table": scenario_table(rows),
                "summary": run_summary(rows),
                "live": latest_release(),
                "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            },
        )

    @admin_page
    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise NotAllowed(_("Only clinical editors and leads can import scenarios."))
        if request.method == "POST":
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
        else:
            form = ScenarioImportForm()
        return TemplateResponse(
            request,
            "admin/triage/scenario/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import scenario files"),
                "form": form,
            },
        )


# Saved assessments -----------------------------------------------------------------------------


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Saved questionnaires, for clinical review only: nobody can add, change or delete them here."""

    list_display = ["created_at", "urgency", "release_label"]
    list_filter = ["urgency", "created_at", "release"]
    date_hierarchy = "created_at"
    readonly_fields = ["id", "created_at", "urgency", "release", "knowledge_revision", "answers", "result"]
    list_select_related = ["release"]
    empty_value_display = _("None (made before releases)")

    @admin.display(description=_("knowledge release"), ordering="release__version")
    def release_label(self, obj: models.Assessment) -> str:
        if obj.release is None:
            return _("revision %(revision)d") % {"revision": obj.knowledge_revision}
        return f"v{obj.release.version}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
