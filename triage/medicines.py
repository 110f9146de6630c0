"""Medicines by name: what a person types matched against the knowledge's medicine dictionary, the
answer options the medicines they pick stand for, and names the dictionary does not know, kept as
typed.

Pure (no database, no request): the questionnaire's form and views, the check page and the summary
for the doctor call it with a knowledge snapshot. The engine never sees a name: picked medicines add
their answer options to the answers first, so it reasons on classes of medicine exactly as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from triage import engine

# The question whose answer options ("Antidepressants", "Lithium"…) medicines stand for.
MEDICINES_QUESTION = "medicines"
MAX_MATCHES = 15
# A search needs this many letters or digits (one Chinese character is enough: 鋰 is lithium).
MIN_QUERY = 2
# Below this many letters a name is found only by its start or the start of one of its words, so
# "cip" finds Ciproxin and Cipramil but not Aciphex.
MIN_INSIDE = 4
MAX_QUERY = 100
# A name kept as typed: at most this long, and at most this many of them.
TYPED_LENGTH = 80
MAX_TYPED = 10
MAX_PICKED = 40

NAME_SEPARATORS = re.compile(r"[,，、;；]")
WORD_BREAK = re.compile(r"[\s\-‐–—/()（）.+&]+")
CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff]")
# Unicode categories never kept in a typed name: control characters (a line break becomes a
# space), invisible formatting such as bidirectional overrides, and broken surrogates.
DROPPED = frozenset({"Cf", "Cs"})
AS_SPACE = frozenset({"Cc", "Zl", "Zp"})


def split_names(text: str) -> tuple[str, ...]:
    """A names field ("Lustral, Zoloft"; Chinese commas too) as its names, in order, each once."""
    return tuple(dict.fromkeys(name.strip() for name in NAME_SEPARATORS.split(text) if name.strip()))


@lru_cache(maxsize=8192)
def normalised(text: str) -> str:
    """Letters and digits only, without accents, in one case: "Prozac®" and "prozac" are the same,
    so are "Lévothyrox" and "levothyrox", and full-width "ＺＯＬＯＦＴ" and "Zoloft". Chinese is kept
    as it is."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in folded if c.isalnum())


@lru_cache(maxsize=8192)
def name_keys(name: str) -> tuple[str, tuple[str, ...]]:
    """A name normalised whole, and each of its words normalised ("Insulin glargine" → "insulinglargine",
    ("insulin", "glargine"))."""
    words = tuple(key for key in (normalised(word) for word in WORD_BREAK.split(name)) if key)
    return normalised(name), words


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text))


def searchable(query: str) -> bool:
    wanted = normalised(query[:MAX_QUERY])
    return len(wanted) >= MIN_QUERY or has_chinese(wanted)


@dataclass(frozen=True)
class Match:
    medicine: engine.MedicineInfo
    # The name the search found it by when that is not its generic name ("Zoloft" for sertraline).
    found_by: str = ""


def rank_of(name: str, wanted: str) -> int | None:
    """How well a name matches what was typed: 0 it is the name, 1 the name starts with it, 2 one of
    its words does, 3 it is inside the name (from MIN_INSIDE letters, or in Chinese); None not at all."""
    whole, words = name_keys(name)
    if not whole or wanted not in whole:
        return None
    if whole == wanted:
        return 0
    if whole.startswith(wanted):
        return 1
    if any(word.startswith(wanted) for word in words):
        return 2
    return 3 if len(wanted) >= MIN_INSIDE or has_chinese(wanted) else None


def find(knowledge: engine.Knowledge, query: str, *, limit: int = MAX_MATCHES) -> tuple[Match, ...]:
    """The medicines one of whose names holds what was typed: whole names first, then names that
    start with it, then names with a word that does, then the rest, each group by generic name."""
    wanted = normalised(query[:MAX_QUERY])
    if not searchable(query):
        return ()
    found: list[tuple[int, str, Match]] = []
    for medicine in knowledge.medicines:
        best: tuple[int, int, str] | None = None
        for position, name in enumerate(medicine.all_names):
            rank = rank_of(name, wanted)
            if rank is None:
                continue
            # On a tie the generic name wins: it is what the person will read.
            candidate = (rank, position > 0, name if position else "")
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        if best is not None:
            found.append((best[0], medicine.name.casefold(), Match(medicine, best[2])))
    found.sort(key=lambda item: item[:2])
    return tuple(match for _rank, _name, match in found[:limit])


def exactly_named(knowledge: engine.Knowledge, query: str) -> engine.MedicineInfo | None:
    """The one medicine with a name that is what was typed (accents and case aside), if one is."""
    wanted = normalised(query[:MAX_QUERY])
    if not wanted:
        return None
    named = [m for m in knowledge.medicines if any(name_keys(n)[0] == wanted for n in m.all_names)]
    return named[0] if len(named) == 1 else None


def known(codes: Iterable[str], knowledge: engine.Knowledge) -> tuple[str, ...]:
    """The codes of medicines the knowledge has, each once, in the order given (a retired or
    tampered code is left out)."""
    return tuple(code for code in dict.fromkeys(codes) if code in knowledge.medicine)[:MAX_PICKED]


def standing_for(codes: Iterable[str], knowledge: engine.Knowledge) -> tuple[str, ...]:
    """The answer options these medicines stand for, each once, in the questionnaire's order."""
    found = {
        finding
        for code in codes
        if code in knowledge.medicine
        for finding in knowledge.medicine[code].findings
        if finding in knowledge.finding_rank
    }
    return tuple(sorted(found, key=knowledge.finding_rank.__getitem__))


def with_medicines(ticked: Sequence[str], picked: Iterable[str], knowledge: engine.Knowledge) -> list[str]:
    """The answers to the medicines question: those ticked, and those the picked medicines stand for.

    When a picked medicine stands for an answer, a ticked answer that excludes the others ("None of
    these", "I am not sure") gives way to it: the person named a medicine they did not know the
    class of, which is what finding it by name is for.
    """
    added = standing_for(picked, knowledge)
    if not added:
        return list(ticked)
    findings = knowledge.findings
    kept = {code for code in ticked if not (code in findings and findings[code].exclusive)}
    return sorted(kept | set(added), key=lambda code: knowledge.finding_rank.get(code, 0))


def typed_name(text: str) -> str:
    """A name as the person typed it, made safe to keep and show: no control or invisible
    formatting characters, one space between words, at most TYPED_LENGTH characters."""
    kept = []
    for character in str(text):
        category = unicodedata.category(character)
        if category in AS_SPACE:
            kept.append(" ")
        elif category not in DROPPED:
            kept.append(character)
    return " ".join("".join(kept).split())[:TYPED_LENGTH].strip()


def typed_names(values: Iterable[str]) -> tuple[str, ...]:
    """Names as typed, cleaned, each once (accents and case aside), at most MAX_TYPED."""
    names: dict[str, str] = {}
    for value in values:
        name = typed_name(value)
        if name and normalised(name) not in names:
            names[normalised(name)] = name
    return tuple(names.values())[:MAX_TYPED]


def chinese_name(medicine: engine.MedicineInfo) -> str:
    """Its first name in Chinese (the Taiwan names list them first), or ""."""
    return next((name for name in medicine.names_tw if has_chinese(name)), "")


def shown_name(name: str, chinese: str, language: str) -> str:
    """A medicine's name for a reader: the generic name, with its Chinese name on a Chinese page."""
    if chinese and language.lower().startswith("zh"):
        return f"{name}（{chinese}）"
    return name


def saved(picked: Iterable[str], typed: Sequence[str], knowledge: engine.Knowledge) -> dict:
    """What an assessment keeps of the medicines named: each picked one's code and names as they are
    now (a later release may rename it), and the names typed. Empty when none was named."""
    named = [
        {"code": code, "name": medicine.name, "chinese": chinese_name(medicine)}
        for code in known(picked, knowledge)
        for medicine in (knowledge.medicine[code],)
    ]
    if not named and not typed:
        return {}
    return {"named": named, "typed": list(typed)}


def named_lines(medicines: Mapping, language: str) -> tuple[list[str], list[str]]:
    """From what an assessment keeps: the medicines named, as the reader's language shows them, and
    the names typed that are not in the list."""
    named = [
        shown_name(str(item.get("name", "")), str(item.get("chinese", "")), language)
        for item in medicines.get("named", [])
        if isinstance(item, Mapping)
    ]
    return named, [str(name) for name in medicines.get("typed", [])]
