"""Short reference codes a person can read out over the phone, for example "K7MQ-4XR9".

Eight characters from 31 letters and digits that are hard to mix up when spoken or handwritten (no
0, O, 1, I or L): about 850 billion codes, so a clash is rare and retried when it happens.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def format_reference(reference: str) -> str:
    half = REFERENCE_LENGTH // 2
    return f"{reference[:half]}-{reference[half:]}"


def normalise_reference(text: str) -> str | None:
    """The stored form of a code as somebody typed it (any case, spaces or dashes), or None when it
    cannot be one. Look-alike characters that are not in the alphabet cannot be a code either."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != REFERENCE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
