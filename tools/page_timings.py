"""In-process timings and HTML snapshots of the public pages, for speed work.

    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python manage.py migrate
    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python manage.py load_knowledge
    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python tools/page_timings.py time [REPEATS]
    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python tools/page_timings.py calls [REPEATS]
    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python tools/page_timings.py snapshot DIR
    SQLITE_PATH=/tmp/speed.sqlite3 .venv/bin/python tools/page_timings.py profile "GET /step/pattern/"
    SQLITE_PATH=/tmp/speed.sqlite3 valgrind --tool=callgrind --callgrind-out-file=DIR/out.%p \
        .venv/bin/python tools/page_timings.py instructions [REPEATS]
    .venv/bin/python tools/page_timings.py instructions-report DIR [BEFORE_DIR]

Django's test client against a throwaway SQLite database, DEBUG off and LOG_LEVEL=WARNING: not the
gunicorn benchmark, but a fair before/after comparison within one run on a busy machine. Under
valgrind (apt-get install valgrind), `instructions` counts the CPU instructions of each page: the
same on an idle or a busy machine, so two commits can be compared to the percent (`time` and the
gunicorn benchmark move by ±20% between runs here; valgrind makes each request about 50 times
slower). Snapshots hold every page's HTML (GET, a validation error, a follow-up shown, the HTMX
partials) with the per-request tokens masked, so two snapshot folders can be compared with `diff -r`.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triage.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("DEBUG", None)
if sys.argv[1:2] == ["instructions"]:
    os.environ["REQUEST_TIMEOUT"] = "0"  # valgrind is slow: the 503 timer must not fire

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from tests.helpers import CALM, HTMX, answer_steps, with_changes  # noqa: E402

Request = Callable[[], object]


def person() -> Client:
    """A browser that has answered the region question (the first screen asks it): the United Kingdom."""
    client = Client()
    client.cookies["region"] = "gb"
    return client


def finished_client() -> Client:
    client = person()
    answer_steps(client, CALM)
    return client


def requests() -> dict[str, Request]:
    """Each page the benchmark measures, from a session that has answered every step."""
    client = finished_client()
    results = finished_client().post("/check/")["Location"]
    pages: dict[str, Request] = {"GET /health/live/": lambda: client.get("/health/live/")}
    for code, data in CALM.items():
        pages[f"GET /step/{code}/"] = lambda code=code: client.get(f"/step/{code}/")
        pages[f"POST /step/{code}/"] = lambda code=code, data=data: client.post(f"/step/{code}/", data)
    pages["GET /check/"] = lambda: client.get("/check/")
    pages["GET /results/"] = lambda: client.get(results)
    pages["GET /results/print/"] = lambda: client.get(f"{results}print/")
    return pages


def time_pages(repeats: int) -> None:
    pages = requests()
    base = None
    print(f"{'page':<28} {'ms':>7} {'ratio':>6}")
    for name, call in pages.items():
        for _ in range(20):
            call()
        best = []
        # CPU time, the best of five runs: other work on the machine adds noise to wall-clock time.
        for _ in range(5):
            started = time.process_time()
            for _ in range(repeats):
                call()
            best.append((time.process_time() - started) / repeats * 1000)
        ms = min(best)
        base = base or ms
        print(f"{name:<28} {ms:7.3f} {base / ms:6.0%}")


def count_calls(repeats: int) -> None:
    """Python function calls per request: a proxy for CPU work that a busy machine cannot blur."""
    import cProfile
    import pstats

    for name, call in requests().items():
        for _ in range(5):
            call()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeats):
            call()
        profiler.disable()
        print(f"{name:<28} {pstats.Stats(profiler).total_calls // repeats:>8}")


def count_instructions(repeats: int) -> None:
    """Run under callgrind: one dump of the counters per page, named after it (see the docstring)."""
    import subprocess

    def dump(label: str) -> None:
        command = ["callgrind_control", "--dump=" + label.replace(" ", "_"), str(os.getpid())]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    import gc

    pages = requests()
    for call in pages.values():
        call()
    dump("set-up")
    for name, call in pages.items():
        # Each page starts from a collected heap: otherwise a full garbage collection that the pages
        # before it brought due lands in this page's count, and moves when the knowledge grows.
        gc.collect()
        dump(f"collect before {name}")
        for _ in range(repeats):
            call()
        dump(f"{name} x{repeats}")


def instructions(folder: Path) -> dict[str, float]:
    """Millions of instructions per request of each page dumped in `folder`."""
    found = {}
    # In the order the pages were dumped (out.PID.1, out.PID.2, ...).
    for path in sorted(folder.glob("out.*.*"), key=lambda p: int(p.suffix[1:])):
        text = path.read_text()
        label = re.search(r"^desc: Trigger: .*?'?([A-Z]+_\S+)_x(\d+)'?$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if label and total:
            found[label[1].replace("_", " ")] = int(total[1]) / int(label[2]) / 1e6
    return found


def report_instructions(folder: Path, before: Path | None) -> None:
    after = instructions(folder)
    earlier = instructions(before) if before else {}
    for name, count in after.items():
        change = f"{count / earlier[name] - 1:+7.1%}" if name in earlier else ""
        was = f"{earlier[name]:9.2f}" if name in earlier else ""
        print(f"{name:<28} {was} {count:9.2f} M {change}")


def masked(html: str) -> str:
    html = re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", html)
    html = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1TOKEN", html)
    html = re.sub(r'(name="_submission" value=")[^"]+', r"\1TOKEN", html)
    html = re.sub(r"/results/[0-9a-f-]{36}/", "/results/ID/", html)
    html = re.sub(r"Reference [0-9a-f]{8}", "Reference ID", html)
    html = re.sub(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", "REFERENCE", html)
    html = re.sub(r"\d\d:\d\d", "HH:MM", html)
    # Whitespace may differ; everything else must not.
    return re.sub(r"\s+", " ", html).replace("> <", ">\n<")


def snapshot(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}

    def keep(name: str, response) -> None:
        pages[name] = f"{response.status_code}\n{masked(response.content.decode())}"

    client = person()
    for code, data in CALM.items():
        keep(f"get-{code}-fresh", client.get(f"/step/{code}/"))
        keep(f"get-{code}-fresh-htmx", client.get(f"/step/{code}/", **HTMX))
        keep(f"post-{code}-empty", client.post(f"/step/{code}/", {}))
        keep(f"post-{code}-empty-htmx", client.post(f"/step/{code}/", {}, **HTMX))
        keep(f"check-{code}-live", client.post(f"/step/{code}/check/", data, **HTMX))
        client.post(f"/step/{code}/", data)
        keep(f"get-{code}-answered", client.get(f"/step/{code}/"))
        keep(f"get-{code}-change", client.get(f"/step/{code}/?change=1"))
    # Follow-ups: answers that reveal extra questions, before and after the person has seen them.
    about = {"age": "age-40-49", "sex": "sex-female", "known-conditions": ["known-none"]}
    keep("post-about-followup", client.post("/step/about/", about))
    keep("post-about-followup-htmx", client.post("/step/about/", about, **HTMX))
    keep("check-about-followup", client.post("/step/about/check/", about, **HTMX))
    keep(
        "check-about-hide", client.post("/step/about/check/", {**CALM["about"], "_shown": "pregnant"}, **HTMX)
    )
    keep("post-about-followup-seen", client.post("/step/about/", {**about, "_shown": "pregnant"}))
    weak = {"symptoms": ["sym-weakness", "sym-cramps"], "_shown": ["weakness-detail", "cramp-detail"]}
    keep("post-symptoms-followup-missing", client.post("/step/symptoms/", weak))
    keep("post-symptoms-followup-missing-htmx", client.post("/step/symptoms/", weak, **HTMX))
    keep(
        "check-medicines-followup",
        client.post("/step/medicines/check/", {"medicines": ["med-statin"]}, **HTMX),
    )
    keep(
        "post-medicines-exclusive", client.post("/step/medicines/", {"medicines": ["med-statin", "med-none"]})
    )
    for code in ("symptoms", "location", "pattern", "medicines"):
        data = {**CALM[code]}
        keep(f"post-{code}-badchoice", client.post(f"/step/{code}/", {**data, next(iter(data)): "nope"}))
    keep("get-check", client.get("/check/"))
    keep("get-check-htmx", client.get("/check/", **HTMX))
    keep("get-start", client.get("/"))
    results = client.post("/check/")["Location"]
    keep("get-results", client.get(results))
    keep("get-results-htmx", client.get(results, **HTMX))
    keep("get-print", client.get(f"{results}print/"))
    weakness = {
        "symptoms": ["sym-weakness", "sym-cramps"],
        "weakness-detail": ["weak-none"],
        "cramp-detail": ["cramp-night"],
        "_shown": ["weakness-detail", "cramp-detail"],
    }
    urgent = person()
    # New weakness asks how fast it came on, at the general step.
    general = {**CALM["general"], "serious-speed": "speed-weeks", "_shown": ["serious-speed"]}
    answer_steps(urgent, with_changes(symptoms=weakness, general=general))
    keep("get-symptoms-weakness", urgent.get("/step/symptoms/"))
    keep("get-check-weakness", urgent.get("/check/"))
    location = urgent.post("/check/")["Location"]
    keep("get-results-weakness", urgent.get(location))
    keep("get-print-weakness", urgent.get(location + "print/"))
    emergency = person()
    keep("post-start-emergency", emergency.post("/step/start/", {"emergency-signs": ["em-seizure"]}))
    keep(
        "get-results-emergency",
        emergency.get(emergency.post("/step/start/", {"emergency-signs": ["em-seizure"]})["Location"]),
    )
    for name, text in pages.items():
        (folder / f"{name}.html").write_text(text)
    print(f"{len(pages)} pages in {folder}")


def profile(name: str, repeats: int = 300) -> None:
    import cProfile
    import pstats

    call = requests()[name]
    for _ in range(20):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "time"
    if command == "time":
        time_pages(int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    elif command == "calls":
        count_calls(int(sys.argv[2]) if len(sys.argv) > 2 else 20)
    elif command == "snapshot":
        snapshot(Path(sys.argv[2]))
    elif command == "profile":
        profile(sys.argv[2])
    elif command == "instructions":
        count_instructions(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    elif command == "instructions-report":
        report_instructions(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
    else:
        raise SystemExit(__doc__)
