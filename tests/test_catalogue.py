"""The Traditional Chinese catalogue of the site's own strings is complete and compiled: makemessages
finds nothing new to translate, nothing is fuzzy, every placeholder survives, and gettext answers
in Chinese under zh-hant."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, ngettext

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("triage/locale/zh_Hant/LC_MESSAGES/django.po")
# What makemessages reads: the app's Python and the templates (scripts/setup.sh's ignores aside).
SOURCES = ("manage.py", "triage", "templates")


def entries(output: str) -> list[str]:
    """The msgids in a catalogue printed by gettext's tools, header left out."""
    return [line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def gettext_tool(*args: str) -> str:
    # Unwrapped, so that each msgid is one line.
    return subprocess.run([*args, "--no-wrap"], check=True, capture_output=True, text=True).stdout


def test_makemessages_leaves_no_untranslated_or_fuzzy_entry(tmp_path):
    # A copy of the sources and the catalogue, so the tracked catalogue is never touched.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "--ignore=.venv", "-v0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    refreshed = tmp_path / CATALOGUE
    assert entries(gettext_tool("msgattrib", "--untranslated", "--no-obsolete", str(refreshed))) == []
    assert entries(gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", str(refreshed))) == []
    # makemessages found exactly the strings the tracked catalogue translates.
    current = entries(gettext_tool("msgattrib", "--no-obsolete", str(refreshed)))
    assert current == entries(gettext_tool("msgattrib", "--no-obsolete", str(ROOT / CATALOGUE)))
    assert len(current) > 600


def test_every_translation_keeps_its_placeholders_and_plural_form():
    # msgfmt --check compares each python-format translation's %(name)s with its msgid's, and the
    # plural forms with the header's.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(ROOT / CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_answers_in_chinese_under_zh_hant():
    with translation.override("zh-hant"):
        assert gettext("Muscle twitching check") == "肌肉跳動自我評估"
        assert gettext("Continue") == "繼續"
        assert ngettext("%(counter)s error", "%(counter)s errors", 3) % {"counter": 3} == "3 個錯誤"
    with translation.override("en-gb"):
        assert gettext("Muscle twitching check") == "Muscle twitching check"
