from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
# Fixtures that open the database (pytest-django's own test for "uses the database", and its helper).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "_django_db_helper"}


def pytest_addoption(parser):
    parser.addoption(
        "--browser-tests",
        choices=("all", "none", "only"),
        default="all",
        help="with the rest (all), left out (none), or alone (only); scripts/run-tests.sh runs them "
        "in a pytest of their own, in one process, after the rest of the SQLite pass in two",
    )


def pytest_itemcollected(item):
    """Everything in tests/browser/ is marked `browser` (-m browser selects it, -m "not browser"
    leaves it out)."""
    if BROWSER_TESTS in item.path.parents:
        item.add_marker(pytest.mark.browser)


def uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(
        getattr(item, "fixturenames", ())
    )


def runs_on_postgresql(item) -> bool:
    """Whether the PostgreSQL pass runs a test: only the tests that open the database, since a test
    that cannot reach it (pytest-django blocks it) runs the same on any engine; and of those, not
    the `browser` and `rendering` tests, which the SQLite pass runs once (see pyproject.toml)."""
    if item.get_closest_marker("browser") or item.get_closest_marker("rendering"):
        return False
    return uses_the_database(item)


def pytest_collection_modifyitems(config, items):
    """Two passes, one per database engine (scripts/run-tests.sh). On SQLite, everything but the
    tests marked `postgresql` (threads sharing one database, which in-memory SQLite cannot do): they
    are left out, reported as deselected, not skipped. On PostgreSQL, what `runs_on_postgresql`
    keeps: every test that works the database (queries, transactions, constraints, migrations,
    hostile input, the admin, idempotent saves, concurrency), but not the browser tests, the
    renderings of every scenario, nor the tests that never open the database (the engine and the
    checks on knowledge in memory, the code's layout, settings checked in subprocesses, the SQLite
    concurrency test on its own SQLite file)."""
    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if on_postgresql:
        wanted = [item for item in items if runs_on_postgresql(item)]
    else:
        wanted = [item for item in items if item.get_closest_marker("postgresql") is None]
    browser_tests = config.getoption("browser_tests")
    if browser_tests != "all":
        wanted = [
            item for item in wanted if bool(item.get_closest_marker("browser")) == (browser_tests == "only")
        ]
    if len(wanted) != len(items):
        kept = set(map(id, wanted))
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = wanted


def static_files_are_stale() -> bool:
    """True when the collected static files (and their manifest of hashed names) are missing or older
    than a file in static/: pages ask the manifest for every stylesheet and script."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = (
        path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*") if path.is_file()
    )
    return any(path.stat().st_mtime > built for path in sources)


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """A bare `pytest` on a fresh clone works: the static files are collected once if needed."""
    if static_files_are_stale():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real knowledge base and scenarios from fixtures/, loaded
    into the draft and published as release v1, as `manage.py load_knowledge` does on a new site."""
    with django_db_blocker.unblock():
        call_command("load_knowledge", verbosity=0)


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """A request in Chinese leaves Chinese active in the test's thread (Django's locale middleware
    activates a language and never deactivates it), and a knowledge text set through a model, as
    tests do, then goes to its Chinese column. Each test starts, and ends, in the site's language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def nothing_kept():
    """Each test starts with no kept page parts (triage/web/kept.py): one test's database is rolled
    back after it, and a knowledge revision or a result's address may come again in the next."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Password hashing is slow on purpose; no test is about hashing, so every test hashes fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """The suite posts thousands of times from one address in a minute; tests/test_rate_limits.py
    turns the limits back on where they are the subject."""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMIT_POSTS = settings.RATE_LIMIT_ASSESSMENTS = settings.RATE_LIMIT_PDFS = ""
    settings.ASSESSMENTS_PER_ADDRESS_PER_DAY = 0
    # PDF slots are lock files shared by every process of the machine: two test processes making
    # PDFs at once would get "busy" (tests/test_pdf_store.py gives them a folder of their own).
    settings.PDF_CONCURRENCY = 0


@pytest.fixture(autouse=True)
def people_have_chosen_the_united_kingdom(monkeypatch):
    """Every test client starts as a person who has already answered the region question with the
    United Kingdom, as most tests are about what comes after it. Tests of the question itself use
    `newcomer`, a client that has chosen nothing."""
    made = Client.__init__

    def with_the_region_chosen(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        self.cookies[settings.REGION_COOKIE_NAME] = "gb"

    monkeypatch.setattr(Client, "__init__", with_the_region_chosen)


@pytest.fixture
def newcomer() -> Client:
    """A browser on its first visit: no region chosen, no language chosen."""
    client = Client()
    client.cookies.pop(settings.REGION_COOKIE_NAME)
    return client


@pytest.fixture
def knowledge(db):
    from triage.knowledge.published import get_knowledge

    return get_knowledge()


@pytest.fixture(scope="session")
def printed_summaries():
    """printed_summaries(stem, language): a scenario's print view and the text of its PDF, made once
    per language for the whole run however many tests read them (each takes a fraction of a second,
    and there are two for every scenario). The first test to ask needs the database."""
    from tests.summaries import printed_summary

    return cache(printed_summary)


def staff_in_group(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the "Clinical editor" group: edits the draft and scenarios, cannot publish."""
    return staff_in_group(django_user_model, "editor", "Clinical editor")


@pytest.fixture
def lead(db, django_user_model):
    """A staff member in the "Clinical lead" group: can also publish and roll back."""
    return staff_in_group(django_user_model, "lead", "Clinical lead")


@pytest.fixture(autouse=True)
def rate_limit_clock_stands_still(monkeypatch):
    """django-ratelimit counts in fixed windows: a test whose requests crossed the end of one (a
    slow run, or the turn of a second at the wrong moment) would start a count again. Its clock
    stands still in every test, so a test that counts to a limit always reaches it."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
