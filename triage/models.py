"""Condition knowledge (edited by clinicians, shipped as fixtures) and saved assessments.

Every knowledge model has a stable `code` used as its natural key, so the fixtures in fixtures/
refer to each other by code rather than by database id.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from triage.medicines import MEDICINES_QUESTION
from triage.reference import REFERENCE_LENGTH, format_reference
from triage.regions import PLACEHOLDERS, unknown_placeholders
from triage.scenarios.formats import (
    answers_format_problems,
    expected_format_problems,
    in_canonical_order,
    one_format,
)
from triage.vocabulary import Likelihood, Prevalence, Ratio, Severity, SummaryPart, Urgency, risk_rating

code_validator = RegexValidator(
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
    _("Use lower-case letters, digits and hyphens only, for example 'calf-twitch'."),
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def plain_text(text: str) -> str:
    r"""Text as the knowledge stores it: lines end in \n alone (a browser sends a text box's lines
    with \r\n), no line ends in spaces, and the text neither starts nor ends with blank space.

    So saving a page without editing it stores exactly what was there, and the history and the
    exported fixtures show only real changes.
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in unified.split("\n")).strip()


def text_field_names(model: type[models.Model]) -> list[str]:
    """The model's multi-line text fields: the ones edited in a text box. Not the per-language
    columns django-modeltranslation adds (`summary_zh_hant`): each stands for its field."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and not hasattr(f, "translated_field")
    ]


class CodeManager[M: models.Model](models.Manager[M]):
    def get_by_natural_key(self, code: str) -> M:
        return self.get(code=code)


class CodedModel(models.Model):
    """A model whose rows are known by a stable `code`: its natural key in fixtures and scenarios.

    Subclasses declare their own `code` field (its help text differs per model); this one says
    that every coded model has one, for code that handles any of them.
    """

    code = models.SlugField(max_length=60, unique=True)

    objects = CodeManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def clean(self) -> None:
        """A text naming an unknown placeholder ("{emergancy}") is refused on save, with the list
        of known ones: each region fills in only those (triage/regions.py), so a misspelt one would
        reach people as it is written. The knowledge check refuses to publish one as well."""
        super().clean()
        names = {field.name for field in self._meta.concrete_fields}
        english = settings.LANGUAGE_CODE.replace("-", "_")
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        errors = {}
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or isinstance(
                field, models.SlugField
            ):
                continue
            if f"{field.name}_{english}" in names:
                continue  # the text itself is checked in each language's column
            value = getattr(self, field.attname, None)
            unknown = list(dict.fromkeys(unknown_placeholders(value))) if isinstance(value, str) else []
            if unknown:
                errors[field.name] = _("%(unknown)s is not a placeholder. Use one of %(known)s.") % {
                    "unknown": ", ".join("{" + name + "}" for name in unknown),
                    "known": known,
                }
        if errors:
            raise ValidationError(errors)


def code_field(help_text: StrOrPromise, *, max_length: int = 60) -> models.SlugField:
    return models.SlugField(
        _("code"), max_length=max_length, unique=True, validators=[code_validator], help_text=help_text
    )


def reviewed_translations_field() -> models.JSONField:
    """Which translated texts a clinician has reviewed, by language: {"zh-hant": ["name", …]}.

    A text written or changed without a clinician's review is listed as unreviewed by the
    knowledge check; editing a text (or its English) takes its tick away (triage/admin/translations.py).
    """
    return models.JSONField(
        _("reviewed translations"),
        default=dict,
        blank=True,
        help_text=_("The translated texts a clinician has checked against the English."),
    )


class Source(CodedModel):
    code = code_field(_("Short unique name used to refer to this source, for example 'nhs-twitching'."))
    title = models.CharField(_("title"), max_length=300, help_text=_("Title of the page or paper."))
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        help_text=_("The original publisher, for example NHS, MedlinePlus or NICE. Not a mirror."),
    )
    url = models.URLField(
        _("web address"),
        max_length=500,
        blank=True,
        help_text=_("The full address of the page, starting https://. The knowledge check warns if empty."),
    )
    date_reviewed = models.DateField(
        _("date reviewed"),
        null=True,
        blank=True,
        help_text=_("When the publisher last reviewed it, or when we last checked it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"


class Step(CodedModel):  # type: ignore[django-manager-missing]  # modeltranslation's managers
    code = code_field(_("Appears in the page address, for example /step/onset/."))
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The heading of the page, for example 'When it started'.")
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions. Plain text, no formatting.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Steps are asked from the lowest number to the highest.")
    )
    answers_stay = models.BooleanField(
        _("answers that do not change later"),
        default=False,
        help_text=_(
            "For steps about who the person is, what they take and what happened when the twitching "
            "started. A warning sign that needs an answer here the person said no to (a medicine they "
            "do not take) is not listed among the signs to watch for."
        ),
    )
    history = HistoricalRecords()

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


class Question(CodedModel):  # type: ignore[django-manager-missing]  # modeltranslation's managers
    class Kind(models.TextChoices):
        SINGLE = "single", _("Choose one answer")
        MULTIPLE = "multiple", _("Choose any that apply")

    code = code_field(_("Short unique name for this question, for example 'onset-when'. Scenarios use it."))
    step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("step"),
        help_text=_("The page of the questionnaire this question is asked on."),
    )
    text = models.CharField(
        _("question"), max_length=300, help_text=_("The question as the person reads it, in plain words.")
    )
    help_text = models.TextField(
        _("hint"), blank=True, help_text=_("Shown under the question. Plain text, no formatting.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SINGLE,
        help_text=_("Whether the person picks one answer or ticks any that apply."),
    )
    required = models.BooleanField(
        _("must be answered"),
        default=True,
        help_text=_("Untick if the person may leave this question blank."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Questions on a step are asked from the lowest number up.")
    )
    summary_part = models.CharField(
        _("in the doctor's one-line summary as"),
        max_length=12,
        blank=True,
        choices=SummaryPart.choices,
        help_text=_(
            "Where this question's answers go in the one line the summary for the doctor starts with, "
            "in the answers' clinicians' words (or as answered). Leave empty to leave it out of that "
            "line. When two questions fill the same part, a later question's answer replaces the "
            "earlier one's (which side replaces 'one side')."
        ),
    )
    show_when: models.ManyToManyField[Finding, Any] = models.ManyToManyField(
        "Finding",
        blank=True,
        related_name="reveals",
        verbose_name=_("show only when"),
        help_text=_(
            "Leave empty to always ask. Otherwise the question is asked only when one of these "
            "answers, from an earlier question, has been given."
        ),
    )
    hide_when: models.ManyToManyField[Finding, Any] = models.ManyToManyField(
        "Finding",
        blank=True,
        related_name="hides",
        verbose_name=_("do not ask when"),
        help_text=_(
            "Leave empty for none. Otherwise the question is not asked when one of these earlier "
            "answers has been given, for example pregnancy for someone aged 75 or over. A question "
            "with this may have at most one 'show only when' answer."
        ),
    )
    history = HistoricalRecords(m2m_fields=[show_when, hide_when])

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["step__order", "order", "code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Finding(CodedModel):
    """One answer option. Conditions and red flags are linked to findings."""

    code = code_field(_("Short unique name for this answer, for example 'onset-days'. Scenarios use it."))
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("question"),
        help_text=_("The question this is an answer to."),
    )
    label = models.CharField(
        _("answer"), max_length=200, help_text=_("The answer as the person reads it, in plain words.")
    )
    heading = models.CharField(
        _("group heading"),
        max_length=80,
        blank=True,
        help_text=_(
            "For a long list: a short heading shown above this answer on the step page, starting a "
            "group of answers that runs to the next heading. An answer that excludes the others always "
            "stands after the groups. Leave empty to carry on the group above."
        ),
    )
    help_text = models.TextField(
        _("what does this mean?"),
        blank=True,
        help_text=_("Optional plain-words explanation shown beside the answer."),
    )
    exclusive = models.BooleanField(
        _("excludes other answers"),
        default=False,
        help_text=_("For answers like 'None of these' that cannot be chosen with others."),
    )
    unsure = models.BooleanField(
        _("says nothing either way"),
        default=False,
        help_text=_(
            "For answers like 'I am not sure' or 'I would rather not say': left out of the doctor's "
            "one-line summary and of the answers that matter."
        ),
    )
    if_not_chosen = models.CharField(
        _("key negative"),
        max_length=120,
        blank=True,
        help_text=_(
            "What a doctor should read when the person was asked and did not choose this answer, for "
            "example 'no weakness'. Shown on the check page and the summary for the doctor. Leave "
            "empty if its absence does not matter."
        ),
    )
    if_chosen = models.CharField(
        _("in a clinician's words"),
        max_length=120,
        blank=True,
        help_text=_(
            "What a doctor should read when the person chose this answer, for example 'fasciculations "
            "at rest' or 'progressive weakness'. Shown among the positives of the summary for the "
            "doctor; the answer's own words are shown when this is empty."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Answers are listed from the lowest number up.")
    )
    history = HistoricalRecords()

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["question__step__order", "question__order", "order", "code"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return f"{self.label} ({self.question.text})"


class SelfCareAdvice(CodedModel):
    """One piece of advice on what a person can do themselves. Conditions that give the same advice
    share one item, so a person who has several of them reads it once."""

    code = code_field(_("Short unique name for this advice, for example 'regular-sleep'."))
    text = models.TextField(
        _("advice"),
        help_text=_(
            "One piece of advice in plain words, as the person reads it. Plain text, no formatting. "
            "Advice that names a medicine must have 'only when' answers."
        ),
    )
    only_if = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="self_care_advice",
        verbose_name=_("show only when"),
        help_text=_(
            "Leave empty to show it to everyone. Otherwise it shows only to people who gave at least "
            "one of these answers: advice about a medicine only to people who take it."
        ),
    )
    only_below = models.CharField(
        _("show only below"),
        max_length=20,
        choices=Urgency.choices,
        blank=True,
        help_text=_(
            "For advice that says when to get help ('See a GP soon if...'): the level it sends people "
            "to. It is then shown only on results less urgent than that, so it never names a slower "
            "path than the result or a rule the person has already passed. Leave empty for advice "
            "about looking after yourself."
        ),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="self_care_advice",
        verbose_name=_("sources"),
        help_text=_(
            "Optional: trusted sources for this advice in particular. The sources of the conditions "
            "that give it are listed on the results page too."
        ),
    )
    history = HistoricalRecords(m2m_fields=[only_if, sources])

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["code"]
        verbose_name = _("self-care advice")
        verbose_name_plural = _("self-care advice")

    def __str__(self) -> str:
        return self.text


class Condition(CodedModel):
    code = code_field(_("Short unique name for this condition, for example 'bfs'. Scenarios use it."))
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name the public sees, for example 'Benign twitching'.")
    )
    summary = models.TextField(
        _("summary in plain words"),
        help_text=_("Two or three calm sentences for the public. Plain text, no formatting."),
    )
    prevalence = models.CharField(
        _("how common"),
        max_length=12,
        choices=Prevalence.choices,
        default=Prevalence.COMMON,
        help_text=_(
            "How common it is among people who use this questionnaire, before any answer: its prior. "
            "Age and sex change it through the ratios of the age and sex answers. Rare and very rare "
            "conditions not among the likely causes are listed under 'Rare'."
        ),
    )
    do_not_miss = models.BooleanField(
        _("do not miss"),
        default=False,
        help_text=_(
            "A serious condition a doctor must rule out: listed under 'Do not miss' when one of its "
            "key answers is given, and marked so wherever it is listed."
        ),
    )
    minimum_urgency = models.CharField(
        _("minimum urgency when likely"),
        max_length=10,
        choices=Urgency.choices,
        blank=True,
        default="",
        help_text=_(
            "When this condition is among the most likely causes, the advice is at least this urgent. "
            "Leave empty for none."
        ),
    )
    self_care = models.ManyToManyField(
        SelfCareAdvice,
        through="ConditionAdvice",
        blank=True,
        related_name="conditions",
        verbose_name=_("what the person can do"),
        help_text=_(
            "Self-care advice, most useful first. Pick the same item as other conditions for the same advice."
        ),
    )
    clinician_questions = models.TextField(
        _("what a clinician may ask"), blank=True, help_text=_("One question per line.")
    )
    clinician_examination = models.TextField(
        _("what a clinician may examine"), blank=True, help_text=_("One item per line.")
    )
    clinician_tests = models.TextField(
        _("tests a clinician may arrange"), blank=True, help_text=_("One test per line.")
    )
    sources = models.ManyToManyField(
        Source,
        related_name="conditions",
        verbose_name=_("sources"),
        help_text=_("At least one trusted source that supports what is written here."),
    )
    findings = models.ManyToManyField(
        Finding,
        through="ConditionFinding",
        related_name="conditions",
        verbose_name=_("answer options"),
        help_text=_("Answers that make this condition more or less likely, with their ratios."),
    )
    key_answers = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="key_for",
        verbose_name=_("key answers"),
        help_text=_(
            "The specific answers that make this condition worth ruling out even when it is not among "
            "the likely causes. A do-not-miss condition is listed only when one of them is given, so a "
            "single vague answer never lists a grave condition."
        ),
    )
    history = HistoricalRecords(m2m_fields=[sources, key_answers])

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.name


class ConditionFindingManager(models.Manager):
    def get_by_natural_key(self, condition: str, finding: str):
        return self.get(condition__code=condition, finding__code=finding)


class ConditionFinding(models.Model):
    """How one answer bears on one condition."""

    condition = models.ForeignKey(
        Condition,
        on_delete=models.CASCADE,
        related_name="finding_links",
        verbose_name=_("condition"),
        help_text=_("The condition this answer bears on."),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="condition_links",
        verbose_name=_("answer option"),
        help_text=_("The answer that makes the condition more or less likely."),
    )
    ratio = models.FloatField(
        _("likelihood ratio when given"),
        choices=Ratio.choices,
        help_text=_(
            "How much likelier (above 1) or less likely (below 1) the condition is when the person "
            "gives this answer. It multiplies the odds: ×0.05 takes a condition at 3 in 10 to about "
            "2 in 100."
        ),
    )
    ratio_if_absent = models.FloatField(
        _("likelihood ratio when not given"),
        choices=Ratio.choices,
        null=True,
        blank=True,
        help_text=_(
            "Optional. Used when the person answered the question but did not give this answer, for "
            "answers whose absence argues against the condition (no numbness: a trapped nerve is less "
            "likely). Leave empty when not giving it says nothing."
        ),
    )

    objects = ConditionFindingManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["condition__name", "-ratio"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "finding"],
                name="unique_condition_finding",
                violation_error_message=_(
                    "This answer is already linked to this condition. Change the ratio of the "
                    "existing link instead of adding a second one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ratio__gt=0) & ~models.Q(ratio=1),
                name="condition_finding_ratio_range",
                violation_error_message=_(
                    "Choose a likelihood ratio from the scale: above 1 for, below 1 against."
                ),
            ),
        ]
        verbose_name = _("link between a condition and an answer")
        verbose_name_plural = _("links between conditions and answers")

    def __str__(self) -> str:
        return f"{self.condition} ← {self.finding.label} (×{self.ratio:g})"

    def clean(self) -> None:
        if self.ratio is not None and self.ratio not in Ratio.values:
            message = _("Choose a likelihood ratio from the scale: above 1 for, below 1 against.")
            raise ValidationError({"ratio": message})

    def natural_key(self) -> tuple[str, str]:
        return (self.condition.code, self.finding.code)

    # Django's serialiser reads this attribute of the function; no type can say so.
    natural_key.dependencies = ["triage.condition", "triage.finding"]  # type: ignore[attr-defined]


class ConditionAdviceManager(models.Manager):
    def get_by_natural_key(self, condition: str, advice: str):
        return self.get(condition__code=condition, advice__code=advice)


class ConditionAdvice(models.Model):
    """One piece of self-care advice that a condition gives, in its place in that condition's list."""

    condition = models.ForeignKey(
        Condition,
        on_delete=models.CASCADE,
        related_name="advice_links",
        verbose_name=_("condition"),
        help_text=_("The condition that gives this advice."),
    )
    advice = models.ForeignKey(
        SelfCareAdvice,
        on_delete=models.CASCADE,
        related_name="condition_links",
        verbose_name=_("advice"),
        help_text=_("Pick existing advice that says the same thing before writing new advice."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("The condition's advice is given from the lowest number up.")
    )

    objects = ConditionAdviceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["condition__name", "order", "advice__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "advice"],
                name="unique_condition_advice",
                violation_error_message=_("This condition already gives this advice."),
            )
        ]
        verbose_name = _("self-care advice of a condition")
        verbose_name_plural = _("self-care advice of conditions")

    def __str__(self) -> str:
        return f"{self.condition}: {self.advice.code}"

    def natural_key(self) -> tuple[str, str]:
        return (self.condition.code, self.advice.code)

    # Django's serialiser reads this attribute of the function; no type can say so.
    natural_key.dependencies = ["triage.condition", "triage.selfcareadvice"]  # type: ignore[attr-defined]


class RedFlag(CodedModel):
    """A warning sign: fires when all of its `findings` are among the answers and, if it has
    `any_findings`, at least one of those too, and likewise one of `also_any_findings`."""

    code = code_field(
        _("Short unique name for this warning sign, for example 'breathing'. Scenarios use it.")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short heading the public sees, for example 'Weakness'.")
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=10,
        choices=Urgency.choices,
        help_text=_("How soon to get help when this warning shows. The most urgent warning sets the result."),
    )
    message = models.TextField(
        _("why this matters, in plain words"),
        help_text=_("Shown to the public. Calm, plain text, no formatting."),
    )
    action = models.TextField(
        _("what to do now"), help_text=_("What the person should do now, in plain words.")
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="red_flags",
        verbose_name=_("answer options (all of these)"),
        help_text=_("The warning shows only when the person gave every one of these answers."),
    )
    any_findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="red_flags_any",
        verbose_name=_("and at least one of these"),
        help_text=_(
            "Optional. When set, one of these answers must be given too: for example any serious symptom "
            "above, together with 'came on within minutes or hours'. A red flag needs answers in at "
            "least one of the two lists."
        ),
    )
    also_any_findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="red_flags_also_any",
        verbose_name=_("and also at least one of these"),
        help_text=_(
            "Optional. A second list of which one answer must be given as well: for example one sign "
            "of being unwell in yourself (first list) together with one new medicine, drug, bite or "
            "chemical (this list)."
        ),
    )
    sources = models.ManyToManyField(
        Source,
        related_name="red_flags",
        verbose_name=_("sources"),
        help_text=_("At least one trusted source that supports this warning."),
    )
    history = HistoricalRecords(m2m_fields=[findings, any_findings, also_any_findings, sources])

    reviewed_translations = reviewed_translations_field()

    class Meta:
        ordering = ["code"]
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")

    def __str__(self) -> str:
        return self.title


def names_field(verbose_name, help_text) -> models.CharField:
    """Brand and other names of a medicine in one region, as one line separated by commas."""
    return models.CharField(verbose_name, max_length=500, blank=True, help_text=help_text)


class Medicine(CodedModel):
    """A medicine a person can find by name on the medicines step. Picking it gives the answer
    options it stands for (its classes), so the reasoning stays on those; a medicine that stands
    for none is kept by name only, for the doctor."""

    code = code_field(_("Short unique name for this medicine, for example 'sertraline'."))
    name = models.CharField(
        _("generic name"),
        max_length=120,
        help_text=_("The generic (international) name in English, for example 'Sertraline'."),
    )
    names_gb = names_field(
        _("names in the United Kingdom"),
        _("Brand and other names used there, separated by commas, for example 'Lustral'."),
    )
    names_us = names_field(
        _("names in the United States"),
        _("Brand and other names used there, separated by commas, for example 'Zoloft'."),
    )
    names_tw = names_field(
        _("names in Taiwan"),
        _("The names in Traditional Chinese as used in Taiwan first, then brand names, separated by commas."),
    )
    names_au = names_field(
        _("names in Australia"),
        _("Brand and other names used there, separated by commas, for example 'Zoloft'."),
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="medicines",
        limit_choices_to=models.Q(question__code=MEDICINES_QUESTION, exclusive=False),
        verbose_name=_("answer options it stands for"),
        help_text=_(
            "The answers to 'Do you take any of these?' that a person who picks this medicine has "
            "given. Only where a source supports it; leave empty when no answer fits (then it is "
            "just a named medicine, shown to the doctor)."
        ),
    )
    sources = models.ManyToManyField(
        Source,
        related_name="medicines",
        verbose_name=_("sources"),
        help_text=_("At least one trusted source for its names and for the answers it stands for."),
    )
    history = HistoricalRecords(m2m_fields=[findings, sources])

    class Meta:
        ordering = ["name"]
        verbose_name = _("medicine")
        verbose_name_plural = _("medicines")

    def __str__(self) -> str:
        return self.name


class AcceptedWarningManager(models.Manager):
    def get_by_natural_key(self, kind: str, code: str, warning: str):
        return self.get(kind=kind, code=code, warning=warning)


class AcceptedWarning(models.Model):
    """A knowledge-check warning a clinician has looked at and marked as intended, with the reason.

    It then drops out of the count, so the warnings left are the ones that still need a look.
    Errors cannot be marked: they always block publishing.
    """

    class Kind(models.TextChoices):
        STEP = "step", _("Step")
        QUESTION = "question", _("Question")
        FINDING = "finding", _("Answer option")
        CONDITION = "condition", _("Condition")
        SELFCAREADVICE = "selfcareadvice", _("Self-care advice")
        REDFLAG = "redflag", _("Red flag")
        SOURCE = "source", _("Source")

    kind = models.CharField(_("kind of item"), max_length=20, choices=Kind.choices)
    code = models.SlugField(
        _("item's code"), max_length=100, help_text=_("The code of the item warned about.")
    )
    warning = models.SlugField(
        _("warning"),
        max_length=40,
        help_text=_("The warning's name, as the knowledge check page gives it, e.g. 'unused-answer'."),
    )
    reason = models.TextField(
        _("why it is intended"),
        help_text=_(
            "Say why this is right as it is, so the next clinician does not have to work it out again."
        ),
    )

    objects = AcceptedWarningManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code", "warning"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "warning"],
                name="unique_accepted_warning",
                violation_error_message=_("This warning about this item is already marked as intended."),
            )
        ]
        verbose_name = _("warning marked as intended")
        verbose_name_plural = _("warnings marked as intended")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} '{self.code}': {self.warning}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.kind, self.code, self.warning)


def question_codes_in_order() -> list[str]:
    return list(
        Question.objects.order_by("step__order", "step__code", "order", "code").values_list("code", flat=True)
    )


# The draft knowledge tables, in the order fixtures load them.
KNOWLEDGE_MODELS = (
    Source,
    Step,
    Question,
    Finding,
    SelfCareAdvice,
    Condition,
    ConditionFinding,
    ConditionAdvice,
    RedFlag,
    Medicine,
    AcceptedWarning,
)


class Assessment(models.Model):
    """One completed questionnaire: anonymous (no name, no IP address)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    answers = models.JSONField(_("answers"))
    result = models.JSONField(_("result"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, db_index=True)
    knowledge_revision = models.PositiveBigIntegerField(_("knowledge revision"), default=0)
    release = models.ForeignKey(
        "Release",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("knowledge release"),
        help_text=_("The published knowledge this assessment was made with. Empty for older ones."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        null=True,
        editable=False,
        help_text=_("The short code the person can read out, for example 'K7MQ-4XR9'."),
    )
    # One submission, one row however often it is posted (triage/questionnaire/submission.py).
    # Empty for older ones.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en-gb",
        editable=False,
        help_text=_("The language the questionnaire was taken in."),
    )
    # The result in each other language, worked out from the same release when it was saved, so it
    # reads in the language it was taken in (or is printed in another) without the release's
    # snapshot. `result` is always English. Empty for older ones, which show English.
    translated_results = models.JSONField(_("result in other languages"), default=dict, editable=False)
    # The person's region when they took it (triage/regions.py): the print and the PDF use its
    # numbers when whoever opens them has chosen no region. Empty for older ones.
    region = models.CharField(
        _("region"),
        max_length=16,
        blank=True,
        default="",
        editable=False,
        help_text=_("The region whose emergency number and services the results gave, for example 'gb'."),
    )
    # The medicines the person named, as they were named when it was saved: {"named": [{"code",
    # "name", "chinese"}], "typed": [names not in the list, as typed]} (triage/medicines.py).
    medicines = models.JSONField(_("medicines named"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_urgency_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def result_in(self, language: str) -> dict:
        """The saved result in `language`; English where none was saved in it."""
        if language == settings.LANGUAGE_CODE:
            return self.result
        return self.translated_results.get(language) or self.result

    def get_absolute_url(self) -> str:
        return reverse("triage:results", args=[self.pk])

    @property
    def reference_display(self) -> str:
        return format_reference(self.reference) if self.reference else str(self.pk)[:8]


class SummaryPdf(models.Model):
    """A result's summary PDF, made once per language, region and print layout and kept: a result
    never changes, so asking again (or twenty people asking at once) costs no renderer. Deleted
    with its assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=10)
    region = models.CharField(max_length=16)
    # A digest of what makes the layout (templates, stylesheets, the code that fills them, the
    # translations, the renderer's version): a new layout makes new PDFs.
    layout = models.CharField(max_length=64)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language", "region", "layout"], name="one_pdf_per_layout"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.language} {self.region}"


class DailySubmissions(models.Model):
    """How many results one address stored on one day, to cap it. The address is kept only as a
    keyed hash that changes every day (triage/web/ratelimit.py): it cannot be read back, nor linked
    from one day to the next. Rows of earlier days are deleted by `purge_assessments`."""

    day = models.DateField()
    address = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "address"], name="one_count_per_address_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"


class ReleaseQuerySet(models.QuerySet):
    """Releases are a permanent record: bulk updates and deletes are refused as well."""

    def update(self, **kwargs):
        raise ReleaseIsImmutable(_("A published release cannot be changed."))

    def delete(self):
        raise ReleaseIsImmutable(_("A published release cannot be deleted."))


class ReleaseIsImmutable(Exception):
    pass


class Release(models.Model):
    """A published, unchangeable snapshot of the knowledge: what the public questionnaire runs on.

    The knowledge tables are the draft that clinicians edit; nothing reaches the public until it is
    published as a new release. Rolling back publishes an earlier release's snapshot again.
    """

    version = models.PositiveIntegerField(
        _("version"), unique=True, validators=[MinValueValidator(1)], editable=False
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_releases",
        verbose_name=_("published by"),
        editable=False,
        help_text=_("Empty for knowledge loaded from the shipped fixtures."),
    )
    note = models.TextField(_("change note"), help_text=_("What changed and why, in a sentence or two."))
    snapshot = models.JSONField(_("knowledge snapshot"), editable=False)
    rolled_back_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="republished_as",
        verbose_name=_("republishes release"),
        editable=False,
        help_text=_("Set when this release is a roll-back to an earlier one."),
    )

    objects = ReleaseQuerySet.as_manager()

    # Not stored: set by `publish_release` on the release it makes, the hazard log's controls whose
    # scenarios failed on it (each release's safety case report lists them again at any time).
    safety_warnings: tuple[str, ...] = ()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("knowledge release")
        verbose_name_plural = _("knowledge releases")
        permissions = [
            ("publish_release", _("Can publish and roll back knowledge releases")),
            ("review_translations", _("Can mark translations as reviewed by a clinician")),
        ]

    def __str__(self) -> str:
        return _("Release v%(version)s") % {"version": self.version}

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ReleaseIsImmutable(_("A published release cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseIsImmutable(_("A published release cannot be deleted."))


class DraftApproval(models.Model):
    """A clinical lead's approval of the draft exactly as it was (its fingerprint): the second
    person's check that lets a lead who changed the draft publish it (`triage.knowledge.approval`).
    Any later change to the draft gives it a new fingerprint, which nobody has approved yet."""

    fingerprint = models.CharField(_("draft fingerprint"), max_length=64, db_index=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="draft_approvals",
        verbose_name=_("approved by"),
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint", "approved_by"], name="one_approval_per_lead_per_draft"
            )
        ]
        verbose_name = _("approval of the draft")
        verbose_name_plural = _("approvals of the draft")

    def __str__(self) -> str:
        return f"{self.approved_by} {self.approved_at:%Y-%m-%d %H:%M}"


class Scenario(CodedModel):
    """A complete questionnaire and what the engine must make of it, in the fixtures/scenarios/ format.

    Clinicians run every scenario against the draft before publishing it.
    """

    code = code_field(
        _("Short unique name, also the file name when exported, e.g. 'runner-calf-twitch'."), max_length=100
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("A one-line title for the case."))
    description = models.TextField(_("description"), help_text=_("The person and their story."))
    source = models.TextField(
        _("source of the expectation"),
        blank=True,
        help_text=_(
            "The publisher and page the expected result comes from, e.g. 'NICE CKS: Stroke and TIA'."
        ),
    )
    partial = models.BooleanField(
        _("stops at the emergency screen"),
        default=False,
        help_text=_(
            "Tick for an emergency exit: only the first step ('Check it is not an emergency') is answered."
        ),
    )
    answers = models.JSONField(
        _("answers"),
        help_text=_(
            'Question code to a list of answer codes, e.g. {"emergency-signs": ["em-none"], '
            '"age": ["age-18-39"]}.'
        ),
    )
    expected = models.JSONField(
        _("expected result"),
        help_text=_(
            'What a clinician expects, as a band. "urgency_at_least" (the lowest safe urgency) and '
            '"urgency_at_most" (the highest reasonable): emergency, urgent, soon, routine or self_care. '
            'Optional: "likely" (causes of which one must be most likely or other likely), '
            '"do_not_miss" (causes that must be shown), "not_listed" (causes that must not be shown), '
            '"red_flags" (red flags that must fire). The older exact forms "urgency", "most_likely" and '
            '"top_three" are still read.'
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        # Stored in one format: an older single "urgency" is a band of one.
        self.expected = one_format(self.expected)
        if problems := answers_format_problems(self.answers):
            errors["answers"] = problems
        if problems := expected_format_problems(self.expected):
            errors["expected"] = problems
        if errors:
            raise ValidationError(errors)

    def as_data(self, question_order: list[str] | None = None) -> dict:
        """The scenario in the same shape as a file in fixtures/scenarios/, keys in a fixed order."""
        if question_order is None:
            question_order = question_codes_in_order()
        answers, expected = in_canonical_order(self.answers, self.expected, question_order)
        data: dict = {"name": self.name, "description": self.description}
        if self.source:
            data["source"] = self.source
        if self.partial:
            data["partial"] = True
        data["answers"] = answers
        data["expected"] = expected
        return data


# The clinical safety case (DCB0129) -------------------------------------------------------------


def severity_field(verbose_name: StrOrPromise, help_text: StrOrPromise) -> models.CharField:
    return models.CharField(verbose_name, max_length=20, choices=Severity.choices, help_text=help_text)


def likelihood_field(verbose_name: StrOrPromise, help_text: StrOrPromise) -> models.CharField:
    return models.CharField(verbose_name, max_length=20, choices=Likelihood.choices, help_text=help_text)


class Hazard(CodedModel):
    """An entry of the hazard log: how this product could harm someone, why, and how badly, before
    and after its controls. Edited by clinical leads; the safety case report of each release lists
    every hazard with its controls and their scenario evidence (`triage.safety`)."""

    class Status(models.TextChoices):
        # DCB0129's hazard states.
        OPEN = "open", _("Open: actions still to do")
        TRANSFERRED = "transferred", _("Transferred: the deploying organisation still has actions")
        CLOSED = "closed", _("Closed: every action done")

    code = code_field(_("Short unique name for this hazard, for example 'under-triage'."))
    name = models.CharField(_("hazard"), max_length=200, help_text=_("The hazard in a few words."))
    description = models.TextField(
        _("description"), help_text=_("What could go wrong, for whom, and in which part of the product.")
    )
    cause = models.TextField(_("causes"), help_text=_("What could make it happen."))
    effect = models.TextField(
        _("effect"), help_text=_("The harm it could do to a person using the questionnaire.")
    )
    initial_severity = severity_field(_("severity before controls"), _("How bad the harm would be."))
    initial_likelihood = likelihood_field(
        _("likelihood before controls"), _("How likely the harm would be without any control.")
    )
    residual_severity = severity_field(
        _("severity with controls"), _("How bad the harm would still be, with every control in place.")
    )
    residual_likelihood = likelihood_field(
        _("likelihood with controls"), _("How likely the harm still is, with every control in place.")
    )
    owner = models.CharField(
        _("owner"),
        max_length=200,
        help_text=_("Who answers for this hazard, by role, for example 'Clinical lead'."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Where its actions stand."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return self.name

    @property
    def initial_risk(self) -> int:
        return risk_rating(self.initial_severity, self.initial_likelihood)

    @property
    def residual_risk(self) -> int:
        return risk_rating(self.residual_severity, self.residual_likelihood)


class HazardControl(CodedModel):
    """One control of a hazard, and what shows that it works: the scenarios that exercise it (run on
    every publish and in each release's safety case) and the red flags it relies on."""

    class Kind(models.TextChoices):
        # DCB0129's kinds of control.
        DESIGN = "design", _("Design")
        TEST = "test", _("Testing")
        TRAINING = "training", _("Training")
        PROCESS = "process", _("Business process")

    code = code_field(_("Short unique name for this control, for example 'under-triage-red-flags'."))
    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="controls", verbose_name=_("hazard")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Controls are listed in this order.")
    )
    kind = models.CharField(_("kind of control"), max_length=20, choices=Kind.choices, default=Kind.DESIGN)
    description = models.TextField(
        _("control"), help_text=_("What the product or the team does to prevent the harm.")
    )
    scenarios = models.ManyToManyField(
        Scenario,
        blank=True,
        related_name="controls",
        verbose_name=_("scenarios that test it"),
        help_text=_("Publishing warns when one of these fails on the knowledge to publish."),
    )
    red_flags = models.ManyToManyField(
        RedFlag,
        blank=True,
        related_name="controls",
        verbose_name=_("red flags it relies on"),
        help_text=_("The warning signs this control depends on."),
    )
    other_evidence = models.TextField(
        _("other evidence"),
        blank=True,
        help_text=_("Checks other than scenarios: an automated test, the knowledge check."),
    )
    history = HistoricalRecords(m2m_fields=[scenarios, red_flags])

    class Meta:
        ordering = ["hazard__code", "order", "code"]
        verbose_name = _("control")
        verbose_name_plural = pgettext_lazy("hazard log", "controls")

    def __str__(self) -> str:
        return self.code


# The hazard log's tables, in the order their fixture loads them.
SAFETY_MODELS = (Hazard, HazardControl)
