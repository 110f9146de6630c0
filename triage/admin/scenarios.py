"""Scenarios in the admin: edit, export, and the run and import pages (in `triage.admin.views`)."""

from __future__ import annotations

import io
import json
import zipfile

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from triage.admin.preview import ScenarioPreview
from triage.admin.views import ScenarioImportPage, ScenarioRunPage
from triage.knowledge.draft import build_knowledge
from triage.knowledge.scenarios import file_name, file_text
from triage.models import Scenario
from triage.scenarios import checks, formats


class ReadableJSONField(forms.JSONField):
    """JSON shown one entry per line, so a clinician can read and edit it.

    JSON Django's field lets through but nothing after it can handle is invalid here: nested so
    deep that reading it is a RecursionError, a number of thousands of digits (a ValueError), or
    nested deeper than a scenario can be (writing it out one entry per line would recurse).
    """

    def to_python(self, value):
        try:
            converted = super().to_python(value)
        except (RecursionError, ValueError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
        if problems := formats.too_deep(converted):
            raise ValidationError(problems, code="invalid")
        return converted

    def bound_data(self, data, initial):
        # The form shown again with its errors: what was typed, as typed.
        try:
            value = super().bound_data(data, initial)
        except (RecursionError, ValueError):
            return forms.fields.InvalidJSONInput(data)
        return forms.fields.InvalidJSONInput(data) if formats.too_deep(value) else value

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, cls=self.encoder)


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
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
        super().clean()
        cleaned = self.cleaned_data
        answers, expected = cleaned.get("answers"), cleaned.get("expected")
        if answers is None or expected is None:
            return cleaned
        if formats.answers_format_problems(answers) or formats.expected_format_problems(expected):
            return cleaned  # The model's own checks report these, field by field.
        data = {"answers": answers, "expected": expected, "partial": cleaned.get("partial", False)}
        problems = checks.questionnaire_problems(data, build_knowledge())
        if problems:
            raise forms.ValidationError(
                [_("This scenario does not fit the draft questionnaire:")]
                + [forms.ValidationError(problem) for problem in problems]
            )
        return cleaned


@admin.register(Scenario)
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
                    "Written as JSON, the same as the files in fixtures/scenarios/. Use the codes shown "
                    "in the questions' and answer options' admin pages."
                ),
            },
        ),
    ]

    readonly_fields = ["result_on_draft"]

    @admin.display(description=_("result against the draft"))
    def result_on_draft(self, obj: Scenario) -> str:
        if obj.pk is None:
            return _("Save the scenario to see its result.")
        result = checks.run(obj.as_data(), build_knowledge())
        preview = format_html(
            '<p><a href="{}">{}</a></p>',
            reverse("admin:triage_scenario_preview", args=[obj.pk]),
            _("Preview results with the draft"),
        )
        if result.passed and result.outcome is not None:  # a scenario that passed has its outcome
            return format_html("{}{}", _("Pass. %(outcome)s") % {"outcome": result.outcome.plain()}, preview)
        return format_html(
            "<strong>{}</strong><ul>{}</ul>{}{}",
            _("Fail"),
            format_html_join("", "<li>{}</li>", ((reason,) for reason in result.reasons)),
            result.outcome.plain() if result.outcome else "",
            preview,
        )

    @admin.display(description=_("expected urgency"))
    def expected_urgency(self, obj: Scenario) -> str:
        return checks.band_words(obj.expected)

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
            path("run/", view(ScenarioRunPage.as_view(model_admin=self)), name="triage_scenario_run"),
            path(
                "import/", view(ScenarioImportPage.as_view(model_admin=self)), name="triage_scenario_import"
            ),
            path(
                "<int:object_id>/preview/",
                view(ScenarioPreview.as_view(model_admin=self)),
                name="triage_scenario_preview",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": self.has_add_permission(request) and self.has_change_permission(request)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})
