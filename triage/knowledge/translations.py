"""The draft's knowledge texts in other languages: stored in the modeltranslation columns, shipped in
fixtures/translations/<language>/*.json, and carried in each release's snapshot.

English is the source. Each other language's texts sit in `<field>_<language>` columns, and each
item lists in `reviewed_translations` the texts a clinician has checked. The files are canonical like
the English fixtures: exporting a freshly loaded database gives them back byte for byte.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language_info

from triage import models
from triage.knowledge.languages import column, key
from triage.translation import TRANSLATED_FIELDS

# Which file of a language's folder holds which texts: the parts a translator works on.
PARTS: dict[tuple[type, str], str] = {
    **{
        (m, f): "questionnaire"
        for m in (models.Step, models.Question, models.Finding)
        for f in TRANSLATED_FIELDS[m]
    },
    (models.SelfCareAdvice, "text"): "self_care",
    (models.Condition, "name"): "conditions",
    (models.Condition, "summary"): "conditions",
    **{
        (models.Condition, f): "clinician"
        for f in ("clinician_questions", "clinician_examination", "clinician_tests")
    },
    **{(models.RedFlag, f): "red_flags" for f in TRANSLATED_FIELDS[models.RedFlag]},
}
KIND = {model: model.__name__.lower() for model in TRANSLATED_FIELDS}  # as Django's model_name


class TranslationFileError(ValueError):
    """A translation file names an item or a text the knowledge does not have."""


def other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_name(language: str) -> str:
    """A language's name in the admin's words: "Traditional Chinese" for zh-hant."""
    return str(get_language_info(language)["name_translated"])


def field_words(field) -> str:
    """A model field's words, with the language for a text's column in one language:
    "summary in plain words (Traditional Chinese)" for `summary_zh_hant`."""
    original = getattr(field, "translated_field", None)
    if original is None:
        return str(field.verbose_name)
    return f"{original.verbose_name} ({language_name(field.language)})"


def translations_directory() -> Path:
    return Path(settings.FIXTURE_DIRS[0]) / "translations"


def draft_translations() -> dict[str, dict[str, str]]:
    """language → "kind/code/field" → text, for every translated text of the draft."""
    found: dict[str, dict[str, str]] = {}
    for language in other_languages():
        texts = {}
        for model, names in TRANSLATED_FIELDS.items():
            columns = [column(name, language) for name in names]
            for code, *values in model.objects.values_list("code", *columns):
                for name, value in zip(names, values, strict=True):
                    if value:
                        texts[key(KIND[model], code, name)] = value
        found[language] = texts
    return found


def review_status(*only: type) -> dict[str, dict[str, list[str]]]:
    """language → {"missing": keys, "unreviewed": keys}: English texts with no translation, and
    translations no clinician has reviewed yet; of every translated model, or of `only` these."""
    status = {}
    for language in other_languages():
        missing, unreviewed = [], []
        for model, names in TRANSLATED_FIELDS.items():
            if only and model not in only:
                continue
            english = [column(name, settings.LANGUAGE_CODE) for name in names]
            translated = [column(name, language) for name in names]
            rows = model.objects.order_by("code").values_list(
                "code", "reviewed_translations", *english, *translated
            )
            for code, reviewed, *texts in rows:
                ticked = set((reviewed or {}).get(language, []))
                for i, name in enumerate(names):
                    if not texts[i]:
                        continue
                    if not texts[len(names) + i]:
                        missing.append(key(KIND[model], code, name))
                    elif name not in ticked:
                        unreviewed.append(key(KIND[model], code, name))
        status[language] = {"missing": missing, "unreviewed": unreviewed}
    return status


def translation_files() -> dict[str, str]:
    """ "<language>/<part>.json" → text, for every language's translation files."""
    files = {}
    for language in other_languages():
        parts: dict[str, list[dict]] = defaultdict(list)
        for model, names in TRANSLATED_FIELDS.items():
            columns = [column(name, language) for name in names]
            for code, reviewed, *values in model.objects.order_by("code").values_list(
                "code", "reviewed_translations", *columns
            ):
                ticked = set((reviewed or {}).get(language, []))
                by_part: dict[str, dict] = {}
                for name, value in zip(names, values, strict=True):
                    if not value:
                        continue
                    part = PARTS[(model, name)]
                    item = by_part.setdefault(
                        part, {"model": model._meta.label_lower, "code": code, "fields": {}, "reviewed": []}
                    )
                    item["fields"][name] = value
                    if name in ticked:
                        item["reviewed"].append(name)
                for part, item in by_part.items():
                    parts[part].append(item)
        for part, items in sorted(parts.items()):
            items.sort(key=lambda item: (item["model"], item["code"]))
            files[f"{language}/{part}.json"] = json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    return files


def write_translation_files(directory: Path) -> list[Path]:
    written = []
    for name, text in translation_files().items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def load_translations(directory: Path | None = None) -> int:
    """Replace the draft's translations with those in the files; returns how many texts were loaded.

    A language with no folder keeps no translations: loading is a reset, like the English fixtures.
    """
    directory = directory or translations_directory()
    by_model = {m._meta.label_lower: m for m in TRANSLATED_FIELDS}
    loaded = 0
    with transaction.atomic():
        for language in other_languages():
            wanted: dict[type, dict[str, dict]] = defaultdict(dict)
            for path in sorted((directory / language).glob("*.json")):
                for item in json.loads(path.read_text(encoding="utf-8")):
                    model = by_model.get(item.get("model"))
                    if model is None:
                        raise TranslationFileError(f"{path.name}: {item.get('model')!r} is not translated.")
                    unknown = set(item["fields"]) - set(TRANSLATED_FIELDS[model])
                    if unknown:
                        raise TranslationFileError(
                            f"{path.name}: {item['code']}: no such texts {sorted(unknown)}."
                        )
                    entry = wanted[model].setdefault(item["code"], {"fields": {}, "reviewed": set()})
                    entry["fields"].update({k: models.plain_text(v) for k, v in item["fields"].items()})
                    entry["reviewed"].update(item.get("reviewed", []))
            for model, names in TRANSLATED_FIELDS.items():
                codes = set(model.objects.values_list("code", flat=True))
                unknown_codes = set(wanted[model]) - codes
                if unknown_codes:
                    raise TranslationFileError(
                        f"{language}: no {model._meta.verbose_name} with the code "
                        f"{sorted(unknown_codes)[0]!r}."
                    )
                for obj in model.objects.only("pk", "code", "reviewed_translations"):
                    entry = wanted[model].get(obj.code, {"fields": {}, "reviewed": set()})
                    values = {column(name, language): entry["fields"].get(name) or None for name in names}
                    reviewed = dict(obj.reviewed_translations or {})
                    ticked = sorted(entry["reviewed"] & set(entry["fields"]))
                    if ticked:
                        reviewed[language] = ticked
                    else:
                        reviewed.pop(language, None)
                    model.objects.filter(pk=obj.pk).update(**values, reviewed_translations=reviewed)
                    loaded += len(entry["fields"])
    return loaded
