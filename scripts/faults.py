"""Fault tests (not part of the test run); run through scripts/faults.sh, which cleans up after it.

1. A throwaway PostgreSQL cluster (initdb into FAULTS_WORKDIR, its own port, default 5440, and its
   own socket directory; never the machine's default cluster), migrated and loaded with the real
   knowledge base.
2. A small TCP proxy on 127.0.0.1 between gunicorn and that cluster, which can be switched to
   "accept connections and never answer" (a hung database).
3. gunicorn with production settings (sync workers, DJANGO_ENV=production, the rate limits off because
   every simulated person comes from 127.0.0.1), DATABASE_URL pointing at the proxy.
4. FAULT_PEOPLE simulated people answering whole questionnaires (CSRF tokens and session cookies as
   a browser keeps them; a 5xx or a dropped connection is retried after a pause, as a person would),
   while /health/ and /health/live/ are polled, and:
     a. PostgreSQL is stopped for FAULT_SECONDS and started again;
     b. the proxy hangs for FAULT_SECONDS.
5. For each fault: requests and errors during the outage, seconds to recover, how long /health/ took
   to say 503 and how /health/live/ fared; at the end, every results URL a person received against
   the assessments in the database (lost, duplicated, unaccounted for).

Everything talks to 127.0.0.1 only, and every loop is bounded by a count or a deadline. Exits 1 when
an assessment was lost or duplicated or a request got a 500.
"""

from __future__ import annotations

import collections
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
# The virtual environment this script runs in (faults.sh: .venv, or FAULTS_PYTHON's).
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PEOPLE = int(os.environ.get("FAULT_PEOPLE", "16"))
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "10"))
WARMUP_SECONDS = float(os.environ.get("FAULT_WARMUP_SECONDS", "15"))
RECOVERY_SECONDS = float(os.environ.get("FAULT_RECOVERY_SECONDS", "25"))
PG_PORT = int(os.environ.get("FAULT_PG_PORT", "5440"))
# Which runs, against which databases (the outage run needs PostgreSQL; nginx runs on the first).
RUNS = [r.strip() for r in os.environ.get("FAULT_RUNS", "outage,nginx,cpu,hostile").split(",") if r.strip()]
DATABASES = [
    d.strip() for d in os.environ.get("FAULT_DATABASES", "postgresql,sqlite").split(",") if d.strip()
]
TRICKLE_SECONDS = float(os.environ.get("FAULT_TRICKLE_SECONDS", "12"))
CPU_SECONDS = float(os.environ.get("FAULT_CPU_SECONDS", "20"))
CPU_PEOPLE = int(os.environ.get("FAULT_CPU_PEOPLE", "8"))
PDF_MAKERS = int(os.environ.get("FAULT_PDF_MAKERS", "4"))
# CPU burners (stress-ng workers): by default two per CPU, so the app's processes get a third of the
# machine at most.
CPU_BURNERS = int(os.environ.get("FAULT_CPU_BURNERS", str(2 * (os.cpu_count() or 2))))
RETRY_PAUSE = 0.5  # seconds a simulated person waits before retrying after an error page
CLIENT_TIMEOUT = 20  # seconds; the app cuts a request off after REQUEST_TIMEOUT (5) anyway
FINISH_GRACE = 30  # seconds people may take, after the load ends, to finish the questionnaire in hand


def postgres_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise SystemExit("PostgreSQL is not installed (no initdb): apt-get install postgresql, or set PG_BIN")
    return found[-1].parent


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As PostgreSQL binds: connections of a cluster that just stopped may linger in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- the throwaway PostgreSQL cluster -----------------------------------------------------------


class Cluster:
    """A PostgreSQL cluster of its own in `workdir`, on 127.0.0.1:`port` and a private socket directory."""

    def __init__(self, workdir: Path, port: int) -> None:
        if port == 5432:
            raise SystemExit("The fault test never uses port 5432: that is the machine's shared cluster")
        self.bin = postgres_bin()
        self.port = port
        self.data = workdir / "pgdata"
        self.sockets = workdir / "pgsock"
        self.log = workdir / "postgres.log"
        self.password = secrets.token_urlsafe(16)

    def run(self, *command: str, quiet: bool = True) -> None:
        """Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root)."""
        argv = list(command)
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, cwd="/", check=True, stdout=subprocess.DEVNULL if quiet else None, timeout=120)

    def create(self) -> None:
        for path in (self.data, self.sockets):
            path.mkdir(mode=0o700)
        self.log.touch()
        if os.geteuid() == 0:
            for path in (self.data, self.sockets, self.log):
                subprocess.run(["chown", "postgres:postgres", str(path)], check=True)
        password_file = self.sockets / "password"
        password_file.write_text(self.password + "\n")
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres:postgres", str(password_file)], check=True)
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={password_file}",
            "-E",
            "UTF8",
            "--locale=C",
        )
        password_file.unlink()
        self.start()
        self.psql(f"CREATE ROLE app LOGIN PASSWORD '{self.password}'")
        self.psql("CREATE DATABASE triage_faults OWNER app")

    def psql(self, sql: str) -> None:
        self.run(
            str(self.bin / "psql"), "-h", str(self.sockets), "-p", str(self.port), "-U", "postgres",
            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses={HOST}"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, port: int | None = None) -> str:
        return f"postgres://app:{self.password}@{HOST}:{port or self.port}/triage_faults"


# --- the proxy that can hang --------------------------------------------------------------------


class HangingProxy:
    """Forwards 127.0.0.1:`port` to the database. While `hanging`, it still accepts connections but
    passes nothing either way: to its clients the database has stopped answering. When the database
    refuses a connection (stopped), the client's connection is reset at once, as a refusal would be."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.hanging = False
        self.stopped = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, 0))
        self.listener.listen(128)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.threads: list[threading.Thread] = []
        self.spawn(self.accept_loop)

    def spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def accept_loop(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            try:
                upstream = socket.create_connection((HOST, self.upstream_port), timeout=2)
            except OSError:
                # Reset, not a polite close: what a client sees from a port nobody listens on.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            self.spawn(self.pump, client, upstream)
            self.spawn(self.pump, upstream, client)

    def pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while not self.stopped.is_set():
                if self.hanging:
                    time.sleep(0.05)
                    continue
                if source.fileno() < 0:  # the other direction closed both sockets
                    break
                readable, _, _ = select.select([source], [], [], 0.2)
                if not readable or self.hanging:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=2)


# --- gunicorn -----------------------------------------------------------------------------------


def server_env(database_url: str | None, secret_key: str, sqlite_path: Path | None = None) -> dict[str, str]:
    """Production settings on the loopback; PostgreSQL at `database_url`, or SQLite at `sqlite_path`."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SQLITE_PATH", "DATABASE_URL"}},
        "DJANGO_ENV": "production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback, as in the benchmark.
        "SECURE_SSL_REDIRECT": "false",
        # Every simulated person comes from 127.0.0.1: the per-address rate limits would refuse them.
        "RATE_LIMIT_POSTS": "",
        "RATE_LIMIT_ASSESSMENTS": "",
        "RATE_LIMIT_PDFS": "",
        "ASSESSMENTS_PER_ADDRESS_PER_DAY": "0",
        # nginx (the nginx run) is on 127.0.0.1: its X-Forwarded-For is believed, as in production.
        "TRUSTED_PROXIES": HOST,
        "LOG_LEVEL": "INFO",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["SQLITE_PATH"] = str(sqlite_path)
    return env


def start_gunicorn(env: dict[str, str], port: int, log: Path, pidfile: Path) -> subprocess.Popen:
    # The deployment's settings file (deploy/gunicorn.conf.py: sync workers, timeouts, no control
    # socket), on the loopback with 2 workers.
    command = [GUNICORN, "-c", "deploy/gunicorn.conf.py", "triage.wsgi", "--error-logfile", str(log)]
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": "2"}
    with open(log, "ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    pidfile.write_text(f"{server.pid}\n")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        if fetch(port, "GET", "/health/").status == 200:
            return server
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start; see {log}")


def stop_gunicorn(server: subprocess.Popen | None, pidfile: Path) -> None:
    if server is not None and server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    pidfile.unlink(missing_ok=True)


# --- HTTP, as a browser would, with every request recorded --------------------------------------


@dataclass
class Response:
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    headers: dict[str, str]
    body: str
    error: str = ""


def fetch(
    port: int, method: str, path: str, body: str | None = None, headers: dict | None = None
) -> Response:
    conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        raw = conn.getresponse()
        headers_seen = {k.lower(): v for k, v in raw.getheaders() if k.lower() != "set-cookie"}
        headers_seen["set-cookie"] = raw.headers.get_all("Set-Cookie") or []
        return Response(raw.status, headers_seen, raw.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException) as error:
        return Response(0, {}, "", type(error).__name__)
    finally:
        conn.close()


@dataclass
class Event:
    who: str  # "person", "health", "live"
    method: str
    path: str
    started: float
    ended: float
    status: int
    error: str = ""


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.lock = threading.Lock()

    def add(self, event: Event) -> None:
        with self.lock:
            self.events.append(event)


class Browser:
    def __init__(self, port: int, recorder: Recorder) -> None:
        self.port = port
        self.recorder = recorder
        # A person who has answered the region question (the first screen asks it): the United Kingdom.
        self.cookies: dict[str, str] = {"region": "gb"}
        self.token = ""
        self.sessions: set[str] = set()

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        response = fetch(self.port, method, path, body, headers)
        self.recorder.add(
            Event("person", method, path, started, time.monotonic(), response.status, response.error)
        )
        for header in response.headers.get("set-cookie", []):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if "sessionid" in self.cookies:
            self.sessions.add(self.cookies["sessionid"])
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.body)
        if match:
            self.token = match.group(1)
        return response

    def patient(self, method: str, path: str, until: float, data: dict | None = None) -> Response | None:
        """Sends the request again, after a pause, while the site answers with an error page or not at
        all, as a person would (reload, or press the button again); None when time runs out."""
        while time.monotonic() < until:
            response = self.request(method, path, data)
            if response.status and response.status < 500 and response.status != 429:
                return response
            time.sleep(RETRY_PAUSE)
        return None


# --- simulated people ---------------------------------------------------------------------------


@dataclass
class Submission:
    given: dict[str, list[str]] = field(default_factory=dict)  # question code -> option codes
    sessions: set[str] = field(default_factory=set)
    results: list[str] = field(default_factory=list)  # every results URL the person was sent to
    shown: bool = False  # the results page was shown
    problem: str = ""


def questionnaire(browser: Browser, answers: dict, until: float) -> Submission:
    """One person's questionnaire from the first page to the results page, following redirects as a
    browser does (a lost session sends them back to an earlier step, which they answer again)."""
    submission = Submission()
    location: str | None = "/"
    for _ in range(60):  # a questionnaire is about 20 requests; retries of errors are inside patient()
        page = browser.patient("GET", location, until)
        if page is None:
            break
        if page.status == 302:
            location = page.headers["location"]
        elif page.status != 200:
            submission.problem = f"GET {location}: {page.status}"
            break
        elif location == "/":
            location = "/step/start/"
        elif location.startswith("/results/"):
            submission.shown = True
            break
        elif location.startswith("/step/") or location == "/check/":
            code = location.split("/")[2] if location.startswith("/step/") else None
            data = answers.get(code, {}) if code else {}
            sent = browser.patient("POST", location, until, data)
            if sent is None:
                break
            if sent.status != 302:
                submission.problem = f"POST {location}: {sent.status}"
                break
            if code:
                submission.given.update(data)
            location = sent.headers["location"]
        else:
            submission.problem = f"unexpected page {location}"
            break
        if location.startswith("/results/") and location not in submission.results:
            submission.results.append(location)
    submission.sessions = set(browser.sessions)
    return submission


def person(port, knowledge, seed, load_until, finish_until, recorder, submissions, lock) -> None:
    from benchmark import random_answers

    rng = random.Random(seed)
    while time.monotonic() < load_until:
        browser = Browser(port, recorder)
        submission = questionnaire(browser, random_answers(knowledge, rng), finish_until)
        with lock:
            submissions.append(submission)


def poll(port: int, path: str, who: str, every: float, until: float, done: threading.Event, recorder) -> None:
    while time.monotonic() < until and not done.is_set():
        started = time.monotonic()
        response = fetch(port, "GET", path)
        recorder.add(Event(who, "GET", path, started, time.monotonic(), response.status, response.error))
        time.sleep(max(0.0, started + every - time.monotonic()))


# --- the figures --------------------------------------------------------------------------------


def describe(statuses: collections.Counter) -> str:
    return ", ".join(f"{'no answer' if s == 0 else s}: {n}" for s, n in sorted(statuses.items())) or "none"


def fault_report(name: str, began: float, ended: float, until: float, events: list[Event]) -> dict:
    """The figures for one fault: the outage is began..ended; its recovery is ended..until (the next
    fault, or the end of the load)."""
    people = [e for e in events if e.who == "person"]
    during = [e for e in people if e.started < ended and e.ended > began]
    statuses = collections.Counter(e.status for e in during)
    errors = sum(n for s, n in statuses.items() if s == 0 or s >= 500)
    after = [e for e in people if ended <= e.started and e.ended < until]
    first_ok = min((e.ended for e in after if 200 <= e.status < 400), default=None)
    after_errors = [e for e in after if e.status == 0 or e.status >= 500]
    last_error = max((e.ended for e in after_errors), default=None)
    health = [e for e in events if e.who == "health"]
    down = min((e.ended for e in health if e.ended >= began and e.status == 503), default=None)
    up = min((e.ended for e in health if ended <= e.started < until and e.status == 200), default=None)
    health_during = [e for e in health if e.started < ended and e.ended > began]
    live = [e for e in events if e.who == "live" and e.started < ended and e.ended > began]
    live_bad = collections.Counter(e.status for e in live if e.status != 200)
    latency = lambda rows: sorted(e.ended - e.started for e in rows) or [0.0]  # noqa: E731
    report = {
        "fault": name,
        "outage_s": ended - began,
        "requests": len(during),
        "statuses": dict(statuses),
        "errors": errors,
        "500s": statuses.get(500, 0),
        "people_worst_s": latency(during)[-1],
        "errors_after": collections.Counter(e.status for e in after_errors),
        "last_error_after_s": None if last_error is None else last_error - ended,
        "recovered_s": None if first_ok is None else first_ok - ended,
        "health_503_after_s": None if down is None else down - began,
        "health_worst_s": latency(health_during)[-1],
        "health_200_after_s": None if up is None else up - ended,
        "live_requests": len(live),
        "live_not_200": dict(live_bad),
        "live_worst_s": latency(live)[-1],
        "live_median_s": statistics.median(latency(live)),
    }
    seconds = lambda v: "never" if v is None else f"{v:.1f} s"  # noqa: E731
    print(f"\n### {name} ({report['outage_s']:.1f} s)\n")
    print(
        f"- People's requests in flight during the outage: {len(during)}; errors: {errors} "
        f"({describe(statuses)}); the slowest took {report['people_worst_s']:.1f} s"
    )
    print(f"- 500 responses: {report['500s']}")
    print(
        f"- Recovery: first success {seconds(report['recovered_s'])} after the database was back; "
        f"errors after it was back: {len(after_errors)} ({describe(report['errors_after'])}), "
        f"the last one {seconds(report['last_error_after_s'])} after"
    )
    print(
        f"- /health/: first 503 {seconds(report['health_503_after_s'])} after the fault began (its "
        f"slowest answer during the outage {report['health_worst_s']:.1f} s); 200 again "
        f"{seconds(report['health_200_after_s'])} after the database was back"
    )
    print(
        f"- /health/live/: {len(live)} polls during the outage, not 200: {describe(live_bad)}; latency "
        f"median {report['live_median_s'] * 1000:.0f} ms, worst {report['live_worst_s']:.2f} s"
    )
    return report


def assessment_rows(database: Database) -> dict[str, str]:
    """Every assessment's id and idempotency key, read with the database's own client library."""
    query = "SELECT id, submission_key FROM triage_assessment"
    if database.sqlite_path is not None:
        with contextlib.closing(sqlite3.connect(database.sqlite_path)) as conn:
            found = conn.execute(query).fetchall()
    else:
        import psycopg

        with psycopg.connect(database.url) as conn:
            found = conn.execute(query).fetchall()
    # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid: the URLs carry the dashed form.
    return {str(uuid.UUID(str(pk))): key for pk, key in found}


def check_database(submissions: list[Submission], knowledge, rows: dict[str, str]) -> dict:
    """Every results URL against the assessments table; each submission's rows found by the URLs it
    was sent to and by the idempotency key of each session it had with the answers it gave."""
    from triage import engine
    from triage.questionnaire.submission import submission_key

    by_key = {key: pk for pk, key in rows.items() if key}
    claimed: dict[str, int] = collections.Counter()
    lost = duplicated = saved_not_shown = mismatched_urls = 0
    for submission in submissions:
        received = {url.split("/")[2] for url in submission.results}
        lost += sum(1 for pk in received if pk not in rows)
        cleaned = engine.clean_answers(submission.given, knowledge)
        keys = {submission_key(session, knowledge.revision, cleaned) for session in submission.sessions}
        found = {by_key[k] for k in keys if k in by_key} | (received & rows.keys())
        duplicated += max(0, len(found) - 1)
        mismatched_urls += len(received) > 1
        if found and not submission.shown:
            saved_not_shown += 1
        for pk in found:
            claimed[pk] += 1
    return {
        "assessments": len(rows),
        "submissions": len(submissions),
        "shown": sum(s.shown for s in submissions),
        "with_url": sum(bool(s.results) for s in submissions),
        "lost": lost,
        "duplicated": duplicated,
        "several_urls": mismatched_urls,
        "unaccounted": sum(1 for pk in rows if pk not in claimed),
        "claimed_twice": sum(1 for n in claimed.values() if n > 1),
        "saved_not_shown": saved_not_shown,
        "problems": collections.Counter(s.problem for s in submissions if s.problem),
    }


def server_log_500_frames(log: Path) -> dict[tuple[str, str], list[str]]:
    """The stack frames (the app logs no message) of the first 500 of each exception type and route."""
    found: dict[tuple[str, str], list[str]] = {}
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("status") == 500:
            found.setdefault((entry.get("exception", ""), entry.get("route", "")), entry.get("frames", []))
    return found


def server_log_500s(log: Path) -> collections.Counter:
    found: collections.Counter = collections.Counter()
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("status", 0) >= 500:
            found[(entry.get("status"), entry.get("exception", ""))] += 1
    return found


# --- one database's servers and totals -----------------------------------------------------------


@dataclass
class Database:
    name: str  # "postgresql" or "sqlite"
    url: str | None = None  # PostgreSQL, direct (not through the proxy)
    sqlite_path: Path | None = None
    port: int = 0  # its gunicorn
    server: subprocess.Popen | None = None
    log: Path | None = None
    pidfile: Path | None = None
    submissions: list[Submission] = field(default_factory=list)
    people_statuses: collections.Counter = field(default_factory=collections.Counter)
    hostile_500s: list[str] = field(default_factory=list)
    cpu_503s: int | None = None  # 503s in the CPU-starved run, with the database fine throughout
    failed: list[str] = field(default_factory=list)


def prepare(database: Database, workdir: Path, secret_key: str, served_url: str | None) -> None:
    """Migrates and loads the knowledge, then starts gunicorn (production settings) for `database`."""
    env = server_env(database.url, secret_key, database.sqlite_path)
    for args in (["migrate", "--noinput"], ["load_knowledge"], ["collectstatic", "--noinput"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    # A superuser for the hostile pass's admin requests (scenario import).
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "faults",
            "--email",
            "f@example.org",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    database.port = free_port()
    database.log = workdir / f"gunicorn-{database.name}.log"
    database.pidfile = workdir / f"gunicorn-{database.name}.pid"
    database.server = start_gunicorn(
        server_env(served_url, secret_key, database.sqlite_path),
        database.port,
        database.log,
        database.pidfile,
    )
    print(f"gunicorn on {HOST}:{database.port} for {database.name} (deploy/gunicorn.conf.py, 2 sync workers)")


ADMIN_PASSWORD = secrets.token_urlsafe(16)


# --- a: the database stops, then hangs -----------------------------------------------------------


def run_outage(database: Database, cluster: Cluster, proxy: HangingProxy, knowledge) -> None:
    port = database.port
    recorder, submissions, lock = Recorder(), [], threading.Lock()
    started = time.monotonic()
    load_until = started + WARMUP_SECONDS + 2 * (FAULT_SECONDS + RECOVERY_SECONDS)
    finish_until = load_until + FINISH_GRACE
    threads = [
        threading.Thread(
            target=person,
            args=(port, knowledge, seed, load_until, finish_until, recorder, submissions, lock),
            daemon=True,
        )
        for seed in range(PEOPLE)
    ]
    done = threading.Event()
    monitors = [
        threading.Thread(
            target=poll, args=(port, path, who, every, finish_until, done, recorder), daemon=True
        )
        for path, who, every in (("/health/", "health", 0.5), ("/health/live/", "live", 0.25))
    ]
    for thread in threads + monitors:
        thread.start()
    print(f"\n{PEOPLE} people answering questionnaires for {load_until - started:.0f} s", flush=True)

    faults: list[tuple[str, float, float]] = []
    time.sleep(WARMUP_SECONDS)
    began = time.monotonic()
    cluster.stop("fast")
    time.sleep(max(0.0, began + FAULT_SECONDS - time.monotonic()))
    cluster.start()
    faults.append(("PostgreSQL stopped, then started", began, time.monotonic()))
    print(f"  fault a done at +{time.monotonic() - started:.0f} s", flush=True)

    time.sleep(RECOVERY_SECONDS)
    began = time.monotonic()
    proxy.hanging = True
    time.sleep(FAULT_SECONDS)
    proxy.hanging = False
    faults.append(("Database hangs (accepts connections, never answers)", began, time.monotonic()))
    print(f"  fault b done at +{time.monotonic() - started:.0f} s", flush=True)

    for thread in threads:
        thread.join(timeout=max(1.0, finish_until + CLIENT_TIMEOUT + 5 - time.monotonic()))
    done.set()
    for thread in monitors:
        thread.join(timeout=CLIENT_TIMEOUT + 5)
    stuck = sum(thread.is_alive() for thread in threads + monitors)
    elapsed = time.monotonic() - started

    events = list(recorder.events)
    people_events = [e for e in events if e.who == "person"]
    print(
        f"\n## Outage run ({database.name}): {PEOPLE} people, {elapsed:.0f} s, {len(people_events)} requests"
    )
    print(
        "gunicorn 2 sync workers, DJANGO_ENV=production; REQUEST_TIMEOUT 5 s, "
        "DATABASE_CONNECT_TIMEOUT 3 s, DATABASE_OUTAGE_SECONDS 3 s (defaults)"
    )
    ends = [b for _, b, _ in faults[1:]] + [load_until]
    reports = [fault_report(n, b, e, u, events) for (n, b, e), u in zip(faults, ends, strict=True)]
    if os.environ.get("FAULTS_EVENTS"):
        # Every request's timing, and the server's log, for a closer look.
        shutil.copy(database.log, os.environ["FAULTS_EVENTS"] + ".gunicorn.log")
        with open(os.environ["FAULTS_EVENTS"], "w") as out:
            for event in events:
                row = {**event.__dict__, "started": event.started - started, "ended": event.ended - started}
                out.write(json.dumps(row) + "\n")
            for name, b, e in faults:
                out.write(json.dumps({"fault": name, "began": b - started, "ended": e - started}) + "\n")
    statuses = collections.Counter(e.status for e in people_events)
    print(f"- Whole run, people's requests by status: {describe(statuses)}")
    if stuck:
        print(f"- Threads still running at the end: {stuck}")
        database.failed.append("outage run: threads stuck")
    database.submissions.extend(submissions)
    database.people_statuses.update(e.status for e in people_events)
    if any(r["health_503_after_s"] is None for r in reports):
        database.failed.append("/health/ never reported 503")
    if any(r["recovered_s"] is None for r in reports):
        database.failed.append("no recovery")


# --- b: CPU starved while summary PDFs are made --------------------------------------------------


def page_kind(method: str, path: str) -> str:
    if path.startswith("/step/"):
        return f"{method} /step/<code>/"
    if path.endswith("/summary.pdf"):
        return "GET summary.pdf"
    if path.startswith("/results/"):
        return f"{method} /results/<id>/"
    if path.startswith("/health/"):
        return f"{method} {path}"
    return f"{method} {path.split('?')[0]}"


def start_burners(workdir: Path, seconds: float) -> list[subprocess.Popen]:
    # A process group of their own (to stop them), but this session: with the kernel's autogroup
    # scheduling a new session would be a group of its own, and share the CPUs as one process.
    """Keeps every CPU busy: CPU_BURNERS stress-ng workers, or as many busy Python loops without it."""
    count = CPU_BURNERS
    if shutil.which("stress-ng"):
        argv = ["stress-ng", "--cpu", str(count), "--quiet", "--timeout", f"{int(seconds)}s"]
        burners = [
            subprocess.Popen(argv, process_group=0, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ]
    else:
        code = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass"
        burners = [subprocess.Popen([PYTHON, "-c", code], process_group=0) for _ in range(count)]
    (workdir / "burners.pid").write_text("".join(f"{b.pid}\n" for b in burners))
    return burners


def stop_burners(burners: list[subprocess.Popen], workdir: Path) -> None:
    for burner in burners:
        if burner.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(burner.pid, signal.SIGTERM)  # its own group: stress-ng and its workers
        try:
            burner.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(burner.pid, signal.SIGKILL)
            burner.wait(timeout=10)
    (workdir / "burners.pid").unlink(missing_ok=True)


def pdf_maker(port, knowledge, seed, until, finish_until, recorder, submissions, lock) -> None:
    """Answers one questionnaire, then asks for its summary PDF over and over until `until`."""
    from benchmark import random_answers

    browser = Browser(port, recorder)
    submission = questionnaire(browser, random_answers(knowledge, random.Random(seed)), finish_until)
    with lock:
        submissions.append(submission)
    if not submission.results:
        return
    pdf = submission.results[-1] + "summary.pdf"
    while time.monotonic() < until:
        if browser.request("GET", pdf).status != 200:
            time.sleep(RETRY_PAUSE)


def run_cpu(database: Database, knowledge, workdir: Path) -> None:
    port = database.port
    recorder, submissions, lock = Recorder(), [], threading.Lock()
    started = time.monotonic()
    until = started + CPU_SECONDS
    finish_until = until + FINISH_GRACE
    burners = start_burners(workdir, CPU_SECONDS + FINISH_GRACE + 30)
    try:
        threads = [
            threading.Thread(
                target=person,
                args=(port, knowledge, 1000 + seed, until, finish_until, recorder, submissions, lock),
                daemon=True,
            )
            for seed in range(CPU_PEOPLE)
        ] + [
            threading.Thread(
                target=pdf_maker,
                args=(port, knowledge, 2000 + seed, until, finish_until, recorder, submissions, lock),
                daemon=True,
            )
            for seed in range(PDF_MAKERS)
        ]
        done = threading.Event()
        health = threading.Thread(
            target=poll, args=(port, "/health/", "health", 0.5, finish_until, done, recorder), daemon=True
        )
        for thread in [*threads, health]:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, finish_until + CLIENT_TIMEOUT + 5 - time.monotonic()))
        done.set()
        health.join(timeout=CLIENT_TIMEOUT + 5)
    finally:
        stop_burners(burners, workdir)
    elapsed = time.monotonic() - started
    events = list(recorder.events)
    people = [e for e in events if e.who == "person"]
    kinds: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    slowest: dict[str, float] = collections.defaultdict(float)
    for event in people:
        kind = page_kind(event.method, event.path)
        kinds[kind][event.status] += 1
        slowest[kind] = max(slowest[kind], event.ended - event.started)
    health_statuses = collections.Counter(e.status for e in events if e.who == "health")
    print(
        f"\n## CPU-starved run ({database.name}): every CPU busy ({CPU_BURNERS} "
        f"{'stress-ng' if shutil.which('stress-ng') else 'Python'} workers), {CPU_PEOPLE} people and "
        f"{PDF_MAKERS} summary-PDF makers for {CPU_SECONDS:.0f} s ({elapsed:.0f} s with finishing)\n"
    )
    print("| Page | requests | 503 | 500 | other | slowest |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in sorted(kinds):
        counts = kinds[kind]
        total = sum(counts.values())
        other = total - counts[503] - counts[500] - sum(n for s, n in counts.items() if 200 <= s < 400)
        print(f"| {kind} | {total} | {counts[503]} | {counts[500]} | {other} | {slowest[kind]:.1f} s |")
    print(f"\n- /health/ meanwhile (the database was never touched): {describe(health_statuses)}")
    database.cpu_503s = sum(counts[503] for counts in kinds.values())
    busy_pdfs = sum(counts[503] for kind, counts in kinds.items() if "pdf" in kind)
    print(
        f"- 503 on pages other than the PDF while the database was fine: {database.cpu_503s - busy_pdfs} "
        "(a page cut off by REQUEST_TIMEOUT outside a database call gets a 503 of its own and starts "
        'no outage window); summary PDFs answered "busy" because every PDF slot was taken '
        f"(PDF_CONCURRENCY): {busy_pdfs}"
    )
    print(f"- Questionnaires started {len(submissions)}, results shown {sum(s.shown for s in submissions)}")
    database.submissions.extend(submissions)
    database.people_statuses.update(e.status for e in people)


# --- c: hostile input -----------------------------------------------------------------------------


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "faults" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_hostile(database: Database) -> None:
    """Requests no browser sends, each of which must get an answer below 500."""
    port = database.port
    seen: list[tuple[str, int, str]] = []

    def send(label: str, method: str, path: str, body=None, headers=None) -> Response:
        response = fetch(port, method, path, body, headers)
        seen.append((label, response.status, response.error))
        return response

    missing = f"/results/{uuid.UUID(int=7)}/"
    pages = ["/", "/step/start/", "/check/", "/region/", missing, f"{missing}print/", f"{missing}summary.pdf"]
    pages += ["/admin/login/", "/admin/triage/assessment/", "/health/"]
    cookies = [
        '"\\000abcdefgh"',  # a quoted cookie's octal escape: the key read is "\x00abcdefgh"
        '"abcdefgh\\000ijklmnopqrstuvwxyz0123456"',
        "abc\x00def",  # a raw NUL
        "x" * 5000,
        "nosuchkey' OR '1'='1",
    ]
    for page in pages:
        for cookie in cookies:
            send(
                "GET a page with a malformed session cookie",
                "GET",
                page,
                headers={"Cookie": f"sessionid={cookie}"},
            )
        for query in ("change=%00", "q=%00", "%00=1", "next=%00", "q=" + "a" * 2000, "q=%ff%fe"):
            send("GET a page with a NUL, over-long or non-UTF-8 query", "GET", f"{page}?{query}")
    for path in ("/step/%00/", "/results/%00/", "/results/%00/summary.pdf", "/step/" + "a" * 3000 + "/"):
        send("GET a NUL or over-long path", "GET", path)
    for header in ("garbage", "x" * 7000, ", ".join(["203.0.113.9"] * 500), "[2001:db8::7]:443", "", "\x00"):
        send(
            "GET with a malformed X-Forwarded-For", "GET", "/step/start/", headers={"X-Forwarded-For": header}
        )

    # Forms, as a browser would post them, with hostile values.
    browser = Browser(port, Recorder())
    browser.request("GET", "/step/start/")
    for data in ({"emergency": "\x00"}, {"\x00": "1"}, {"emergency": "x" * 60000}):
        response = browser.request("POST", "/step/start/", data)
        seen.append(("POST /step/start/ with a NUL or a long value", response.status, response.error))
    for username in ("a" * 256, "b" * 300, "c" * 5000, "nul\x00name", "é" * 200):
        admin = Browser(port, Recorder())
        admin.request("GET", "/admin/login/")
        response = admin.request(
            "POST", "/admin/login/?next=/admin/", {"username": username, "password": "x"}
        )
        seen.append(
            (
                "POST /admin/login/ with a 256+ character or NUL user name",
                response.status,
                response.error,
            )
        )

    # Deeply nested JSON in the admin's scenario import (signed in as a superuser).
    admin = Browser(port, Recorder())
    admin.request("GET", "/admin/login/")
    signed_in = admin.request(
        "POST", "/admin/login/?next=/admin/", {"username": "faults", "password": ADMIN_PASSWORD}
    )
    seen.append(("POST /admin/login/ (the superuser)", signed_in.status, signed_in.error))
    page = admin.request("GET", "/admin/triage/scenario/import/")
    seen.append(("GET /admin/triage/scenario/import/", page.status, page.error))
    for name, content in (
        ("deep-lists.json", b"[" * 100_000 + b"]" * 100_000),
        ("deep-objects.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
        ("long-number.json", b'{"n": ' + b"9" * 100_000 + b"}"),
        ("nul.json", b'{"code": "\\u0000"}'),
    ):
        body, content_type = multipart({"csrfmiddlewaretoken": admin.token}, [("files", name, content)])
        cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
        response = send(
            f"POST scenario import: {name}",
            "POST",
            "/admin/triage/scenario/import/",
            body,
            {"Cookie": cookie, "Content-Type": content_type, "Referer": f"http://{HOST}:{port}/"},
        )
        if response.status == 403:
            print(f"  (scenario import of {name} refused with 403: not reached)")

    statuses = collections.Counter(status for _, status, _ in seen)
    print(f"\n## Hostile input ({database.name}): {len(seen)} requests\n")
    print(f"- Answers by status: {describe(statuses)}")
    by_label: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for label, status, _ in seen:
        by_label[label][status] += 1
    for label, counts in by_label.items():
        print(f"  - {label}: {describe(counts)}")
    for label, status, error in seen:
        if status >= 500 or status == 0:
            print(f"- {status or error}: {label}")
            if status == 500:
                database.hostile_500s.append(label)


# --- d: nginx in front, slow clients --------------------------------------------------------------

# The shipped nginx file's example values and what they become on the loopback: (pattern, times found).
NGINX_LOCAL = [
    (r"server 10\.0\.0\.11:8000;", "server {host}:{app};", 1),
    (r"\n\s*server 10\.0\.0\.12:8000;", "", 1),
    (r"listen 443 ssl;", "listen {host}:{front};", 1),
    (r"\n\s*listen \[::\]:443 ssl;", "", 1),
    (r"\n\s*ssl_\w+ [^;]+;", "", 3),
    (r"listen 80;", "listen {host}:{redirect};", 1),
    (r"\n\s*listen \[::\]:80;", "", 1),
    (r"/srv/triage/staticfiles/", "{root}/staticfiles/", 1),
    (r"/var/log/nginx/triage\.access\.log", "{work}/nginx-access.log", 1),
    (r"/var/log/nginx/triage\.error\.log crit", "{work}/nginx-error.log warn", 1),
]


def nginx_config(workdir: Path, front: int, app: int) -> Path:
    """deploy/nginx/triage.conf with local ports and paths and no TLS, inside a minimal nginx.conf."""
    site = (ROOT / "deploy" / "nginx" / "triage.conf").read_text()
    values = {
        "host": HOST,
        "app": app,
        "front": front,
        "redirect": free_port(),
        "root": ROOT,
        "work": workdir,
    }
    for pattern, replacement, times in NGINX_LOCAL:
        site, found = re.subn(pattern, lambda _, r=replacement: r.format(**values), site)
        if found != times:
            raise SystemExit(f"deploy/nginx/triage.conf: {pattern!r} found {found} times, not {times}")
    (workdir / "nginx-site.conf").write_text(site)
    temp = workdir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    access_log off;
    include {workdir}/nginx-site.conf;
}}
"""
    conf = workdir / "nginx.conf"
    conf.write_text(main)
    return conf


def start_nginx(conf: Path, workdir: Path, front: int) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    base = [nginx, "-c", str(conf), "-p", str(workdir), "-e", str(workdir / "nginx-error.log")]
    subprocess.run([*base, "-t", "-q"], check=True)
    server = subprocess.Popen([*base, "-g", "daemon off;"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if fetch(front, "GET", "/health/live/").status == 200:
            return server
        time.sleep(0.2)
    raise SystemExit(f"nginx did not start; see {workdir / 'nginx-error.log'}")


def trickle(port: int, seconds: float, outcome: list, index: int) -> None:
    """One slow client: a POST whose body arrives one byte every 0.5 s for `seconds`, then the rest."""
    length = 4096
    started = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=45) as sock:
            sock.sendall(
                f"POST /step/start/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-"
                f"urlencoded\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n".encode()
            )
            sent = 0
            while time.monotonic() < started + seconds and sent < length - 1:
                sock.sendall(b"a")
                sent += 1
                time.sleep(0.5)
            sock.sendall(b"a" * (length - sent))
            answer = sock.recv(200).decode("latin-1")
            status = int(answer.split(" ", 2)[1]) if answer.startswith("HTTP/") else 0
            outcome[index] = (status, time.monotonic() - started, f"{sent} bytes trickled")
    except (OSError, ValueError, IndexError) as error:
        outcome[index] = (0, time.monotonic() - started, f"{type(error).__name__} after trickling")


def probe_while_trickling(port: int, label: str) -> dict:
    """Two trickling clients; meanwhile a page and /health/live/ are asked for every 0.2 s."""
    recorder = Recorder()
    done = threading.Event()
    start = time.monotonic()
    trickles_from = start + 2
    trickles_until = trickles_from + TRICKLE_SECONDS
    end = trickles_until + 2

    def probe() -> None:
        paths = ["/health/live/", "/step/start/"]
        n = 0
        while time.monotonic() < end and not done.is_set():
            began = time.monotonic()
            response = fetch(port, "GET", paths[n % 2])
            recorder.add(
                Event("probe", "GET", paths[n % 2], began, time.monotonic(), response.status, response.error)
            )
            n += 1
            time.sleep(max(0.0, began + 0.2 - time.monotonic()))

    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    time.sleep(max(0.0, trickles_from - time.monotonic()))
    outcome: list = [None, None]
    slow = [
        threading.Thread(target=trickle, args=(port, TRICKLE_SECONDS, outcome, i), daemon=True)
        for i in (0, 1)
    ]
    for thread in slow:
        thread.start()
    prober.join(timeout=end - time.monotonic() + CLIENT_TIMEOUT + 5)
    done.set()
    for thread in slow:
        thread.join(timeout=60)
    during = [e for e in recorder.events if trickles_from <= e.started < trickles_until]
    before = [e for e in recorder.events if e.started < trickles_from]
    waits = sorted(e.ended - e.started for e in during) or [0.0]
    result = {
        "label": label,
        "requests": len(during),
        "answered": sum(1 for e in during if e.status == 200),
        "statuses": collections.Counter(e.status for e in during),
        "median": statistics.median(waits),
        "worst": waits[-1],
        "over_1s": sum(1 for w in waits if w > 1),
        "before_worst": max((e.ended - e.started for e in before), default=0.0),
        "trickles": outcome,
    }
    print(
        f"- {label}: while two clients trickled a body for {TRICKLE_SECONDS:.0f} s, {result['requests']} "
        f"other requests, {result['answered']} answered 200 ({describe(result['statuses'])}); wait median "
        f"{result['median'] * 1000:.0f} ms, worst {result['worst']:.2f} s, {result['over_1s']} over 1 s "
        f"(worst before the trickles {result['before_worst'] * 1000:.0f} ms)"
    )
    for status, took, note in (o for o in outcome if o):
        print(f"    a trickling client got {status or 'no answer'} after {took:.1f} s ({note})")
    return result


def run_nginx(database: Database, workdir: Path) -> None:
    front = free_port()
    conf = nginx_config(workdir, front, database.port)
    server = start_nginx(conf, workdir, front)
    try:
        print(f"\n## nginx in front ({database.name}): deploy/nginx/triage.conf on {HOST}:{front}\n")
        page = fetch(front, "GET", "/step/start/")
        css = re.search(r'href="(/static/[^"]+\.css)"', page.body)
        if css:
            static = fetch(front, "GET", css.group(1), headers={"Accept-Encoding": "gzip"})
            print(
                f"- Static file from nginx: {static.status}, Server {static.headers.get('server', '?')}, "
                f"Cache-Control {static.headers.get('cache-control', 'none')!r}, "
                f"Content-Encoding {static.headers.get('content-encoding', 'none')}"
            )
            if static.status != 200:
                database.failed.append("nginx: static file not served")
        secret = str(uuid.uuid4())
        fetch(front, "GET", f"/results/{secret}/?in=x")
        fetch(front, "GET", f"/results/{secret}/summary.pdf")
        time.sleep(0.5)
        logged = (workdir / "nginx-access.log").read_text(errors="replace")
        found = "yes" if secret in logged else "no"
        print(f"- Access log: {len(logged.splitlines())} lines; the results id asked for in it: {found}")
        if secret in logged:
            database.failed.append("nginx access log holds a results id")
        via_nginx = probe_while_trickling(front, "Through nginx")
        direct = probe_while_trickling(database.port, "Straight to gunicorn (for comparison)")
        if via_nginx["answered"] < via_nginx["requests"] or via_nginx["over_1s"]:
            database.failed.append("slow clients held gunicorn workers behind nginx")
        database.people_statuses.update({500: via_nginx["statuses"][500] + direct["statuses"][500]})
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- the run ------------------------------------------------------------------------------------


def main() -> int:
    workdir = Path(os.environ.get("FAULTS_WORKDIR", ""))
    if not workdir.is_dir():
        raise SystemExit("Run scripts/faults.sh: it makes FAULTS_WORKDIR and cleans it up")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = set(RUNS) - {"outage", "nginx", "cpu", "hostile"} or set(DATABASES) - {"postgresql", "sqlite"}
    if unknown:
        raise SystemExit(f"Unknown FAULT_RUNS or FAULT_DATABASES: {', '.join(sorted(unknown))}")
    cluster = proxy = None
    databases: list[Database] = []
    secret_key = secrets.token_urlsafe(50)
    try:
        for name in DATABASES:
            if name == "postgresql":
                pg_port = PG_PORT if port_is_free(PG_PORT) else free_port()
                cluster = Cluster(workdir, pg_port)
                print(f"Throwaway PostgreSQL in {cluster.data} on {HOST}:{pg_port}", flush=True)
                cluster.create()
                proxy = HangingProxy(pg_port)
                database = Database(name, url=cluster.url())
                prepare(database, workdir, secret_key, cluster.url(proxy.port))
            else:
                database = Database(name, sqlite_path=workdir / "faults.sqlite3")
                prepare(database, workdir, secret_key, None)
            databases.append(database)

        # This process reads the knowledge (and checks the assessments) as the app would.
        first = databases[0]
        os.environ.update(server_env(first.url, secret_key, first.sqlite_path))
        os.environ["DJANGO_SETTINGS_MODULE"] = "triage.settings"
        sys.path.insert(0, str(ROOT / "scripts"))
        import django

        django.setup()
        from django.db import connection

        from triage.knowledge.published import get_knowledge

        knowledge = get_knowledge()
        connection.close()

        for database in databases:
            if "outage" in RUNS and database.name == "postgresql":
                run_outage(database, cluster, proxy, knowledge)
            if "cpu" in RUNS:
                run_cpu(database, knowledge, workdir)
            if "hostile" in RUNS:
                run_hostile(database)
            if "nginx" in RUNS and database is first:
                run_nginx(database, workdir)

        print("\n## Totals\n")
        failed = False
        for database in databases:
            stop_gunicorn(database.server, database.pidfile)
            database.server = None
            verdict = check_database(database.submissions, knowledge, assessment_rows(database))
            log_500s = server_log_500s(database.log)
            logged = sum(n for (status, _), n in log_500s.items() if status == 500)
            seen = database.people_statuses.get(500, 0) + len(database.hostile_500s)
            five_hundreds = max(seen, logged)
            print(
                f"### {database.name}\n\n- Questionnaires started {verdict['submissions']}, sent to a "
                f"results URL {verdict['with_url']}, results page shown {verdict['shown']}; assessments "
                f"in the database {verdict['assessments']}"
            )
            print(
                f"- Lost {verdict['lost']}, duplicated {verdict['duplicated']}, no person accounts for "
                f"{verdict['unaccounted']}, claimed by two people {verdict['claimed_twice']}, saved but the "
                f"person never saw the results page (run ended) {verdict['saved_not_shown']}"
            )
            if verdict["problems"]:
                print(f"- Questionnaires that stopped on an unexpected answer: {dict(verdict['problems'])}")
            print(f"- Server log, 5xx by exception: {dict(log_500s) or 'none'}")
            for (exception, route), stack in server_log_500_frames(database.log).items():
                print(f"- A 500 ({exception}) on {route}, innermost frames last:")
                for frame in stack[-12:]:
                    print(f"    {frame}")
            if verdict["lost"] or verdict["duplicated"] or verdict["unaccounted"]:
                database.failed.append("assessments lost, duplicated or unaccounted for")
            if five_hundreds:
                database.failed.append("500 responses")
            print(
                f"\n**{database.name}: {five_hundreds} x 500, {verdict['lost']} lost, "
                f"{verdict['duplicated']} duplicated**"
                + (
                    ""
                    if database.cpu_503s is None
                    else f" ({database.cpu_503s} x 503 in the CPU-starved run)"
                )
                + " "
                + ("(FAILED: " + "; ".join(database.failed) + ")" if database.failed else "(passed)")
                + "\n"
            )
            failed = failed or bool(database.failed)
        print("Result:", "FAILED" if failed else "passed")
        return 1 if failed else 0
    finally:
        for database in databases:
            stop_gunicorn(database.server, database.pidfile)
        if proxy is not None:
            proxy.close()
        if cluster is not None and cluster.is_running():
            cluster.stop("immediate")


if __name__ == "__main__":
    sys.exit(main())
