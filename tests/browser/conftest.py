"""Real-browser tests: Playwright drives Chromium against pytest-django's live server.

Chromium comes from the system (scripts/install-chromium.sh puts it at /usr/bin/chromium) or from
$CHROMIUM; elsewhere `python -m playwright install chromium` and CHROMIUM unset with no system copy
makes Playwright use its own download.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import BrowserContext, ConsoleMessage, Route, expect
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an asyncio event loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop unless told otherwise. No Django code runs inside that loop, so
# the refusal is a false alarm here. The browser stays open all session, so every later test needs
# this too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SYSTEM_CHROMIUM = "/usr/bin/chromium"
# Long enough for a busy 2-core CI machine, short enough that a failure does not stall the run.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's chromium, else None: Playwright's own download."""
    return os.environ.get("CHROMIUM") or (SYSTEM_CHROMIUM if os.path.exists(SYSTEM_CHROMIUM) else None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
    path = chromium_path()
    if path:
        args["executable_path"] = path
    return args


class WhiteNoiseServesStatic:
    """In place of the live server's own static handler, which looks files up by their source names
    and so cannot find the hashed names the manifest storage writes into pages. WhiteNoise then
    serves the collected files, as it does in production."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(address or "localhost", start=False)
    server.thread.static_handler = WhiteNoiseServesStatic
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """pytest-playwright's base URL: page.goto("/") opens the live server's start page."""
    return live_server.url


@pytest.fixture(scope="session")
def clinical_groups(django_db_setup, django_db_blocker) -> dict[str, list[tuple[str, str]]]:
    """The clinician groups and their permissions as the migrations made them, read once before any
    live-server test flushes the database."""
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        return {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }


class SQLiteCopy:
    """The in-memory SQLite test database as it stood once the knowledge was loaded, copied with
    SQLite's backup API and put back in milliseconds, where loading the knowledge again takes
    several seconds (every browser test needs it: see `shipped_knowledge`)."""

    def __init__(self) -> None:
        self.copy: sqlite3.Connection | None = None

    @staticmethod
    def usable(connection) -> bool:
        return connection.vendor == "sqlite" and connection.is_in_memory_db()

    def save(self, connection) -> None:
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self, connection) -> None:
        """Puts the copy back. The ids handed out since stay used, as after a flush: a row made
        later never takes the id of an earlier test's row (the app keeps results per process by id)."""
        from django.contrib.contenttypes.models import ContentType

        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            used = cursor.fetchall()
        self.copy.backup(connection.connection)
        with connection.cursor() as cursor:
            for name, seq in used:
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [seq, name])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) SELECT %s, %s"
                    " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                    [name, seq, name],
                )
        # The flush made the content types again with new ids; the copy has the earlier ones.
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def shipped_database() -> SQLiteCopy:
    return SQLiteCopy()


@pytest.fixture(autouse=True)
def shipped_knowledge(live_server: LiveServer, clinical_groups: dict, shipped_database: SQLiteCopy) -> None:
    """The shipped knowledge and the clinician groups, there for every browser test as on a
    deployment.

    Live-server tests are transactional: the database is flushed after each one, taking the
    session's knowledge and the groups a migration made with it (the flush makes the permissions
    again, not the groups). On SQLite (in memory, as pytest-django makes it) the first test loads
    them and the database is copied; each later test gets the copy back. Elsewhere each test
    loads them.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db import connection

    from triage.web.database import outage

    # A request the last test left running when it failed is cut off by the flush, and its database
    # error opens the live server's outage window (503 for a few seconds): not this test's business.
    outage.clear()
    if shipped_database.copy is not None:
        shipped_database.restore(connection)
        return
    call_command("load_knowledge", verbosity=0)
    for name, permissions in clinical_groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    if SQLiteCopy.usable(connection):
        shipped_database.save(connection)


@pytest.fixture
def outside_requests() -> list[str]:
    """Every request a page tried to make to anywhere but the live server (each one aborted)."""
    return []


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], live_server: LiveServer, outside_requests: list[str]
) -> Iterator[Callable[..., BrowserContext]]:
    """Every browser context in these tests may load only from the site; anything else is aborted,
    recorded, and fails the test, as does any request the site answers with an error and any error
    in the browser's console (a script error, or a Content Security Policy refusal)."""
    origin = urlsplit(live_server.url)

    def guard(route: Route) -> None:
        url = urlsplit(route.request.url)
        if (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    failed: list[str] = []
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A blocked outside request also logs an error; it is reported above as what it is.
        if message.type == "error" and message.location.get("url") not in outside_requests:
            errors.append(f"{message.text} ({message.location.get('url')})")

    def make(region: str | None = "gb", **kwargs) -> BrowserContext:
        """A browser context, by default for a person who has already chosen the United Kingdom on
        the region question (as most tests are about what comes after it); region=None for a first
        visit."""
        context = new_context(**kwargs)
        if region:
            context.add_cookies(
                [{"name": settings.REGION_COOKIE_NAME, "value": region, "url": live_server.url}]
            )
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", guard)
        context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        context.on("console", console)
        context.on("weberror", lambda e: errors.append(str(e.error)))
        return context

    yield make
    assert outside_requests == [], f"pages tried to load from outside the site: {outside_requests}"
    assert failed == [], f"requests that failed: {failed}"
    assert errors == [], f"errors in the browser console: {errors}"


@pytest.fixture
def screenshot() -> Callable:
    """screenshot(page, name): a full-page PNG in screenshots/ for people to review."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
