"""The knowledge as one person reads it: every text in their language, with their region's number
and services, built once per knowledge, region and language and then reused.

The engine works on codes only, so a localised copy gives the same assessment as the original; what
is saved with an assessment is made from the original, placeholders and all, and filled when shown.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from triage import engine
from triage.knowledge.languages import translated
from triage.regions import Region, fill

_lock = threading.Lock()
# (region code, language) → (the knowledge it was made from, the localised copy). Keyed on the
# knowledge object itself: the published knowledge is one object per release (published.py), so a
# new release, or a rolled-back one that reuses a version number, never meets a stale copy.
_cache: dict[tuple[str, str], tuple[engine.Knowledge, engine.Knowledge]] = {}


def localised(knowledge: engine.Knowledge, *, region: Region, language: str) -> engine.Knowledge:
    """A copy of `knowledge` with every text in this language (English where a text has no
    translation) and filled for this region."""
    key = (region.code, language)
    cached = _cache.get(key)
    if cached is not None and cached[0] is knowledge:
        return cached[1]
    copy = walk(translated(knowledge, language), region, language)
    with _lock:
        _cache[key] = (knowledge, copy)
    return copy


def walk(value: Any, region: Region, language: str) -> Any:
    """Each str field of each dataclass, through tuples, filled; codes have no braces and stay."""
    if isinstance(value, str):
        return fill(value, region, language)
    if isinstance(value, tuple):
        return tuple(walk(item, region, language) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: walk(getattr(value, f.name), region, language)
            for f in dataclasses.fields(value)
            if f.init
        }
        return type(value)(**changes)
    # Sets of codes and mappings of ratios hold no text.
    return value
