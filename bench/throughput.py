"""Throughput parts of the benchmark: letters rendered per second, and registrations per
second over HTTP (gunicorn, 2 workers, 20 concurrent clients)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tracker.extensions import db

ROOT = Path(__file__).resolve().parents[1]


def measure_letters(app) -> dict:
    from tracker.letters import compose
    from tracker.letters.facts import council
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
