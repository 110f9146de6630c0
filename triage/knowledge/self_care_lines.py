"""The self-care advice items that replaced each condition's free-text lines (snapshot format 2),
and which old line became which items.

Pure. Migration 0012 uses it to turn a draft's lines into shared advice items, and the snapshot
reader to run a format 2 release the same way. The table is data, in self_care_lines.json beside
this file: "advice" gives each item's text and the answers it is shown for ("only_if": empty for
everyone; advice about a medicine only for the people who said they take one), and "from_line" the
items each line of format 2 (as shipped up to then) became. Lines that said the same thing in other
words became one item, reworded; a line that said two things became two items. A line the table
does not know (a clinician's own) becomes an item of its own, with the code `line_code` gives it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from types import MappingProxyType

_TABLE = json.loads((Path(__file__).with_suffix(".json")).read_text(encoding="utf-8"))
# code → (text, only-if answers)
ADVICE = MappingProxyType(
    {code: (item["text"], tuple(item["only_if"])) for code, item in _TABLE["advice"].items()}
)
# line of format 2 → the codes of the items it became, in order
FROM_LINE = MappingProxyType({line: tuple(codes) for line, codes in _TABLE["from_line"].items()})


def line_code(line: str) -> str:
    """A code for a line the table does not know: the same line always gets the same code."""
    words = re.sub(r"[^a-z0-9]+", "-", line.lower()).strip("-")[:40].strip("-") or "advice"
    return f"{words}-{hashlib.sha256(line.encode('utf-8')).hexdigest()[:6]}"


def advice_for_line(line: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(code, text, only-if answers) of each item a line became; an unknown line as it is."""
    line = line.strip()
    codes = FROM_LINE.get(line)
    if codes is None:
        return ((line_code(line), line, ()),)
    return tuple((code, *ADVICE[code]) for code in codes)
