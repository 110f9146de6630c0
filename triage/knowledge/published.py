"""The published knowledge the public questionnaire runs on, cached per process.

`get_knowledge()` costs one small query per request to find the latest release's id, and loads and
rebuilds its snapshot only when a new release has been published.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from django.db import connection

from triage import engine
from triage.knowledge.snapshot import knowledge_from_dict
from triage.models import Release

_lock = threading.Lock()
_cached: tuple[tuple, engine.Knowledge] | None = None


class KnowledgeNotPublished(Exception):
    """No knowledge release exists yet, so the public questionnaire cannot run."""


def latest_release_sql() -> str:
    return _latest_release_sql(connection.vendor)


@lru_cache(maxsize=4)
def _latest_release_sql(vendor: str) -> str:
    """Put together once per database (`vendor` is in the key because the quoting is its own)."""
    quote = connection.ops.quote_name
    meta = Release._meta
    # The stubs allow a field with no column (a relation); these have one.
    return (
        f"SELECT {quote(meta.pk.column)}, {quote(meta.get_field('published_at').column)} "  # type: ignore[arg-type]
        f"FROM {quote(meta.db_table)} ORDER BY {quote(meta.get_field('version').column)} DESC LIMIT 1"  # type: ignore[arg-type]
    )


def latest_release_key() -> tuple | None:
    """The latest release's id and publication time, as the database returns them.

    Plain SQL rather than the ORM: this runs on every public request, and building and compiling
    the queryset cost more than the query itself. The values are only compared with each other.
    """
    with connection.cursor() as cursor:
        cursor.execute(latest_release_sql())
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def get_knowledge() -> engine.Knowledge:
    """The latest published release's knowledge (its revision is the release's version).

    Raises KnowledgeNotPublished when nothing has been published yet.
    """
    global _cached
    # The publication time is part of the key so that an id reused after a rolled-back
    # transaction (tests, or a failed publish) can never serve another release's knowledge.
    latest = latest_release_key()
    if latest is None:
        raise KnowledgeNotPublished
    cached = _cached
    if cached is not None and cached[0] == latest:
        return cached[1]
    with _lock:
        version, snapshot = Release.objects.values_list("version", "snapshot").get(pk=latest[0])
        knowledge = knowledge_from_dict(snapshot, revision=version)
        _cached = (tuple(latest), knowledge)
    return knowledge
