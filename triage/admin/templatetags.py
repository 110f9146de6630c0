"""Template helpers for the clinicians' admin pages."""

from __future__ import annotations

from django import template

from triage.vocabulary import EXAMPLE_PRIOR, Ratio, chance_in_words, ratio_example

register = template.Library()


@register.inclusion_tag("admin/triage/_ratio_scale.html")
def ratio_scale() -> dict:
    """The likelihood-ratio scale as a key: each choice's number and words, and what it does to a
    condition that starts at 3 in 10, worked out from the engine's own arithmetic."""
    return {
        "prior": chance_in_words(EXAMPLE_PRIOR),
        "choices": [(ratio.label, ratio_example(ratio)) for ratio in Ratio],
    }
