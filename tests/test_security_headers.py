"""Every page carries the security headers; no page needs inline script or style; CSRF works for
plain posts and for HTMX requests; the cookies are HttpOnly and SameSite."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.helpers import CALM, HTMX, STEP_CODES, complete

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
