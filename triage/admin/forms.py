"""The forms of the clinical admin: the rules that need the many-to-many choices or several inline
rows at once, which the models' clean() cannot see because it runs before those are saved; and the
sign-in form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from triage import models
from triage.knowledge.check import conflicting_findings
from triage.knowledge.draft import build_knowledge
from triage.knowledge.languages import column
from triage.vocabulary import Ratio, medicine_for_everyone


class SignInForm(AdminAuthenticationForm):
    """The admin's sign-in form. A user name longer than any account's is a failed sign-in, said as
    any other is, before anything looks it up: Django's form does not check its length, and
    django-axes writes a failed sign-in's user name to a 255-character column (on PostgreSQL a
    longer one was a DataError, a 500)."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        longest = self.username_field.max_length
        if username and longest is not None and len(username) > longest:
            raise self.get_invalid_login_error()
        return super().clean()


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


RATIO_ERROR = _("Choose a likelihood ratio from the scale: above 1 for, below 1 against.")


class LinkForm(forms.ModelForm):
    ratio = forms.TypedChoiceField(
        label=capfirst(models.ConditionFinding._meta.get_field("ratio").verbose_name),
        coerce=float,
        choices=[("", "---------"), *Ratio.choices],
        help_text=models.ConditionFinding._meta.get_field("ratio").help_text,
        error_messages={
            "invalid_choice": RATIO_ERROR,
            "required": _("Choose a likelihood ratio for this answer."),
        },
    )
    ratio_if_absent = forms.TypedChoiceField(
        label=capfirst(models.ConditionFinding._meta.get_field("ratio_if_absent").verbose_name),
        coerce=float,
        empty_value=None,
        required=False,
        choices=[("", _("— none: says nothing")), *Ratio.choices],
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


@dataclass(frozen=True)
class StepLinks:
    """A condition's links to the answers asked on one step, folded under the step's title."""

    step: models.Step
    forms: list[forms.ModelForm]
    has_errors: bool


class StepGroupedLinkFormSet(LinkFormSet):
    """A condition's links, listed by the step their answer is asked on (the queryset's order)."""

    def by_step(self) -> list[StepLinks]:
        groups: dict[models.Step, list[forms.ModelForm]] = {}
        for form in self.initial_forms:
            groups.setdefault(form.instance.finding.question.step, []).append(form)
        return [StepLinks(step, rows, any(form.errors for form in rows)) for step, rows in groups.items()]


def questionnaire_place(question: models.Question) -> tuple:
    return (question.step.order, question.step.code, question.order, question.code)


class QuestionForm(KnowledgeForm):
    class Meta:
        model = models.Question
        fields = "__all__"

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
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
        super().clean()
        cleaned = self.cleaned_data
        text = cleaned.get(column("text", settings.LANGUAGE_CODE)) or ""
        word = medicine_for_everyone(text, cleaned["only_if"]) if "only_if" in cleaned else ""
        if word:
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
        super().clean()
        cleaned = self.cleaned_data
        both = "findings" in cleaned and "any_findings" in cleaned
        if both and not cleaned["findings"] and not cleaned["any_findings"]:
            raise forms.ValidationError(
                _("Add at least one answer option: a red flag shows only when answers match.")
            )
        return cleaned


class LabelledPicker:
    """Django's searchable picker with words in it while nothing is picked (Django leaves them
    empty), which also names it for screen readers, and no "remove all" cross: each choice has
    its own, and select2 puts that one where a list item should be."""

    placeholder = _("Type to search")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update({"data-placeholder": str(self.placeholder), "data-allow-clear": "false"})
        return attrs


class ConditionPicker(LabelledPicker, AutocompleteSelect):
    placeholder = _("Type to find a condition")


class RedFlagPicker(LabelledPicker, AutocompleteSelectMultiple):
    """Django's searchable picker, for the red flags an answer option belongs to. It asks the red
    flags' own search address (`RedFlagSearch`): Django's looks choices up through a field that
    points at them, and an answer option has only the reverse of one."""

    url_name = "%s:triage_redflag_search"
    placeholder = _("Type to find a red flag")

    def __init__(self, reverse_name: str) -> None:
        super().__init__(models.Finding._meta.get_field(reverse_name), admin.site)


# An answer option's links to conditions, edited on its row of the question's page. Without
# scripts there is no "add another" here: three empty rows, and more after "Save and continue".
OptionLinkFormSet = inlineformset_factory(
    models.Finding,
    models.ConditionFinding,
    form=LinkForm,
    formset=ConditionSideFormSet,
    fields=["condition", "ratio", "ratio_if_absent"],
    extra=3,
    widgets={"condition": ConditionPicker(models.ConditionFinding.condition.field, admin.site)},
)

# The red flags an answer option belongs to: (form field, the red flag's field, label, help).
RED_FLAG_FIELDS = (
    (
        "red_flags",
        "findings",
        _("red flags that need this answer"),
        _("The warning shows only when every one of its answers is given, this one included."),
    ),
    (
        "red_flags_any",
        "any_findings",
        _("red flags that need this or another answer"),
        _("The warning's “at least one of these” answers."),
    ),
    (
        "red_flags_also_any",
        "also_any_findings",
        _("red flags that also need this or another answer"),
        _("The warning's second “at least one of these” answers."),
    ),
)


class OptionForm(forms.ModelForm):
    """An answer option on its question's page, with the conditions it bears on (a formset of its
    own, `links`) and the red flags it belongs to, so both are set without leaving the question. A
    new option is saved first and then linked, in the same save."""

    red_flags = forms.ModelMultipleChoiceField(
        models.RedFlag.objects.all(), required=False, widget=RedFlagPicker("red_flags")
    )
    red_flags_any = forms.ModelMultipleChoiceField(
        models.RedFlag.objects.all(), required=False, widget=RedFlagPicker("red_flags_any")
    )
    red_flags_also_any = forms.ModelMultipleChoiceField(
        models.RedFlag.objects.all(), required=False, widget=RedFlagPicker("red_flags_also_any")
    )

    class Meta:
        model = models.Finding
        fields = ["order", "label", "help_text", "exclusive", "code"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, _accessor, label, help_text in RED_FLAG_FIELDS:
            self.fields[name].label, self.fields[name].help_text = label, help_text
            if self.instance.pk:
                self.initial[name] = [flag.pk for flag in getattr(self.instance, name).all()]
        self.links = OptionLinkFormSet(
            self.data if self.is_bound else None,
            instance=self.instance,
            prefix=f"{self.prefix}-links",
            queryset=models.ConditionFinding.objects.select_related("condition").order_by(
                "-ratio", "condition__name"
            ),
        )

    def has_changed(self) -> bool:
        return super().has_changed() or self.links.has_changed()

    def red_flag_count(self) -> int:
        return sum(len(self.initial.get(name, ())) for name, *_ in RED_FLAG_FIELDS)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if not self.links.is_valid():
            raise forms.ValidationError(
                _("Check this answer's links to conditions: the problem is marked below."), code="links"
            )
        return cleaned

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]  # a Django hook the stubs leave out
        self.links.instance = self.instance
        self.links.save()
        # Changed from each red flag's side, so the red flag's history records its new answers.
        for name, accessor, _label, _help in RED_FLAG_FIELDS:
            before = set(getattr(self.instance, name).all())
            after = set(self.cleaned_data.get(name) or ())
            for flag in after - before:
                getattr(flag, accessor).add(self.instance)
            for flag in before - after:
                getattr(flag, accessor).remove(self.instance)


# An answer option's words in English, as its form names them (django-modeltranslation's column).
ENGLISH_LABEL = column("label", settings.LANGUAGE_CODE)


class OptionFormSet(BaseInlineFormSet):
    """A question's answer options: refuses red flags that could never show once saved, because
    two answers to this question can never be given together or because no answer is left."""

    def clean(self) -> None:
        super().clean()
        # _should_delete_form: Django's, which the stubs leave out.
        if any(not form.is_valid() for form in self.forms if not self._should_delete_form(form)):  # type: ignore[attr-defined]
            return
        kept = [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        # Every red flag an option of this question belongs to, before or after this save.
        touched = {flag for form in self.forms for flag in self.flags_of(form)}
        for form in self.initial_forms:
            touched |= {flag for name, *_ in RED_FLAG_FIELDS for flag in getattr(form.instance, name).all()}
        problems = [self.problem(flag, kept) for flag in sorted(touched, key=lambda flag: flag.title)]
        if any(problems):
            raise forms.ValidationError([problem for problem in problems if problem])

    @staticmethod
    def flags_of(form) -> set:
        data = getattr(form, "cleaned_data", None) or {}
        return {flag for name, *_ in RED_FLAG_FIELDS for flag in data.get(name) or ()}

    def problem(self, flag: models.RedFlag, kept: list) -> str:
        """Why `flag` could never show with these answer options, or an empty string."""
        mine = [form for form in kept if flag in form.cleaned_data.get("red_flags", ())]
        labels = " and ".join(f"'{form.cleaned_data[ENGLISH_LABEL]}'" for form in mine)
        if len(mine) > 1 and self.instance.kind == models.Question.Kind.SINGLE:
            return _(
                "The red flag '%(flag)s' would need %(labels)s, answers to this one-answer question, so it "
                "could never show."
            ) % {"flag": flag.title, "labels": labels}
        exclusive = [form.cleaned_data[ENGLISH_LABEL] for form in mine if form.cleaned_data.get("exclusive")]
        if len(mine) > 1 and exclusive:
            return _(
                "The red flag '%(flag)s' would need %(labels)s, but '%(exclusive)s' cannot be chosen "
                "with other answers, so it could never show."
            ) % {"flag": flag.title, "labels": labels, "exclusive": exclusive[0]}
        elsewhere = [
            f
            for f in [*flag.findings.all(), *flag.any_findings.all(), *flag.also_any_findings.all()]
            if f.question_id != self.instance.pk
        ]
        if not elsewhere and not any(flag in self.flags_of(form) for form in kept):
            return _(
                "The red flag '%(flag)s' would be left with no answers. Keep one here, or give it "
                "another answer on its own page first."
            ) % {"flag": flag.title}
        return ""
