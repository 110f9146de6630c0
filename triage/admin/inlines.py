"""The rows edited inside a knowledge page: a step's questions, a question's answer options (each
with the conditions it bears on and its red flags, so an answer is linked where it is written), a
condition's answers (folded by step) and its self-care advice, and the search the red flag pickers
ask."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.translation import gettext_lazy as _

from triage import models
from triage.admin.forms import (
    ConditionSideFormSet,
    LinkForm,
    OptionForm,
    OptionFormSet,
    PlainTextField,
    StepGroupedLinkFormSet,
)
from triage.admin.translations import TranslatedStackedInline, TranslatedTabularInline, with_review_ticks


class PlainTextBoxes:
    """Text boxes that give back plain text (`PlainTextField`), on a knowledge page or its inlines."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.models.TextField):
            kwargs.setdefault("form_class", PlainTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class NamedCells:
    """A table of rows (a tabular inline) whose every control has a name of its own: Django names
    each column once, in its heading, which a screen reader does not read out beside a control
    in a row (and axe counts as an unlabelled field). Each control gets its column's name."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Named(formset):
            def add_fields(self, form, index) -> None:
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    if not field.widget.is_hidden:
                        field.widget.attrs.setdefault("aria-label", str(field.label or name))

        Named.__name__ = formset.__name__
        return Named


class QuestionInline(NamedCells, PlainTextBoxes, TranslatedTabularInline):
    model = models.Question
    form = with_review_ticks(models.Question, forms.ModelForm)
    fields = ["order", "text", "kind", "required", "code"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("questions on this step (open one to edit its answers)")
    # The question's words in English only: its own page has them in every language.
    shows_other_languages = False


class OptionInline(PlainTextBoxes, TranslatedStackedInline):
    """A question's answer options, one block each: the answer's words on one line, and folded
    under it its explanation, the conditions it bears on and the red flags it belongs to.

    One block per option rather than Django's table, because an option's links are rows of their
    own (a formset inside the option's form) that no table cell has room for; the page works
    without scripts, and Django's own script adds an option with its empty link rows."""

    model = models.Finding
    form = with_review_ticks(models.Finding, OptionForm)
    formset = OptionFormSet
    template = "admin/triage/edit_inline/options.html"
    fieldsets = [
        (None, {"fields": [("label", "code", "order", "exclusive")]}),
        (None, {"fields": ["help_text"]}),
        (_("Red flags"), {"fields": [("red_flags", "red_flags_any", "red_flags_also_any")]}),
    ]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("answer options, with the conditions and red flags each one bears on")
    formfield_overrides = {
        models.models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("red_flags", "red_flags_any", "red_flags_also_any")
        )

    @property
    def first_line(self) -> list[str]:
        """The fields on an option's first line (its words in each language, code, order, and
        whether it stands alone), which the template shows unfolded."""
        return flatten_fieldsets(self.laid_out_rows()[:2])

    def laid_out_rows(self) -> list:
        return [(None, {"fields": [row]}) for row in self.laid_out(self.fieldsets[0][1]["fields"])]


class LinkInline(NamedCells, PlainTextBoxes, admin.TabularInline):
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
    """An answer option's conditions on its own page, in the same rows as elsewhere; new links go
    in the empty rows at the end."""

    formset = ConditionSideFormSet
    template = "admin/triage/edit_inline/link_rows_table.html"
    extra = 3
    autocomplete_fields = ["condition"]
    fields = ["condition", "ratio", "ratio_if_absent"]
    verbose_name = _("condition this answer bears on")
    verbose_name_plural = _("conditions this answer bears on")


class FindingLinkInline(LinkInline):
    """A condition's answers, folded under the step each is asked on, so a condition with dozens
    of them still has a short page. New links go in the empty rows at the end (three; more after
    "Save and continue"): rows added by script would have to be numbered across the folds."""

    formset = StepGroupedLinkFormSet
    template = "admin/triage/edit_inline/links_by_step.html"
    autocomplete_fields = ["finding"]
    fields = ["finding", "ratio", "ratio_if_absent"]
    extra = 3
    verbose_name = _("answer that bears on this condition")
    verbose_name_plural = _("answers that bear on this condition")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("finding__question__step")
            .order_by("finding__question__step__order", "finding__question__order", "finding__order")
        )


class AdviceInline(NamedCells, admin.TabularInline):
    """A condition's self-care advice. Picking an item another condition uses marks the two as the
    same advice: a person with both conditions reads it once."""

    model = models.ConditionAdvice
    autocomplete_fields = ["advice"]
    fields = ["order", "advice"]
    extra = 0
    verbose_name = _("what the person can do")
    verbose_name_plural = _("what the person can do (self-care advice, most useful first)")


class RedFlagSearch(AutocompleteJsonView):
    """The red flags matching what a clinician types in an answer option's red flag picker, from
    the red flags' own admin search, for anyone who may view red flags."""

    def process_request(self, request):
        return request.GET.get("term", ""), self.admin_site.get_model_admin(models.RedFlag), None, "pk"

    def get_queryset(self):
        queryset = self.model_admin.get_queryset(self.request)
        queryset, _distinct = self.model_admin.get_search_results(self.request, queryset, self.term)
        return queryset
