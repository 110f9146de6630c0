"""Small template helpers for the questionnaire's pages."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from django import forms, template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from triage import engine
from triage.punctuation import Marks, marks
from triage.vocabulary import Fit, Tier

register = template.Library()


def selected_codes(field: forms.BoundField) -> frozenset[str]:
    """The option codes a question's inputs show as ticked, as Django's choice widgets work them out."""
    return codes_of(field.value())


def codes_of(value: object) -> frozenset[str]:
    """The option codes a choice field's value ticks."""
    if value is None:
        return frozenset()
    values = value if isinstance(value, list | tuple) else [value]
    return frozenset(str(v) for v in values)


@register.simple_tag
def question_options(field: forms.BoundField) -> str:
    """The radio buttons or checkboxes of one question, each with its label and optional help.

    The same markup Django's widgets make, built in Python: rendering each option through the widget
    templates was most of the time a step page took.
    """
    question: engine.QuestionInfo = field.field.question  # type: ignore[attr-defined]  # set by StepForm
    required, invalid = bool(field.field.required), bool(field.errors)
    markup = options_markup(question, required, invalid, translation.get_language())
    return with_ticks(markup, question, selected_codes(field), required, invalid)


def option_attrs(question: engine.QuestionInfo, required: bool, invalid: bool) -> str:
    return (" required" if required and question.kind != "multiple" else "") + (
        ' aria-invalid="true"' if invalid else ""
    )


def with_ticks(
    markup: str, question: engine.QuestionInfo, selected: frozenset[str], required: bool, invalid: bool
) -> str:
    """A question's markup drawn with nothing ticked (options_markup), with this person's answers
    ticked: applied to each request's copy, so no memoised markup ever holds anyone's answers."""
    if not selected:
        return mark_safe(markup)  # noqa: S308 - the markup was escaped where it was made
    attrs = option_attrs(question, required, invalid)
    name = escape(question.code)
    place = question.option_index
    # Only the question's own codes: a tampered value ticks nothing. Each input's id is unique, so
    # the order the ticks are put in does not matter; only the few ticked are looked at.
    for index in [place[code] for code in selected if code in place]:
        found = f'id="id_{name}_{index}"{attrs}>'
        markup = markup.replace(found, f"{found[:-1]} checked>", 1)
    return mark_safe(markup)  # noqa: S308 - the markup was escaped where it was made


@lru_cache(maxsize=2048)
def options_markup(question: engine.QuestionInfo, required: bool, invalid: bool, language: str) -> str:
    """Pure, so memoised per process, with nothing ticked (`with_ticks` ticks a copy for each
    request). The question is compared by value (its text and every option), so a new release's
    wording can never be served from an older entry; the language is part of the key because the
    help summary is translated."""
    multiple = question.kind == "multiple"
    kind = "checkbox" if multiple else "radio"
    attrs = option_attrs(question, required, invalid)
    name = escape(question.code)
    help_summary = escape(gettext("What does this mean?"))
    parts = []
    in_group = False
    for index, option in enumerate(question.options):
        # A long list is shown in groups under headings (the knowledge's `heading`), each a labelled
        # group for screen readers; "None of these" applies to the whole question, so it stands after.
        if in_group and (option.heading or option.exclusive):
            parts.append("</div>")
            in_group = False
        if option.heading and not option.exclusive:
            heading_id = f"{name}-group-{index}"
            parts.append(
                f'<div class="option-group" role="group" aria-labelledby="{heading_id}">'
                f'<p class="option-group-heading" id="{heading_id}">{escape(option.heading)}</p>'
            )
            in_group = True
        input_id = f"id_{name}_{index}"
        value = escape(option.code)
        parts.append(
            f'<div class="option option-{"check" if multiple else "radio"}">'
            f'<input type="{kind}" name="{name}" value="{value}" id="{input_id}"{attrs}>'
            f'<label for="{input_id}">{escape(option.label)}</label>'
        )
        if option.help_text:
            parts.append(
                f'<details class="option-help"><summary>{help_summary}</summary>'
                f"<p>{escape(option.help_text)}</p></details>"
            )
        parts.append("</div>")
    if in_group:
        parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


@register.filter
def minutes(duration: timedelta | None) -> int:
    """A duration in whole minutes, rounded up (for the admin lockout page)."""
    if not duration:
        return 0
    return -(-int(duration.total_seconds()) // 60)


@register.simple_tag
def punctuation() -> Marks:
    """The punctuation of the language shown: `{% punctuation as marks %}` then `{{ marks.colon }}`."""
    return marks()


@register.simple_tag
def space() -> str:
    """The space after a label or a sentence: " " in English, none after Chinese full-width marks."""
    return marks().space


@register.filter
def listed(words) -> str:
    """Items joined as a list in the language shown: "a, b" in English, "a、b" in Chinese."""
    return marks().items(str(w) for w in words)


@register.filter
def aside(text) -> str:
    """Words in brackets after others, in the language shown: " (a)" in English, "（a）" in Chinese."""
    return marks().bracketed(str(text))


@register.filter
def tagged(text) -> str:
    """A short label after other words: " [a]" in English, "【a】" in Chinese."""
    return marks().tagged(str(text))


@register.filter
def quoted_answers(findings) -> str:
    """The answers that raised a warning sign, each in quotes, as a list in the language shown."""
    m = marks()
    return m.items(m.quoted(f["answer"]) for f in findings)


@register.filter
def fit_words(code: str) -> str:
    """How well a listed cause fits, in the vocabulary's words ("" for results saved before fit)."""
    return str(Fit(code).label) if code in Fit.values else ""


@register.filter
def tier_title(code: str) -> str:
    """The name of a group of causes ("most_likely"), in the vocabulary's words."""
    return str(Tier(code).label)


@register.filter
def cause_to_name(tiers: dict) -> dict | None:
    """The cause to name to an emergency call handler: the first serious (do-not-miss) cause listed,
    likely tiers first; otherwise the most likely one."""
    listed = [*tiers.get("most_likely", ()), *tiers.get("other_likely", ()), *tiers.get("do_not_miss", ())]
    return next((c for c in listed if c.get("do_not_miss")), listed[0] if listed else None)
