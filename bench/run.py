"""Benchmarks: page latency and queries per page at 1 000 and 100 000 requests, on SQLite and
PostgreSQL, against a bare-route baseline; the reminder sweep; letter rendering; registration
throughput over HTTP (gunicorn, 2 workers, 20 concurrent clients). Prints a table and writes
bench/results.json.   Run: make bench   (BENCH_DATABASE_URL: PostgreSQL; BENCH_SIZES: 1000,100000)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="zapyt-bench-"))
os.environ.setdefault("INSTANCE_PATH", str(WORK))
os.environ.setdefault("SECRET_KEY", "bench-only")

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

PG = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "30"))
PASSWORD = "bench password 1234"
TARGETS = {"p95_ms": 150, "ratio": 5, "growth": 2, "queries": 12, "sweep_s": 2,
           "docx_per_s": 20, "pdf_per_s": 3, "registrations_per_s": 100}


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def build(url: str, size: int):
    """A migrated database holding ``size`` generated requests and a bench admin."""
    reset(url)
    app = create_app("config.Config", SQLALCHEMY_DATABASE_URI=url, LOGIN_RATE_LIMIT="10000 per second")
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        from tracker.auth.operations import create_user
        from tracker.maintenance.generate import generate
        create_user(None, email="bench@zapyt.example", name="Бенч Адмін", role="admin",
                    password=PASSWORD)
        started = time.monotonic()
        generate(size, seed=7)
        db.session.commit()
        load_s = time.monotonic() - started
    return app, load_s


def measure_pages(app, size: int) -> dict:
    @app.route("/_bench/baseline")
    def baseline():  # one indexed SELECT on the same database, nothing else
        value = db.session.execute(text("SELECT id FROM requests WHERE id = :i"),
                                   {"i": 1 + size // 2}).scalar()
        return {"id": value}

    queries = {"n": 0}

    def count(*args):
        queries["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    # No app context held here: each request gets its own, as in production.
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "bench@zapyt.example", "password": PASSWORD,
                                "csrf_token": token})
    mid = 1 + size // 2
    year = dt.date.today().year
    pages = {
        "baseline": "/_bench/baseline",
        "dashboard": "/",
        "list": "/requests",
        "list_filtered": "/requests?status=answered&channel=email",
        "list_search": "/requests?q=ремонт",
        "request": f"/requests/{mid}",
        "report": f"/reports/?from={year}-01-01&to={year}-12-31",
    }
    out = {}
    for name, url in pages.items():
        for _ in range(3):  # warm caches
            assert client.get(url).status_code == 200, (name, url)
        times, counts = [], []
        for _ in range(ITERATIONS):
            queries["n"] = 0
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(queries["n"])
            assert response.status_code == 200
        out[name] = {"p50_ms": round(statistics.median(times), 2),
                     "p95_ms": round(percentile(times, 0.95), 2),
                     "queries": max(counts)}
    event.remove(engine, "before_cursor_execute", count)
    base = out["baseline"]["p50_ms"]
    for name, row in out.items():
        row["ratio"] = round(row["p95_ms"] / base, 1) if base else None
    return out


def measure_sweep(app, all_open: bool = False) -> dict:
    """The reminder sweep over the open requests as generated, or (``all_open``) with every
    request made open and due from five days ago to 25 days ahead: the first sweep queues
    what is due, the second (as every 15 minutes after) finds it all queued already."""
    from sqlalchemy import func, select, update

    from tracker.register.models import OPEN_STATUSES, Request, Status
    from tracker.reminders.sweep import queue_reminders
    with app.app_context():
        if all_open:
            today = dt.date.today()
            for k in range(30):
                day = today + dt.timedelta(days=k - 5)
                db.session.execute(update(Request).where(Request.id % 30 == k).values(
                    status=Status.IN_PROGRESS, due_date=day, standard_due_date=day,
                    due_at=None, urgent=False))
            db.session.commit()
        open_requests = db.session.scalar(select(func.count(Request.id)).where(
            Request.status.in_(OPEN_STATUSES)))
        started = time.perf_counter()
        queued = queue_reminders()
        seconds = time.perf_counter() - started
        db.session.commit()
        started = time.perf_counter()
        queue_reminders()
        again = time.perf_counter() - started
        db.session.rollback()
    return {"open_requests": open_requests, "queued": queued, "seconds": round(seconds, 3),
            "repeat_seconds": round(again, 3)}


def measure_letters(app) -> dict:
    from tracker.letters import compose
    from tracker.letters.operations import council
    from tracker.letters.render.docx import render_docx
    from tracker.letters.render.pdf import render_pdf
    from decimal import Decimal
    with app.test_request_context():
        common = compose.Common(council=council(), today=dt.date.today(), number="25/К-170із",
                                signatory=compose.Person("Наталія Чиж", "Секретар міської ради"),
                                executor=compose.Person("Ірина Коваль", "Начальник", "48-11-85"),
                                signature="Наталія ЧИЖ")
        info = compose.RequestInfo("25/К-170із", dt.date.today(), "Інформація про PR-заходи",
                                   "Красновська Я.", "Красновській Я.", ["e-mail: ya@example.org"])
        records = [compose.RecordInfo(f"Захід {i}", "Проведено 8 рекламних кампаній на радіо. " * 3,
                                      "Радіо", 1, Decimal("80000.00"), Decimal("73563.61"),
                                      "Ефективна влада", "9 місяців 2018 року")
                   for i in range(10)]
        content = compose.compose_answer(common, info, records)
        render_pdf(content)  # fonts loaded once
        started = time.perf_counter()
        for _ in range(40):
            render_docx(content)
        docx_rate = 40 / (time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(10):
            render_pdf(content)
        pdf_rate = 10 / (time.perf_counter() - started)
    return {"docx_per_s": round(docx_rate, 1), "pdf_per_s": round(pdf_rate, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_registration(app, url: str, total: int = 1000, clients: int = 20) -> dict:
    """POST /api/v1/requests over HTTP to gunicorn (2 workers) from 20 threads."""
    with app.app_context():
        from sqlalchemy import select

        from tracker.auth.models import User
        from tracker.auth.operations import issue_token
        token = issue_token(None, db.session.scalar(select(User).where(
            User.email == "bench@zapyt.example")))
        db.session.commit()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url}
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-w", "2",
                               "-b", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        today = dt.datetime.now().astimezone().replace(microsecond=0)
        body = json.dumps({"requester": {"name": "Навантаження Тест", "category": "individual",
                                         "email": "load@example.org"}, "channel": "email",
                           "received_at": today.isoformat(), "subject": "Запит під навантаженням",
                           "text": "Перевірка пропускної здатності."}).encode()
        numbers, errors, lock = [], [], threading.Lock()
        per_client = total // clients

        def client():
            for _ in range(per_client):
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/requests", data=body, method="POST",
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        number = json.loads(response.read())["registration_number"]
                    with lock:
                        numbers.append(number)
                except Exception as exc:  # noqa: BLE001 — counted and reported
                    with lock:
                        errors.append(repr(exc)[:200])

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        [t.start() for t in threads]
        [t.join() for t in threads]
        seconds = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    return {"requests": len(numbers), "errors": len(errors), "seconds": round(seconds, 2),
            "per_s": round(len(numbers) / seconds, 1), "distinct_indexes": len(set(numbers)),
            "no_index_repeats": len(set(numbers)) == len(numbers), "sample_errors": errors[:3]}


def run_engine(label: str, url_for_size) -> dict:
    results = {}
    for size in SIZES:
        url = url_for_size(size)
        print(f"[{label} {size}] generating…", flush=True)
        app, load_s = build(url, size)
        print(f"[{label} {size}] loaded in {load_s:.1f} s; measuring pages…", flush=True)
        entry = {"load_seconds": round(load_s, 1), "pages": measure_pages(app, size),
                 "sweep": measure_sweep(app)}
        if size == max(SIZES):
            print(f"[{label} {size}] sweep with every request open…", flush=True)
            entry["sweep_all_open"] = measure_sweep(app, all_open=True)
            if label == "postgresql":
                print(f"[{label} {size}] registration over HTTP…", flush=True)
                entry["registration"] = measure_registration(app, url)
        with app.app_context():
            db.engine.dispose()
        results[str(size)] = entry
    return results


def table(results: dict) -> str:
    lines = ["| engine | requests | page | p50 ms | p95 ms | × baseline | queries |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for engine, sizes in results["engines"].items():
        for size, entry in sizes.items():
            for page, row in entry["pages"].items():
                lines.append(f"| {engine} | {int(size):,} | {page} | {row['p50_ms']} | "
                             f"{row['p95_ms']} | {row['ratio']} | {row['queries']} |".replace(",", " "))
    lines.append("")
    lines.append("| engine | requests | load s | open requests | sweep s (queued) "
                 "| repeat sweep s |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for engine, sizes in results["engines"].items():
        for size, entry in sizes.items():
            for s in filter(None, (entry["sweep"], entry.get("sweep_all_open"))):
                lines.append(f"| {engine} | {int(size):,} | {entry['load_seconds']} | "
                             f"{s['open_requests']:,} | {s['seconds']} ({s['queued']:,}) | "
                             f"{s['repeat_seconds']} |".replace(",", " "))
    r = results["letters"]
    lines += ["", f"Letters: DOCX {r['docx_per_s']}/s, PDF {r['pdf_per_s']}/s."]
    reg = results.get("registration")
    if reg:
        lines.append(f"Registration over HTTP (gunicorn -w 2, 20 clients, PostgreSQL): "
                     f"{reg['per_s']}/s, {reg['requests']} requests, {reg['errors']} errors, "
                     f"index repeats: {'none' if reg['no_index_repeats'] else 'YES'}.")
    return "\n".join(lines)


def check(results: dict) -> list[str]:
    """Each target, met or missed by how much."""
    out = []
    big, small = str(max(SIZES)), str(min(SIZES))
    for engine, sizes in results["engines"].items():
        for page, row in sizes[big]["pages"].items():
            if page == "baseline":
                continue
            growth = row["p50_ms"] / sizes[small]["pages"][page]["p50_ms"]
            for name, value, target in (("p95 ms", row["p95_ms"], TARGETS["p95_ms"]),
                                        ("× baseline", row["ratio"], TARGETS["ratio"]),
                                        ("p50 growth", round(growth, 2), TARGETS["growth"]),
                                        ("queries", row["queries"], TARGETS["queries"])):
                if value > target:
                    out.append(f"MISS {engine} {page}: {name} {value} > {target}")
            if row["queries"] != sizes[small]["pages"][page]["queries"]:
                out.append(f"MISS {engine} {page}: queries differ with size")
        for key in ("sweep", "sweep_all_open"):
            s = sizes[big].get(key)
            for name in ("seconds", "repeat_seconds"):
                if s and s[name] > TARGETS["sweep_s"]:
                    out.append(f"MISS {engine} {key} ({s['open_requests']} open, "
                               f"{'first' if name == 'seconds' else 'repeat'} run, "
                               f"{s['queued'] if name == 'seconds' else 0} queued): "
                               f"{s[name]} s > 2 s")
    if results["letters"]["docx_per_s"] < TARGETS["docx_per_s"]:
        out.append(f"MISS DOCX {results['letters']['docx_per_s']}/s < 20/s")
    if results["letters"]["pdf_per_s"] < TARGETS["pdf_per_s"]:
        out.append(f"MISS PDF {results['letters']['pdf_per_s']}/s < 3/s")
    reg = results.get("registration")
    if reg and (reg["per_s"] < TARGETS["registrations_per_s"] or not reg["no_index_repeats"]):
        out.append(f"MISS registration {reg['per_s']}/s (target 100/s), repeats: "
                   f"{not reg['no_index_repeats']}")
    return out


def main() -> None:
    engines = {"sqlite": lambda size: f"sqlite:///{WORK / f'bench-{size}.db'}",
               "postgresql": lambda size: PG}
    if os.environ.get("BENCH_ENGINES"):
        engines = {k: v for k, v in engines.items() if k in os.environ["BENCH_ENGINES"].split(",")}
    results = {"machine": {"cpu": _cpu(), "cores": os.cpu_count(), "python": platform.python_version(),
                           "system": platform.platform(), "date": dt.date.today().isoformat()},
               "iterations": ITERATIONS, "targets": TARGETS, "engines": {}}
    for label, url_for in engines.items():
        results["engines"][label] = run_engine(label, url_for)
        if label == "postgresql":
            results["registration"] = results["engines"][label][str(max(SIZES))].pop(
                "registration", None)
    app = create_app("config.Config", SQLALCHEMY_DATABASE_URI=f"sqlite:///{WORK / 'letters.db'}")
    results["letters"] = measure_letters(app)
    results["misses"] = check(results)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(table(results))
    print("\n" + ("\n".join(results["misses"]) or "All targets met."))
    shutil.rmtree(WORK, ignore_errors=True)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
