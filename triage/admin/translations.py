"""Every knowledge text in every language, side by side on its admin page, with a clinician's review
tick for each translated text.

django-modeltranslation's admin does the columns: each translated field becomes one box per language
(`summary_en_gb`, `summary_zh_hant`), English required where the field is, the others optional. Here
they are laid out on one row, English first, with a "Reviewed by a clinician" tick beside each other
language's box. The ticks are stored in the item's `reviewed_translations`; a save that edits a
translation, or the English it translates, takes that text's tick away unless the clinician ticks it
in the same save, so a tick always means "checked against the English as it is now".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from triage.knowledge.languages import column
from triage.knowledge.roles import may_review_translations
from triage.knowledge.translations import field_words, language_name, other_languages, review_status
from triage.translation import TRANSLATED_FIELDS

REVIEWED = _("Reviewed by a clinician")
ONLY_REVIEWERS = _("Only a clinical lead or a clinical reviewer can tick this.")


def tick_name(field: str, language: str) -> str:
    return f"{column(field, language)}_reviewed"


def status_words(language: str, text: str | None, reviewed: bool) -> str:
    """ "Traditional Chinese: not reviewed", shown beside each translated text."""
    if not text:
        state = _("missing")
    elif reviewed:
        state = _("reviewed")
    else:
        state = _("not reviewed")
    return f"{language_name(language)}: {state}"


if TYPE_CHECKING:
    # The mixins below are only ever mixed into a ModelForm and a ModelAdmin or inline: mypy reads
    # them as those, so their use of the form's and the admin's attributes is checked.
    _ModelForm = forms.ModelForm
    _ModelAdmin = admin.options.BaseModelAdmin
else:
    _ModelForm = _ModelAdmin = object


class ReviewTicks(_ModelForm):
    """A knowledge form's review ticks: shown ticked for the texts already reviewed, and turned into
    the item's `reviewed_translations` when the form is cleaned. For an account that may not review
    (`may_review` False), the ticks are disabled: whatever it posts, a tick is never added, and an
    edit still takes the edited text's tick away."""

    may_review = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reviewed = self.instance.reviewed_translations or {}
        for language in other_languages():
            ticked = set(reviewed.get(language, ()))
            for name in self.translated_names():
                tick = tick_name(name, language)
                if tick not in self.fields:
                    continue
                if self._meta.fields is not None and tick not in self._meta.fields:
                    # A page that does not show the tick (say, a table of rows) leaves it as it is.
                    del self.fields[tick]
                    continue
                self.initial.setdefault(tick, name in ticked)
                text = getattr(self.instance, column(name, language), None)
                self.fields[tick].help_text = status_words(language, text, name in ticked)
                if not self.may_review:
                    self.fields[tick].disabled = True
                    self.fields[tick].help_text += f" {ONLY_REVIEWERS}"

    def translated_names(self) -> Sequence[str]:
        return TRANSLATED_FIELDS.get(self._meta.model, ())

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # a Django hook the stubs leave out
        self.instance.reviewed_translations = self.reviews_after_save()

    def reviews_after_save(self) -> dict[str, list[str]]:
        english = settings.LANGUAGE_CODE
        changed = set(self.changed_data)
        cleaned = getattr(self, "cleaned_data", {})
        reviewed = dict(self.instance.reviewed_translations or {})
        for language in other_languages():
            before = list(reviewed.get(language, ()))
            after = []
            for name in self.translated_names():
                tick = tick_name(name, language)
                if not getattr(self.instance, column(name, language), None):
                    continue  # nothing to review
                if tick in self.fields and tick in changed:
                    keep = bool(cleaned.get(tick))
                else:
                    edited = column(name, language) in changed or column(name, english) in changed
                    keep = name in before and not edited
                if keep:
                    after.append(name)
            if set(after) == set(before):
                continue  # as stored, in the stored order: an unedited save changes nothing
            if after:
                reviewed[language] = after
            else:
                reviewed.pop(language, None)
        return reviewed


@cache
def with_review_ticks(model, form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`form` with a review tick for each of `model`'s translated texts in each other language."""
    ticks = {
        tick_name(name, language): forms.BooleanField(label=REVIEWED, required=False, label_suffix="")
        for name in TRANSLATED_FIELDS[model]
        for language in other_languages()
    }
    return type(form.__name__, (ReviewTicks, form), ticks)


def for_reviewer(form: type[forms.BaseForm], request) -> type[forms.BaseForm]:
    """`form` as `request`'s account may use it: with its review ticks disabled unless it may review."""
    if issubclass(form, ReviewTicks) and not may_review_translations(request.user):
        return type(form.__name__, (form,), {"may_review": False})
    return form


class TranslatedTexts(_ModelAdmin):
    """A model admin or inline whose translated fields show every language side by side."""

    # False for a table of rows too narrow for a second language: there each row's own page has them.
    shows_other_languages = True

    def translated(self) -> Sequence[str]:
        return TRANSLATED_FIELDS[self.model]

    def other_columns(self, name: str) -> list[str]:
        if not self.shows_other_languages:
            return []
        found = []
        for language in other_languages():
            found += [column(name, language), tick_name(name, language)]
        return found

    def laid_out(self, rows: Iterable) -> list:
        """Each translated field as its English box, then the other languages' boxes with their
        ticks, on one row; a row of several fields keeps them and gets the translations after it."""
        english = settings.LANGUAGE_CODE
        laid = []
        for row in rows:
            if isinstance(row, list | tuple):
                laid.append(tuple(column(n, english) if n in self.translated() else n for n in row))
                laid += [tuple(self.other_columns(n)) for n in row if n in self.translated()]
            elif row in self.translated():
                laid.append((column(row, english), *self.other_columns(row)))
            else:
                laid.append(row)
        return laid

    def get_fieldsets(self, request, obj=None):
        declared = self.fieldsets or [(None, {"fields": self.fields})]
        return [(title, {**opts, "fields": self.laid_out(opts["fields"])}) for title, opts in declared]

    def get_search_fields(self, request):
        # A clinician can find an item by its words in any language.
        fields = list(super().get_search_fields(request))
        return fields + [
            column(name, language)
            for name in fields
            if name in self.translated()
            for language in other_languages()
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and hasattr(db_field, "translated_field"):
            field.label = capfirst(field_words(db_field))
            if db_field.language != settings.LANGUAGE_CODE:
                # A text not yet translated stays NULL, as the translation files load it, so an
                # unedited save changes nothing.
                field.empty_value = None
        return field


class TranslationStatusFilter(admin.SimpleListFilter):
    """Items by the state of their translations: with a text missing, with one not yet reviewed,
    or all reviewed."""

    title = _("translations")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        found = []
        for language in other_languages():
            name = language_name(language)
            found += [
                (f"{language}:missing", _("%(language)s: a text missing") % {"language": name}),
                (f"{language}:unreviewed", _("%(language)s: a text not reviewed") % {"language": name}),
                (f"{language}:reviewed", _("%(language)s: all reviewed") % {"language": name}),
            ]
        return found

    def queryset(self, request, queryset):
        if not self.value() or ":" not in self.value():
            return queryset
        language, state = self.value().split(":", 1)
        status = review_status(queryset.model).get(language)
        if status is None or state not in ("missing", "unreviewed", "reviewed"):
            return queryset
        codes = {key.split("/")[1] for key in status["missing"] + status["unreviewed"]}
        if state == "reviewed":
            return queryset.exclude(code__in=codes)
        return queryset.filter(code__in={key.split("/")[1] for key in status[state]})


class TranslatedAdmin(TranslatedTexts, TranslationAdmin):
    """The base of a knowledge page with translated texts (before the knowledge admin in the MRO)."""

    def get_form(self, request, obj=None, **kwargs):
        return for_reviewer(super().get_form(request, obj, **kwargs), request)

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStatusFilter]


class ReviewedInline(TranslatedTexts):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = for_reviewer(formset.form, request)
        return formset


class TranslatedStackedInline(ReviewedInline, TranslationStackedInline):
    pass


class TranslatedTabularInline(ReviewedInline, TranslationTabularInline):
    pass
