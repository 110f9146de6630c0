"""The forms of the clinical admin: the rules that need the many-to-many choices or several inline
rows at once, which the models' clean() cannot see because it runs before those are saved."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from triage import models
from triage.knowledge.check import conflicting_findings
from triage.knowledge.draft import build_knowledge
from triage.vocabulary import Ratio, medicine_named_in


class PlainTextField(forms.CharField):
    """A knowledge text box: gives back `models.plain_text` of what the browser sent.

    Normalised here, in the form, rather than in the model's save(): the form is where Django
    decides whether a field, and so an inline row, has changed. A box saved without an edit then
    counts as unchanged, so the admin logs "No fields changed", an unedited inline row (an answer
    option on its question's page) is not saved at all, and the history shows no change.
    """

    def to_python(self, value) -> str | None:
        value = super().to_python(value)
        return models.plain_text(value) if isinstance(value, str) else value


class KnowledgeForm(forms.ModelForm):
    """Shows a past version's many-to-many choices when the form is opened from the history page.

    simple-history rebuilds the plain fields of a past version but reads many-to-many fields from
    the current object; without this, reverting a red flag would keep its current answers.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, "_history", None)
        if record is None:
            return
        for field in record._history_m2m_fields:
            if field.name in self.fields:
                rows = getattr(record, field.name).all()
                self.initial[field.name] = [
                    getattr(row, f"{field.m2m_reverse_field_name()}_id") for row in rows
                ]


RATIO_ERROR = _("Choose a ratio from the scale: above 1 for, below 1 against.")


class LinkForm(forms.ModelForm):
    ratio = forms.TypedChoiceField(
        label=models.ConditionFinding._meta.get_field("ratio").verbose_name,
        coerce=float,
        choices=[("", "---------"), *Ratio.choices],
        help_text=models.ConditionFinding._meta.get_field("ratio").help_text,
        error_messages={"invalid_choice": RATIO_ERROR, "required": _("Choose a ratio for this answer.")},
    )
    ratio_if_absent = forms.TypedChoiceField(
        label=models.ConditionFinding._meta.get_field("ratio_if_absent").verbose_name,
        coerce=float,
        empty_value=None,
        required=False,
        choices=[("", _("— (not giving it says nothing)")), *Ratio.choices],
        help_text=models.ConditionFinding._meta.get_field("ratio_if_absent").help_text,
        error_messages={"invalid_choice": RATIO_ERROR},
    )

    class Meta:
        model = models.ConditionFinding
        fields = ["condition", "finding", "ratio", "ratio_if_absent"]


class LinkFormSet(BaseInlineFormSet):
    """Finds a second link between the same condition and answer before the database does."""

    # The field that differs between the rows of one inline: "finding" on a condition's page.
    other_side = "finding"

    def clean(self) -> None:
        rows = [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        seen = Counter(form.cleaned_data.get(self.other_side) for form in rows)
        for item, count in seen.items():
            if item is not None and count > 1:
                message = _(
                    "'%(item)s' is linked more than once here. Keep one link and change its ratio instead."
                ) % {"item": item.label if self.other_side == "finding" else item.name}
                for form in rows:
                    if form.cleaned_data.get(self.other_side) == item:
                        form.add_error(self.other_side, message)
                raise forms.ValidationError(message, code="duplicate")
        super().clean()


class ConditionSideFormSet(LinkFormSet):
    other_side = "condition"


def questionnaire_place(question: models.Question) -> tuple:
    return (question.step.order, question.step.code, question.order, question.code)


class QuestionForm(KnowledgeForm):
    class Meta:
        model = models.Question
        fields = "__all__"

    def clean(self) -> dict:
        cleaned = super().clean()
        step = cleaned.get("step")
        triggers = cleaned.get("show_when")
        if not step or not triggers:
            return cleaned
        here = (step.order, step.code, cleaned.get("order") or 0, cleaned.get("code") or "")
        for finding in triggers.select_related("question__step"):
            if self.instance.pk and finding.question_id == self.instance.pk:
                self.add_error(
                    "show_when",
                    _(
                        "'%(answer)s' is an answer to this same question. A question can only be "
                        "revealed by an answer to an earlier question."
                    )
                    % {"answer": finding.label},
                )
            elif questionnaire_place(finding.question) > here:
                self.add_error(
                    "show_when",
                    _(
                        "'%(answer)s' belongs to '%(question)s', which is asked after this question. "
                        "Only answers to earlier questions can reveal a question."
                    )
                    % {"answer": finding.label, "question": finding.question.text},
                )
        return cleaned


class ConditionForm(KnowledgeForm):
    class Meta:
        model = models.Condition
        fields = "__all__"
        error_messages = {
            "sources": {
                "required": _("Add at least one source: every condition must cite where it comes from.")
            }
        }


class SelfCareAdviceForm(KnowledgeForm):
    class Meta:
        model = models.SelfCareAdvice
        fields = "__all__"

    def clean(self) -> dict:
        cleaned = super().clean()
        word = medicine_named_in(cleaned.get("text") or "")
        if word and "only_if" in cleaned and not cleaned["only_if"]:
            self.add_error(
                "only_if",
                _(
                    "This advice names a medicine ('%(word)s'). Add the answers of the people who take "
                    "it, so nobody reads advice about a medicine they do not take."
                )
                % {"word": word},
            )
        return cleaned


class RedFlagForm(KnowledgeForm):
    class Meta:
        model = models.RedFlag
        fields = "__all__"
        error_messages = {
            "sources": {
                "required": _("Add at least one source: every red flag must cite where it comes from.")
            },
        }

    def clean_findings(self):
        findings = self.cleaned_data["findings"]
        # The draft, not the published release: the answers picked may be new and unpublished.
        knowledge = build_knowledge()
        infos = [knowledge.findings[f.code] for f in findings if f.code in knowledge.findings]
        conflict = conflicting_findings(infos, knowledge)
        if conflict:
            raise forms.ValidationError(
                _("A person can never give all of these answers, so the warning would never show: %(why)s")
                % {"why": conflict}
            )
        return findings

    def clean(self) -> dict:
        cleaned = super().clean()
        both = "findings" in cleaned and "any_findings" in cleaned
        if both and not cleaned["findings"] and not cleaned["any_findings"]:
            raise forms.ValidationError(
                _("Add at least one answer option: a red flag shows only when answers match.")
            )
        return cleaned
