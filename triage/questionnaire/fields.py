"""A step form's fields: each question's field is made once per process and each form is given a
copy of it (StepForm.build_field), as Django copies a form class's fields for each form."""

from __future__ import annotations

from functools import lru_cache, partial

from django import forms
from django.utils.translation import gettext_lazy

from triage import engine

# Lazy, so they are translated only when an error is shown rather than for every field built.
MULTIPLE = {
    "required": gettext_lazy("Select all that apply, or ‘None of these’."),
    "invalid_choice": gettext_lazy("Choose from the answers listed."),
}
SINGLE = {
    "required": gettext_lazy("Select an answer."),
    "invalid_choice": gettext_lazy("Choose one of the answers listed."),
}


@lru_cache(maxsize=1024)
def option_choices(question: engine.QuestionInfo) -> tuple[tuple[str, str], ...]:
    return tuple((option.code, option.label) for option in question.options)


@lru_cache(maxsize=1024)
def kept_field(question: engine.QuestionInfo) -> forms.ChoiceField:
    """A question's form field, made once per question (compared by value, so a new release's
    wording is a field of its own) and never used itself: each form gets its own copy (`own_copy`).
    Only the question decides it: the person's answers live in the form and its bound fields."""
    field_class: type[forms.ChoiceField]
    widget: type[forms.Widget]
    if question.kind == "multiple":
        field_class, widget, messages = forms.MultipleChoiceField, forms.CheckboxSelectMultiple, MULTIPLE
    else:
        field_class, widget, messages = forms.ChoiceField, forms.RadioSelect, SINGLE
    field = field_class(
        # Worked out when the answers are checked, not for every page that only shows them.
        choices=partial(option_choices, question),
        widget=widget,
        required=question.required,
        error_messages=messages,
    )
    field.label = question.text
    field.help_text = question.help_text
    field.question = question  # type: ignore[attr-defined]  # read by the step's option tag
    return field


def own_copy(field: forms.ChoiceField) -> forms.ChoiceField:
    """A form's own copy of a kept field, as Django copies a form class's fields for each form
    (`Field.__deepcopy__`: the field, its widget, and their dicts and lists copied; the choices and
    the question are read-only), without running Field.__init__ again, which cost about a tenth of
    a step page. A form may change its copy (the medicines step makes its question optional)."""
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    widget = object.__new__(type(field.widget))
    widget.__dict__.update(field.widget.__dict__)
    widget.attrs = dict(field.widget.attrs)
    copied.widget = widget
    copied.error_messages = dict(field.error_messages)
    copied.validators = list(field.validators)
    return copied
