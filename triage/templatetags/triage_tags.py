"""Small template helpers for the questionnaire's pages."""

from __future__ import annotations

from datetime import timedelta

from django import template

from triage import engine

register = template.Library()


@register.filter
def option_help(question: engine.QuestionInfo, code: str) -> str:
    """The "What does this mean?" text of one answer option, or an empty string."""
    return next((option.help_text for option in question.options if option.code == code), "")


@register.filter
def minutes(duration: timedelta | None) -> int:
    """A duration in whole minutes, rounded up (for the admin lockout page)."""
    if not duration:
        return 0
    return -(-int(duration.total_seconds()) // 60)
