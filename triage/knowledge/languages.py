"""The knowledge in another language: the same items, codes and links, with translated texts.

Pure. A snapshot carries its translations beside the English texts, keyed "kind/code/field" (for
example "condition/als/summary"). `translated` swaps them in, so every page, the print summary and
the scenario runner see one `engine.Knowledge` whatever the language; a text with no translation
stays in English. Multi-line fields (the clinician's lists) are translated line for line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from triage import engine
from triage.knowledge_types import TRANSLATED


def key(kind: str, code: str, field: str) -> str:
    return f"{kind}/{code}/{field}"


def column(field: str, language: str) -> str:
    """The name django-modeltranslation gives a text's column in `language`: `summary_zh_hant`."""
    return f"{field}_{language.replace('-', '_')}"


def texts_by_item(translations: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, dict[str, str]]]:
    """A snapshot's translations as kind → code → {column: text} ("condition" → "als" →
    {"summary_zh_hant": "…"}), so the pages that compare snapshots see a translated text as one more
    field of its item, named as the admin names it."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for language, texts in sorted(translations.items()):
        for k, text in sorted(texts.items()):
            kind, code, field = k.split("/", 2)
            found.setdefault(kind, {}).setdefault(code, {})[column(field, language)] = text
    return found


def text_lines(text: str) -> tuple[str, ...]:
    """A clinician's list, one item a line: its lines without blank ones or their edges' spaces."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _translate(item: Any, texts: Mapping[str, str]) -> Any:
    """The item with its own texts translated and its children translated in turn."""
    changes = {}
    kind, names = TRANSLATED.get(type(item), ("", ()))
    for f in fields(item):
        if not f.init:
            continue
        value = getattr(item, f.name)
        if f.name in names:
            text = texts.get(key(kind, item.code, f.name))
            if text:
                changes[f.name] = text_lines(text) if isinstance(value, tuple) else text
        elif isinstance(value, tuple) and value and type(value[0]) in TRANSLATED:
            changes[f.name] = tuple(_translate(child, texts) for child in value)
    return replace(item, **changes) if changes else item


def translated(knowledge: engine.Knowledge, language: str) -> engine.Knowledge:
    """The knowledge with its texts in `language`; itself when it has none in that language."""
    texts = knowledge.translations.get(language)
    if not texts:
        return knowledge
    return _translated(knowledge, language)


def _translated(knowledge: engine.Knowledge, language: str) -> engine.Knowledge:
    texts = knowledge.translations[language]
    return replace(
        knowledge,
        steps=tuple(_translate(step, texts) for step in knowledge.steps),
        conditions=tuple(_translate(c, texts) for c in knowledge.conditions),
        red_flags=tuple(_translate(r, texts) for r in knowledge.red_flags),
    )


def missing(knowledge: engine.Knowledge, language: str) -> list[str]:
    """The keys of the English texts that have no translation in `language`, in questionnaire order."""
    texts = knowledge.translations.get(language, {})
    return [k for k in english_keys(knowledge) if k not in texts]


def english_keys(knowledge: engine.Knowledge) -> list[str]:
    """The key of every non-empty English text, in the order the items appear."""
    return list(english_texts(knowledge))


@dataclass(frozen=True)
class OutOfDate:
    """A translation whose English changed while it did not: until someone updates it, readers of
    that language see `translation`, written for the English `before`, not for `now`."""

    language: str
    key: str
    before: str
    now: str
    translation: str

    @property
    def kind(self) -> str:
        return self.key.split("/", 2)[0]

    @property
    def code(self) -> str:
        return self.key.split("/", 2)[1]

    @property
    def field(self) -> str:
        return self.key.split("/", 2)[2]


def out_of_date(live: engine.Knowledge, draft: engine.Knowledge) -> list[OutOfDate]:
    """The draft's translations that may no longer say what the English says: the English text
    differs from the live release's, and the translation is the same as the live one's."""
    before, now = english_texts(live), english_texts(draft)
    found = []
    for language, texts in sorted(draft.translations.items()):
        live_texts = live.translations.get(language, {})
        for k, text in now.items():
            translation = texts.get(k, "")
            if k in before and before[k] != text and translation and translation == live_texts.get(k):
                found.append(OutOfDate(language, k, before[k], text, translation))
    return found


def english_texts(knowledge: engine.Knowledge) -> dict[str, str]:
    """Every non-empty English text by its key, in the order the items appear (a clinician's list
    as its lines, one a line)."""
    found: dict[str, str] = {}

    def walk(item: Any) -> None:
        kind, names = TRANSLATED.get(type(item), ("", ()))
        for f in fields(item):
            if not f.init:
                continue
            value = getattr(item, f.name)
            if f.name in names and value:
                found[key(kind, item.code, f.name)] = "\n".join(value) if isinstance(value, tuple) else value
            elif isinstance(value, tuple) and value and type(value[0]) in TRANSLATED:
                for child in value:
                    walk(child)

    for item in (*knowledge.steps, *knowledge.conditions, *knowledge.red_flags):
        walk(item)
    return found
