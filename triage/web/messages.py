"""A message added once: a client that keeps requesting a page without following its redirect must
not pile the same message up in its cookie and session, to be decoded on every request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest


def info_once(request: HttpRequest, text: str) -> None:
    storage = messages.get_messages(request)
    # Neither list is consumed by looking: the messages stay for the page that shows them.
    # Private to Django's storage (the stubs declare neither, nor that it is always a storage).
    waiting = [*storage._loaded_messages, *storage._queued_messages]  # type: ignore[union-attr]
    if not any(message.message == text for message in waiting):
        messages.info(request, text)
