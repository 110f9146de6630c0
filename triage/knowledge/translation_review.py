"""The knowledge check's part on translations: for each language, the texts with no translation and
the translations no clinician has reviewed, item by item, with a link to each item's page.

Warnings, never errors: the public sees a missing text in English, and unreviewed translations may
be published (every text we wrote ourselves ships unreviewed). A clinician clears a warning by
writing the text, or by ticking "Reviewed by a clinician" beside it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from triage.knowledge.draft import build_knowledge
from triage.knowledge.languages import out_of_date
from triage.knowledge.releases import published_knowledge
from triage.knowledge.translations import KIND, field_words, language_name, review_status
from triage.models import Release
from triage.translation import TRANSLATED_FIELDS, TranslatedModel

MODELS = {kind: model for model, kind in KIND.items()}


@dataclass(frozen=True)
class ItemToReview:
    """One item's texts in one language that are missing or not reviewed (the fields' words)."""

    kind: str
    code: str
    name: str
    admin_url: str
    missing: tuple[str, ...]
    unreviewed: tuple[str, ...]

    def __str__(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"missing: {', '.join(self.missing)}")
        if self.unreviewed:
            parts.append(f"not reviewed: {', '.join(self.unreviewed)}")
        return f"{self.kind} '{self.code}' ({self.name}): {'; '.join(parts)}"


@dataclass(frozen=True)
class LanguageReview:
    language: str
    name: str
    missing: int
    unreviewed: int
    items: tuple[ItemToReview, ...]
    # Each kind's change list filtered to the items with a text missing or not reviewed.
    filters: tuple[tuple[str, str, str], ...]

    @property
    def any(self) -> bool:
        return bool(self.missing or self.unreviewed)

    def __str__(self) -> str:
        return (
            f"{self.name}: {self.missing} text(s) missing, {self.unreviewed} not reviewed by a clinician, "
            f"in {len(self.items)} item(s)."
        )


def translation_review() -> list[LanguageReview]:
    """Every language but English, with its texts to write or to review."""
    reviews = []
    for language, status in review_status().items():
        by_item: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: {"m": [], "u": []})
        for state, keys in (("m", status["missing"]), ("u", status["unreviewed"])):
            for key in keys:
                kind, code, field = key.split("/", 2)
                words = field_words(MODELS[kind]._meta.get_field(field))
                by_item[(kind, code)][state].append(words)
        items = _items(by_item)
        filters = []
        for model in TRANSLATED_FIELDS:
            kind = KIND[model]
            for state in ("missing", "unreviewed"):
                if any(item.kind == str(model._meta.verbose_name) and getattr(item, state) for item in items):
                    url = reverse(f"admin:triage_{kind}_changelist") + f"?translation={language}:{state}"
                    filters.append((str(model._meta.verbose_name_plural), state, url))
        reviews.append(
            LanguageReview(
                language=language,
                name=language_name(language),
                missing=len(status["missing"]),
                unreviewed=len(status["unreviewed"]),
                items=tuple(items),
                filters=tuple(filters),
            )
        )
    return reviews


def _items(by_item: dict[tuple[str, str], dict[str, list[str]]]) -> list[ItemToReview]:
    codes = defaultdict(set)
    for kind, code in by_item:
        codes[kind].add(code)
    found: dict[tuple[str, str], TranslatedModel] = {}
    for kind, wanted in codes.items():
        for row in MODELS[kind].objects.filter(code__in=wanted):
            found[(kind, row.code)] = row
    items = []
    for (kind, code), states in by_item.items():
        obj = found.get((kind, code))
        model = MODELS[kind]
        items.append(
            ItemToReview(
                kind=str(model._meta.verbose_name),
                code=code,
                name=str(obj) if obj else code,
                admin_url=reverse(f"admin:triage_{kind}_change", args=[obj.pk]) if obj else "",
                missing=tuple(states["m"]),
                unreviewed=tuple(states["u"]),
            )
        )
    return items


@dataclass(frozen=True)
class StaleTranslation:
    """A translation the English has moved on from, for the changes-waiting and publish pages."""

    language: str
    language_name: str
    kind: str
    code: str
    name: str
    field: str
    admin_url: str
    before: str
    now: str
    translation: str


def stale_translations(live: Release | None) -> list[StaleTranslation]:
    """The draft's translations whose English changed since `live` while they did not (the public
    keeps reading them in that language once the draft is published, until someone updates them)."""
    previous = published_knowledge(live)
    if previous is None:
        return []
    draft = build_knowledge()
    names = {("condition", c.code): c.name for c in draft.conditions}
    names |= {("redflag", r.code): r.title for r in draft.red_flags}
    names |= {("step", s.code): s.title for s in draft.steps}
    names |= {("question", q.code): q.text for q in draft.questions.values()}
    names |= {("finding", f.code): f.label for f in draft.findings.values()}
    pks = {}
    found = []
    for item in out_of_date(previous, draft):
        model = MODELS[item.kind]
        if (item.kind, item.code) not in pks:
            pks[(item.kind, item.code)] = (
                model.objects.filter(code=item.code).values_list("pk", flat=True).first()
            )
        pk = pks[(item.kind, item.code)]
        found.append(
            StaleTranslation(
                language=item.language,
                language_name=language_name(item.language),
                kind=str(model._meta.verbose_name),
                code=item.code,
                name=names.get((item.kind, item.code), item.code),
                field=field_words(model._meta.get_field(item.field)),
                admin_url=reverse(f"admin:triage_{item.kind}_change", args=[pk]) if pk else "",
                before=item.before,
                now=item.now,
                translation=item.translation,
            )
        )
    return found
