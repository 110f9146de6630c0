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
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PEOPLE = int(os.environ.get("FAULT_PEOPLE", "16"))
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "10"))
WARMUP_SECONDS = float(os.environ.get("FAULT_WARMUP_SECONDS", "15"))
RECOVERY_SECONDS = float(os.environ.get("FAULT_RECOVERY_SECONDS", "25"))
PG_PORT = int(os.environ.get("FAULT_PG_PORT", "5440"))
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


def server_env(database_url: str, secret_key: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SQLITE_PATH"}},
        "DJANGO_ENV": "production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback, as in the benchmark.
        "SECURE_SSL_REDIRECT": "false",
        # Every simulated person comes from 127.0.0.1: the per-address rate limits would refuse them.
        "RATE_LIMIT_POSTS": "",
        "RATE_LIMIT_ASSESSMENTS": "",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "INFO",
    }


def start_gunicorn(env: dict[str, str], port: int, log: Path, pidfile: Path) -> subprocess.Popen:
    # The deployment's command line (README, Deployment), on the loopback.
    command = [
        GUNICORN, "triage.wsgi", "--workers", "2", "--worker-class", "sync", "--timeout", "30",
        "--graceful-timeout", "10", "--bind", f"{HOST}:{port}", "--no-control-socket",
        "--error-logfile", str(log),
    ]  # fmt: skip
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


def check_database(submissions: list[Submission], knowledge) -> dict:
    """Every results URL against the assessments table; each submission's rows found by the URLs it
    was sent to and by the idempotency key of each session it had with the answers it gave."""
    from triage import engine
    from triage.models import Assessment
    from triage.questionnaire.submission import submission_key

    rows = {str(pk): key for pk, key in Assessment.objects.values_list("pk", "submission_key")}
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


# --- the run ------------------------------------------------------------------------------------


def main() -> int:
    workdir = Path(os.environ.get("FAULTS_WORKDIR", ""))
    if not workdir.is_dir():
        raise SystemExit("Run scripts/faults.sh: it makes FAULTS_WORKDIR and cleans it up")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = PG_PORT if port_is_free(PG_PORT) else free_port()
    cluster = Cluster(workdir, port)
    proxy = server = None
    pidfile = workdir / "gunicorn.pid"
    try:
        print(f"Throwaway PostgreSQL in {cluster.data} on {HOST}:{port}", flush=True)
        cluster.create()
        secret_key = secrets.token_urlsafe(50)
        direct = server_env(cluster.url(), secret_key)
        for args in (["migrate", "--noinput"], ["load_knowledge"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [PYTHON, "manage.py", *args], cwd=ROOT, env=direct, check=True, stdout=subprocess.DEVNULL
            )

        os.environ.update(
            {k: direct[k] for k in ("DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")}
        )
        os.environ["SECURE_SSL_REDIRECT"] = "false"
        os.environ["DJANGO_SETTINGS_MODULE"] = "triage.settings"
        sys.path.insert(0, str(ROOT / "scripts"))
        import django

        django.setup()
        from django.db import connection

        from triage.knowledge.published import get_knowledge

        knowledge = get_knowledge()
        connection.close()

        proxy = HangingProxy(port)
        app_port = free_port()
        server = start_gunicorn(
            server_env(cluster.url(proxy.port), secret_key), app_port, workdir / "gunicorn.log", pidfile
        )
        print(f"gunicorn on {HOST}:{app_port} (2 sync workers), database through the proxy on {proxy.port}")

        recorder, submissions, lock = Recorder(), [], threading.Lock()
        started = time.monotonic()
        load_until = started + WARMUP_SECONDS + 2 * (FAULT_SECONDS + RECOVERY_SECONDS)
        finish_until = load_until + FINISH_GRACE
        threads = [
            threading.Thread(
                target=person,
                args=(app_port, knowledge, seed, load_until, finish_until, recorder, submissions, lock),
                daemon=True,
            )
            for seed in range(PEOPLE)
        ]
        done = threading.Event()
        monitors = [
            threading.Thread(
                target=poll, args=(app_port, path, who, every, finish_until, done, recorder), daemon=True
            )
            for path, who, every in (("/health/", "health", 0.5), ("/health/live/", "live", 0.25))
        ]
        for thread in threads + monitors:
            thread.start()
        print(f"{PEOPLE} people answering questionnaires for {load_until - started:.0f} s", flush=True)

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
        print(f"\n## Fault run: {PEOPLE} people, {elapsed:.0f} s, {len(people_events)} requests")
        print(
            "gunicorn 2 sync workers, DJANGO_ENV=production; REQUEST_TIMEOUT 5 s, "
            "DATABASE_CONNECT_TIMEOUT 3 s, DATABASE_OUTAGE_SECONDS 3 s (defaults)"
        )
        ends = [b for _, b, _ in faults[1:]] + [load_until]
        reports = [fault_report(n, b, e, u, events) for (n, b, e), u in zip(faults, ends, strict=True)]
        if os.environ.get("FAULTS_EVENTS"):
            # Every request's timing, and the server's log, for a closer look.
            shutil.copy(workdir / "gunicorn.log", os.environ["FAULTS_EVENTS"] + ".gunicorn.log")
            with open(os.environ["FAULTS_EVENTS"], "w") as out:
                for event in events:
                    row = {
                        **event.__dict__,
                        "started": event.started - started,
                        "ended": event.ended - started,
                    }
                    out.write(json.dumps(row) + "\n")
                for name, b, e in faults:
                    out.write(json.dumps({"fault": name, "began": b - started, "ended": e - started}) + "\n")

        verdict = check_database(list(submissions), knowledge)
        connection.close()
        all_statuses = collections.Counter(e.status for e in people_events)
        log_500s = server_log_500s(workdir / "gunicorn.log")
        print("\n### Assessments\n")
        print(
            f"- Questionnaires started {verdict['submissions']}, sent to a results URL "
            f"{verdict['with_url']}, results page shown {verdict['shown']}; "
            f"assessments in the database {verdict['assessments']}"
        )
        print(f"- Lost (results URL with no assessment): {verdict['lost']}")
        print(f"- Duplicated (more than one assessment for one submission): {verdict['duplicated']}")
        print(
            f"- Assessments no person accounts for: {verdict['unaccounted']}; "
            f"claimed by two people: {verdict['claimed_twice']}"
        )
        print(f"- Saved but the person never saw the results page (run ended): {verdict['saved_not_shown']}")
        if verdict["problems"]:
            print(f"- Questionnaires that stopped on an unexpected answer: {dict(verdict['problems'])}")
        print(f"- Whole run, people's requests by status: {describe(all_statuses)}")
        print(f"- Server log, 5xx by exception: {dict(log_500s) or 'none'}")
        if stuck:
            print(f"- Threads still running at the end: {stuck}")

        failed = []
        if verdict["lost"] or verdict["duplicated"] or verdict["unaccounted"]:
            failed.append("assessments lost, duplicated or unaccounted for")
        if all_statuses.get(500) or any(status == 500 for status, _ in log_500s):
            failed.append("500 responses")
        if any(r["health_503_after_s"] is None for r in reports):
            failed.append("/health/ never reported 503")
        if any(r["recovered_s"] is None for r in reports):
            failed.append("no recovery")
        print("\nResult:", "FAILED: " + "; ".join(failed) if failed else "passed")
        return 1 if failed else 0
    finally:
        stop_gunicorn(server, pidfile)
        if proxy is not None:
            proxy.close()
        if cluster.is_running():
            cluster.stop("immediate")


if __name__ == "__main__":
    sys.exit(main())
