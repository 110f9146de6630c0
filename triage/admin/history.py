"""Why each change to the knowledge was made, and what it changed word by word.

Every knowledge page's form (adding, changing, or reverting to an earlier version from the history)
has a required *Reason for this change* box. The reason goes into simple-history's record of the
save (`history_change_reason`), for the item and for every row saved with it on the same page (an
answer option on its question's page, a link on its condition's page), and into the admin's own log
message. The history page shows it beside who and when, and each changed text word by word (new
words underlined on green, removed ones struck through on red), the same way as *Changes waiting*
(`triage.knowledge.diff`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.options import ActionLocation
from django.db.models import ManyToManyField
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from triage.knowledge.diff import FieldChange, item_segments, word_segments

if TYPE_CHECKING:
    # Only ever mixed into a knowledge page's ModelAdmin: mypy reads it as one, so its use of the
    # admin's attributes is checked.
    from django.contrib.admin import ModelAdmin as _ModelAdmin
else:
    _ModelAdmin = object

REASON = "change_reason"
REASON_MISSING = _("Say why you are making this change: the reason is kept in the history beside it.")


class ReasonField(forms.CharField):
    """A reason is about the save, not a change to the item: the admin's log still says "No fields
    changed." for a save without an edit, and a row left as it was is still left unsaved."""

    def has_changed(self, initial, data) -> bool:
        return False


def reason_field() -> forms.CharField:
    return ReasonField(
        label=_("Reason for this change"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Why you are making this change, in a few words (for example 'NICE updated its advice in "
            "2025'). Everyone who opens this item's history reads it."
        ),
        max_length=1000,
        error_messages={"required": REASON_MISSING},
    )


def with_reason[AnyForm: forms.BaseForm](form: type[AnyForm]) -> type[AnyForm]:
    """`form` with the required reason box (declared, so a model admin may list it in its fields)."""
    if REASON in getattr(form, "declared_fields", {}):
        return form
    return type(form.__name__, (form,), {REASON: reason_field()})


def clean_reason(text: str) -> str:
    return " ".join(text.split())


class WordDiffHelper(HistoricalRecordContextHelper):
    """Each change of a history entry as its field's words and one piece of HTML: a text word by
    word, a list by what came and went, anything else "old → new"."""

    def context_for_delta_changes(self, delta) -> list[dict[str, Any]]:
        return [self.change_context(change) for change in delta.changes]

    def change_context(self, change: ModelChange) -> dict[str, Any]:
        field = self.model._meta.get_field(change.field)
        old = self.prepare_delta_change_value(change, change.old)
        new = self.prepare_delta_change_value(change, change.new)
        words = capfirst(field.verbose_name)
        if isinstance(field, ManyToManyField):
            entries = item_segments(sorted(map(str, old)), sorted(map(str, new)))
            diff = FieldChange(words, entries, is_list=True)
        elif isinstance(old, str | None) and isinstance(new, str | None) and (old or new):
            diff = FieldChange(words, word_segments(old or "", new or ""))
            if not diff.segments or diff.only_spacing:
                diff = FieldChange(words, old=repr(old or ""), new=repr(new or ""))
        else:
            old_text, new_text = self.stringify_delta_change_values(change, old, new)
            diff = FieldChange(words, old=old_text, new=new_text)
        formatted = dataclasses.replace(change, field=words)
        return {"field": formatted.field, "diff": diff.html()}


class ReasonedHistory(_ModelAdmin):
    """A knowledge page's part in this: the reason box on its form, the reason kept with the item and
    the rows saved with it, and a history page with reasons and word diffs."""

    object_history_template = "admin/triage/knowledge_history.html"
    object_history_list_template = "admin/triage/knowledge_history_list.html"
    delete_confirmation_template = "admin/triage/knowledge_delete_confirmation.html"

    def __init__(self, model, admin_site) -> None:
        super().__init__(model, admin_site)
        self.form = with_reason(self.form)

    def get_fieldsets(self, request, obj=None):
        # A page without fieldsets of its own lists every form field, the reason's too: once is enough.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != REASON]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        may_save = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if not may_save:
            return fieldsets  # a page only to look at has nothing to give a reason for
        return [*fieldsets, (_("Why"), {"fields": [REASON], "classes": ["change-reason"]})]

    def save_model(self, request, obj, form, change) -> None:
        obj._change_reason = clean_reason(form.cleaned_data.get(REASON, "")) or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        # The rows saved with the item (its answer options, its links) keep the same reason.
        reason = clean_reason(form.cleaned_data.get(REASON, "")) or None
        for row in formset.forms:
            row.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def get_historical_record_context_helper(self, request, historical_record):
        # The whole before and after of a summary or message, word by word.
        return WordDiffHelper(self.model, historical_record, max_displayed_delta_change_chars=2000)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Each deletion gives its own reason on its own page: no deleting of many at once.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "reason_field": REASON}
        if request.method == "POST":
            reason = clean_reason(request.POST.get(REASON, ""))
            if not reason:
                # Django deletes on any POST: without a reason, the page is shown again instead.
                request.POST = QueryDict()
                extra_context["reason_error"] = REASON_MISSING
            request.deletion_reason = reason
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        obj._change_reason = getattr(request, "deletion_reason", None) or None
        super().delete_model(request, obj)
