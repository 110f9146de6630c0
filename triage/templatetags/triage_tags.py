"""Small template helpers for the questionnaire's pages."""

from __future__ import annotations

from django import template

from triage import engine

register = template.Library()


@register.filter
def option_help(question: engine.QuestionInfo, code: str) -> str:
    """The "What does this mean?" text of one answer option, or an empty string."""
    return next((option.help_text for option in question.options if option.code == code), "")
