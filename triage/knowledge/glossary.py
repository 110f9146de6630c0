"""One word per concept in the Traditional Chinese: the glossary (fixtures/glossary-zh-hant.json,
explained in docs/glossary-zh-hant.md) and where a text spells one of its terms another way.

A term's wrong variants are plain strings. Some are part of a longer word that is right ("中風" in
"腦中風"): those longer words are the entry's `allowed`, and an occurrence inside one is not a slip.
An entry for the public's words (`public_only`) leaves alone what only clinicians read, where the
clinical word is the right one (萎縮, 徵象).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from triage import engine
from triage.knowledge.problems import WARNING, Problem

LANGUAGE = "zh-hant"
# The knowledge texts only clinicians read (what a clinician may ask, examine and arrange).
CLINICIAN_FIELDS = frozenset({"clinician_questions", "clinician_examination", "clinician_tests"})
# A half-width mark touching a Chinese character: Chinese text takes full-width （），；：？！【】
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
MARK = r"[()\[\],;:?!]"
HALF_WIDTH = re.compile(rf"{CJK}{MARK}|{MARK}{CJK}")
# The region's family doctor is seen at a clinic: Taiwan's words (家醫科或神經內科) are departments,
# so only "…{gp}門診" (or "門診（{gp}）") reads right in every region.
GP_NOT_AT_A_CLINIC = re.compile(r"(?<!門診（)(\{gp\}|%\(gp\)s)(?!(的一般)?門診)")


@dataclass(frozen=True)
class Term:
    concept: str  # in English, as a clinician would name it
    term: str  # the one Chinese word for it
    wrong: tuple[str, ...]  # other spellings that must not appear
    allowed: tuple[str, ...] = ()  # longer words holding a wrong variant that are right
    public_only: bool = False  # clinicians' own texts may use the clinical word
    note: str = ""


@dataclass(frozen=True)
class Slip:
    concept: str
    term: str
    found: str

    def __str__(self) -> str:
        return f"「{self.found}」 for {self.concept}: write 「{self.term}」"


def glossary_path() -> Path:
    return Path(settings.FIXTURE_DIRS[0]) / "glossary-zh-hant.json"


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> tuple[Term, ...]:
    data = json.loads((path or glossary_path()).read_text(encoding="utf-8"))
    return tuple(
        Term(
            concept=entry["concept"],
            term=entry["term"],
            wrong=tuple(entry["wrong"]),
            allowed=tuple(entry.get("allowed", ())),
            public_only=entry.get("public_only", False),
            note=entry.get("note", ""),
        )
        for entry in data["terms"]
    )


def slips(text: str, glossary: Iterable[Term], *, clinician: bool = False) -> list[Slip]:
    """Each wrong variant of a glossary term in `text`, once, in the glossary's order."""
    found = []
    for entry in glossary:
        if clinician and entry.public_only:
            continue
        # Blank out the right words that hold a variant, keeping the length, then look.
        masked = text
        for word in entry.allowed:
            masked = masked.replace(word, "\0" * len(word))
        variants = [variant for variant in entry.wrong if variant in masked]
        # "蜱蟲" once, not also the "蜱" inside it.
        found += [
            Slip(entry.concept, entry.term, v)
            for v in variants
            if not any(v != longer and v in longer for longer in variants)
        ]
    return found


def half_width_marks(text: str) -> list[str]:
    """Half-width brackets and punctuation written against Chinese characters."""
    return list(dict.fromkeys(m.group() for m in HALF_WIDTH.finditer(text)))


def gp_not_at_a_clinic(text: str) -> bool:
    """Whether the region's {gp} is written other than as a clinic to see ("掛號看{gp}門診")."""
    return bool(GP_NOT_AT_A_CLINIC.search(text))


def is_clinician_text(key: str) -> bool:
    """Whether a translation key ("condition/als-mnd/clinician_tests") is a text only clinicians read."""
    return key.rsplit("/", 1)[-1] in CLINICIAN_FIELDS


def translation_slips(
    translations: Mapping[str, str], glossary: Iterable[Term]
) -> Iterable[tuple[str, list[str]]]:
    """(key, what is wrong) for every text of one language that breaks the glossary or uses
    half-width marks."""
    glossary = tuple(glossary)
    for key, text in sorted(translations.items()):
        wrong = [str(s) for s in slips(text, glossary, clinician=is_clinician_text(key))]
        wrong += [
            f"half-width 「{mark}」: write full-width marks in Chinese" for mark in half_width_marks(text)
        ]
        if gp_not_at_a_clinic(text):
            wrong.append("write the region's family doctor as a clinic to see: 看{gp}門診")
        if wrong:
            yield key, wrong


def check_glossary(knowledge: engine.Knowledge) -> Iterable[Problem]:
    """A warning for each Chinese text that spells a glossary term another way, so the clinician who
    saved it sees it in the knowledge check before the public does."""
    texts = knowledge.translations.get(LANGUAGE, {})
    if not texts:
        return
    names = item_names(knowledge)
    for key, wrong in translation_slips(texts, load()):
        kind, code, field = key.split("/")
        yield Problem(
            WARNING,
            kind,
            code,
            names.get((kind, code), code),
            f"The Traditional Chinese of its {field.replace('_', ' ')} does not follow the glossary "
            f"(docs/glossary-zh-hant.md): {'; '.join(wrong)}.",
            "glossary",
        )


def item_names(knowledge: engine.Knowledge) -> dict[tuple[str, str], str]:
    """(kind, code) → the item's English name, as the knowledge check names items."""
    names: dict[tuple[str, str], str] = {}
    for step in knowledge.steps:
        names[("step", step.code)] = step.title
        for q in step.questions:
            names[("question", q.code)] = q.text
            names.update({("finding", o.code): o.label for o in q.options})
    for c in knowledge.conditions:
        names[("condition", c.code)] = c.name
        names.update({("selfcareadvice", i.code): i.text for i in c.self_care})
    names.update({("redflag", f.code): f.title for f in knowledge.red_flags})
    return names
