"""Each view makes a few database queries, and the same few with a knowledge base ten times bigger.

The published knowledge is read in one query per request (the latest release row), whatever its
size. Counts include the savepoints Django opens
inside the test's transaction.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.helpers import CALM, HTMX, STEP_CODES, answer_steps
from triage.knowledge.draft import build_knowledge
from triage.knowledge.published import get_knowledge
from triage.knowledge.snapshot import knowledge_to_dict
from triage.models import (
    Condition,
    ConditionAdvice,
    ConditionFinding,
    Finding,
    Question,
    RedFlag,
    Release,
    Source,
)

pytestmark = pytest.mark.django_db

# The most each kind of request may make, whatever the size of the knowledge base: the knowledge
# (1), the session (1), a write with its savepoint pair (3), the assessment with its own pair (3).
SHOW = 3
ANSWER = 6
SAVE = 9
RESULTS = 2


def make_knowledge_bigger(factor: int) -> None:
    """Copies of every answer option, condition and red flag (with links), `factor` times in all.

    Extra options are added to the questions as answers nobody picks; extra conditions weigh the
    same answers as the originals; extra red flags need an extra option, so they never fire.
    """
    sources = list(Source.objects.all())
    findings = list(Finding.objects.all())
    conditions = list(Condition.objects.all())
    links = list(ConditionFinding.objects.values_list("condition_id", "finding_id", "ratio"))
    advice = list(ConditionAdvice.objects.values_list("condition_id", "advice_id", "order"))
    flags = list(RedFlag.objects.all())
    for copy in range(1, factor):
        new_findings = Finding.objects.bulk_create(
            Finding(
                code=f"{f.code}-x{copy}",
                question_id=f.question_id,
                label=f"{f.label} ({copy})",
                help_text=f.help_text,
                order=f.order + 100 * copy,
            )
            for f in findings
        )
        new_conditions = Condition.objects.bulk_create(
            Condition(
                code=f"{c.code}-x{copy}",
                name=f"{c.name} ({copy})",
                summary=c.summary,
                prevalence=c.prevalence,
                do_not_miss=c.do_not_miss,
            )
            for c in conditions
        )
        condition_ids = {c.pk: n.pk for c, n in zip(conditions, new_conditions, strict=True)}
        ConditionFinding.objects.bulk_create(
            ConditionFinding(condition_id=condition_ids[c], finding_id=f, ratio=r) for c, f, r in links
        )
        ConditionAdvice.objects.bulk_create(
            ConditionAdvice(condition_id=condition_ids[c], advice_id=a, order=o) for c, a, o in advice
        )
        Condition.sources.through.objects.bulk_create(
            Condition.sources.through(condition_id=n.pk, source_id=sources[0].pk) for n in new_conditions
        )
        new_flags = RedFlag.objects.bulk_create(
            RedFlag(
                code=f"{r.code}-x{copy}",
                title=f"{r.title} ({copy})",
                urgency=r.urgency,
                message=r.message,
                action=r.action,
            )
            for r in flags
        )
        RedFlag.findings.through.objects.bulk_create(
            RedFlag.findings.through(redflag_id=r.pk, finding_id=new_findings[i % len(new_findings)].pk)
            for i, r in enumerate(new_flags)
        )
    # Made live directly: the copies are synthetic (the knowledge check rightly finds errors in them),
    # and only the size matters for counting queries.
    Release.objects.create(
        version=2, note=f"Knowledge base {factor} times bigger", snapshot=knowledge_to_dict(build_knowledge())
    )


@pytest.fixture(params=[1, 10], ids=["real", "10x"])
def knowledge_size(request, db) -> int:
    options, questions = Finding.objects.count(), Question.objects.count()
    if request.param > 1:
        make_knowledge_bigger(request.param)
        assert Finding.objects.count() == options * request.param
        assert Question.objects.count() == questions
    knowledge = get_knowledge()  # built once per release, as in a running process
    assert sum(len(q.options) for s in knowledge.steps for q in s.questions) == options * request.param
    return request.param


def test_the_start_page_and_health(client, knowledge_size, django_assert_max_num_queries):
    with django_assert_max_num_queries(SHOW):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/health/").status_code == 200


@pytest.mark.parametrize("code", STEP_CODES)
def test_each_step_shown_answered_and_checked_live(code, knowledge_size, django_assert_max_num_queries):
    client = Client()
    answer_steps(client, CALM, upto=code)
    for extra in [{}, HTMX]:
        with django_assert_max_num_queries(SHOW):
            assert client.get(f"/step/{code}/", **extra).status_code == 200
        with django_assert_max_num_queries(SHOW):
            assert client.post(f"/step/{code}/check/", CALM[code], **HTMX).status_code == 200
        with django_assert_max_num_queries(SHOW):
            assert client.post(f"/step/{code}/", {}, **extra).status_code == 200
        with django_assert_max_num_queries(ANSWER):
            assert client.post(f"/step/{code}/", CALM[code], **extra).status_code == 302


def test_the_check_page_results_print_and_restart(client, knowledge_size, django_assert_max_num_queries):
    answer_steps(client, CALM)
    with django_assert_max_num_queries(SHOW):
        assert client.get("/check/").status_code == 200
    with django_assert_max_num_queries(SAVE):
        results = client.post("/check/")["Location"]
    for extra in [{}, HTMX]:
        with django_assert_max_num_queries(RESULTS):
            assert client.get(results, **extra).status_code == 200
    with django_assert_max_num_queries(RESULTS):
        assert client.get(f"{results}print/").status_code == 200
    # Restarting after the results writes the session: it forgets where the last results are.
    with django_assert_max_num_queries(ANSWER):
        assert client.post("/restart/").status_code == 302
    with django_assert_max_num_queries(RESULTS):
        assert Client().get(results).status_code == 200


def query_counts_for_a_whole_questionnaire() -> list[tuple[str, int]]:
    client = Client()
    counts = []

    def count(method: str, url: str, data: dict | None = None, **extra) -> None:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data, **extra)
        assert response.status_code < 400, url
        counts.append((f"{method} {url}", len(queries)))

    count("get", "/")
    for code in STEP_CODES:
        count("get", f"/step/{code}/")
        count("post", f"/step/{code}/check/", CALM[code], **HTMX)
        count("post", f"/step/{code}/", CALM[code], **HTMX)
    count("get", "/check/")
    count("post", "/check/")
    results = f"/results/{client.session['last_assessment']}/"
    count("get", results)
    count("get", f"{results}print/")
    count("post", "/restart/")
    return [(what.replace(results, "/results/<id>/"), n) for what, n in counts]


def test_no_view_makes_more_queries_with_a_knowledge_base_ten_times_bigger(db):
    get_knowledge()
    real = query_counts_for_a_whole_questionnaire()
    make_knowledge_bigger(10)
    get_knowledge()
    assert query_counts_for_a_whole_questionnaire() == real
