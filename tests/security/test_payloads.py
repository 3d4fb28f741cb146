"""Every text field takes hostile input: stored exactly and shown escaped, or refused with a
clear message. Nothing is half-stored and nothing runs."""
import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from tests.factories import csrf_token
from tests.factories import raw_request
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import Request

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQLI = "'; DROP TABLE requests; --  1' OR '1'='1"
MIXED = "Zаpуt ℤ 中文 עברית العربية 🙂 \u202eRTL\u202c ʼапостроф"
HUGE = "я" * 1_000_000
NUL = "до\x00після"
KEEP = [XSS, SQLI, MIXED, "{{ 7*7 }} {% raw %}"]
REFUSE = [HUGE, NUL]

REQUEST_FIELDS = ["requester.name", "requester.postal_address", "requester.phone", "subject",
                  "text", "urgent_reason"]


def travel():
    return time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False)


def with_value(field: str, value: str) -> dict:
    body = raw_request(urgent=field == "urgent_reason")
    if field.startswith("requester."):
        body["requester"][field.split(".")[1]] = value
    else:
        body[field] = value
    if field == "urgent_reason":
        body["urgent_reason"] = value
    return body


def get_field(data: dict, field: str):
    if field.startswith("requester."):
        return data["requester"][field.split(".")[1]]
    return data[field]


@pytest.mark.parametrize("field", REQUEST_FIELDS)
@pytest.mark.parametrize("payload", KEEP, ids=["xss", "sqli", "mixed", "template"])
def test_request_fields_keep_hostile_text_verbatim_and_escape_it(api, users, client, login,
                                                                 field, payload):
    call = api(users["clerk"])
    with travel():
        r = call("POST", "/api/v1/requests", json=with_value(field, payload))
        if r.status_code == 400:  # refused: it must say why, and store nothing
            assert r.json["errors"][field]
            assert db.session.scalar(select(func.count(Request.id))) == 0
            return
        assert r.status_code == 201, r.json
        stored = call("GET", f"/api/v1/requests/{r.json['id']}").json
        login(users["clerk"])
        page = client.get(f"/requests/{r.json['id']}").get_data(as_text=True)
        listing = client.get("/requests").get_data(as_text=True)
    expected = " ".join(payload.split()) if field in ("requester.name", "requester.phone",
                                                      "subject") else payload.strip()
    assert get_field(stored, field) == expected
    for html in (page, listing):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "{{ 7*7 }}" not in html or "49" not in html.split("{{ 7*7 }}")[0][-3:]
    assert db.session.scalar(select(func.count(Request.id))) == 1  # the table is still there


@pytest.mark.parametrize("field", REQUEST_FIELDS)
@pytest.mark.parametrize("payload", REFUSE, ids=["1MB", "NUL"])
def test_request_fields_refuse_huge_and_binary_text_clearly(api, users, field, payload):
    with travel():
        r = api(users["clerk"])("POST", "/api/v1/requests", json=with_value(field, payload))
    assert r.status_code == 400
    messages = " ".join(r.json["errors"][field])
    assert "Занадто довго" in messages or "недопустимий символ" in messages
    assert db.session.scalar(select(func.count(Request.id))) == 0


@pytest.mark.parametrize("payload", [XSS, SQLI, MIXED, HUGE, NUL],
                         ids=["xss", "sqli", "mixed", "1MB", "NUL"])
def test_email_fields_accept_only_addresses(api, users, payload):
    body = raw_request()
    body["requester"]["email"] = payload
    with travel():
        r = api(users["clerk"])("POST", "/api/v1/requests", json=body)
    assert r.status_code == 400 and "requester.email" in r.json["errors"]


@pytest.mark.parametrize("field", ["measure", "text", "programme", "executors", "priority_task"])
@pytest.mark.parametrize("payload", KEEP + REFUSE, ids=["xss", "sqli", "mixed", "template",
                                                        "1MB", "NUL"])
def test_activity_fields(api, users, client, login, field, payload):
    body = {"measure": "Захід", field: payload}
    r = api(users["executor"])("POST", "/api/v1/activities", json=body)
    if payload in REFUSE:
        assert r.status_code == 400 and field in r.json["errors"]
        return
    assert r.status_code == 201, r.json
    login(users["executor"])
    page = client.get(f"/activities/{r.json['id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.parametrize("payload", KEEP + REFUSE, ids=["xss", "sqli", "mixed", "template",
                                                        "1MB", "NUL"])
def test_letter_fields(api, users, payload):
    call = api(users["head"])
    with travel():
        rid = call("POST", "/api/v1/requests", json=raw_request(executor=users["executor"].email)).json["id"]
        r = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "incomplete", "explanation": payload})
        if payload in REFUSE:
            assert r.status_code == 400 and "explanation" in r.json["errors"]
            return
        assert r.status_code == 201
        html = call("GET", f"/api/v1/letters/{r.json['id']}.html").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    from markupsafe import escape
    # Letters fold whitespace into sentences and write a typed straight quote as «…».
    from tracker.letters.typography import typography
    folded = typography(" ".join(payload.split()), apostrophe=None)
    assert folded in r.json["text"]
    assert str(escape(folded)) in html


@pytest.mark.parametrize("payload", [XSS, MIXED, HUGE, NUL], ids=["xss", "mixed", "1MB", "NUL"])
def test_web_forms_keep_or_refuse_with_a_message(client, users, login, payload):
    login(users["admin"])
    r = client.post("/admin/calendar", data={"csrf_token": csrf_token(client), "day": "2026-12-30",
                                             "is_working": "0", "note": payload},
                    follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "<script>alert" not in page
    if payload in (HUGE, NUL):
        assert "Занадто довго" in page or "недопустимий символ" in page
    else:
        assert "Календар оновлено." in page
    r = client.post("/admin/users/new", data={"csrf_token": csrf_token(client),
                                              "email": "p@test.example", "name": payload,
                                              "role": "clerk"}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "<script>alert" not in page
    if payload in (HUGE, NUL):
        assert "Форму не збережено" in page
