"""Django admin for the condition knowledge, arranged for clinicians."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from triage import models

admin.site.site_header = _("Muscle twitching check: clinical knowledge")
admin.site.site_title = _("Clinical knowledge")
admin.site.index_title = _("Knowledge base")


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "date_reviewed", "code"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "url", "code"]


class QuestionInline(admin.TabularInline):
    model = models.Question
    fields = ["order", "code", "text", "kind", "required"]
    extra = 0
    show_change_link = True


@admin.register(models.Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "code"]
    ordering = ["order"]
    search_fields = ["title", "code"]
    inlines = [QuestionInline]


class FindingInline(admin.StackedInline):
    model = models.Finding
    fields = [("order", "code"), "label", "help_text", "exclusive"]
    extra = 0
    show_change_link = True


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "step", "kind", "required", "order", "code"]
    list_filter = ["step", "kind"]
    search_fields = ["text", "code"]
    autocomplete_fields = ["show_when"]
    inlines = [FindingInline]


class ConditionLinkInline(admin.TabularInline):
    model = models.ConditionFinding
    autocomplete_fields = ["condition", "finding"]
    extra = 0


@admin.register(models.Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["label", "question", "code", "exclusive"]
    list_filter = ["question__step"]
    search_fields = ["label", "code", "question__text"]
    autocomplete_fields = ["question"]
    inlines = [ConditionLinkInline]


class FindingLinkInline(admin.TabularInline):
    model = models.ConditionFinding
    autocomplete_fields = ["finding"]
    extra = 0


@admin.register(models.Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "prevalence", "do_not_miss", "code"]
    list_filter = ["prevalence", "do_not_miss"]
    search_fields = ["name", "summary", "code"]
    autocomplete_fields = ["sources"]
    inlines = [FindingLinkInline]


@admin.register(models.RedFlag)
class RedFlagAdmin(admin.ModelAdmin):
    list_display = ["title", "urgency", "code"]
    list_filter = ["urgency"]
    search_fields = ["title", "message", "code"]
    autocomplete_fields = ["findings", "sources"]


# Releases, scenarios and saved assessments (issue 3 part A) live in their own module.
from triage import admin_releases  # noqa: E402, F401
