"""The CSRF token a page carries: Django's own `get_token`, with its mask drawn in one call.

Django masks the CSRF secret afresh for every page (so that a compressed page never repeats it:
the BREACH attack) with 32 characters, each drawn by its own `secrets.choice` call into the
operating system's random source: about a twentieth of a step page's CPU instructions. Here the
mask is drawn from one `secrets.token_bytes` call, uniformly over the same 62 characters, and the
secret is enciphered with it exactly as Django does; CsrfViewMiddleware checks the token as always.
A request that has no secret yet is left to Django, which makes one and sets its cookie.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.middleware.csrf import get_token as django_get_token

CHARS = CSRF_ALLOWED_CHARS
POSITION = {char: index for index, char in enumerate(CHARS)}
# The largest multiple of 62 a byte can hold: a byte at or above it is drawn again, so that every
# character is equally likely (a byte taken modulo 62 would favour the first eight).
BYTE_LIMIT = 256 - 256 % len(CHARS)


def random_chars(count: int) -> str:
    """`count` characters of CHARS, each equally likely and drawn from the system's random source."""
    drawn: list[str] = []
    while len(drawn) < count:
        # A few bytes over: about one in thirty-two is drawn again.
        drawn.extend(CHARS[byte % len(CHARS)] for byte in secrets.token_bytes(count + 8) if byte < BYTE_LIMIT)
    return "".join(drawn[:count])


def get_token(request: HttpRequest) -> str:
    """What django.middleware.csrf.get_token gives: this request's secret, masked afresh."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH or secret.strip(CHARS):
        return django_get_token(request)
    # As Django's get_token: the cookie is sent again with the response, to renew its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CHARS[(POSITION[s] + POSITION[m]) % len(CHARS)] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher
