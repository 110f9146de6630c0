"""The red flags in the admin, arranged so a clinician finds one and tells similar ones apart: the
list shows each flag's urgency, its time course and the answers it needs, and which other red flags
show on the same answers; it filters by urgency, time course, the question and the answer a flag
reads, and overlap. A flag's own page lists the red flags that show with it, the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Case, Q, When
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from triage import engine, models
from triage.admin.forms import RedFlagForm
from triage.admin.inlines import RedFlagSearch
from triage.admin.knowledge import TranslatedKnowledgeAdmin
from triage.admin.translations import with_review_ticks
from triage.knowledge_types import shown_together
from triage.vocabulary import URGENCY_ORDER, short_words

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The question whose answers say how quickly a serious symptom came on: a red flag's time course.
TIME_COURSE_QUESTION = "serious-speed"
# Any of a flag's three lists of answers.
READS = ("findings", "any_findings", "also_any_findings")


def reads(relation: str, value) -> Q:
    """Red flags with `value` in any of their three lists: `relation` is the lookup after the list."""
    return (
        Q(**{f"findings__{relation}": value})
        | Q(**{f"any_findings__{relation}": value})
        | Q(**{f"also_any_findings__{relation}": value})
    )


def all_red_flags() -> list[models.RedFlag]:
    return list(models.RedFlag.objects.prefetch_related(*(f"{name}__question" for name in READS)))


def codes(findings) -> frozenset[str]:
    return frozenset(finding.code for finding in findings)


def overlaps(flags: list[models.RedFlag]) -> dict[int, list[models.RedFlag]]:
    """For each red flag (by id), the other red flags shown together with it on one of its own or
    their smallest sets of answers, most urgent first."""
    by_code = {flag.code: flag for flag in flags}
    infos = [
        engine.RedFlagInfo(
            code=flag.code,
            title=flag.title,
            urgency=flag.urgency,
            message="",
            action="",
            findings=codes(flag.findings.all()),
            any_findings=codes(flag.any_findings.all()),
            also_any_findings=codes(flag.also_any_findings.all()),
        )
        for flag in flags
    ]
    together = {code: set(others) for code, others in shown_together(infos).items()}
    for code, others in list(together.items()):
        for other in others:
            together[other].add(code)
    return {
        by_code[code].pk: sorted(
            (by_code[other] for other in others),
            key=lambda flag: (URGENCY_ORDER.index(flag.urgency), flag.title),
        )
        for code, others in together.items()
    }


def time_course(flag: models.RedFlag) -> str:
    answers = [
        f.label
        for name in READS
        for f in getattr(flag, name).all()
        if f.question.code == TIME_COURSE_QUESTION
    ]
    return "; ".join(answers) if answers else str(_("Any"))


def needs(flag: models.RedFlag) -> str:
    """The answers a flag needs, in words: every one of the first list, one of each other list."""
    every = "; ".join(f.label for f in flag.findings.all())
    one_of = " or ".join(f.label for f in flag.any_findings.all())
    also = " or ".join(f.label for f in flag.also_any_findings.all())
    parts = (every, f"one of: {one_of}" if one_of else "", f"and one of: {also}" if also else "")
    return "; ".join(part for part in parts if part)


class ReadsQuestion(admin.SimpleListFilter):
    title = _("the question it reads")
    parameter_name = "question"
    template = "admin/triage/filter_folded.html"

    def lookups(self, request, model_admin):
        questions = models.Question.objects.filter(
            Q(findings__red_flags__isnull=False)
            | Q(findings__red_flags_any__isnull=False)
            | Q(findings__red_flags_also_any__isnull=False)
        ).distinct()
        return [(str(q.pk), q.text) for q in questions.order_by("step__order", "order", "code")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(reads("question_id", int(self.value()))).distinct()
        return queryset


class ReadsAnswer(admin.SimpleListFilter):
    """The answers of the question chosen in the filter above; none until a question is chosen."""

    title = _("the answer it reads")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        question = request.GET.get(ReadsQuestion.parameter_name, "")
        if not question.isdigit():
            return []
        answers = models.Finding.objects.filter(question_id=int(question)).order_by("order", "code")
        return [(str(f.pk), f.label) for f in answers]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(reads("id", int(self.value()))).distinct()
        return queryset


class TimeCourse(admin.SimpleListFilter):
    title = _("time course")
    parameter_name = "time_course"

    def lookups(self, request, model_admin):
        answers = models.Finding.objects.filter(question__code=TIME_COURSE_QUESTION).order_by("order")
        return [("any", _("Any (reads no time course)")), *((f.code, f.label) for f in answers)]

    def queryset(self, request, queryset):
        timed = reads("question__code", TIME_COURSE_QUESTION)
        if self.value() == "any":
            return queryset.exclude(pk__in=models.RedFlag.objects.filter(timed))
        if self.value():
            return queryset.filter(reads("code", self.value())).distinct()
        return queryset


class Overlap(admin.SimpleListFilter):
    title = _("overlap with other red flags")
    parameter_name = "overlap"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes: shown with another red flag")), ("no", _("No: shown alone"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        together = [pk for pk, others in overlaps(all_red_flags()).items() if others]
        if self.value() == "yes":
            return queryset.filter(pk__in=together)
        return queryset.exclude(pk__in=together)


@admin.register(models.RedFlag)
class RedFlagAdmin(TranslatedKnowledgeAdmin):
    form = with_review_ticks(models.RedFlag, RedFlagForm)
    list_display = ["title", "how_soon", "time_course", "answers", "shown_with", "code"]
    list_filter = ["urgency", TimeCourse, Overlap, ReadsQuestion, ReadsAnswer]
    # Titles and codes only: searching the messages and answers found most of the red flags for
    # a word such as "weakness". The filters find the flags that read an answer.
    search_fields = ["title", "code"]
    search_help_text = _(
        "Searches titles and codes. To find every red flag that reads an answer, filter by the "
        "question it reads, then by the answer."
    )
    autocomplete_fields = ["findings", "any_findings", "also_any_findings", "sources"]
    readonly_fields = ["similar_red_flags"]
    fieldsets = [
        (None, {"fields": ["title", "urgency", "message", "action", "code"]}),
        (_("When it shows"), {"fields": ["findings", "any_findings", "also_any_findings"]}),
        (_("Red flags shown on the same answers"), {"fields": ["similar_red_flags"]}),
        (_("Sources"), {"fields": ["sources"]}),
    ]

    def get_urls(self):
        search = RedFlagSearch.as_view(admin_site=self.admin_site)
        return [
            path("search/", self.admin_site.admin_view(search), name="triage_redflag_search"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        # Most urgent first, as a clinician reviews them.
        rank = Case(*(When(urgency=u, then=i) for i, u in enumerate(URGENCY_ORDER)))
        queryset = self.model._default_manager.annotate(urgency_rank=rank)
        return (
            queryset.order_by(*self.get_ordering(request))
            .prefetch_related(*(f"{name}__question" for name in READS))
            .distinct()
        )

    def get_ordering(self, request):
        return ["urgency_rank", "title"]

    def changelist_view(self, request, extra_context=None):
        # Worked out once for the whole list, against every red flag, not only the page shown.
        self._overlaps = overlaps(all_red_flags())
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("urgency"), ordering="urgency_rank")
    def how_soon(self, obj: models.RedFlag) -> str:
        return short_words(obj.urgency)

    @admin.display(description=_("time course"))
    def time_course(self, obj: models.RedFlag) -> str:
        return time_course(obj)

    @admin.display(description=_("shows when these are answered"))
    def answers(self, obj: models.RedFlag) -> str:
        return needs(obj)

    @admin.display(description=_("also shown on the same answers"))
    def shown_with(self, obj: models.RedFlag) -> str:
        others = getattr(self, "_overlaps", {}).get(obj.pk, [])
        if not others:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((f.title,) for f in others))
        return format_html('<ul class="shown-with">{}</ul>', items)

    @admin.display(description=_("shown with it"))
    def similar_red_flags(self, obj: models.RedFlag | None) -> StrOrPromise:
        if obj is None or obj.pk is None:
            return _("Save the red flag first.")
        others = overlaps(all_red_flags()).get(obj.pk, [])
        if not others:
            return _("No other red flag shows on the answers that show this one.")
        rows = [
            (
                reverse("admin:triage_redflag_change", args=[flag.pk]),
                flag.title,
                short_words(flag.urgency),
                time_course(flag),
                needs(flag),
            )
            for flag in others
        ]
        return format_html(
            '<p class="help">{}</p><table class="similar-red-flags"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _(
                "A person whose answers show this red flag can see these too (or the other way "
                "round). Each should say something the others do not: a different urgency, time "
                "course or answer. Merge any that do not."
            ),
            _("Red flag"),
            _("Urgency"),
            _("Time course"),
            _("Shows when these are answered"),
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
                rows,
            ),
        )
