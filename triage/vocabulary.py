"""The domain's words, defined once: urgency levels, how common a condition is (its prior), how
strongly an answer bears on a condition (likelihood ratios), the tiers of causes and how well one fits.

Pure (no database): the engine, the models' choices, the results pages, the scenario runner and the
admin all import these same objects, so nothing spells a level twice or parses a label back into a
code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sized
from dataclasses import dataclass
from types import MappingProxyType

from django.db.models.enums import Choices, TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from triage.regions import ENGLISH, Region, deployment_region, fill


class Urgency(TextChoices):
    """How soon to seek care, highest first. The order of the members is the ranking.

    The labels name no number or service: they are the same for every region (the admin's choices,
    FHIR's displays). A region's words are in URGENCY_TEXT, filled for the region shown."""

    EMERGENCY = "emergency", _("Emergency: call the emergency number or go to an emergency department now")
    URGENT = "urgent", _("Urgent: get medical help today")
    SOON = "soon", _("Soon: see a doctor within a few days")
    ROUTINE = "routine", _("Routine: book an appointment with your doctor")
    SELF_CARE = "self_care", _("Self-care: look after yourself at home")


# Highest first; the index is the rank (lower is more urgent).
URGENCY_ORDER: tuple[str, ...] = tuple(Urgency.values)
BASELINE_URGENCY: str = Urgency.SELF_CARE.value


@dataclass(frozen=True)
class UrgencyWords:
    """Every way a level is put into words: short for clinicians' lists, and the public's wording."""

    # Each may carry region placeholders ({emergency}, {gp}...): fill them before showing them.
    short: str | Promise  # in the admin's lists, the scenario runner (in English) and the printed summary
    title: str | Promise  # the heading of a results page
    timeframe: str | Promise
    advice: str | Promise


URGENCY_TEXT: Mapping[str, UrgencyWords] = MappingProxyType(
    {
        Urgency.EMERGENCY: UrgencyWords(
            short=_("Emergency ({emergency} now)"),
            title=_("Call {emergency} or go to {ed} now"),
            timeframe=_("Now"),
            advice=_(
                "Some of your answers can be signs of a serious problem that needs help straight "
                "away. Do not wait and do not drive yourself."
            ),
        ),
        Urgency.URGENT: UrgencyWords(
            short=_("Urgent (today)"),
            title=_("Get medical help today"),
            timeframe=_("Today"),
            advice=_(
                "Call your {gp_surgery} as soon as it opens and ask for an urgent appointment today. "
                "If it is closed, call {urgent}."
            ),
        ),
        Urgency.SOON: UrgencyWords(
            short=_("Soon (within a few days)"),
            title=_("See a doctor within a few days"),
            timeframe=_("Within 2 to 3 days"),
            advice=_(
                "Book an appointment with your {gp} in the next few days, and show the doctor the "
                "answers listed below."
            ),
        ),
        Urgency.ROUTINE: UrgencyWords(
            short=_("Routine {gp} appointment"),
            title=_("Book an appointment with your {gp}"),
            timeframe=_("Within about 2 weeks"),
            advice=_(
                "This is not urgent, but it is worth getting checked. Book a routine appointment with "
                "your {gp}."
            ),
        ),
        Urgency.SELF_CARE: UrgencyWords(
            short=_("Self-care"),
            title=_("You can probably look after this at home"),
            timeframe=_("No appointment needed for now"),
            advice=_(
                "Twitches like yours are very common and usually settle by themselves. See the "
                "self-care advice below, and see a {gp} if things change."
            ),
        ),
    }
)


# How a warning sign's action may name its own level's timeframe, in each language the knowledge is
# written in. The results box says the timeframe once, in its title: an action at that level is
# shown without these words where it says plainly what to do ("Call your GP surgery today for an
# urgent appointment" under "Get medical help today" reads "Call your GP surgery for an urgent
# appointment"). A sentence with a condition keeps them ("Get help today if it is getting worse
# quickly" under "See a doctor within a few days" names a different level). Longest first.
OWN_TIMEFRAME_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        Urgency.URGENT: ("today", "在今天", "今天"),
        Urgency.SOON: ("in the next few days", "within a few days", "在接下來幾天內"),
    }
)
# Words that make a sentence conditional: what follows is another level or a reason to go sooner.
CONDITION_WORDS: tuple[str, ...] = ("if", "unless", "sooner", "before then", "如果", "若", "提早", "更早")
# Said politely, not a condition: "Check your blood sugar if you can, and get medical help today".
NOT_A_CONDITION: tuple[str, ...] = ("if you can", "如果可以")


def short_words(urgency: str, region: Region | None = None, language: str = ENGLISH) -> str:
    """A level in a few words: for clinicians' lists and the scenario runner in English and the
    deployment's region's words, for the printed summary in the person's language and region."""
    with translation.override(language):
        return fill(str(URGENCY_TEXT[urgency].short), region or deployment_region(), language)


def urgency_rank(urgency: str) -> int:
    return URGENCY_ORDER.index(urgency)


def most_urgent(urgencies: Iterable[str]) -> str:
    return min(urgencies, key=urgency_rank, default=BASELINE_URGENCY)


class Prevalence(TextChoices):
    """How common a condition is among people who use a twitching questionnaire: its prior."""

    VERY_COMMON = "very_common", _("Very common (about 3 in 10)")
    COMMON = "common", _("Common (about 1 in 10)")
    UNCOMMON = "uncommon", _("Uncommon (about 3 in 100)")
    RARE = "rare", _("Rare (about 1 in 200)")
    VERY_RARE = "very_rare", _("Very rare (about 1 in 2,000)")


# The prior probability of each level, before any answer is counted. A condition's prior also
# depends on age band and sex: those are answers, with likelihood ratios like any other.
PRIOR: Mapping[str, float] = MappingProxyType(
    {
        Prevalence.VERY_COMMON: 0.30,
        Prevalence.COMMON: 0.10,
        Prevalence.UNCOMMON: 0.03,
        Prevalence.RARE: 0.005,
        Prevalence.VERY_RARE: 0.0005,
    }
)
RARE_LEVELS: frozenset[str] = frozenset({Prevalence.RARE, Prevalence.VERY_RARE})


class Ratio(float, Choices):
    """How strongly one answer bears on one condition: a likelihood ratio, in words a clinician
    picks from. Above 1 the answer makes the condition likelier, below 1 less likely. The number
    comes first in each label, so a narrow box that cuts a label short still shows it."""

    VERY_STRONGLY_FOR = 20.0, _("×20 very strongly for")
    STRONGLY_FOR = 10.0, _("×10 strongly for")
    FOR = 5.0, _("×5 for")
    SLIGHTLY_FOR = 2.0, _("×2 slightly for")
    SLIGHTLY_AGAINST = 0.5, _("×0.5 slightly against")
    AGAINST = 0.2, _("×0.2 against")
    # Not "rules it out": a 3-in-10 prior still ends at about 2 in 100.
    VERY_STRONGLY_AGAINST = 0.05, _("×0.05 very strongly against")


# The prior the ratio scale's examples start from: a very common condition, 3 in 10.
EXAMPLE_PRIOR = PRIOR[Prevalence.VERY_COMMON]


def after_ratio(prior: float, ratio: float) -> float:
    """The probability after one answer: a likelihood ratio multiplies the odds, not the chance."""
    odds = prior / (1 - prior) * ratio
    return odds / (1 + odds)


def in_a_number(probability: float) -> tuple[int, int]:
    """A probability as a count in a round number of people: (9, 10), (2, 100), (1, 500)."""
    for total in (10, 100):
        count = round(probability * total)
        if count >= 1 and (total == 100 or count >= 2):
            return count, total
    return 1, round(1 / probability)


def chance_in_words(probability: float) -> str:
    """A probability as a clinician says it: "about 9 in 10", "about 2 in 100", "about 1 in 500"."""
    count, total = in_a_number(probability)
    return _("about %(count)s in %(total)s") % {"count": count, "total": f"{total:,}"}


def ratio_example(ratio: float, prior: float = EXAMPLE_PRIOR) -> str:
    """What one ratio does to a prior, in one line: "3 in 10 becomes about 2 in 100"."""
    count, total = in_a_number(prior)
    return _("%(count)s in %(total)s becomes %(after)s") % {
        "count": count,
        "total": f"{total:,}",
        "after": chance_in_words(after_ratio(prior, ratio)),
    }


class Tier(TextChoices):
    """The groups the possible causes are listed in, in the order the results show them: the
    results page, the printed summary and FHIR name them in these words."""

    MOST_LIKELY = "most_likely", _("Most likely")
    OTHER_LIKELY = "other_likely", _("Other possible causes")
    DO_NOT_MISS = "do_not_miss", _("Less likely, but a doctor should rule them out")
    RARE = "rare", _("Rare causes")


TIERS: tuple[str, ...] = tuple(Tier.values)


class Fit(TextChoices):
    """How well a listed cause fits the answers, in words for the public: never a diagnosis."""

    MANY = "many", _("Fits many of your answers")
    SOME = "some", _("Fits some of your answers")
    FEW = "few", _("Fits a few of your answers")


# Words that name a medicine, or taking one. Self-care advice using any of them must say whose
# answers it is for (its "only if" answers): nobody should read advice about a medicine they do not
# take. Whole words only, so "medical help" or "tablespoon" do not count.
MEDICINE_WORDS: tuple[str, ...] = (
    "medicine",
    "medicines",
    "medication",
    "medications",
    "tablet",
    "tablets",
    "prescribed",
    "prescription",
    "dose",
    "doses",
    "statin",
    "statins",
    "stimulant",
    "stimulants",
    "antidepressant",
    "antidepressants",
    "inhaler",
    "inhalers",
    "steroid",
    "steroids",
    "insulin",
    "tramadol",
    "triptan",
    "lithium",
    "diuretic",
    "diuretics",
)
_MEDICINE_WORD = re.compile(r"\b(" + "|".join(MEDICINE_WORDS) + r")\b", re.IGNORECASE)


def medicine_named_in(text: str) -> str:
    """The first word of `text` that names a medicine, or an empty string."""
    found = _MEDICINE_WORD.search(text)
    return found.group(0) if found else ""


def medicine_for_everyone(text: str, only_if: Sized) -> str:
    """The rule above, in one place for the knowledge check and the admin's form: the medicine that
    self-care advice names while it shows to everyone (no "only if" answers), or an empty string."""
    return "" if len(only_if) else medicine_named_in(text)


class SummaryPart(TextChoices):
    """The parts of the one line the summary for the doctor starts with ("Age 18 to 39, female.
    Twitching: eyelid, right-sided; started 1 to 2 weeks ago; gradual onset; about the same."), in
    that order. A question the knowledge gives a part fills it with its answers; no answer code is
    named in the code."""

    AGE = "age", _("age")
    SEX = "sex", _("sex")
    PREGNANCY = "pregnancy", _("pregnancy")
    WHERE = "where", _("where on the body")
    SIDE = "side", _("side")
    SPREAD = "spread", _("stays in one place or moves")
    STARTED = "started", _("when it started")
    ONSET = "onset", _("how fast it started")
    COURSE = "course", _("how it has changed")


# Clinical risk, as NHS England's DCB0129 (Clinical Risk Management: its Application in the
# Manufacture of Health IT Systems, first published by NHS Digital) grades it in its implementation
# guidance: a hazard's severity and likelihood give a risk rating from 1 to 5 by a lookup in its
# matrix, not by multiplying them. The hazard log (the Hazard model) and the safety case report
# use these words.
class Severity(TextChoices):
    """How bad the harm would be, least first (DCB0129's five consequence levels)."""

    MINOR = "minor", pgettext_lazy("clinical risk", "Minor")
    SIGNIFICANT = "significant", pgettext_lazy("clinical risk", "Significant")
    CONSIDERABLE = "considerable", pgettext_lazy("clinical risk", "Considerable")
    MAJOR = "major", pgettext_lazy("clinical risk", "Major")
    CATASTROPHIC = "catastrophic", pgettext_lazy("clinical risk", "Catastrophic")


class Likelihood(TextChoices):
    """How likely the harm is, least first (DCB0129's five likelihood levels)."""

    VERY_LOW = "very_low", pgettext_lazy("clinical risk", "Very low")
    LOW = "low", pgettext_lazy("clinical risk", "Low")
    MEDIUM = "medium", pgettext_lazy("clinical risk", "Medium")
    HIGH = "high", pgettext_lazy("clinical risk", "High")
    VERY_HIGH = "very_high", pgettext_lazy("clinical risk", "Very high")


# DCB0129's risk matrix: a row per likelihood (very low first), a column per severity (minor first).
RISK_MATRIX: tuple[tuple[int, ...], ...] = (
    (1, 1, 2, 2, 3),  # very low
    (1, 2, 2, 3, 4),  # low
    (2, 2, 3, 3, 4),  # medium
    (2, 3, 3, 4, 5),  # high
    (3, 4, 4, 5, 5),  # very high
)

# What each rating asks of the manufacturer, in our words after the guidance's acceptability table.
RISK_ACCEPTABILITY: Mapping[int, str | Promise] = MappingProxyType(
    {
        1: _("Acceptable: nothing more to do."),
        2: _("Acceptable where reducing it further would cost more than it gains, or cannot be done."),
        3: _("Undesirable: reduce it; accept it only where further reduction cannot be done."),
        4: _("Unacceptable until a control removes the hazard or brings the risk down."),
        5: _("Unacceptable."),
    }
)


def risk_rating(severity: str, likelihood: str) -> int:
    """The 1-5 risk rating of a severity and a likelihood (their codes), from DCB0129's matrix."""
    return RISK_MATRIX[Likelihood.values.index(likelihood)][Severity.values.index(severity)]
