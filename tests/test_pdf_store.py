"""A result's summary PDF is made once per language, region and layout and kept with the result;
at most PDF_CONCURRENCY are made at once on a machine, and a request that finds every slot taken
gets the "busy" page instead of holding a worker."""

from __future__ import annotations

import fcntl
import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from tests.helpers import complete
from triage.models import Assessment, SummaryPdf
from triage.questionnaire import results_views
from triage.questionnaire.pdf_store import PdfBusy, layout, pdf_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(settings, tmp_path):
    settings.PDF_SLOT_DIR = str(tmp_path)
    settings.PDF_CONCURRENCY = 1
    settings.PDF_SLOT_WAIT = 0
    return tmp_path


def pdf_of(client: Client, url: str, query: str = ""):
    response = client.get(f"{url}summary.pdf{query}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_a_pdf_is_made_once_and_served_again_from_storage(client, slots):
    url = complete(client)
    made = mock.patch.object(results_views, "summary_pdf", wraps=results_views.summary_pdf)
    with made as summary_pdf:
        first = pdf_of(client, url)
        again = pdf_of(client, url)
        assert summary_pdf.call_count == 1
    assert first == again and first.startswith(b"%PDF")
    stored = SummaryPdf.objects.get()
    assert (stored.language, stored.region, stored.layout) == ("en-gb", "gb", layout())
    assert bytes(stored.content) == first


def test_each_language_and_region_has_its_own_pdf(client, slots):
    url = complete(client)
    english = pdf_of(client, url)
    chinese = pdf_of(client, url, "?in=zh-hant")
    client.cookies[django_settings.REGION_COOKIE_NAME] = "au"
    australian = pdf_of(client, url)
    assert chinese != english
    assert australian.startswith(b"%PDF")
    kept = set(SummaryPdf.objects.values_list("language", "region"))
    assert kept == {("en-gb", "gb"), ("zh-hant", "gb"), ("en-gb", "au")}


def test_a_pdf_of_an_earlier_layout_is_not_served(client, slots):
    url = complete(client)
    assessment = Assessment.objects.get()
    SummaryPdf.objects.create(
        assessment=assessment, language="en-gb", region="gb", layout="0" * 64, content=b"old"
    )
    content = pdf_of(client, url)
    assert content.startswith(b"%PDF")
    assert SummaryPdf.objects.count() == 2


def test_the_pdfs_go_with_their_result(client, slots):
    url = complete(client)
    pdf_of(client, url)
    call_command("purge_assessments", days=1, verbosity=0)
    assert SummaryPdf.objects.count() == 1  # the result is a day younger than the limit
    Assessment.objects.update(created_at=Assessment.objects.get().created_at.replace(year=2020))
    call_command("purge_assessments", days=1, verbosity=0)
    assert not Assessment.objects.exists() and not SummaryPdf.objects.exists()


def test_with_every_slot_taken_the_pdf_is_the_busy_page_and_other_pages_go_on(client, slots):
    url = complete(client)
    with open(slots / "slot-0.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another worker making a PDF
        busy = client.get(f"{url}summary.pdf")
        assert busy.status_code == 503
        assert "busy or down for a moment" in busy.content.decode()
        assert busy["Retry-After"]
        assert not SummaryPdf.objects.exists()
        assert client.get(url).status_code == 200
        assert client.get(f"{url}print/").status_code == 200
    assert pdf_of(client, url).startswith(b"%PDF")


def test_a_stored_pdf_needs_no_slot(client, slots):
    url = complete(client)
    first = pdf_of(client, url)
    with open(slots / "slot-0.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert pdf_of(client, url) == first


def test_slots_admit_as_many_at_once_as_configured(settings, slots):
    settings.PDF_CONCURRENCY = 2
    with pdf_slot(), pdf_slot(), pytest.raises(PdfBusy), pdf_slot():
        pass
    # Freed when left, also when the work inside fails.
    with pytest.raises(RuntimeError), pdf_slot():
        raise RuntimeError
    with pdf_slot(), pdf_slot():
        pass


def test_a_request_waits_for_a_slot_up_to_the_configured_time(settings, slots):
    settings.PDF_SLOT_WAIT = 1
    with pdf_slot():
        started = time.monotonic()
        with pytest.raises(PdfBusy), pdf_slot():
            pass
        assert 1 <= time.monotonic() - started < 2
