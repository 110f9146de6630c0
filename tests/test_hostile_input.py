"""The hostile-input battery: every URL, every kind of tampering. Each gets a 4xx or a clear page,
never a server error, and a refused request stores nothing (session answers and assessments)."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import CALM, HTMX, STEP_CODES, answer_steps, complete
from triage.models import Assessment

pytestmark = pytest.mark.django_db

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}",
    "'; DROP TABLE triage_assessment; --",
]


def stored(client: Client) -> tuple:
    """Everything a request could have stored: the session's answers and the saved assessments."""
    session = client.session
    return (
        copy.deepcopy(session.get("questionnaire")),
        session.get("last_assessment"),
        sorted((str(a.pk), repr(a.answers)) for a in Assessment.objects.all()),
    )


def step_questions(knowledge, code: str):
    return knowledge.step(code).questions


@pytest.mark.parametrize("code", STEP_CODES)
def test_an_unknown_choice_for_any_question_is_refused_and_nothing_is_stored(client, code):
    answer_steps(client, CALM, upto=code)
    for question in CALM[code]:
        before = stored(client)
        for tampered in ["made-up-answer", "", " ", "loc-eyelid\x00", "A" * 300]:
            response = client.post(f"/step/{code}/", {**CALM[code], question: [tampered]})
            assert response.status_code == 200, (question, tampered)
            assert "Choose" in response.content.decode() or "Select" in response.content.decode()
            assert stored(client) == before, (question, tampered)


@pytest.mark.parametrize("code", STEP_CODES)
def test_a_choice_that_belongs_to_another_question_is_refused(client, knowledge, code):
    answer_steps(client, CALM, upto=code)
    foreign = [o.code for s in knowledge.steps if s.code != code for q in s.questions for o in q.options]
    before = stored(client)
    for question in CALM[code]:
        response = client.post(f"/step/{code}/", {**CALM[code], question: foreign[:3]})
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert stored(client) == before


@pytest.mark.parametrize("code", STEP_CODES)
def test_a_missing_required_answer_is_asked_for_and_nothing_is_stored(client, knowledge, code):
    answer_steps(client, CALM, upto=code)
    before = stored(client)
    required = [q.code for q in step_questions(knowledge, code) if q.required and q.code in CALM[code]]
    # Follow-ups the person has already been shown (a follow-up just revealed is asked for, not an error).
    shown = [q.code for q in step_questions(knowledge, code) if q.show_when and q.code in CALM[code]]
    assert required
    for question in required:
        data = {**{k: v for k, v in CALM[code].items() if k != question}, "_shown": shown}
        for extra in [{}, HTMX]:
            response = client.post(f"/step/{code}/", data, **extra)
            assert response.status_code == 200
            assert "error-summary" in response.content.decode()
            assert stored(client) == before
    assert client.post(f"/step/{code}/", {}).status_code == 200
    assert stored(client) == before


@pytest.mark.parametrize("code", STEP_CODES)
def test_a_single_answer_sent_twice_is_refused_and_a_repeated_tick_counts_once(client, knowledge, code):
    answer_steps(client, CALM, upto=code)
    before = stored(client)
    for question in step_questions(knowledge, code):
        if question.code not in CALM[code]:
            continue
        given = CALM[code][question.code]
        if question.kind == "single":
            other = next(o.code for o in question.options if o.code != given)
            response = client.post(f"/step/{code}/", {**CALM[code], question.code: [given, other]})
            assert response.status_code == 200
            assert "Choose one of the answers listed." in response.content.decode()
            assert stored(client) == before
    doubled = {k: (v * 2 if isinstance(v, list) else v) for k, v in CALM[code].items()}
    assert client.post(f"/step/{code}/", doubled).status_code == 302
    saved = client.session["questionnaire"]["answers"]
    for question, given in CALM[code].items():
        assert saved[question] == (given if isinstance(given, list) else [given])


@pytest.mark.parametrize("code", STEP_CODES)
def test_script_and_markup_in_every_field_is_escaped_and_never_stored(client, code):
    answer_steps(client, CALM, upto=code)
    before = stored(client)
    for payload in MARKUP:
        for question in CALM[code]:
            tampered = {question: [payload], "_shown": [payload], "change": payload, payload: payload}
            data = {**CALM[code], **tampered}
            for extra in [{}, HTMX]:
                response = client.post(f"/step/{code}/", data, **extra)
                assert response.status_code == 200
                page = response.content.decode()
                assert "<script>alert" not in page and "<img src=x" not in page
                assert stored(client) == before
            live = client.post(f"/step/{code}/check/", data, **HTMX)
            assert live.status_code == 200
            assert "<script>alert" not in live.content.decode()
            assert "<img src=x" not in live.content.decode()
        assert stored(client) == before
    in_query = client.get(f"/step/{code}/", {"change": MARKUP[0]})
    assert in_query.status_code == 200
    assert "<script>alert" not in in_query.content.decode()


POST_URLS = [f"/step/{code}/" for code in STEP_CODES] + [
    *(f"/step/{code}/check/" for code in STEP_CODES),
    "/check/",
    "/restart/",
]


@pytest.mark.parametrize("url", POST_URLS)
def test_an_oversized_body_or_too_many_fields_is_a_bad_request_and_nothing_is_stored(client, url):
    answer_steps(client, CALM)
    before = stored(client)
    too_big = client.post(url, {"emergency-signs": "x" * 70_000})
    assert too_big.status_code == 400
    assert "Sorry, we could not read that request" in too_big.content.decode()
    raw = client.post(url, b"a" * 70_000, content_type="application/octet-stream", **HTMX)
    assert raw.status_code == 400
    too_many = client.post(url, {f"field{i}": "1" for i in range(500)}, **HTMX)
    assert too_many.status_code == 400
    assert stored(client) == before


def test_a_body_with_a_false_length_is_a_bad_request(client):
    response = client.post("/check/", b"", content_type="text/plain", CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert Assessment.objects.count() == 0


WRONG_METHODS = [
    ("/", ["post", "put", "patch", "delete"]),
    *((f"/step/{code}/", ["put", "patch", "delete"]) for code in STEP_CODES),
    *((f"/step/{code}/check/", ["get", "put", "delete"]) for code in STEP_CODES),
    ("/check/", ["put", "patch", "delete"]),
    ("/restart/", ["get", "put", "delete"]),
    ("/health/", ["post", "put", "delete"]),
    ("/health/live/", ["post", "delete"]),
]


@pytest.mark.parametrize(("url", "methods"), WRONG_METHODS)
def test_a_wrong_method_is_refused_with_405_and_nothing_is_stored(client, url, methods):
    answer_steps(client, CALM)
    before = stored(client)
    for method in methods:
        response = getattr(client, method)(url)
        assert response.status_code == 405, method
        assert stored(client) == before


def test_the_results_pages_refuse_every_method_but_get(client):
    url = complete(client)
    before = stored(client)
    for page in [url, f"{url}print/"]:
        for method in ["post", "put", "patch", "delete"]:
            assert getattr(client, method)(page).status_code == 405
    assert stored(client) == before


@pytest.mark.parametrize(
    "pk",
    [
        "not-a-uuid",
        pytest.param(str(uuid.uuid4()), id="random-uuid"),
        str(uuid.UUID(int=0)),
        "0" * 32,
        "1",
        "-1",
        "%00",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "x" * 5000,
        "ééé",
        "<script>alert(1)<%2fscript>",
        "1%20OR%201=1",
    ],
)
def test_a_malformed_or_unknown_assessment_id_is_not_found(client, pk):
    complete(client)
    for url in [f"/results/{pk}/", f"/results/{pk}/print/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("code", STEP_CODES[1:])
def test_a_step_posted_before_the_earlier_ones_is_not_stored(client, code):
    fresh = client.post(f"/step/{code}/", CALM[code])
    assert fresh.status_code == 302
    assert "questionnaire" not in client.session
    answer_steps(client, CALM, upto="about")
    if code != "about":
        before = stored(client)
        skipped = client.post(f"/step/{code}/", CALM[code], **HTMX)
        assert skipped.status_code == 302
        assert skipped["Location"] == "/step/about/"
        assert stored(client) == before


@pytest.mark.parametrize("code", STEP_CODES)
def test_a_step_posted_after_the_results_were_made_does_not_change_them(client, code):
    url = complete(client)
    assessment = Assessment.objects.get()
    response = client.post(f"/step/{code}/", {**CALM[code], "age": "age-65-plus"})
    assert response.status_code == 302
    if code != "start":
        # Only the first step starts a new questionnaire; any other goes to the saved results.
        assert response["Location"] == url
        assert "questionnaire" not in client.session
    assert client.post("/check/")["Location"] in {url, "/step/about/"}
    assert Assessment.objects.count() == 1
    assert Assessment.objects.get().answers == assessment.answers
    assert Assessment.objects.get().result == assessment.result


def test_posting_the_same_step_twice_gives_the_same_answers(client):
    answer_steps(client, CALM, upto="pattern")
    first = client.post("/step/pattern/", CALM["pattern"])
    after_first = stored(client)
    second = client.post("/step/pattern/", CALM["pattern"], **HTMX)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/step/medicines/"
    assert stored(client) == after_first


def test_replaying_the_check_page_saves_one_assessment(client):
    url = complete(client)
    for extra in [{}, HTMX, {}]:
        again = client.post("/check/", **extra)
        assert again.status_code == 302
        assert again["Location"] == url
    assert Assessment.objects.count() == 1


def test_a_replayed_step_after_restarting_stores_nothing(client):
    answer_steps(client, CALM, upto="onset")
    client.post("/restart/")
    before = stored(client)
    replay = client.post("/step/about/", CALM["about"])
    assert replay.status_code == 302
    assert stored(client) == before
    assert client.post("/check/").status_code == 302
    assert Assessment.objects.count() == 0


def test_results_cannot_be_listed_or_enumerated(client):
    urls = {complete(Client()) for _ in range(3)}
    ids = [uuid.UUID(url.split("/")[2]) for url in urls]
    assert all(pk.version == 4 for pk in ids)
    for listing in ["/results/", "/results/print/", "/results/?page=1", "/results/*/", "/results/all/"]:
        assert client.get(listing).status_code == 404, listing
    for pk in ids:
        neighbour = uuid.UUID(int=pk.int ^ 1)
        assert client.get(f"/results/{neighbour}/").status_code == 404
    admin_list = client.get("/admin/triage/assessment/")
    assert admin_list.status_code == 302
    assert admin_list["Location"].startswith("/admin/login/")


# PostgreSQL refuses a NUL in any text a query carries (a DataError, which was a 500 on every page):
# these run in both passes, and on SQLite they hold the same answers.
MALFORMED_SESSION_COOKIES = [
    '"\\000abcdefgh"',  # a quoted cookie's octal escape: the key read is "\x00abcdefgh"
    '"abcdefgh\\000ijklmnopqrstuvwxyz0123456"',
    "x" * 5000,
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
    '"\\303\\251\\303\\251\\303\\251\\303\\251"',
    "nosuchkey' OR '1'='1",
]
RESULTS_NOT_FOUND = f"/results/{uuid.UUID(int=7)}/"


def with_region(cookie_header: str) -> str:
    """A Cookie header given whole replaces the client's cookies: keep the region the person chose
    (the `client` fixture's), so that only the session cookie is malformed."""
    return f"{cookie_header}; {settings.REGION_COOKIE_NAME}=gb"


PAGES_FOR_ANYONE = [
    ("/", 200),
    *((f"/step/{code}/", 200 if code == "start" else 302) for code in STEP_CODES),
    ("/check/", 302),
    ("/region/", 200),
    (RESULTS_NOT_FOUND, 404),
    (f"{RESULTS_NOT_FOUND}print/", 404),
    ("/admin/", 302),
    ("/admin/login/", 200),
]


@pytest.mark.parametrize("cookie", MALFORMED_SESSION_COOKIES)
@pytest.mark.parametrize(("url", "status"), PAGES_FOR_ANYONE)
def test_a_malformed_session_cookie_is_an_empty_session_on_every_page(client, cookie, url, status):
    response = client.get(url, HTTP_COOKIE=with_region(f"sessionid={cookie}"))
    assert response.status_code == status


@pytest.mark.parametrize("cookie", MALFORMED_SESSION_COOKIES)
def test_a_malformed_session_cookie_starts_a_new_session_on_the_first_answer(client, cookie):
    response = client.post("/step/start/", CALM["start"], HTTP_COOKIE=with_region(f"sessionid={cookie}"))
    assert response.status_code == 302
    assert response["Location"] == "/step/about/"
    new_key = response.cookies["sessionid"].value
    assert len(new_key) == 32 and new_key.isalnum()
    # The new session carries on as any other.
    answer_steps(client, {code: CALM[code] for code in STEP_CODES[1:]})
    assert client.post("/check/").status_code == 302
    assert Assessment.objects.count() == 1


def test_a_malformed_session_cookie_on_an_emergency_answer_saves_its_result(client):
    response = client.post(
        "/step/start/",
        {"emergency-signs": ["em-breathing"]},
        HTTP_COOKIE=with_region('sessionid="\\000abcdefgh"'),
    )
    assert response.status_code == 302
    assert response["Location"] == Assessment.objects.get().get_absolute_url()


NUL = "\x00"
LONG = " ".join(["a"] * 1000)
PUBLIC_QUERIES = [
    ("/", {"change": NUL}),
    ("/step/start/", {"change": NUL}),
    ("/step/start/", {NUL: "1"}),
    ("/region/", {"next": NUL}),
    ("/region/", {"next": LONG}),
    (RESULTS_NOT_FOUND, {"in": NUL}),
]
ADMIN_QUERIES = [
    ("/admin/triage/assessment/", {"urgency": NUL}),
    ("/admin/triage/assessment/", {"urgency__exact": NUL}),
    ("/admin/triage/assessment/", {"q": NUL}),
    ("/admin/triage/source/", {"publisher": NUL}),
    ("/admin/triage/question/", {"kind__exact": NUL}),
    ("/admin/triage/condition/", {"tier": NUL}),
    ("/admin/triage/redflag/", {"urgency__exact": NUL}),
    ("/admin/triage/acceptedwarning/", {"warning": NUL}),
    ("/admin/axes/accesslog/", {"path_info": NUL}),
    ("/admin/triage/source/", {"_changelist_filters": f"publisher={NUL}"}),
    (
        "/admin/autocomplete/",
        {"term": NUL, "app_label": "triage", "model_name": "conditionfinding", "field_name": "condition"},
    ),
    # Each word of a search is a condition of its own: a thousand are more than SQLite's
    # expression depth (an OperationalError, taken for an outage: 503 for everyone for a while).
    ("/admin/triage/source/", {"q": LONG}),
    ("/admin/auth/user/", {"q": LONG}),
]


@pytest.mark.parametrize(("url", "query"), PUBLIC_QUERIES)
def test_a_nul_or_over_long_query_string_is_a_bad_request(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    assert "Sorry, we could not read that request" in response.content.decode()


@pytest.mark.parametrize(("url", "query"), ADMIN_QUERIES)
def test_a_nul_or_over_long_admin_filter_or_search_is_a_bad_request(admin_client, url, query):
    assert admin_client.get(url, query).status_code == 400
    # The same page with a sensible value still works.
    sensible = {key: "a" if value in (NUL, LONG) else value.replace(NUL, "") for key, value in query.items()}
    assert admin_client.get(url, sensible).status_code in {200, 302}


@pytest.mark.parametrize("selected", [NUL, "abc", "x" * 3000, "9" * 40, "-1.5"])
def test_an_admin_action_on_something_that_is_not_an_id_is_a_bad_request(admin_client, selected):
    from triage.models import Source

    before = Source.objects.count()
    for url in ["/admin/triage/source/", "/admin/auth/user/"]:
        data = {"action": "delete_selected", "_selected_action": [selected], "index": "0"}
        assert admin_client.post(url, data).status_code == 400
        # Django's confirmation step posts the same ids.
        data = {"action": "delete_selected", "_selected_action": [selected], "post": "yes"}
        assert admin_client.post(url, data).status_code == 400
    assert Source.objects.count() == before


def test_a_nul_in_an_admin_text_box_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/triage/source/add/", {"code": "nul-test", "title": f"A{NUL}B", "publisher": "NHS"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
