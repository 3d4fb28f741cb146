"""Limits and tickets hold when submissions race or land on different workers: forms posted
at once to a real server take the limit's places one by one (reserved atomically), and a
used ticket is refused by another app instance and by a replay sent at the same moment."""
from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import make_app
from tests.public.helpers import PERSON, form_fields, hidden
from tracker.extensions import db
from tracker.public import proof
from tracker.register.models import Request

QUICK = {"PUBLIC_MIN_FILL_SECONDS": 0, "PUBLIC_POW_BITS": 8, "BASE_URL": "http://zapyt.test"}


@pytest.fixture
def server(app, database_url):
    """The app served by a threaded server on 127.0.0.1, on the test's database."""
    served = make_app(database_url, **QUICK)
    httpd = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(10)
    with served.app_context():
        db.engine.dispose()


class Browser:
    """One visitor: its own cookies."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open_form(self) -> dict:
        with self.opener.open(f"{self.base}/public/request", timeout=30) as response:
            return hidden(response.read().decode())

    def post(self, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(f"{self.base}/public/request", body, timeout=120) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def _at_once(calls) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait(timeout=60)
        results[i] = call()
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def _refusal(page: str) -> str:
    match = re.search(r'id="refusal">([^<]+)<', page)
    return match.group(1) if match else page[:300]


def test_eight_forms_without_script_at_once_get_three_places(server):
    visitors = [Browser(server) for _ in range(8)]
    forms = []
    for n, visitor in enumerate(visitors):
        forms.append({**PERSON, **visitor.open_form(), "website": "", "proof": "",
                      "requester_email": f"person{n}@example.com",
                      "text": f"Прошу надати звіт № {n} про ремонт доріг."})
    results = _at_once([lambda v=v, f=f: v.post(f) for v, f in zip(visitors, forms)])
    codes = sorted(code for code, _page in results)
    assert codes == [201] * 3 + [429] * 5, [(c, _refusal(p)) for c, p in results]
    for code, page in results:
        if code == 429:
            assert "Без JavaScript з однієї мережевої адреси" in _refusal(page)
    db.session.expire_all()
    assert len(db.session.scalars(select(Request.id)).all()) == 3


def test_one_ticket_replayed_at_once_files_one_request(server, app):
    visitor = Browser(server)
    data = {**PERSON, **visitor.open_form(), "website": ""}
    data["proof"] = proof.solve(data["ticket"], QUICK["PUBLIC_POW_BITS"])
    results = _at_once([lambda: visitor.post(data) for _ in range(4)])
    codes = sorted(code for code, _page in results)
    assert codes == [201, 429, 429, 429], [(c, _refusal(p)) for c, p in results]
    assert all("Цю форму вже надіслано" in _refusal(p) for c, p in results if c == 429)
    db.session.expire_all()
    assert len(db.session.scalars(select(Request.id)).all()) == 1


def test_a_used_ticket_is_refused_by_another_app_instance(app, client, database_url):
    """Another worker, or the same after a restart: its own limiter memory is empty."""
    data = {**PERSON, **form_fields(client), "website": ""}
    data["proof"] = proof.solve(data["ticket"], app.config["PUBLIC_POW_BITS"])
    assert client.post("/public/request", data=data).status_code == 201
    other = make_app(database_url, **QUICK)
    try:
        replay = other.test_client()
        replay.set_cookie("session", client.get_cookie("session").value)
        response = replay.post("/public/request", data=data)
        assert response.status_code == 429
        assert "Цю форму вже надіслано" in _refusal(response.get_data(as_text=True))
    finally:
        with other.app_context():
            db.engine.dispose()
    db.session.expire_all()
    assert len(db.session.scalars(select(Request.id)).all()) == 1
