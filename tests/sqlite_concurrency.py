"""Run by tests/test_concurrent_sqlite.py in its own process, against a file database given by
SQLITE_PATH: many people finish at once (threads, as gunicorn workers would), and some sessions post
their final submission several times in parallel, while one showing of the first step is posted with
an emergency answer twenty times at once without a session. Prints a JSON summary."""

from __future__ import annotations

import json
import os
import re
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triage.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tests.helpers import CALM  # noqa: E402
from triage.models import Assessment  # noqa: E402

PEOPLE, TWINS, CLICKS = 16, 3, 20
errors: list[str] = []
locations: dict[int, set[str]] = {}
emergency_locations: set[str] = set()
barrier = threading.Barrier(PEOPLE * TWINS + CLICKS)


def person_client(**kwargs) -> Client:
    """A browser of a person who has answered the region question (the United Kingdom)."""
    client = Client(**kwargs)
    client.cookies[settings.REGION_COOKIE_NAME] = "gb"
    return client


def person(n: int) -> None:
    client = person_client(raise_request_exception=False)
    try:
        for code, data in CALM.items():
            response = client.post(f"/step/{code}/", data)
            if response.status_code != 302:
                errors.append(f"{code}: {response.status_code}")
        cookie = client.cookies["sessionid"].value
    finally:
        connection.close()
    seen: set[str] = set()
    locations[n] = seen

    def submit() -> None:
        twin = person_client(raise_request_exception=False)
        twin.cookies["sessionid"] = cookie
        barrier.wait()
        response = twin.post("/check/")
        if response.status_code != 302:
            errors.append(f"check: {response.status_code}")
        else:
            seen.add(response["Location"])
        connection.close()

    twins = [threading.Thread(target=submit) for _ in range(TWINS)]
    for thread in twins:
        thread.start()
    for thread in twins:
        thread.join()


def emergency_clicks() -> None:
    page = person_client().get("/step/start/").content.decode()
    form = re.search(r'name="_submission" value="([0-9a-f]{32})"', page).group(1)
    connection.close()

    def click() -> None:
        barrier.wait()
        response = person_client(raise_request_exception=False).post(
            "/step/start/", {"emergency-signs": ["em-breathing"], "_submission": form}
        )
        if response.status_code != 302:
            errors.append(f"emergency: {response.status_code}")
        else:
            emergency_locations.add(response["Location"])
        connection.close()

    clicks = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()


threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
threads.append(threading.Thread(target=emergency_clicks))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(
    json.dumps(
        {
            "errors": errors,
            "results_per_person": sorted(len(s) for s in locations.values()),
            "emergency_results": len(emergency_locations),
            "assessments": Assessment.objects.count(),
        }
    )
)
