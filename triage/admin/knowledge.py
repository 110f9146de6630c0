"""The draft knowledge in the admin (sources, steps, questions, answer options, conditions, their
links, red flags), arranged for clinicians.

Every knowledge page keeps a history of changes (who, when, before and after) with a way back
(django-simple-history). The forms and formsets with the rules the models cannot check are in
`triage.admin.forms`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Case, Count, Q, When
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from triage import models
from triage.admin.common import link_list
from triage.admin.forms import (
    ConditionForm,
    ConditionSideFormSet,
    LinkForm,
    LinkFormSet,
    PlainTextField,
    QuestionForm,
    RedFlagForm,
)
from triage.vocabulary import URGENCY_ORDER, Prevalence, short_words


class PlainTextBoxes:
    """Text boxes that give back plain text (`PlainTextField`), on a knowledge page or its inlines."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.models.TextField):
            kwargs.setdefault("form_class", PlainTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class KnowledgeAdmin(PlainTextBoxes, SimpleHistoryAdmin):
    """Every knowledge page: change history with revert, and room for long names in the pickers."""

    class Media:
        css = {"all": ["triage/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # No "delete" icon beside a picker: deleting a step from a question's page surprises.
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_delete_related = False
        return field

    def get_historical_record_context_helper(self, request, historical_record):
        # Show the whole before and after of a summary or message, not the first few words.
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=2000
        )

    def history_view(self, request, object_id, extra_context=None):
        # A malformed address (say /source/26/change/history/) gets the admin's "not found"
        # message, not a server error from simple-history's lookup.
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not version_id.isdigit() or self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(models.Source)
class SourceAdmin(KnowledgeAdmin):
    list_display = ["title", "publisher", "has_url", "date_reviewed", "times_cited", "code"]
    list_filter = ["publisher", "date_reviewed"]
    search_fields = ["title", "publisher", "url", "code"]
    ordering = ["publisher", "title"]
    readonly_fields = ["cited_by"]
    fields = ["title", "publisher", "url", "date_reviewed", "code", "cited_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(cited=Count("conditions", distinct=True) + Count("red_flags", distinct=True))
        )

    @admin.display(description=_("web address given"), boolean=True)
    def has_url(self, obj: models.Source) -> bool:
        return bool(obj.url)

    @admin.display(description=_("cited by"), ordering="cited")
    def times_cited(self, obj: models.Source) -> int:
        return obj.cited

    @admin.display(description=_("cited by"))
    def cited_by(self, obj: models.Source) -> str:
        if not obj.pk:
            return _("Nothing yet")
        return link_list([*obj.conditions.all(), *obj.red_flags.all()])


class QuestionInline(PlainTextBoxes, admin.TabularInline):
    model = models.Question
    fields = ["order", "text", "kind", "required", "code"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("questions on this step (open one to edit its answers)")


@admin.register(models.Step)
class StepAdmin(KnowledgeAdmin):
    list_display = ["title", "order", "question_count", "code"]
    ordering = ["order", "code"]
    search_fields = ["title", "intro", "code"]
    fields = ["title", "intro", "order", "code"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, obj: models.Step) -> int:
        return obj.question_count


class FindingInline(PlainTextBoxes, admin.TabularInline):
    model = models.Finding
    fields = ["order", "label", "help_text", "exclusive", "code"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("answer options (open one to link it to conditions)")
    formfield_overrides = {
        models.models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})},
    }


@admin.register(models.Question)
class QuestionAdmin(KnowledgeAdmin):
    form = QuestionForm
    list_display = ["text", "step", "order", "kind", "required", "is_follow_up", "code"]
    list_filter = ["step", "kind", "required"]
    list_select_related = ["step"]
    search_fields = ["text", "help_text", "code"]
    ordering = ["step__order", "order", "code"]
    autocomplete_fields = ["step", "show_when"]
    fieldsets = [
        (None, {"fields": ["step", "order", "text", "help_text", "kind", "required", "code"]}),
        (_("Follow-up question"), {"fields": ["show_when"]}),
    ]
    inlines = [FindingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(triggers=Count("show_when"))

    @admin.display(description=_("follow-up"), boolean=True, ordering="triggers")
    def is_follow_up(self, obj: models.Question) -> bool:
        return obj.triggers > 0


class LinkInline(PlainTextBoxes, admin.TabularInline):
    """Rows of (answer or condition, ratios): a plain picker, without add/change/view icons."""

    model = models.ConditionFinding
    form = LinkForm
    extra = 0
    classes = ["ratio-links"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_add_related = field.widget.can_change_related = False
            field.widget.can_view_related = False
        return field


class ConditionLinkInline(LinkInline):
    formset = ConditionSideFormSet
    autocomplete_fields = ["condition"]
    fields = ["condition", "ratio", "ratio_if_absent"]
    verbose_name = _("condition this answer bears on")
    verbose_name_plural = _("conditions this answer bears on")


@admin.register(models.Finding)
class FindingAdmin(KnowledgeAdmin):
    list_display = ["label", "question", "step", "exclusive", "code"]
    list_filter = ["question__step", "exclusive"]
    list_select_related = ["question__step"]
    search_fields = ["label", "help_text", "code", "question__text"]
    ordering = ["question__step__order", "question__order", "order", "code"]
    autocomplete_fields = ["question"]
    fields = ["question", "order", "label", "help_text", "exclusive", "code", "used_by"]
    readonly_fields = ["used_by"]
    inlines = [ConditionLinkInline]

    @admin.display(description=_("step"), ordering="question__step__order")
    def step(self, obj: models.Finding) -> models.Step:
        return obj.question.step

    @admin.display(description=_("red flags and follow-up questions using this answer"))
    def used_by(self, obj: models.Finding) -> str:
        if not obj.pk:
            return _("Nothing yet")
        return link_list([*obj.red_flags.all(), *obj.reveals.all()])


class FindingLinkInline(LinkInline):
    formset = LinkFormSet
    autocomplete_fields = ["finding"]
    fields = ["finding", "ratio", "ratio_if_absent"]
    verbose_name = _("answer that bears on this condition")
    verbose_name_plural = _("answers that bear on this condition")


class TierFilter(admin.SimpleListFilter):
    title = _("tier")
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [("do_not_miss", _("Do not miss")), *Prevalence.choices]

    def queryset(self, request, queryset):
        if self.value() == "do_not_miss":
            return queryset.filter(do_not_miss=True)
        if self.value():
            return queryset.filter(prevalence=self.value())
        return queryset


@admin.register(models.Condition)
class ConditionAdmin(KnowledgeAdmin):
    form = ConditionForm
    list_display = ["name", "prevalence", "do_not_miss", "minimum_urgency", "supporting_answers", "code"]
    list_filter = [TierFilter]
    search_fields = ["name", "summary", "code"]
    ordering = ["name"]
    autocomplete_fields = ["sources", "key_answers"]
    fieldsets = [
        (None, {"fields": ["name", "summary", "prevalence", "do_not_miss", "code"]}),
        (
            _("Safety"),
            {
                "fields": ["key_answers", "minimum_urgency"],
                "description": _(
                    "Key answers list a do-not-miss condition even when it is not among the likely "
                    "causes. The minimum urgency applies when it is among the likely causes."
                ),
            },
        ),
        (_("Sources"), {"fields": ["sources"]}),
        (
            _("Advice shown on the results page"),
            {"fields": ["self_care", "clinician_questions", "clinician_examination", "clinician_tests"]},
        ),
    ]
    inlines = [FindingLinkInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(supporting=Count("finding_links", Q(finding_links__ratio__gt=1)))
        )

    @admin.display(description=_("answers supporting it"), ordering="supporting")
    def supporting_answers(self, obj: models.Condition) -> int:
        return obj.supporting


@admin.register(models.ConditionFinding)
class ConditionFindingAdmin(KnowledgeAdmin):
    """Each link on its own page too, so its history (ratio changes) can be seen and reverted."""

    form = LinkForm
    list_display = ["condition", "finding", "ratio", "ratio_if_absent"]
    list_filter = ["condition__do_not_miss", "condition__prevalence", "ratio", "finding__question__step"]
    list_select_related = ["condition", "finding"]
    search_fields = ["condition__name", "condition__code", "finding__label", "finding__code"]
    autocomplete_fields = ["condition", "finding"]
    ordering = ["condition__name", "-ratio"]


@admin.register(models.RedFlag)
class RedFlagAdmin(KnowledgeAdmin):
    form = RedFlagForm
    list_display = ["title", "how_soon", "answers", "code"]
    list_filter = ["urgency", "findings__question__step"]
    search_fields = ["title", "message", "action", "code", "findings__label"]
    autocomplete_fields = ["findings", "any_findings", "sources"]
    fieldsets = [
        (None, {"fields": ["title", "urgency", "message", "action", "code"]}),
        (_("When it shows"), {"fields": ["findings", "any_findings"]}),
        (_("Sources"), {"fields": ["sources"]}),
    ]

    def get_queryset(self, request):
        # Most urgent first, as a clinician reviews them.
        rank = Case(*(When(urgency=u, then=i) for i, u in enumerate(URGENCY_ORDER)))
        queryset = self.model._default_manager.annotate(urgency_rank=rank)
        return (
            queryset.order_by(*self.get_ordering(request))
            .prefetch_related("findings", "any_findings")
            .distinct()
        )

    def get_ordering(self, request):
        return ["urgency_rank", "title"]

    @admin.display(description=_("urgency"), ordering="urgency_rank")
    def how_soon(self, obj: models.RedFlag) -> str:
        return short_words(obj.urgency)

    @admin.display(description=_("shows when these are answered"))
    def answers(self, obj: models.RedFlag) -> str:
        every = "; ".join(f.label for f in obj.findings.all())
        one_of = " or ".join(f.label for f in obj.any_findings.all())
        return "; ".join(part for part in (every, f"one of: {one_of}" if one_of else "") if part)


@admin.register(models.AcceptedWarning)
class AcceptedWarningAdmin(KnowledgeAdmin):
    """Warnings of the knowledge check that a clinician marked as intended, with the reason. Opened
    from the knowledge check's "Mark as intended" link, which fills in the first three fields."""

    list_display = ["code", "kind", "warning", "reason"]
    list_filter = ["kind", "warning"]
    search_fields = ["code", "warning", "reason"]
    fields = ["kind", "code", "warning", "reason"]
