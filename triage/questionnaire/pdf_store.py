"""Summary PDFs made once and kept, and never more made at once than the machine can bear.

A saved result never changes, so its PDF in one language, for one region, in one print layout is
made once and stored with it (`SummaryPdf`, deleted with the assessment); asking again costs a
query. Making one takes a CPU for a fraction of a second, and a Chinese one a few hundred
megabytes: at most PDF_CONCURRENCY are made at once on a machine, each holding one of as many
slots (a lock file each, so every worker process of the machine shares them, and a worker that
dies frees its slot). A request that finds every slot taken waits up to PDF_SLOT_WAIT seconds (none
by default), then gets the "busy" page with a time to try again, while the other pages go on.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from triage.models import Assessment, SummaryPdf

try:
    import fcntl
except ImportError:  # Not on Linux or macOS: no slots, each PDF made when asked.
    fcntl = None  # type: ignore[assignment]  # the module's stub cannot say it may be missing

POLL_SECONDS = 0.05
# What makes a summary's layout: a change to any of these makes new PDFs.
LAYOUT_FILES = (
    "templates/triage/print.html",
    "templates/triage/_release.html",
    "static/triage/css/print.css",
    "triage/questionnaire/printout.py",
    "triage/questionnaire/pdf.py",
    "triage/questionnaire/results.py",
    "triage/questionnaire/summary.py",
    "triage/punctuation.py",
    "triage/regions.py",
    "triage/vocabulary.py",
    "triage/locale/*/LC_MESSAGES/django.mo",
)


class PdfBusy(Exception):
    """Every slot stayed taken for PDF_SLOT_WAIT seconds."""


@cache
def layout() -> str:
    """A digest of the files and renderer that make a summary's layout, read once per process."""
    digest = hashlib.sha256(version("weasyprint").encode())
    root = Path(settings.BASE_DIR)
    for pattern in LAYOUT_FILES:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_pdf(assessment: Assessment, language: str, region: str) -> bytes | None:
    content = (
        SummaryPdf.objects.filter(assessment=assessment, language=language, region=region, layout=layout())
        .values_list("content", flat=True)
        .first()
    )
    return bytes(content) if content is not None else None


def keep_pdf(assessment: Assessment, language: str, region: str, content: bytes) -> None:
    """Stores a PDF just made; one made at the same moment by another request is kept instead."""
    try:
        with transaction.atomic():
            SummaryPdf.objects.create(
                assessment=assessment, language=language, region=region, layout=layout(), content=content
            )
    except IntegrityError:
        pass


def slot_directory() -> Path:
    directory = Path(settings.PDF_SLOT_DIR or Path(tempfile.gettempdir()) / f"triage-pdf-slots-{os.getuid()}")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


@contextmanager
def pdf_slot() -> Iterator[None]:
    """Holds one of PDF_CONCURRENCY slots of this machine while a PDF is made; raises PdfBusy when
    none frees up within PDF_SLOT_WAIT seconds."""
    if fcntl is None or settings.PDF_CONCURRENCY <= 0:
        yield
        return
    paths = [slot_directory() / f"slot-{i}.lock" for i in range(settings.PDF_CONCURRENCY)]
    give_up = time.monotonic() + settings.PDF_SLOT_WAIT
    while True:
        for path in paths:
            handle = open(path, "a+b")  # noqa: SIM115 (closed below, which frees the lock)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                handle.close()
            return
        if time.monotonic() >= give_up:
            raise PdfBusy
        time.sleep(POLL_SECONDS)
