"""The domain's words, defined once: urgency levels, how common a condition is, and answer weights.

Pure (no database): the engine, the models' choices, the results pages, the scenario runner and the
admin all import these same objects, so nothing spells a level twice or parses a label back into a
code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.db.models.enums import IntegerChoices, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Urgency(TextChoices):
    """How soon to seek care, highest first. The order of the members is the ranking."""

    EMERGENCY = "emergency", _("Emergency: call 999 or go to A&E now")
    URGENT = "urgent", _("Urgent: get medical help today")
    SOON = "soon", _("Soon: see a doctor within a few days")
    ROUTINE = "routine", _("Routine: book an appointment with your GP")
    SELF_CARE = "self_care", _("Self-care: look after yourself at home")


# Highest first; the index is the rank (lower is more urgent).
URGENCY_ORDER: tuple[str, ...] = tuple(Urgency.values)
BASELINE_URGENCY: str = Urgency.SELF_CARE.value


@dataclass(frozen=True)
class UrgencyWords:
    """Every way a level is put into words: short for clinicians' lists, and the public's wording."""

    short: str | Promise  # in the admin's lists and the scenario runner
    title: str | Promise  # the heading of a results page
    timeframe: str | Promise
    advice: str | Promise


URGENCY_TEXT: Mapping[str, UrgencyWords] = MappingProxyType(
    {
        Urgency.EMERGENCY: UrgencyWords(
            short="Emergency (999 now)",
            title=_("Call 999 or go to A&E now"),
            timeframe=_("Now"),
            advice=_(
                "Some of your answers can be signs of a serious problem that needs help straight "
                "away. Do not wait and do not drive yourself."
            ),
        ),
        Urgency.URGENT: UrgencyWords(
            short="Urgent (today)",
            title=_("Get medical help today"),
            timeframe=_("Today"),
            advice=_(
                "Call your GP surgery as soon as it opens and ask for an urgent appointment today. "
                "If it is closed, call NHS 111."
            ),
        ),
        Urgency.SOON: UrgencyWords(
            short="Soon (within a few days)",
            title=_("See a doctor within a few days"),
            timeframe=_("Within 2 to 3 days"),
            advice=_(
                "Book an appointment with your GP in the next few days. Tell the receptionist "
                "about the answers listed below."
            ),
        ),
        Urgency.ROUTINE: UrgencyWords(
            short="Routine GP appointment",
            title=_("Book an appointment with your GP"),
            timeframe=_("Within about 2 weeks"),
            advice=_("This is not urgent, but it is worth getting checked. Book a routine GP appointment."),
        ),
        Urgency.SELF_CARE: UrgencyWords(
            short="Self-care",
            title=_("You can probably look after this at home"),
            timeframe=_("No appointment needed for now"),
            advice=_(
                "Twitches like yours are very common and usually settle by themselves. See the "
                "self-care advice below, and see a GP if things change."
            ),
        ),
    }
)


def short_words(urgency: str) -> str:
    """A level in a few words, for clinicians' lists and the scenario runner."""
    return str(URGENCY_TEXT[urgency].short)


def urgency_rank(urgency: str) -> int:
    return URGENCY_ORDER.index(urgency)


def most_urgent(urgencies: Iterable[str]) -> str:
    return min(urgencies, key=urgency_rank, default=BASELINE_URGENCY)


class Prevalence(TextChoices):
    COMMON = "common", _("Common")
    UNCOMMON = "uncommon", _("Uncommon")
    RARE = "rare", _("Rare")


# A condition's starting score before any answer is counted: common causes are the likelier
# explanation for the same answers.
PREVALENCE_PRIOR: Mapping[str, int] = MappingProxyType(
    {Prevalence.COMMON: 2, Prevalence.UNCOMMON: 0, Prevalence.RARE: -2}
)


class Weight(IntegerChoices):
    """How strongly one answer bears on one condition, strongest first; the engine adds them up."""

    VERY_STRONGLY_SUPPORTS = 5, _("+5 very strongly supports")
    PLUS_4 = 4, _("+4")
    STRONGLY_SUPPORTS = 3, _("+3 strongly supports")
    PLUS_2 = 2, _("+2")
    SUPPORTS = 1, _("+1 supports")
    SLIGHTLY_AGAINST = -1, _("-1 slightly argues against")
    ARGUES_AGAINST = -2, _("-2 argues against")
    MINUS_3 = -3, _("-3")
    STRONGLY_AGAINST = -4, _("-4 strongly argues against")
    VERY_STRONGLY_AGAINST = -5, _("-5 very strongly argues against")
