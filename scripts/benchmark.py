"""Speed figures for the questionnaire; run through scripts/benchmark.sh (which installs wrk).

1. A fresh database (PostgreSQL `triage_bench`, or a new SQLite file with BENCH_DB=sqlite), migrated
   and loaded with the real knowledge base.
2. gunicorn with 2 workers and DJANGO_ENV=production on a free port of 127.0.0.1; the HTTPS redirect
   is turned off with SECURE_SSL_REDIRECT=false because this run is plain HTTP on the loopback.
3. wrk on every page: requests/s and 99th-percentile latency, each as a ratio to a trivial baseline
   view (/health/live/: the whole middleware stack, no database) measured in the same run.
4. Engine time, in this process, for the real knowledge base and one generated 100 times larger.
5. Bytes sent (compressed where the server compresses) for the first page with its assets and for
   each HTMX step swap.
6. A load run: LOAD_PEOPLE simulated people answer whole questionnaires for LOAD_SECONDS; then every
   saved assessment is compared with the answers its person gave.

Everything talks to 127.0.0.1 only, and every loop is bounded by a count or a deadline.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
BENCH_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
LOAD_PEOPLE = int(os.environ.get("LOAD_PEOPLE", "64"))
WRK_THREADS = int(os.environ.get("WRK_THREADS", "2"))
WRK_CONNECTIONS = int(os.environ.get("WRK_CONNECTIONS", "16"))
# The PDF run: this many clients ask for summary PDFs for PDF_SECONDS while one person opens pages.
PDF_CLIENTS = int(os.environ.get("PDF_CLIENTS", "20"))
PDF_SECONDS = int(os.environ.get("PDF_SECONDS", "20"))
# BENCH_ONLY=pdf runs the PDF rows alone (a few minutes), not wrk, the engine or the load run.
BENCH_ONLY = os.environ.get("BENCH_ONLY", "")
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://app:app@127.0.0.1:5432/app")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


# --- set-up -------------------------------------------------------------------------------------


def fresh_database(workdir: Path) -> str:
    if os.environ.get("BENCH_DB", "postgres") == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS triage_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE triage_bench")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/triage_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SQLITE_PATH"}},
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        # Every simulated person comes from 127.0.0.1: the per-address rate limits would refuse them.
        "RATE_LIMIT_POSTS": "",
        "RATE_LIMIT_ASSESSMENTS": "",
        "RATE_LIMIT_PDFS": "",
        "ASSESSMENTS_PER_ADDRESS_PER_DAY": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "INFO"),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [
        GUNICORN,
        "triage.wsgi",
        "--workers",
        "2",
        "--bind",
        f"{HOST}:{port}",
        "--no-control-socket",
        "--error-logfile",
        str(log),
    ]
    with open(log, "ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Browser(port).get("/health/").status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}")


# --- a small HTTP client with cookies -----------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def header_bytes(self) -> int:
        return sum(len(k) + len(v) + 4 for k, v in self.headers.items()) + 17


@dataclass
class Browser:
    port: int
    # A person who has answered the region question (the first screen asks it): the United Kingdom.
    cookies: dict[str, str] = field(default_factory=lambda: {"region": "gb"})
    token: str = ""

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=sent)
                raw = self.conn.getresponse()
                response = Response(raw.status, raw.headers, raw.read())
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close each connection; reconnect once.
                self.conn.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if match:
            self.token = match.group(1)
        return response

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Response:
        return self.request("POST", path, data=data, headers=headers)


HTMX = {"HX-Request": "true"}


def answer_all(browser: Browser, answers: dict[str, dict]) -> None:
    browser.get("/step/start/")
    for code, data in answers.items():
        response = browser.post(f"/step/{code}/", data)
        if response.status != 302:
            raise SystemExit(f"step {code} was not accepted while preparing ({response.status})")


# --- wrk ----------------------------------------------------------------------------------------

LUA = """
local cookies = {%(cookies)s}
local path = "%(path)s"
local counter = 0
local offset = 0
wrk.method = "%(method)s"
%(body)s
setup = function(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
init = function(args)
  offset = offset * 17
end
request = function()
  offset = offset + 1
  wrk.headers["Cookie"] = cookies[(offset %% #cookies) + 1]
  return wrk.format(nil, path)
end
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p99_us": %%d, "status_errors": %%d, ' ..
    '"socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)


def run_wrk(
    port: int, workdir: Path, path: str, cookies: list[str], method: str = "GET", body: str = ""
) -> dict:
    body_lua = ""
    if body:
        body_lua = (
            f"wrk.body = {lua_string(body)}\n"
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
    script = workdir / "bench.lua"
    script.write_text(
        LUA
        % {
            "cookies": ", ".join(lua_string(c) for c in cookies) or '""',
            "path": path,
            "method": method,
            "body": body_lua,
        }
    )
    result = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{BENCH_SECONDS}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=BENCH_SECONDS + 60,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["p99_ms"] = figures["p99_us"] / 1000
    return figures


# --- engine time --------------------------------------------------------------------------------


def bigger_knowledge(knowledge, factor: int):
    """The knowledge with every option, condition and red flag copied `factor` times in all."""
    from dataclasses import replace

    from triage import engine

    def copies(code: str) -> list[str]:
        return [code] + [f"{code}-x{n}" for n in range(1, factor)]

    steps = tuple(
        replace(
            step,
            questions=tuple(
                replace(q, options=tuple(replace(o, code=c) for o in q.options for c in copies(o.code)))
                for q in step.questions
            ),
        )
        for step in knowledge.steps
    )

    def renamed(codes, suffix: str):
        return frozenset(f"{f}{suffix}" for f in codes)

    conditions = tuple(
        replace(
            c,
            code=code,
            ratios={f"{f}{suffix}": r for f, r in c.ratios.items()},
            ratios_if_absent={f"{f}{suffix}": r for f, r in c.ratios_if_absent.items()},
            key_answers=renamed(c.key_answers, suffix),
        )
        for c in knowledge.conditions
        for code, suffix in zip(copies(c.code), [""] + [f"-x{n}" for n in range(1, factor)], strict=True)
    )
    red_flags = tuple(
        replace(
            r, code=code, findings=renamed(r.findings, suffix), any_findings=renamed(r.any_findings, suffix)
        )
        for r in knowledge.red_flags
        for code, suffix in zip(copies(r.code), [""] + [f"-x{n}" for n in range(1, factor)], strict=True)
    )
    return engine.Knowledge(steps=steps, conditions=conditions, red_flags=red_flags)


def engine_ms(knowledge, answers: dict, repeats: int) -> float:
    from triage import engine

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeats):
            engine.assess(engine.clean_answers(answers, knowledge), knowledge)
        timings.append((time.perf_counter() - started) / repeats * 1000)
    return statistics.median(timings)


# --- bytes --------------------------------------------------------------------------------------

ACCEPT = {"Accept-Encoding": "br, gzip"}


def page_and_assets_bytes(port: int) -> tuple[int, int, list[str]]:
    """Bytes for the start page and every stylesheet, script and icon it loads (each once)."""
    browser = Browser(port)
    page = browser.get("/", headers=ACCEPT)
    total = len(page.body) + page.header_bytes
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)))
    for asset in assets:
        response = Browser(port).get(asset, headers=ACCEPT)
        assert response.status == 200, asset
        total += len(response.body) + response.header_bytes
    html_gzip = len(gzip.compress(page.body, 6))
    return total, html_gzip, assets


# --- the load run -------------------------------------------------------------------------------


def random_answers(knowledge, rng: random.Random) -> dict[str, dict[str, list[str]]]:
    """A random, valid set of answers for every step, follow-up questions included."""
    from triage import engine

    given: set[str] = set()
    answers: dict[str, dict[str, list[str]]] = {}
    for step in knowledge.steps:
        own: dict[str, list[str]] = {}
        for question in step.questions:
            if not engine.is_visible(question, frozenset(given)):
                continue
            options = list(question.options)
            if question.kind == "multiple":
                plain = [o for o in options if not o.exclusive]
                if rng.random() < 0.3 or not plain:
                    chosen = [rng.choice([o for o in options if o.exclusive] or options)]
                else:
                    chosen = rng.sample(plain, k=min(len(plain), rng.randint(1, 3)))
            else:
                chosen = [rng.choice(options)]
            own[question.code] = [o.code for o in chosen]
            given.update(own[question.code])
        answers[step.code] = own
    return answers


@dataclass
class LoadResult:
    completed: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    saved: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)


def person(
    port: int, knowledge, seed: int, deadline: float, result: LoadResult, lock: threading.Lock
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        browser = Browser(port)
        answers = random_answers(knowledge, rng)
        extra = HTMX if rng.random() < 0.5 else {}
        given: dict[str, list[str]] = {}
        requests = 0
        try:
            location = "/step/start/"
            assert browser.get("/").status == 200
            results = None
            for code, data in answers.items():
                page = browser.get(location, headers=extra)
                requests += 2
                if page.status != 200:
                    raise RuntimeError(f"GET {location}: {page.status}")
                response = browser.post(f"/step/{code}/", data, headers=extra)
                given.update(data)
                if response.status != 302:
                    raise RuntimeError(f"POST step {code}: {response.status}")
                location = response.headers["Location"]
                if location.startswith("/results/"):
                    results = location  # an emergency answer ends the questionnaire
                    break
            if results is None:
                requests += 2
                if browser.get(location, headers=extra).status != 200 or location != "/check/":
                    raise RuntimeError(f"check page: {location}")
                response = browser.post("/check/", {}, headers=extra)
                if response.status != 302:
                    raise RuntimeError(f"POST check: {response.status}")
                results = response.headers["Location"]
            requests += 1
            if browser.get(results, headers=extra).status != 200:
                raise RuntimeError("results page")
            with lock:
                result.completed += 1
                result.requests += requests
                result.saved.append((results.split("/")[2], given))
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            with lock:
                result.errors.append(f"{type(error).__name__}: {error}")
                result.requests += requests
        finally:
            browser.conn.close()


def load_run(port: int, knowledge) -> tuple[LoadResult, float]:
    result, lock = LoadResult(), threading.Lock()
    started = time.monotonic()
    deadline = started + LOAD_SECONDS
    threads = [
        threading.Thread(target=person, args=(port, knowledge, seed, deadline, result, lock), daemon=True)
        for seed in range(LOAD_PEOPLE)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 120)
    return result, time.monotonic() - started


def verify_saved(result: LoadResult, knowledge) -> tuple[int, int]:
    from triage import engine
    from triage.models import Assessment

    saved = {str(a.pk): a.answers for a in Assessment.objects.filter(pk__in=[pk for pk, _ in result.saved])}
    matching = 0
    for pk, given in result.saved:
        expected = {q: sorted(codes) for q, codes in engine.clean_answers(given, knowledge).items()}
        stored = {q: sorted(codes) for q, codes in saved.get(pk, {}).items()}
        matching += pk in saved and stored == expected
    return matching, len(result.saved)


# --- the run ------------------------------------------------------------------------------------


# --- PDFs under load -----------------------------------------------------------------------------

REGIONS = ("gb", "us", "tw", "au")
LANGUAGES = ("en-gb", "zh-hant")


def page_ms(browser: Browser, paths: list[str], rounds: int) -> list[float]:
    """Milliseconds for each GET of `paths`, `rounds` times over, one after another."""
    times = []
    for _ in range(rounds):
        for path in paths:
            started = time.perf_counter()
            response = browser.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status} during the PDF run")
    return times


def pdf_run(
    port: int, results: list[str], fresh: Iterator | None, answers: dict[str, dict], interval: float
) -> dict:
    """PDF_CLIENTS clients ask for summary PDFs for PDF_SECONDS, one every `interval` seconds each
    (0: as fast as they can, a busy answer asked again at once), while one person opens a step page
    and a results page one after another. `fresh`: each ask is a PDF never made before (another
    result, language or region, drawn from that iterator); else each client downloads its own
    result's PDF again and again."""
    person = Browser(port)
    answer_all(person, answers)
    probes = ["/step/symptoms/", "/step/about/", results[0]]
    idle = page_ms(person, probes, 15)
    lock = threading.Lock()
    statuses: dict[int, int] = {}
    stop = time.monotonic() + PDF_SECONDS

    def client(n: int) -> None:
        browser = Browser(port)
        item = (results[n % len(results)], "en-gb", "gb")
        while time.monotonic() < stop:
            if fresh is not None:
                with lock:
                    item = next(fresh, None)
                if item is None:
                    return
            url, language, region = item
            browser.cookies["region"] = region
            while time.monotonic() < stop:
                asked = time.monotonic()
                status = browser.get(f"{url}summary.pdf?in={language}").status
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                time.sleep(max(0.0, asked + interval - time.monotonic()))
                if status != 503:
                    break

    threads = [threading.Thread(target=client, args=(n,)) for n in range(PDF_CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    loaded = []
    while time.monotonic() < stop - 0.5:
        loaded += page_ms(person, probes, 1)
    for thread in threads:
        thread.join(timeout=60)
    return {
        "idle_ms": statistics.median(idle),
        "loaded_ms": statistics.median(loaded),
        "loaded_p90_ms": sorted(loaded)[int(len(loaded) * 0.9)],
        "statuses": statuses,
    }


def print_pdf_rows(runs: list[tuple[str, dict]]) -> None:
    print()
    print(f"PDF load: {PDF_CLIENTS} clients for {PDF_SECONDS} s; meanwhile one person opens two steps and a")
    print("results page in turn. Median and 90th percentile of that person's pages; PDF answers by status.")
    print()
    print(
        "| PDF clients asking for | pages idle (median) | pages under load (median, p90) | ratio "
        "| aim | PDF answers |"
    )
    print("|---|---:|---:|---:|---|---|")
    for name, run in runs:
        ratio = run["loaded_ms"] / run["idle_ms"]
        answers = ", ".join(f"{status}: {count}" for status, count in sorted(run["statuses"].items()))
        aim = "≤ 2× " + ("✓" if ratio <= 2 else "✗")
        print(
            f"| {name} | {run['idle_ms']:.1f} ms | {run['loaded_ms']:.1f} ms, {run['loaded_p90_ms']:.1f} ms "
            f"| {ratio:.1f}× | {aim} | {answers} |"
        )


def pdf_rows(port: int, answers: dict[str, dict]) -> list[tuple[str, dict]]:
    results = []
    for _ in range(2 * max(PDF_CLIENTS, 20)):
        browser = Browser(port)
        answer_all(browser, answers)
        results.append(browser.post("/check/", {}).headers["Location"])
    # The app's limit per address (RATE_LIMIT_PDFS, 30 a minute): 20 addresses at it, one PDF every
    # 2 s each. The benchmark turns the limit off (every client here is 127.0.0.1) and paces instead.
    limit = 2.0
    # PDFs never asked for before, in any run: every language and region of every result but the
    # own-result rows' (English, the United Kingdom).
    fresh = iter(
        [(url, lang, region) for region in REGIONS for lang in LANGUAGES for url in results][len(results) :]
    )
    return [
        (
            "their own result's PDF, one every 2 s each (the per-address limit)",
            pdf_run(port, results, None, answers, limit),
        ),
        ("a PDF never made before, one every 2 s each", pdf_run(port, results, fresh, answers, limit)),
        ("their own result's PDF, as fast as they can", pdf_run(port, results, None, answers, 0)),
        ("a PDF never made before, as fast as they can", pdf_run(port, results, fresh, answers, 0)),
    ]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run scripts/benchmark.sh, which installs it")
    workdir = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    database_url = fresh_database(workdir)
    env = server_env(database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_knowledge")
    manage(env, "collectstatic", "--noinput")

    os.environ.update({k: env[k] for k in ("DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")})
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triage.settings")
    import django

    django.setup()
    from django.db import connection

    from tests.helpers import CALM
    from triage.knowledge.published import get_knowledge

    knowledge = get_knowledge()
    port = free_port()
    server = start_gunicorn(env, port, workdir / "gunicorn.log")
    rows: list[tuple[str, dict]] = []
    if BENCH_ONLY == "pdf":
        try:
            print_pdf_rows(pdf_rows(port, CALM))
        finally:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
        return
    try:
        # Sessions that have answered every step: any step opens, and re-posting its answers is accepted.
        people = [Browser(port) for _ in range(64)]
        for browser in people:
            answer_all(browser, CALM)
        token = people[0].token
        cookies = [
            f"sessionid={b.cookies['sessionid']}; csrftoken={people[0].cookies['csrftoken']}; region=gb"
            for b in people
        ]
        finished = Browser(port)
        answer_all(finished, CALM)
        results = finished.post("/check/", {}).headers["Location"]

        baseline = run_wrk(port, workdir, "/health/live/", cookies)
        rows.append(("baseline: /health/live/", baseline))
        for code, data in CALM.items():
            rows.append((f"GET /step/{code}/", run_wrk(port, workdir, f"/step/{code}/", cookies)))
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
            rows.append(
                (f"POST /step/{code}/", run_wrk(port, workdir, f"/step/{code}/", cookies, "POST", body))
            )
        rows.append(("GET /check/", run_wrk(port, workdir, "/check/", cookies)))
        rows.append(("GET /results/<id>/", run_wrk(port, workdir, results, cookies)))
        rows.append(("GET /results/<id>/print/", run_wrk(port, workdir, f"{results}print/", cookies)))
        baseline_again = run_wrk(port, workdir, "/health/live/", cookies)
        rows.append(("baseline again (drift check)", baseline_again))

        first_page, html_gzip, assets = page_and_assets_bytes(port)
        swap_browser = Browser(port)
        answer_all(swap_browser, CALM)
        swaps = {code: swap_browser.get(f"/step/{code}/", headers={**HTMX, **ACCEPT}) for code in CALM}
        swaps["check"] = swap_browser.get("/check/", headers={**HTMX, **ACCEPT})

        real_ms = engine_ms(knowledge, flat_answers(CALM), repeats=2000)
        big = bigger_knowledge(knowledge, 100)
        big_ms = engine_ms(big, flat_answers(CALM), repeats=20)

        pdf_figures = pdf_rows(port, CALM)
        load, elapsed = load_run(port, knowledge)
        connection.close()
        matching, saved = verify_saved(load, knowledge)
    finally:
        server.terminate()
        server.wait(timeout=30)

    base_rps = statistics.mean([baseline["rps"], baseline_again["rps"]])
    print()
    print(f"gunicorn 2 workers (sync), DJANGO_ENV=production, {connection.vendor}; ", end="")
    print(f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{BENCH_SECONDS}s per row; {os.cpu_count()} CPU cores")
    print(f"Baseline req/s is the mean of the two baseline rows: {base_rps:,.0f}.")
    print()
    print("| Request | req/s | p99 ms | ratio to baseline | aim | errors |")
    print("|---|---:|---:|---:|---|---:|")
    for name, figures in rows:
        ratio = figures["rps"] / base_rps
        aim = ""
        if name.startswith("GET /step/"):
            aim = "≥ 50% " + ("✓" if ratio >= 0.5 else "✗")
        elif name.startswith("POST /step/"):
            aim = "≥ 35% " + ("✓" if ratio >= 0.35 else "✗")
        elif name.startswith("GET /results/"):
            aim = "≥ 33% " + ("✓" if ratio >= 0.33 else "✗")
        errors = figures["status_errors"] + figures["socket_errors"]
        print(
            f"| {name} | {figures['rps']:,.0f} | {figures['p99_ms']:.1f} | {ratio:.0%} | {aim} | {errors} |"
        )
    print()
    print("| Other figure | value | aim |")
    print("|---|---:|---|")
    real_count = len(knowledge.conditions) + len(knowledge.red_flags) + len(knowledge.findings)
    big_count = len(big.conditions) + len(big.red_flags) + len(big.findings)
    print(f"| Engine time, real knowledge ({real_count} items) | {real_ms:.3f} ms | ≤ 1 ms |")
    print(f"| Engine time, generated 100× ({big_count} items) | {big_ms:.2f} ms | ≤ 50 ms |")
    first_kb = first_page / 1024
    print(f"| First page + {len(assets)} assets, as sent (br/gzip assets) | {first_kb:.1f} KB | ≤ 80 KB |")
    for name, response in swaps.items():
        size = len(response.body) + response.header_bytes
        encoding = response.headers.get("Content-Encoding", "none")
        print(f"| HTMX swap {name}, as sent ({encoding}) | {size / 1024:.1f} KB | ≤ 10 KB |")
    print(f"| (start page HTML alone if gzipped by the proxy) | {html_gzip / 1024:.1f} KB | |")
    print(
        f"| Load: {LOAD_PEOPLE} people, {elapsed:.0f} s: questionnaires completed | "
        f"{load.completed} ({load.completed / elapsed:.1f}/s, {load.requests / elapsed:.0f} req/s) | |"
    )
    print(f"| Load: errors | {len(load.errors)} | none |")
    print(f"| Load: saved assessments matching the answers given | {matching} of {saved} | all |")
    if load.errors:
        print("\nFirst errors:", *sorted(set(load.errors))[:5], sep="\n  ")
    print_pdf_rows(pdf_figures)
    shutil.rmtree(workdir, ignore_errors=True)


def flat_answers(calm: dict[str, dict]) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for data in calm.values():
        for code, value in data.items():
            answers[code] = value if isinstance(value, list) else [value]
    return answers


if __name__ == "__main__":
    main()
