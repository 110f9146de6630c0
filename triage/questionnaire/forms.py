"""One form class builds the form for any step from the knowledge snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from triage import engine

SHOWN_FIELD = "_shown"

# Lazy, so they are translated only when an error is shown rather than for every field built.
MULTIPLE = {
    "required": gettext_lazy("Select all that apply, or ‘None of these’."),
    "invalid_choice": gettext_lazy("Choose from the answers listed."),
}
SINGLE = {
    "required": gettext_lazy("Select an answer."),
    "invalid_choice": gettext_lazy("Choose one of the answers listed."),
}


class Placeholder:
    """An empty, escaped slot for a hidden follow-up question, which HTMX fills when it applies.

    Not crispy's HTML(), which compiles its text as a template: a question code must never be able
    to inject markup or template tags, even one loaded from a fixture without validation.
    """

    def __init__(self, code: str) -> None:
        self.code = code

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return format_html('<div id="q-{}"></div>', self.code)


class StepForm(forms.Form):
    """The questions of one step that are visible for the answers given so far.

    `earlier` holds the answers from earlier steps; a follow-up question on this step is visible
    when its trigger is among them or among this step's own submitted answers.
    """

    def __init__(
        self,
        step: engine.StepInfo,
        knowledge: engine.Knowledge,
        earlier: Mapping[str, Sequence[str]],
        *args,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        self.knowledge = knowledge
        self.earlier_given = engine.given_findings(earlier, knowledge)
        self.questions = self.visible_questions()
        self.newly_shown: list[engine.QuestionInfo] = []
        for question in self.questions:
            self.fields[question.code] = self.build_field(question)

    @property
    def helper(self) -> FormHelper:
        """crispy-forms lays out the step: each visible question through triage/_question.html (a
        fieldset and legend, its options drawn by the question_options tag), each hidden follow-up
        as an empty placeholder."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        # step.html shows the form's own errors once, at the top; crispy would repeat them.
        helper.form_show_errors = False
        visible = {q.code for q in self.questions}
        helper.layout = Layout(
            *(
                Field(q.code, template="triage/_question.html") if q.code in visible else Placeholder(q.code)
                for q in self.step.questions
            )
        )
        return helper

    def submitted_codes(self) -> frozenset[str]:
        if not self.is_bound:
            return frozenset()
        codes: set[str] = set()
        for question in self.step.questions:
            codes.update(self.data.getlist(question.code))
        return frozenset(codes)

    def visible_questions(self) -> list[engine.QuestionInfo]:
        given = set(self.earlier_given)
        if self.is_bound:
            given |= self.submitted_codes()
        else:
            given |= set(self.initial_codes())
        visible = []
        for question in self.step.questions:
            if engine.is_visible(question, frozenset(given)):
                visible.append(question)
        return visible

    def initial_codes(self) -> list[str]:
        codes: list[str] = []
        for value in self.initial.values():
            codes.extend(value if isinstance(value, list | tuple) else [value])
        return codes

    def build_field(self, question: engine.QuestionInfo) -> forms.Field:
        if question.kind == "multiple":
            field_class, widget, messages = forms.MultipleChoiceField, forms.CheckboxSelectMultiple, MULTIPLE
        else:
            field_class, widget, messages = forms.ChoiceField, forms.RadioSelect, SINGLE
        field = field_class(
            choices=[(option.code, option.label) for option in question.options],
            widget=widget,
            required=question.required,
            error_messages=messages,
        )
        field.label = question.text
        field.help_text = question.help_text
        field.question = question
        return field

    def clean(self) -> dict:
        cleaned = super().clean()
        for question in self.questions:
            if question.kind != "multiple" and len(self.data.getlist(question.code)) > 1:
                # A radio button sends one value; two mean a tampered request, not a choice to guess.
                self.add_error(question.code, _("Choose one of the answers listed."))
                continue
            value = cleaned.get(question.code)
            if isinstance(value, list):
                # A repeated checkbox value means the same answer once.
                value = cleaned[question.code] = list(dict.fromkeys(value))
            if question.kind != "multiple" or not value or len(value) < 2:
                continue
            exclusive = [o for o in question.options if o.exclusive and o.code in value]
            if exclusive:
                self.add_error(
                    question.code,
                    _("‘%(answer)s’ cannot be chosen together with other answers.")
                    % {"answer": exclusive[0].label},
                )
        # A follow-up revealed by this step's own answers that the person has not yet seen (no
        # JavaScript): show it rather than treat the gap as a mistake.
        shown = set(self.data.getlist(SHOWN_FIELD)) if self.is_bound else set()
        for question in self.questions:
            if question.show_when and question.code not in shown and not self.data.getlist(question.code):
                self.newly_shown.append(question)
                self.errors.pop(question.code, None)
        if self.newly_shown:
            raise forms.ValidationError(
                _("Please answer the extra question that has appeared below."), code="follow-up"
            )
        return cleaned

    @property
    def field_errors(self) -> dict:
        """Errors that belong to a question (for the error summary)."""
        return {name: errors for name, errors in self.errors.items() if name != "__all__"}

    def answers(self) -> dict[str, list[str]]:
        """This step's answers, question code to finding codes, for the session."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.code)
            if value:
                answers[question.code] = list(value) if isinstance(value, list) else [value]
        return answers
