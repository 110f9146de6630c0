"""Every page carries the security headers; no page needs inline script or style; CSRF works for
plain posts and for HTMX requests; the cookies are HttpOnly and SameSite."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import parse_http_date

from tests.helpers import CALM, HTMX, STEP_CODES, complete
from triage.questionnaire.pages import never_cached
from triage.web.csrf import random_chars

pytestmark = pytest.mark.django_db

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# A <script> without src, a <style> element, a style= attribute, an on*= handler or a javascript: URL.
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+\s*=|javascript:", re.I)


def assert_secure_headers(response, what: str) -> None:
    assert response["Content-Security-Policy"] == EXPECTED_CSP, what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "same-origin", what
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", what
    assert response["X-Frame-Options"] == "DENY", what


def every_page(client: Client, admin_client: Client) -> list[tuple[str, object]]:
    pages = [("start", client.get("/"))]
    for code in STEP_CODES:
        pages.append((f"step {code}", client.get(f"/step/{code}/")))
        pages.append((f"step {code} (htmx)", client.get(f"/step/{code}/", **HTMX)))
        pages.append((f"live check {code}", client.post(f"/step/{code}/check/", CALM[code], **HTMX)))
        pages.append((f"post {code}", client.post(f"/step/{code}/", CALM[code])))
    pages.append(("check", client.get("/check/")))
    results = complete(client)
    pages += [
        ("results", client.get(results)),
        ("results (htmx)", client.get(results, **HTMX)),
        ("print", client.get(f"{results}print/")),
        ("restart", client.post("/restart/")),
        ("health", client.get("/health/")),
        ("liveness", client.get("/health/live/")),
        ("not found", client.get("/no-such-page/")),
        ("wrong method", client.get("/restart/")),
        ("admin login", Client().get("/admin/login/")),
        ("admin index", admin_client.get("/admin/")),
        ("admin list", admin_client.get("/admin/triage/condition/")),
        ("admin change", admin_client.get("/admin/triage/redflag/1/change/")),
        ("admin add", admin_client.get("/admin/triage/finding/add/")),
    ]
    return pages


def test_every_page_sends_the_security_headers(client, admin_client):
    for what, response in every_page(client, admin_client):
        assert response.status_code < 500, what
        assert_secure_headers(response, what)


def test_no_page_has_inline_script_or_style(client, admin_client):
    checked = 0
    for what, response in every_page(client, admin_client):
        if response.get("Content-Type", "").startswith("text/html") and response.content:
            assert INLINE.findall(response.content.decode()) == [], what
            checked += 1
    assert checked >= 30


def test_htmx_is_configured_for_the_policy(client):
    page = client.get("/").content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', page).group(1)
    assert '"includeIndicatorStyles": false' in config
    assert '"allowEval": false' in config
    assert '"allowScriptTags": false' in config


def test_the_cookies_are_http_only_and_same_site(client):
    client.post("/step/start/", CALM["start"])
    response = Client().get("/step/start/")
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    session = client.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_csrf_protects_plain_posts_and_htmx_requests_alike():
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/step/start/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)

    assert browser.post("/step/start/", CALM["start"]).status_code == 403
    assert browser.post("/step/start/", CALM["start"], **HTMX).status_code == 403
    assert browser.post("/step/start/check/", CALM["start"], **HTMX).status_code == 403
    assert "questionnaire" not in browser.session

    plain = browser.post("/step/start/", {**CALM["start"], "csrfmiddlewaretoken": token})
    assert plain.status_code == 302
    htmx = browser.post("/step/about/check/", CALM["about"], HTTP_X_CSRFTOKEN=header_token, **HTMX)
    assert htmx.status_code == 200
    posted = browser.post("/step/about/", CALM["about"], HTTP_X_CSRFTOKEN=header_token, **HTMX)
    assert posted.status_code == 302
    assert set(browser.session["questionnaire"]["done"]) == {"start", "about"}


def test_a_page_for_a_returning_browser_carries_its_secret_masked_afresh_and_accepted():
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["region"] = "gb"
    browser.get("/step/start/")
    secret = browser.cookies["csrftoken"].value
    pages = [browser.get("/step/start/") for _ in range(3)]
    field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    found = [field.search(page.content.decode()).group(1) for page in pages]
    # Each page masks the same secret afresh (triage/web/csrf.py), as Django's get_token does.
    assert len(set(found)) == 3
    assert all(len(t) == 64 and t.isalnum() and _unmask_cipher_token(t) == secret for t in found)
    # The cookie is sent again to renew it, as Django does.
    assert pages[-1].cookies["csrftoken"].value == secret
    posted = browser.post("/step/start/", {**CALM["start"], "csrfmiddlewaretoken": found[-1]})
    assert posted.status_code == 302


def test_the_csrf_mask_draws_every_character_evenly():
    drawn = "".join(random_chars(32) for _ in range(400))
    assert len(drawn) == 12_800 and set(drawn) <= set(CSRF_ALLOWED_CHARS)
    counts = Counter(drawn)
    assert len(counts) == 62 and min(counts.values()) > 120 and max(counts.values()) < 300
    # About 1,652 for the first eight together (8 × 12,800 / 62, give or take 41); a byte taken
    # modulo 62 without redrawing would make them a quarter likelier (about 2,000).
    assert sum(counts[c] for c in CSRF_ALLOWED_CHARS[:8]) < 1_850


def test_a_page_is_never_cached_with_the_headers_djangos_helpers_give(client):
    answer = client.get("/step/start/")
    made = HttpResponse()
    patch_vary_headers(made, ["HX-Request"])
    add_never_cache_headers(made)
    assert answer["Vary"] == "HX-Request, Cookie, Accept-Language"
    assert answer["Cache-Control"] == made["Cache-Control"]
    assert (
        parse_http_date(answer["Expires"])
        <= parse_http_date(made["Expires"])
        <= parse_http_date(answer["Expires"]) + 2
    )
    # A response that already says something about caching is merged by Django's helpers.
    response = HttpResponse()
    response["Cache-Control"] = "no-transform"
    response["Vary"] = "Origin"
    never_cached(response)
    assert response["Vary"] == "Origin, HX-Request"
    assert response["Cache-Control"].startswith("no-transform, max-age=0, no-cache")
