"""Parts of public pages rendered once and kept: what a key names fully decides what is kept under
it (a saved result with its language and region, a step with its language, region and knowledge
revision), so the next request with the same key is given the same text without rendering it
again. Nothing that one person's answers or this request alone decide (a CSRF token, messages,
ticked boxes) may be made under a key: those are rendered around the kept parts, per request.
"""

from __future__ import annotations

from collections.abc import Callable
from hashlib import sha256

from django.core.cache import caches

# An hour: a saved result never changes, and a deleted one is never reached (its page looks it up
# first); the limit only frees the memory of results nobody opens again.
KEPT_SECONDS = 3600


def kept_key(*parts: object) -> str:
    """The cache key for `parts`: hashed, so a long address or any character is a valid key."""
    joined = "\x1f".join(str(part) for part in parts)
    return "kept:" + sha256(joined.encode()).hexdigest()


def kept[T](parts: tuple, make: Callable[[], T]) -> T:
    """What `make()` gives for `parts`, made once and then read from the "pages" cache."""
    cache = caches["pages"]
    key = kept_key(*parts)
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, KEPT_SECONDS)
    return value


def kept_already(parts: tuple) -> object | None:
    """What was kept for `parts`, or None: for a view that, on a miss, loads more at once than a hit
    needs (one query instead of two)."""
    return caches["pages"].get(kept_key(*parts))


def keep(parts: tuple, value: object) -> None:
    caches["pages"].set(kept_key(*parts), value, KEPT_SECONDS)
