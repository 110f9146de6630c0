"""The draft knowledge in the admin (sources, steps, questions, answer options, conditions, their
links, self-care advice, red flags; the medicines are in `triage.admin.medicines`), arranged for
clinicians.

Every knowledge page keeps a history of changes (who, when, before and after) with a way back
(django-simple-history), shows the draft banner (the release the public sees, and how many changes
are waiting for the next one), and says after a save that the change went to the draft. The forms
and formsets with the rules the models cannot check are in `triage.admin.forms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from triage import models
from triage.admin.common import draft_banner, link_list
from triage.admin.forms import (
    ConditionForm,
    KnowledgeForm,
    LinkForm,
    QuestionForm,
    SelfCareAdviceForm,
)
from triage.admin.history import ReasonedHistory
from triage.admin.inlines import (
    AdviceInline,
    ConditionLinkInline,
    FindingLinkInline,
    OptionInline,
    PlainTextBoxes,
    QuestionInline,
)
from triage.admin.translations import TranslatedAdmin, with_review_ticks
from triage.vocabulary import Prevalence

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import StrOrPromise, WithAnnotations

    class Counts(TypedDict, total=False):
        """The counts the change lists' get_queryset annotate rows with (each list adds one)."""

        cited: int
        question_count: int
        triggers: int
        supporting: int
        condition_count: int


# After a save, in place of Django's "… was changed successfully", which does not say where the
# change went. {name} is the kind of item, {obj} the item.
ADDED_TO_DRAFT = _(
    "The {name} “{obj}” was added to the draft. The public will see it after the next release."
)
SAVED_TO_DRAFT = _(
    "The {name} “{obj}” was saved to the draft. The public will see it after the next release."
)
DELETED_FROM_DRAFT = _(
    "The {name} “{obj}” was deleted from the draft. The public will stop seeing it after the next release."
)
EDIT_AGAIN = _("You may edit it again below.")
ADD_ANOTHER = _("You may add another {name} below.")


class KnowledgeAdmin(ReasonedHistory, PlainTextBoxes, SimpleHistoryAdmin):
    """Every knowledge page: change history with revert and a reason for every save, the draft
    banner, save messages that say the change is in the draft, and room for long names in the
    pickers."""

    # Whether a saved change reaches the public with the next release (a warning marked as intended
    # only quiets the knowledge check, which the public never sees).
    reaches_the_public = True

    class Media:
        js = ["triage/js/admin_pickers.js"]

    def with_draft_banner(self, request, extra_context: dict | None) -> dict:
        # Lazy: a save that redirects never renders the banner, so it never works it out.
        return {"draft_status": SimpleLazyObject(lambda: draft_banner(request)), **(extra_context or {})}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, self.with_draft_banner(request, extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = self.with_draft_banner(request, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def object_link(self, obj) -> str:
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, obj)

    def say_where_it_went(self, request, sentence: str, obj) -> None:
        """Keep the message for `message_user` to give in place of Django's own."""
        if not self.reaches_the_public:
            return
        name = self.opts.verbose_name
        parts: list[StrOrPromise] = [format_html(sentence, name=name, obj=obj)]
        if "_continue" in request.POST:
            parts.append(EDIT_AGAIN)
        elif "_addanother" in request.POST:
            parts.append(format_html(str(ADD_ANOTHER), name=name))
        request.saved_to_draft = format_html_join(" ", "{}", ((part,) for part in parts))

    def response_add(self, request, obj, post_url_continue=None):
        self.say_where_it_went(request, ADDED_TO_DRAFT, self.object_link(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.say_where_it_went(request, SAVED_TO_DRAFT, self.object_link(obj))
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        self.say_where_it_went(request, DELETED_FROM_DRAFT, obj_display)
        return super().response_delete(request, obj_display, obj_id)

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        if level == messages.SUCCESS and getattr(request, "saved_to_draft", None):
            message = request.saved_to_draft
        super().message_user(request, message, level, extra_tags, fail_silently)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # No "delete" icon beside a picker: deleting a step from a question's page surprises.
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_delete_related = False
        return field

    def history_view(self, request, object_id, extra_context=None):
        # A malformed address (say /source/26/change/history/) gets the admin's "not found"
        # message, not a server error from simple-history's lookup.
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, self.with_draft_banner(request, extra_context))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not version_id.isdigit() or self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        extra_context = self.with_draft_banner(request, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)


class TranslatedKnowledgeAdmin(KnowledgeAdmin, TranslatedAdmin):
    """A knowledge page whose texts are translated: each in every language, side by side, with a
    review tick per translation (`triage.admin.translations`)."""


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
            .annotate(
                cited=Count("conditions", distinct=True)
                + Count("red_flags", distinct=True)
                + Count("self_care_advice", distinct=True)
                + Count("medicines", distinct=True)
            )
        )

    @admin.display(description=_("web address given"), boolean=True)
    def has_url(self, obj: models.Source) -> bool:
        return bool(obj.url)

    @admin.display(description=_("cited by"), ordering="cited")
    def times_cited(self, obj: WithAnnotations[models.Source, Counts]) -> int:
        return obj.cited

    @admin.display(description=_("cited by"))
    def cited_by(self, obj: models.Source) -> StrOrPromise:
        if not obj.pk:
            return _("Nothing yet")
        # Reverse relations to models whose managers modeltranslation swaps at run time: django-stubs
        # cannot find them.
        return link_list(
            [
                *obj.conditions.all(),  # type: ignore[attr-defined]
                *obj.red_flags.all(),  # type: ignore[attr-defined]
                *obj.self_care_advice.all(),  # type: ignore[attr-defined]
                *obj.medicines.all(),  # type: ignore[attr-defined]
            ]
        )


@admin.register(models.Step)
class StepAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.Step, KnowledgeForm)
    list_display = ["title", "order", "question_count", "code"]
    ordering = ["order", "code"]
    search_fields = ["title", "intro", "code"]
    fields = ["title", "intro", "order", "answers_stay", "code"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, obj: WithAnnotations[models.Step, Counts]) -> int:
        return obj.question_count


@admin.register(models.Question)
class QuestionAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.Question, QuestionForm)
    list_display = ["text", "step", "order", "kind", "required", "is_follow_up", "code"]
    list_filter = ["step", "kind", "required"]
    list_select_related = ["step"]
    search_fields = ["text", "help_text", "code"]
    ordering = ["step__order", "order", "code"]
    autocomplete_fields = ["step", "show_when", "hide_when"]
    fieldsets = [
        (None, {"fields": ["step", "order", "text", "help_text", "kind", "required", "code"]}),
        (_("Follow-up question"), {"fields": ["show_when", "hide_when"]}),
        (_("Summary for the doctor"), {"fields": ["summary_part"]}),
    ]
    inlines = [OptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(triggers=Count("show_when"))

    @admin.display(description=_("follow-up"), boolean=True, ordering="triggers")
    def is_follow_up(self, obj: WithAnnotations[models.Question, Counts]) -> bool:
        return obj.triggers > 0


@admin.register(models.Finding)
class FindingAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.Finding, KnowledgeForm)
    list_display = ["label", "question", "step", "exclusive", "code"]
    list_filter = ["question__step", "exclusive"]
    list_select_related = ["question__step"]
    search_fields = ["label", "help_text", "code", "question__text"]
    ordering = ["question__step__order", "question__order", "order", "code"]
    autocomplete_fields = ["question"]
    fields = ["question", "order", "heading", "label", "help_text", "exclusive", "unsure"]
    fields += ["if_not_chosen", "if_chosen"]
    fields += ["code", "used_by"]
    readonly_fields = ["used_by"]
    inlines = [ConditionLinkInline]

    @admin.display(description=_("step"), ordering="question__step__order")
    def step(self, obj: models.Finding) -> models.Step:
        return obj.question.step

    @admin.display(description=_("red flags, follow-up questions and advice using this answer"))
    def used_by(self, obj: models.Finding) -> StrOrPromise:
        if not obj.pk:
            return _("Nothing yet")
        # Question.show_when's reverse relation, which django-stubs cannot find (modeltranslation's managers).
        return link_list([*obj.red_flags.all(), *obj.reveals.all(), *obj.self_care_advice.all()])  # type: ignore[attr-defined]


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
class ConditionAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.Condition, ConditionForm)
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
            {
                "fields": ["clinician_questions", "clinician_examination", "clinician_tests"],
                "description": _("What the person can do themselves is listed under the answers below."),
            },
        ),
    ]
    inlines = [FindingLinkInline, AdviceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(supporting=Count("finding_links", Q(finding_links__ratio__gt=1)))
        )

    @admin.display(description=_("answers supporting it"), ordering="supporting")
    def supporting_answers(self, obj: WithAnnotations[models.Condition, Counts]) -> int:
        return obj.supporting


@admin.register(models.SelfCareAdvice)
class SelfCareAdviceAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.SelfCareAdvice, SelfCareAdviceForm)
    list_display = ["text", "shown_to", "condition_count", "code"]
    search_fields = ["text", "code"]
    ordering = ["code"]
    autocomplete_fields = ["only_if", "sources"]
    fields = ["text", "only_if", "only_below", "sources", "code", "given_for"]
    readonly_fields = ["given_for"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(condition_count=Count("conditions", distinct=True))
            .prefetch_related("only_if")
        )

    @admin.display(description=_("shown to"))
    def shown_to(self, obj: models.SelfCareAdvice) -> StrOrPromise:
        answers = [f.label for f in obj.only_if.all()]
        return (
            _("people who answered: %(answers)s") % {"answers": "; ".join(answers)}
            if answers
            else _("everyone")
        )

    @admin.display(description=_("conditions"), ordering="condition_count")
    def condition_count(self, obj: WithAnnotations[models.SelfCareAdvice, Counts]) -> int:
        return obj.condition_count

    @admin.display(description=_("given for these conditions"))
    def given_for(self, obj: models.SelfCareAdvice) -> StrOrPromise:
        if not obj.pk:
            return _("Nothing yet")
        return link_list(obj.conditions.order_by("name"))


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
    change_form_template = "admin/triage/conditionfinding/change_form.html"


@admin.register(models.AcceptedWarning)
class AcceptedWarningAdmin(KnowledgeAdmin):
    """Warnings of the knowledge check that a clinician marked as intended, with the reason. Opened
    from the knowledge check's "Mark as intended" link, which fills in the first three fields."""

    reaches_the_public = False

    list_display = ["code", "kind", "warning", "reason"]
    list_filter = ["kind", "warning"]
    search_fields = ["code", "warning", "reason"]
    fields = ["kind", "code", "warning", "reason"]
