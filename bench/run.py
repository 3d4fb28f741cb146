"""Benchmarks: page latency and queries per page at 1 000, 100 000 and 1 000 000 requests on
PostgreSQL (SQLite up to 100 000), the growth from the smallest size to the largest, the
reminder sweep's first run at 100 000 open requests, letter rendering and registration
throughput over HTTP (gunicorn, 2 workers, 20 concurrent clients). Prints a table, writes
bench/results.json and exits 1 when a target is missed.   Run: make bench

Environment: BENCH_DATABASE_URL (PostgreSQL; emptied), BENCH_SIZES (1000,100000,1000000),
BENCH_SQLITE_MAX (100000), BENCH_ENGINES (sqlite,postgresql), BENCH_ITERATIONS (30),
BENCH_REUSE=1 (keep a PostgreSQL database that already holds the size: for tuning only).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="zapyt-bench-"))
os.environ.setdefault("INSTANCE_PATH", str(WORK))
os.environ.setdefault("SECRET_KEY", "bench-only")

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

from throughput import measure_letters, measure_registration  # noqa: E402
from verdict import TARGETS, check, table  # noqa: E402

PG = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "1000,100000,1000000").split(",")]
SQLITE_MAX = int(os.environ.get("BENCH_SQLITE_MAX", "100000"))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "30"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
#: Activity records generated with n requests (the record picker searches them).
RECORDS = 100_000
#: The council settings' shared read (see measure_pages).
SHARED_SETTINGS_READ = "SELECT council_settings.key, council_settings.value"
#: The first sweep is measured with this many requests open.
SWEEP_OPEN = 100_000
PASSWORD = "bench password 1234"

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


def _holds(app, size: int) -> bool:
    from tracker.register.models import Request
    try:
        with app.app_context():
            return db.session.scalar(select(func.count(Request.id))) == size
    except Exception:  # noqa: BLE001 — no tables yet
        return False


def build(url: str, size: int):
    """A migrated database holding ``size`` generated requests and a bench admin; the
    seconds to load (generate, derived indexes) and to vacuum and analyse."""
    app = create_app("config.Config", SQLALCHEMY_DATABASE_URI=url, LOGIN_RATE_LIMIT="10000 per second")
    if REUSE and url.startswith("postgresql") and _holds(app, size):
        return app, {"reused": True}
    reset(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        from tracker.auth.operations import create_user
        from tracker.maintenance.generate import generate, rebuild_derived
        create_user(None, email="bench@zapyt.example", name="Бенч Адмін", role="admin",
                    password=PASSWORD)
        started = time.monotonic()
        generate(size, seed=7, records=min(size, RECORDS), progress=_progress, derived=False)
        db.session.commit()
        load_s = time.monotonic() - started
        started = time.monotonic()
        derived = rebuild_derived(db.session)  # the search index, the report summary
        db.session.commit()
        derived_s = time.monotonic() - started
        started = time.monotonic()
        # What autovacuum would do within minutes; without it the planner guesses blind
        # and index-only scans read the heap.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if url.startswith("postgresql") else "ANALYZE"))
        vacuum_s = time.monotonic() - started
    return app, {"load_seconds": round(load_s, 1), "derived_seconds": round(derived_s, 1),
                 "derived": derived, "vacuum_seconds": round(vacuum_s, 1),
                 "sizes_mb": _table_sizes(app) if url.startswith("postgresql") else {}}


def _table_sizes(app) -> dict:
    """The largest tables with their indexes, in MB (docs/deploy.md: beyond one machine)."""
    with app.app_context():
        rows = db.session.execute(text(
            "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables "
            "ORDER BY 2 DESC LIMIT 8")).all()
        total = db.session.scalar(text("SELECT pg_database_size(current_database())"))
    return {"database": round(total / 2**20), **{name: round(n / 2**20) for name, n in rows}}


def _progress(done: int, total: int) -> None:
    if done % 100_000 == 0 and done < total:
        print(f"  {done:,} / {total:,}", flush=True)


def _targets(app, size: int) -> dict:
    """The pages measured, with arguments taken from the generated data."""
    from tracker.register.models import Channel, Request, Status
    with app.app_context():
        # The same kind of request page at every size: the first answered one from the middle
        # on, received on paper or by phone, with an executor (an open request shows the action
        # forms, an e-mailed one its mail, a website one the status-code panel: more queries
        # that come from what the request holds, not from how many requests there are).
        mid = db.session.scalars(select(Request).where(
            Request.id >= 1 + size // 2, Request.status == Status.ANSWERED,
            Request.channel.in_([Channel.POST, Channel.IN_PERSON, Channel.PHONE]),
            Request.executor_id.is_not(None)).order_by(Request.id).limit(1)).one()
        number, surname = mid.registration_number, mid.requester.name.split()[0]
    today = dt.date.today()
    month = today.replace(day=1)
    q = urllib.parse.quote
    return {
        "baseline": "/_bench/baseline",
        "dashboard": "/",
        "list": "/requests",
        "list_filtered": "/requests?status=answered&channel=email",
        "search_subject": f"/requests?q={q('ремонт доріг')}",
        "search_surname": f"/requests?q={q(surname.lower())}",
        # "К-4812" of "ЗІ/К-4812": the index without its department and suffix.
        "search_index": f"/requests?q={q(re.search(r'[^/]+-[0-9]+', number).group(0))}",
        "request": f"/requests/{mid.id}",
        "report_month": f"/reports/?from={month}&to={today}",
        "report_5_years": f"/reports/?from={today.year - 4}-01-01&to={today.year}-12-31",
        "record_picker": f"/requests/{mid.id}/letters/new?kind=answer&q={q('ремонт')}",
    }


def measure_pages(app, size: int) -> tuple[dict, int]:
    @app.route("/_bench/baseline")
    def baseline():  # one indexed SELECT on the same database, nothing else
        value = db.session.execute(text("SELECT id FROM requests WHERE id = :i"),
                                   {"i": 1 + size // 2}).scalar()
        return {"id": value}

    queries = {"n": 0, "shared": 0, "statements": []}

    def count(conn, cursor, statement, *args):
        # Every process re-reads the council settings once per SHARED_SECONDS (5 s), whichever
        # page comes then (core/council_settings.py): counted apart, not as the page's.
        if statement.lstrip().startswith(SHARED_SETTINGS_READ):
            queries["shared"] += 1
        else:
            queries["n"] += 1
            queries["statements"].append(" ".join(statement.split())[:160])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    # No app context held here: each request gets its own, as in production.
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "bench@zapyt.example", "password": PASSWORD,
                                "csrf_token": token})
    pages = _targets(app, size)
    out = {}
    for name, url in pages.items():
        for _ in range(3):  # warm caches
            assert client.get(url).status_code == 200, (name, url)
        times, counts, seen = [], [], {}
        for _ in range(ITERATIONS):
            queries["n"], queries["statements"] = 0, []
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(queries["n"])
            seen.setdefault(queries["n"], queries["statements"])
            assert response.status_code == 200
        out[name] = {"p50_ms": round(statistics.median(times), 2),
                     "p95_ms": round(percentile(times, 0.95), 2),
                     "queries": max(counts)}
        if len(seen) > 1:  # what the page ran only sometimes: shown, so it can be traced
            usual = seen[min(seen)]
            out[name]["sometimes"] = [s for s in seen[max(seen)] if s not in usual]
            print(f"  {name}: {sorted(seen)} queries; sometimes also: "
                  f"{out[name]['sometimes']}", flush=True)
    event.remove(engine, "before_cursor_execute", count)
    base = out["baseline"]["p50_ms"]
    for name, row in out.items():
        row["ratio"] = round(row["p95_ms"] / base, 1) if base else None
    return out, queries["shared"]


def measure_sweep(app, all_open: bool = False) -> dict:
    """The reminder sweep over the open requests as generated, or (``all_open``) with
    SWEEP_OPEN requests (the first ids) made open and due from five days ago to 25 days
    ahead: the first sweep queues what is due, the second (as every 15 minutes after) finds
    it all queued already."""
    from sqlalchemy import update

    from tracker.register.models import OPEN_STATUSES, Request, Status
    from tracker.reminders.sweep import queue_reminders
    with app.app_context():
        if all_open:
            today = dt.date.today()
            for k in range(30):
                day = today + dt.timedelta(days=k - 5)
                db.session.execute(update(Request).where(
                    Request.id <= SWEEP_OPEN, Request.id % 30 == k).values(
                    status=Status.IN_PROGRESS, due_date=day, standard_due_date=day,
                    due_at=None, urgent=False))
            db.session.commit()
        open_requests = db.session.scalar(select(func.count(Request.id)).where(
            Request.status.in_(OPEN_STATUSES)))
        started = time.perf_counter()
        queued = queue_reminders()
        db.session.commit()  # the sweep's cost includes making it durable
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        queue_reminders()
        again = time.perf_counter() - started
        db.session.rollback()
    return {"open_requests": open_requests, "queued": queued, "seconds": round(seconds, 3),
            "repeat_seconds": round(again, 3)}


def run_engine(label: str, url_for_size) -> dict:
    results = {}
    sizes = [n for n in SIZES if label != "sqlite" or n <= SQLITE_MAX]
    # The first sweep at SWEEP_OPEN open requests: at that size, or the nearest above it.
    sweep_size = min((n for n in sizes if n >= SWEEP_OPEN), default=max(sizes))
    for size in sizes:
        url = url_for_size(size)
        print(f"[{label} {size:,}] generating…", flush=True)
        app, load = build(url, size)
        print(f"[{label} {size:,}] {load}; measuring pages…", flush=True)
        pages, rereads = measure_pages(app, size)
        entry = {**load, "pages": pages, "settings_rereads": rereads,
                 "sweep": measure_sweep(app)}
        if size == sweep_size:
            print(f"[{label} {size:,}] sweep with {min(size, SWEEP_OPEN):,} requests open…",
                  flush=True)
            entry["sweep_all_open"] = measure_sweep(app, all_open=True)
        if size == max(sizes) and label == "postgresql":
            print(f"[{label} {size:,}] registration over HTTP…", flush=True)
            entry["registration"] = measure_registration(app, url)
        with app.app_context():
            db.engine.dispose()
        results[str(size)] = entry
        _save_partial(label, results)
    return results


def _save_partial(label: str, results: dict) -> None:
    """What is measured so far (a million-request run takes a while)."""
    (WORK / f"partial-{label}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


def main() -> None:
    engines = {"sqlite": lambda size: f"sqlite:///{WORK / f'bench-{size}.db'}",
               "postgresql": lambda size: PG}
    if os.environ.get("BENCH_ENGINES"):
        engines = {k: v for k, v in engines.items() if k in os.environ["BENCH_ENGINES"].split(",")}
    results = {"machine": {"cpu": _cpu(), "cores": os.cpu_count(), "python": platform.python_version(),
                           "system": platform.platform(), "date": dt.date.today().isoformat(),
                           "postgresql": _pg_settings()},
               "iterations": ITERATIONS, "targets": TARGETS, "engines": {}}
    for label, url_for in engines.items():
        results["engines"][label] = run_engine(label, url_for)
        if label == "postgresql":
            results["registration"] = results["engines"][label][str(max(SIZES))].pop(
                "registration", None)
    app = create_app("config.Config", SQLALCHEMY_DATABASE_URI=f"sqlite:///{WORK / 'letters.db'}")
    with app.app_context():  # the council's settings live in the database
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    results["letters"] = measure_letters(app)
    results["misses"] = check(results)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(table(results))
    print("\n" + ("\n".join(results["misses"]) or "All targets met."))
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if results["misses"] else 0)


def _pg_settings() -> dict | str:
    """The server's version and memory settings, for reading the figures."""
    try:
        engine = create_engine(PG, poolclass=NullPool)
        with engine.connect() as conn:
            out = {name: conn.execute(text(f"SHOW {name}")).scalar()
                   for name in ("server_version", "shared_buffers", "work_mem",
                                "effective_cache_size", "max_parallel_workers_per_gather")}
        engine.dispose()
        return out
    except Exception as exc:  # noqa: BLE001 — only informative
        return repr(exc)[:200]


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
