"""Before and after: what one knowledge snapshot changes compared with another, field by field.

Pure (no database). `knowledge_diff(old, new, words)` compares the published snapshot with the
draft's, or a release with the one before it, and gives per kind of item (steps, questions, answer
options, conditions, links between conditions and answers, self-care advice, red flags, medicines,
sources) the items added, removed and changed; a changed item lists each changed field with its old
and new value. Texts are compared word by word; numbers and choices are put as "old → new" in the words a
clinician picks them by; lists of answers, sources or advice say which entries came and went.

The fields are read off the snapshot, so a field added to an engine dataclass is compared without
being listed here. The words for kinds, fields and choices come from the caller (the models' verbose
names, see `triage.knowledge.releases.diff_words`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from triage.knowledge.languages import texts_by_item

EQUAL, INSERTED, DELETED = "equal", "inserted", "deleted"

# The kinds of item, in the order a page lists them, and each one's naming field.
KINDS = (
    "steps",
    "questions",
    "answer options",
    "conditions",
    "links",
    "self-care advice",
    "red flags",
    "medicines",
    "sources",
)
NAME_FIELD = {
    "steps": "title",
    "questions": "text",
    "answer options": "label",
    "conditions": "name",
    "self-care advice": "text",
    "red flags": "title",
    "medicines": "name",
    "sources": "title",
}
# Fields that hold other items' codes, and the kind of those items.
REFERENCES = {
    "questions": "questions",
    "options": "answer options",
    "show_when": "answer options",
    "hide_when": "answer options",
    "key_answers": "answer options",
    "findings": "answer options",
    "any_findings": "answer options",
    "also_any_findings": "answer options",
    "only_if": "answer options",
    "self_care": "self-care advice",
    "sources": "sources",
    "step": "steps",
    "question": "questions",
}
# Lists whose order means nothing: shown sorted by name, so only what came and went stands out.
UNORDERED = frozenset(
    {
        "show_when",
        "hide_when",
        "key_answers",
        "findings",
        "any_findings",
        "also_any_findings",
        "only_if",
        "sources",
    }
)
# Each kind of item here, by the name the snapshot's translations give it ("condition/als/summary").
TRANSLATED_KINDS = {
    "step": "steps",
    "question": "questions",
    "finding": "answer options",
    "condition": "conditions",
    "selfcareadvice": "self-care advice",
    "redflag": "red flags",
}
# A condition's ratios are the links' own fields, not the condition's.
LINK_FIELDS = ("ratios", "ratios_if_absent")
LONG_NAME_WORDS = 14


@dataclass(frozen=True)
class DiffWords:
    """The words a page uses: each kind's plural name, each field's name per kind, and each choice's
    label per field name (urgency, how common, ratios, a question's kind)."""

    kinds: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    choices: Mapping[str, Mapping[object, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A run of words (or one entry of a list) that stayed, came or went."""

    kind: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field's before and after: as segments for a text or a list, as two values otherwise."""

    words: str
    segments: tuple[Segment, ...] = ()
    old: str = ""
    new: str = ""
    is_list: bool = False

    @property
    def only_spacing(self) -> bool:
        """A text whose words are the same: only its line breaks or spaces changed."""
        return bool(self.segments) and all(s.kind == EQUAL for s in self.segments)

    def html(self) -> SafeString:
        """The change as HTML: <del> for what went, <ins> for what came, every text escaped."""
        if not self.segments and not self.is_list:
            return format_html("{} → {}", self.old, self.new)
        marked = [(_MARKUP[s.kind], s.text) for s in self.segments]
        if self.is_list:
            items = format_html_join("", "<li>{}</li>", ((format_html(m, t),) for m, t in marked))
            return (
                format_html('<ul class="diff-list">{}</ul>', items)
                if marked
                else format_html("{}", _("none"))
            )
        # No space is put beside Chinese, which has none between its words.
        parts = []
        for i, (markup, text) in enumerate(marked):
            if i and not (is_cjk(marked[i - 1][1][-1]) or is_cjk(text[0])):
                parts.append(" ")
            parts.append(format_html(markup, text))
        return format_html_join("", "{}", ((part,) for part in parts))


_MARKUP = {EQUAL: "{}", INSERTED: "<ins>{}</ins>", DELETED: "<del>{}</del>"}


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    fields: tuple[FieldChange, ...] = ()
    # For a link added or removed: its ratios, which are all there is to it.
    note: str = ""


@dataclass(frozen=True)
class KindDiff:
    kind: str
    words: str
    added: tuple[ItemChange, ...]
    removed: tuple[ItemChange, ...]
    changed: tuple[ItemChange, ...]


@dataclass(frozen=True)
class KnowledgeDiff:
    """Only the kinds in which something changed, in the order of `KINDS`."""

    kinds: tuple[KindDiff, ...]

    @property
    def any(self) -> bool:
        return bool(self.kinds)

    @property
    def count(self) -> int:
        return sum(len(k.added) + len(k.removed) + len(k.changed) for k in self.kinds)

    def of(self, kind: str) -> KindDiff | None:
        return next((k for k in self.kinds if k.kind == kind), None)


# Comparing ------------------------------------------------------------------------------------


# Chinese is written without spaces: each character (or full-width mark) is compared as a word.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
WORD = re.compile(f"[{CJK}]|[^\\s{CJK}]+")


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


def is_cjk(character: str) -> bool:
    return bool(re.fullmatch(f"[{CJK}]", character))


def join_words(words: Sequence[str]) -> str:
    """Words back into a text: a space between two English words, none beside a Chinese one."""
    text = ""
    for word in words:
        text += word if not text or is_cjk(text[-1]) or is_cjk(word[0]) else " " + word
    return text


def word_segments(old: str, new: str) -> tuple[Segment, ...]:
    """A text's words that stayed, went and came, in reading order (what went before what came)."""
    return _segments(words_of(old), words_of(new), joined=True)


def item_segments(old: Sequence[str], new: Sequence[str]) -> tuple[Segment, ...]:
    """A list's entries that stayed, went and came; each entry a segment of its own."""
    return _segments(list(old), list(new), joined=False)


def _segments(old: list[str], new: list[str], *, joined: bool) -> tuple[Segment, ...]:
    found: list[Segment] = []

    def add(kind: str, words: list[str]) -> None:
        if not words:
            return
        if joined:
            found.append(Segment(kind, join_words(words)))
        else:
            found.extend(Segment(kind, word) for word in words)

    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            add(EQUAL, old[i1:i2])
        else:
            add(DELETED, old[i1:i2])
            add(INSERTED, new[j1:j2])
    return tuple(found)


def _catalogue(snapshot: Mapping) -> dict[str, dict[str, dict]]:
    """kind → code → the item's own fields, with other items as codes, in the snapshot's order."""
    items: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
    own = _own_fields
    for position, step in enumerate(snapshot["steps"], 1):
        items["steps"][step["code"]] = {**own(step), "order": position}
        for question in step["questions"]:
            items["questions"][question["code"]] = {**own(question), "step": step["code"]}
            for option in question["options"]:
                items["answer options"][option["code"]] = {**own(option), "question": question["code"]}
    for condition in snapshot["conditions"]:
        items["conditions"][condition["code"]] = own(condition)
        ratios, if_absent = condition["ratios"], condition.get("ratios_if_absent", {})
        for answer in [*ratios, *(code for code in if_absent if code not in ratios)]:
            link = {"ratio": ratios.get(answer), "ratio_if_absent": if_absent.get(answer)}
            items["links"][f"{condition['code']}|{answer}"] = link
        for advice in condition["self_care"]:
            items["self-care advice"].setdefault(advice["code"], own(advice))
    for flag in snapshot["red_flags"]:
        items["red flags"][flag["code"]] = own(flag)
    for medicine in snapshot.get("medicines", ()):
        items["medicines"][medicine["code"]] = own(medicine)
    for owner in (*snapshot["conditions"], *snapshot["red_flags"], *snapshot.get("medicines", ())):
        for source in owner.get("sources", ()):
            items["sources"].setdefault(source["code"], own(source))
    # A text in another language is one more field of its item (`summary_zh_hant`), compared word
    # by word like the English beside it.
    for kind, by_code in texts_by_item(snapshot.get("translations", {})).items():
        for code, texts in by_code.items():
            if code in items[TRANSLATED_KINDS[kind]]:
                items[TRANSLATED_KINDS[kind]][code].update(texts)
    return items


def _own_fields(data: Mapping) -> dict:
    """An item's fields but its code, with the items it holds (a step's questions) as their codes."""
    return {
        key: [child["code"] for child in value] if _is_item_list(value) else value
        for key, value in data.items()
        if key != "code" and key not in LINK_FIELDS
    }


def _is_item_list(value: object) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) and "code" in v for v in value)
    )


class _Names:
    """Every item's name in plain words, from both snapshots (the newer name wins)."""

    def __init__(self, old: Mapping[str, dict], new: Mapping[str, dict]) -> None:
        self.items = {kind: {**old[kind], **new[kind]} for kind in KINDS}
        labels = [item["label"] for item in self.items["answer options"].values()]
        self.shared_labels = {label for label in labels if labels.count(label) > 1}

    def of(self, kind: str, code: str, *, short: bool = False) -> str:
        item = self.items.get(kind, {}).get(code)
        if item is None:
            return code
        if kind == "links":
            condition, answer = code.split("|", 1)
            return f"{self.of('conditions', condition)}: {self.of('answer options', answer)}"
        name = str(item.get(NAME_FIELD[kind], code))
        if kind == "answer options" and not short and name in self.shared_labels:
            # "Yes" or "None of these" alone would not say which question they answer.
            return f"{name} ({self.of('questions', item['question'])})"
        words = name.split()
        return " ".join(words[:LONG_NAME_WORDS]) + " …" if len(words) > LONG_NAME_WORDS else name


def _value_words(value: object, choices: Mapping[object, str]) -> str:
    if value in ("", None):
        return str(_("none"))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if value in choices:
        return str(choices[value])
    if isinstance(value, float):
        return f"×{value:g}"
    return str(value)


def _field_change(kind: str, key: str, old: Any, new: Any, words: DiffWords, names: _Names) -> FieldChange:
    label = str(words.fields.get(kind, {}).get(key, key.replace("_", " ")))
    if isinstance(old, list) or isinstance(new, list):
        target = REFERENCES.get(key)
        # A question's own answers need no question after them; other lists of answers do.
        short = key == "options"

        def named(codes: list | None) -> list[str]:
            entries = [names.of(target, code, short=short) if target else str(code) for code in codes or []]
            return sorted(entries, key=str.casefold) if key in UNORDERED else entries

        return FieldChange(label, segments=item_segments(named(old), named(new)), is_list=True)
    choices = words.choices.get(key, {})
    if key in REFERENCES:
        old, new = names.of(REFERENCES[key], old), names.of(REFERENCES[key], new)
    elif key not in words.choices and isinstance(old or new, str):
        # A text field added since the older snapshot was published counts as empty there.
        return FieldChange(label, segments=word_segments(old or "", new or ""))
    return FieldChange(label, old=_value_words(old, choices), new=_value_words(new, choices))


def _note(kind: str, item: Mapping, words: DiffWords) -> str:
    if kind != "links":
        return ""
    parts = [
        f"{words.fields.get(kind, {}).get(key, key)}: {_value_words(value, words.choices.get(key, {}))}"
        for key, value in item.items()
        if value is not None
    ]
    return "; ".join(parts)


def knowledge_diff(old: Mapping, new: Mapping, words: DiffWords | None = None) -> KnowledgeDiff:
    """What `new` adds, removes and changes compared with `old` (two snapshots in today's format)."""
    words = words or DiffWords()
    before, after = _catalogue(old), _catalogue(new)
    names = _Names(before, after)
    kinds = []
    for kind in KINDS:
        a, b = before[kind], after[kind]
        added = tuple(
            ItemChange(code, names.of(kind, code), note=_note(kind, b[code], words))
            for code in b
            if code not in a
        )
        removed = tuple(
            ItemChange(code, names.of(kind, code), note=_note(kind, a[code], words))
            for code in a
            if code not in b
        )
        changed = tuple(
            ItemChange(
                code,
                names.of(kind, code),
                tuple(
                    _field_change(kind, key, a[code].get(key), b[code].get(key), words, names)
                    for key in dict.fromkeys([*a[code], *b[code]])
                    if a[code].get(key) != b[code].get(key)
                ),
            )
            for code in b
            if code in a and a[code] != b[code]
        )
        if added or removed or changed:
            kinds.append(KindDiff(kind, str(words.kinds.get(kind, kind)), added, removed, changed))
    return KnowledgeDiff(tuple(kinds))
