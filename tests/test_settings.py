"""Settings come from the environment, parsed strictly; the production profile passes the deploy check.

Each case runs Django in a fresh subprocess, because settings are read once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3Vq9-Zs1mWnXo7bT2cR8yLpHd4uEfGa6iJkQ0wNvB5xYzCtUe_rSgMhOlDjPaIqF",
    "ALLOWED_HOSTS": "triage.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://triage.example.org",
    "DATABASE_URL": "postgres://app:app@db.internal:5432/app",
}


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # A clean production-like environment: none of the test run's own settings, nor the async
    # escape hatch the browser tests set for their live server.
    dropped = {"DATABASE_URL", "DEBUG", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_as_seen(env: dict[str, str], *names: str) -> dict:
    code = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"  # noqa: E501
    result = run_django(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_production_profile_passes_the_deploy_check_with_no_warnings():
    result = run_django(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_production_profile_turns_on_secure_cookies_hsts_and_the_https_redirect():
    seen = settings_as_seen(
        PRODUCTION,
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "DATABASES",
    )
    assert seen["DEBUG"] is False
    assert seen["SESSION_COOKIE_SECURE"] and seen["CSRF_COOKIE_SECURE"]
    assert seen["SESSION_COOKIE_HTTPONLY"] and seen["CSRF_COOKIE_HTTPONLY"]
    assert seen["SECURE_SSL_REDIRECT"] is True
    assert seen["SECURE_HSTS_SECONDS"] >= 31536000
    assert seen["SECURE_PROXY_SSL_HEADER"] is None
    assert seen["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert seen["DATABASES"]["default"]["HOST"] == "db.internal"


def test_behind_a_proxy_the_forwarded_protocol_is_trusted_only_when_asked():
    seen = settings_as_seen({**PRODUCTION, "TRUST_X_FORWARDED_PROTO": "true"}, "SECURE_PROXY_SSL_HEADER")
    assert seen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_database_url_the_database_is_sqlite():
    seen = settings_as_seen({"SQLITE_PATH": "/tmp/elsewhere.sqlite3"}, "DATABASES")
    assert seen["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert seen["DATABASES"]["default"]["NAME"] == "/tmp/elsewhere.sqlite3"


def test_in_production_plain_http_is_redirected_and_https_answers_carry_hsts():
    code = (
        "import json; from django.test import Client; c = Client(HTTP_HOST='triage.example.org'); "
        "plain = c.get('/step/start/'); secure = c.get('/health/live/', secure=True); "
        "proxied = c.get('/health/live/', HTTP_X_FORWARDED_PROTO='https'); "
        "check = c.get('/health/live/'); "
        "print(json.dumps({'plain': [plain.status_code, plain.get('Location')], "
        "'hsts': secure.get('Strict-Transport-Security'), 'proxied': proxied.status_code, "
        "'plain_health_check': check.status_code}))"
    )
    behind_proxy = {**PRODUCTION, "TRUST_X_FORWARDED_PROTO": "true"}
    result = run_django(behind_proxy, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://triage.example.org/step/start/"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["proxied"] == 200
    assert seen["plain_health_check"] == 200


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'"),
        ({"DJANGO_ENV": "prod"}, "DJANGO_ENV must be one of development, production, not 'prod'"),
        ({"ASSESSMENT_RETENTION_DAYS": "ninety"}, "ASSESSMENT_RETENTION_DAYS must be a whole number"),
        ({"ASSESSMENT_RETENTION_DAYS": "0"}, "ASSESSMENT_RETENTION_DAYS must be at least 1"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ({"FHIR_URI_BASE": "twitch-triage"}, "FHIR_URI_BASE must be a URN (urn:name) or an https address"),
        ({"FHIR_URI_BASE": "https://fhir.hospital.nhs.uk/"}, "FHIR_URI_BASE must be a URN"),
        ({"DATABASE_URL": "mongodb://db/app"}, "DATABASE_URL is not a database address"),
        ({"CSRF_TRUSTED_ORIGINS": "triage.example.org"}, "must start with https:// or http://"),
        ({**PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY must be set in production"),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name the site's host names"),
        ({**PRODUCTION, "DEBUG": "true"}, "DEBUG must be off when DJANGO_ENV is production"),
    ],
)
def test_a_bad_setting_stops_the_app_with_a_clear_message(env, message):
    result = run_django(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
