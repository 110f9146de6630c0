"""Settings for the twitching questionnaire: one file, read from the environment.

Local defaults are safe for a laptop (SQLite, DEBUG off unless asked for). Anything that differs in
production comes from environment variables parsed strictly.
"""

from __future__ import annotations

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from triage.regions import REGIONS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value


# `DJANGO_ENV=production` turns on everything a public HTTPS deployment needs (docs/deployment.md)
# and refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
PRODUCTION = env_choice("DJANGO_ENV", "development", ("development", "production")) == "production"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV is production")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or (not DEBUG and env_bool("REQUIRE_SECRET_KEY", False)):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A fixed key is fine on a laptop; production sets SECRET_KEY (see docs/settings.md).
    SECRET_KEY = "local-development-key-not-for-production-use-0123456789"
elif PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters in production; make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with https:// or http://, not {origin!r}"
        )

INSTALLED_APPS = [
    # Before the admin: clinicians edit each knowledge text in every language (issue 12).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",  # audit of every knowledge change (issue 3)
    "axes",  # locks out repeated failed admin logins (issue 3)
    "auditlog",  # who opened or exported which saved assessment (issue 22)
    "triage",
]

MIDDLEWARE = [
    "triage.web.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Outside the body limit and the database checks, so their 400, 429 and 503 pages carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The page language (Django's LocaleMiddleware, triage/web/language.py) is chosen before any
    # middleware that may answer on its own, so its 400, 429 and 503 pages are in that language too.
    # It reads only the language cookie and Accept-Language: no session, no database.
    "triage.web.language.PageLanguageMiddleware",
    # Before anything that keys on the client's address (rate limits, django-axes).
    "triage.web.client_ip.ClientAddressMiddleware",
    "triage.web.middleware.RequestBodyLimitMiddleware",
    # Before anything puts request text in a query: sessions, messages, axes and every view.
    "triage.web.middleware.RequestTextMiddleware",
    # Before sessions and messages: both live in the database.
    "triage.web.database.DatabaseOutageMiddleware",
    "triage.web.ratelimit.AnonymousWriteLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must stay last (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "triage.urls"
WSGI_APPLICATION = "triage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "triage.questionnaire.preview.preview_context",
                "triage.web.context_processors.region_context",
                "triage.admin.context.governance",
            ],
            # The questionnaire's tags live with the questionnaire, not in a templatetags folder.
            "libraries": {
                "triage_tags": "triage.questionnaire.templatetags",
                "clinical_admin": "triage.admin.templatetags",
            },
        },
    },
]


# Seconds a public page may take before it gives up with a 503 (0: no limit; the admin has none). A
# page takes milliseconds, so a page this slow is stuck: the worker is freed at once instead of
# after gunicorn's timeout (triage/web/database.py). Only a page cut off while it waited on the
# database starts an outage window; one slowed by a busy CPU is a 503 for that page alone.
REQUEST_TIMEOUT = env_int("REQUEST_TIMEOUT", 5)
# The summary PDF's own budget: making one takes a fraction of a second alone, several seconds on
# a machine busy with others.
PDF_REQUEST_TIMEOUT = env_int("PDF_REQUEST_TIMEOUT", 20)
# After a database failure, each process answers 503 at once for this long, without waiting again.
DATABASE_OUTAGE_SECONDS = env_int("DATABASE_OUTAGE_SECONDS", 3)


def sqlite_options() -> dict:
    return {
        # Writers take the lock when their transaction begins and queue behind each other (busy
        # timeout) instead of failing with "database is locked" when a read upgrades to a write;
        # WAL lets readers go on while one writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def database_from_env() -> dj_database_url.DBConfig:
    """DATABASE_URL (e.g. postgres://user:password@host:5432/name); SQLite at SQLITE_PATH without it."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": sqlite_options(),
        }
    try:
        config = dj_database_url.parse(
            url,
            # Reuse connections across requests; checked before reuse so a restarted database is fine.
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL is not a database address Django can use")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**sqlite_options(), **config.get("OPTIONS", {})}
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1))
        # The server gives up on a slow statement (0: never); a server that hangs never gets to,
        # which is what REQUEST_TIMEOUT is for.
        statement_ms = env_int("DATABASE_STATEMENT_TIMEOUT", 4, minimum=0) * 1000
        options.setdefault("options", f"-c statement_timeout={statement_ms}")
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Each language is named in itself, as the switcher shows it (docs/languages.md).
LANGUAGES = [("en-gb", "English"), ("zh-hant", "繁體中文")]
# Knowledge texts missing in a language are shown in English (django-modeltranslation).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
LOCALE_PATHS = [BASE_DIR / "triage" / "locale"]
# The language a person picks is kept for a year; the cookie says only the language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The knowledge base and the clinical scenarios, in the order `manage.py load_knowledge` loads them:
# fixtures/<name>.json, except "scenarios", the folder fixtures/scenarios/ of one file per scenario.
KNOWLEDGE_FIXTURES = [
    "sources",
    "questionnaire",
    "conditions",
    "red_flags",
    "medicines",
    "accepted_warnings",
    "scenarios",
    "hazards",
]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "triage.web.storage.StaticFilesStorage"
        )
    },
}

# Answers live in the server-side session until the results are made; the cookie carries only
# the session key. Sessions expire after a few hours of inactivity.
# Django's database backend, read with one plain query (triage/web/sessions.py).
SESSION_ENGINE = "triage.web.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 4 * 60 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The token travels in the form or in the hx-headers attribute of <body>; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True

# The deployment's region (none unless set). Nobody gets a region they did not choose: the first
# page asks, with the region the browser's languages suggest ticked, else this one. Clinicians read
# its words (else the United Kingdom's: triage.regions.deployment_region). The person's choice is
# kept in a cookie for a year.
TRIAGE_REGION = env_choice("TRIAGE_REGION", "", ("", *REGIONS))
REGION_COOKIE_NAME = "region"
REGION_COOKIE_AGE = 365 * 24 * 60 * 60

# No inline script or style anywhere, including htmx (see the htmx-config meta in base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# A step posts a few short codes: anything bigger is refused with a 400 before a form sees it.
PUBLIC_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 64 * 1024, minimum=1024)
# A question's admin page posts every answer option's words in every language: the symptoms question
# in English and Chinese is over 64 KB once its Chinese is percent-encoded (nine bytes a
# character). Django's own limit is the admin's; the request body middleware holds the public pages
# to the one above.
ADMIN_MAX_MEMORY_SIZE = env_int("ADMIN_MAX_MEMORY_SIZE", 1024 * 1024, minimum=64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(ADMIN_MAX_MEMORY_SIZE, PUBLIC_MAX_MEMORY_SIZE)
PUBLIC_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 400, minimum=10)
# A question's admin page posts every answer option with each of its links to conditions (the
# symptoms question: about 2,000 fields). Django's own limit is the admin's; the request body
# middleware holds the public pages to the one above.
ADMIN_MAX_NUMBER_FIELDS = env_int("ADMIN_MAX_NUMBER_FIELDS", 10_000, minimum=1000)
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(ADMIN_MAX_NUMBER_FIELDS, PUBLIC_MAX_NUMBER_FIELDS)
# The admin's whole request body, scenario files included (the public pages never upload files).
ADMIN_UPLOAD_MAX_SIZE = env_int("ADMIN_UPLOAD_MAX_SIZE", 5 * 1024 * 1024, minimum=64 * 1024)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # Off only for a plain-HTTP run on the loopback, such as scripts/benchmark.sh.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers may check health over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Addresses or networks of the reverse proxies in front (e.g. "10.0.0.5" or "10.0.0.0/24"): only
# requests from these have their X-Forwarded-For believed (triage/web/client_ip.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES must list networks, not {proxy!r}") from None

# Anonymous writes per client address (django-ratelimit); empty turns a limit off.
RATE_LIMIT_POSTS = os.environ.get("RATE_LIMIT_POSTS", "300/m").strip()
RATE_LIMIT_ASSESSMENTS = os.environ.get("RATE_LIMIT_ASSESSMENTS", "20/m").strip()
# Server-made PDFs of the summary per client address.
RATE_LIMIT_PDFS = os.environ.get("RATE_LIMIT_PDFS", "30/m").strip()
# Results one address may store in a day (0: no cap), counted in the database so that every worker
# and machine shares the count. A household or a clinic behind one address stays far below it; one
# address could otherwise store about 57,600 a day (RATE_LIMIT_ASSESSMENTS).
ASSESSMENTS_PER_ADDRESS_PER_DAY = env_int("ASSESSMENTS_PER_ADDRESS_PER_DAY", 200, minimum=0)
# Summary PDFs made at once on one machine (0: no limit); the next wait up to PDF_SLOT_WAIT seconds
# for a free slot, then get the "busy" page (triage/questionnaire/pdf_store.py). Each slot is a lock
# file in PDF_SLOT_DIR (default: a folder in the system's temporary folder). No wait by default: a
# sync worker that waits serves nobody meanwhile, so under a flood of PDFs every worker would wait
# and the other pages with them; answered "busy" at once, the worker is free for the next page.
PDF_CONCURRENCY = env_int("PDF_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2), minimum=0)
PDF_SLOT_WAIT = env_int("PDF_SLOT_WAIT", 0, minimum=0)
PDF_SLOT_DIR = os.environ.get("PDF_SLOT_DIR", "")
# Counters live in each process's memory: no extra service and no query on the hot path. With N
# processes a client gets up to N times the rate, which still stops a flood; a shared cache
# (memcached, Redis) would make it exact. django_ratelimit is used as a library, not an installed
# app, because its system check refuses a per-process cache, the choice made here on purpose.
# "pages": parts of public pages rendered once and kept (triage/web/kept.py), apart from the rate
# limits' counters so as never to push them out; per process too, so a deploy starts with none.
LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"
CACHES = {
    "default": {"BACKEND": LOCAL_MEMORY},
    "pages": {"BACKEND": LOCAL_MEMORY, "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 1000}},
}
RATELIMIT_VIEW = "triage.web.errors.rate_limited"

# Clinicians' admin sign-in (issue 3). Axes counts failures first, then Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed sign-ins for the same user name from the same address, that pair is locked out for
# 30 minutes; a successful sign-in clears the count. Pairing the two means one attacker cannot lock
# a clinician out from everywhere, nor lock out a whole hospital behind one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address axes counts failures against is pinned to the project's own (triage/web/client_ip.py:
# X-Forwarded-For believed only from TRUSTED_PROXIES), never a source axes would pick by itself
# (django-ipware when installed, with its own idea of which proxies to trust).
AXES_CLIENT_IP_CALLABLE = "triage.web.client_ip.axes_client_ip"
# A sign-in with a missing or unsafe `next` lands in the admin, not on Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
CRISPY_FAIL_SILENTLY = True  # crispy's default, set: unset, each field it places failed to look it up

# A save's reason may be longer than simple-history's 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Whoever changed the draft may publish it alone only where no other clinical lead exists, and then
# only when this is on (a one-clinician deployment; the admin says so on every page).
SINGLE_CLINICIAN = env_bool("SINGLE_CLINICIAN", False)

# Saved anonymous assessments are deleted after this many days by `purge_assessments`.
ASSESSMENT_RETENTION_DAYS = env_int("ASSESSMENT_RETENTION_DAYS", 90, minimum=1)

# The FHIR export (triage/interop/) names its code systems, the questionnaire's canonical URL and
# assessments' identifiers under this URI: "urn:twitch-triage" gives "urn:twitch-triage:finding"; an
# https address the organisation controls gives ".../finding". Keep it stable once records are shared.
FHIR_URI_BASE = os.environ.get("FHIR_URI_BASE", "").strip() or "urn:twitch-triage"
if not re.fullmatch(r"(urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}(:[^\s:/]+)*|https://[^\s]+[^\s/])", FHIR_URI_BASE):
    raise ImproperlyConfigured(
        f"FHIR_URI_BASE must be a URN (urn:name) or an https address without a slash at the end, "
        f"not {FHIR_URI_BASE!r}"
    )

# One JSON object per line on stderr. Requests are logged by triage.web.observability without answers,
# query strings or assessment ids; django.request is silenced because its lines carry full paths.
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "triage.web.observability.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # axes announces itself at INFO on every start and every management command.
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO, and every font it lacks at WARNING.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
