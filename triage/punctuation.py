"""Punctuation that differs between languages. Chinese joins the items of a list with 、, phrases
with ；, ends a sentence with 。, puts ： after a label, quotes in 「」, brackets an aside in （） and
a label in 【】.
Each mark is a translatable string, so a new language brings its own in its catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation
from django.utils.translation import pgettext


@dataclass(frozen=True)
class Marks:
    comma: str  # between the items of a list
    semicolon: str  # between phrases
    stop: str  # at the end of a sentence
    colon: str  # after a label, with the space that follows it where a language has one
    quote: str  # around quoted words: %(text)s
    aside: str  # a remark in brackets after some words, with the space before it: %(text)s
    tag: str  # a short label set off after some words, with the space before it: %(text)s

    def items(self, words: Iterable[str]) -> str:
        return self.comma.join(words)

    def phrases(self, words: Iterable[str]) -> str:
        return self.semicolon.join(words)

    @property
    def space(self) -> str:
        """The space after a mark: full-width marks carry their own; a full stop or colon has one."""
        return " " if self.stop.isascii() else ""

    def sentences(self, sentences: Iterable[str]) -> str:
        return self.space.join(sentences)

    def quoted(self, text: str) -> str:
        return self.quote % {"text": text}

    def bracketed(self, text: str) -> str:
        return self.aside % {"text": text} if text else ""

    def tagged(self, text: str) -> str:
        return self.tag % {"text": text} if text else ""


@lru_cache(maxsize=8)
def _marks_in(language: str) -> Marks:
    with translation.override(language):
        return Marks(
            comma=pgettext("punctuation between the items of a list", ", "),
            semicolon=pgettext("punctuation between phrases", "; "),
            stop=pgettext("punctuation at the end of a sentence", "."),
            colon=pgettext("punctuation after a label", ": "),
            quote=pgettext("punctuation around quoted words", "“%(text)s”"),
            aside=pgettext("punctuation around a remark in brackets", " (%(text)s)"),
            tag=pgettext("punctuation around a short label in square brackets", " [%(text)s]"),
        )


def marks() -> Marks:
    """The marks of the language active now."""
    return _marks_in(translation.get_language() or "en-gb")


def mid_list(text: str) -> str:
    """An answer as it reads inside a list of phrases ("Tongue" becomes "tongue" in "for: gradual
    onset; tongue"): only a first word that is a capital and then small letters is lowered, so
    "ADHD", "I" and "50 to 74" stay, and Chinese is left alone."""
    first = text.split(" ", 1)[0]
    if len(first) >= 2 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text
