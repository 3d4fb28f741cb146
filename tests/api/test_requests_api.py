"""/api/v1/requests: the JSON contract of the acceptance criteria."""
import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import Request, Requester

BODY = {
    "requester": {"name": "Красновська Я.", "category": "individual", "gender": "female",
                  "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua",
                  "postal_address": None, "phone": None},
    "channel": "portal", "received_at": "2018-03-28T10:00:00",
    "subject": "PR-заходи", "text": "Прошу надати інформацію про PR-заходи.",
    "urgent": False, "urgent_reason": None,
}


def travel(y, m, d, hh=12):
    return time_machine.travel(dt.datetime(y, m, d, hh, tzinfo=KYIV), tick=False)


@pytest.fixture
def clerk_api(api, users):
    return api(users["clerk"])


def test_register_answers_201_with_the_request(clerk_api):
    with travel(2018, 3, 29):
        r = clerk_api("POST", "/api/v1/requests", json=BODY)
    assert r.status_code == 201, r.json
    j = r.json
    assert j["registration_number"] == "25/К-1із"
    assert j["received_at"] == "2018-03-28T10:00:00+03:00"
    assert j["due_date"] == "2018-04-04" and j["due_at"] is None
    assert j["deadline_state"] == "on_track" and j["status"] == "new"
    assert j["completeness"] == [] and j["executor"] is None
    assert j["outcome"] is None and j["answered_on"] is None
    assert isinstance(j["id"], int)


def test_a_utc_offset_is_respected_and_urgent_gets_due_at(clerk_api):
    body = {**BODY, "urgent": True, "urgent_reason": "Аварія на водогоні",
            "received_at": "2018-03-28T08:00:00Z"}
    with travel(2018, 3, 28, 13):
        j = clerk_api("POST", "/api/v1/requests", json=body).json
    assert j["received_at"] == "2018-03-28T11:00:00+03:00"
    assert j["due_at"] == "2018-03-30T11:00:00+03:00" and j["due_date"] == "2018-03-30"
    assert j["deadline_state"] == "due_soon"


def test_invalid_input_answers_400_per_field_and_stores_nothing(clerk_api):
    body = {**BODY, "channel": "telegram", "received_at": "2099-01-01T10:00:00",
            "requester": {**BODY["requester"], "category": "robot", "gender": "other"}}
    r = clerk_api("POST", "/api/v1/requests", json=body)
    assert r.status_code == 400
    assert set(r.json["errors"]) == {"channel", "received_at", "requester.category",
                                     "requester.gender"}
    assert all(isinstance(m, list) and m for m in r.json["errors"].values())
    assert db.session.scalar(select(func.count(Request.id))) == 0
    assert db.session.scalar(select(func.count(Requester.id))) == 0


def test_non_json_body_is_a_400(clerk_api):
    r = clerk_api("POST", "/api/v1/requests", data="name=x",
                  content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400 and "body" in r.json["errors"]


def test_missing_art19_items_are_listed(clerk_api):
    body = {**BODY, "text": "", "requester": {"name": "Петренко", "category": "individual"}}
    with travel(2018, 3, 29):
        j = clerk_api("POST", "/api/v1/requests", json=body).json
    assert j["completeness"] == ["contact", "description"]


def test_executor_and_an_imported_number(clerk_api, users):
    body = {**BODY, "executor": users["executor"].email, "registration_number": "25/К-170із"}
    with travel(2018, 3, 29):
        r = clerk_api("POST", "/api/v1/requests", json=body)
        j = r.json
        assert j["registration_number"] == "25/К-170із"
        assert j["executor"] == users["executor"].email and j["status"] == "in_progress"
        again = clerk_api("POST", "/api/v1/requests", json=body)
    assert again.status_code == 400 and "registration_number" in again.json["errors"]


def test_get_answers_the_request_with_its_events(clerk_api):
    with travel(2018, 3, 29):
        rid = clerk_api("POST", "/api/v1/requests", json=BODY).json["id"]
        j = clerk_api("GET", f"/api/v1/requests/{rid}").json
    assert j["id"] == rid and [e["action"] for e in j["events"]] == ["registered"]
    assert j["events"][0]["actor"] == "clerk@test.example"
    assert clerk_api("GET", "/api/v1/requests/999999").status_code == 404


def test_list_filters_by_deadline_state_status_and_text(clerk_api):
    with travel(2018, 3, 26):
        clerk_api("POST", "/api/v1/requests", json={**BODY, "received_at": "2018-03-19T10:00",
                                                    "subject": "Старий запит про бюджет"})
        clerk_api("POST", "/api/v1/requests", json={**BODY, "received_at": "2018-03-20T10:00"})
        clerk_api("POST", "/api/v1/requests", json={**BODY, "received_at": "2018-03-26T10:00"})
    with travel(2018, 3, 27):
        # Due 26.03 (overdue), 27.03 (today), 02.04 (on track: 4 working days ahead).
        def states(**q):
            r = clerk_api("GET", "/api/v1/requests", query_string=q).json
            return r["total"], sorted(i["deadline_state"] for i in r["items"])
        assert states() == (3, ["due_today", "on_track", "overdue"])
        assert states(deadline_state="overdue") == (1, ["overdue"])
        assert states(deadline_state="due_today") == (1, ["due_today"])
        assert states(deadline_state="on_track") == (1, ["on_track"])
        assert states(deadline_state="due_soon") == (0, [])
        assert states(status="new") == (3, ["due_today", "on_track", "overdue"])
        assert states(q="БЮДЖЕТ") == (1, ["overdue"])  # case-insensitive for Cyrillic
        assert clerk_api("GET", "/api/v1/requests", query_string={
            "deadline_state": "late-ish"}).status_code == 400
        # A filter that cannot be read is an error, not the whole list.
        for bad, field in (({"executor": "abc"}, "executor"), ({"executor": "-1"}, "executor"),
                           ({"executor": "²"}, "executor"),
                           ({"from": "2018-03-27", "to": "2018-03-19"}, "to")):
            r = clerk_api("GET", "/api/v1/requests", query_string=bad)
            assert r.status_code == 400 and field in r.json["errors"], (bad, r.json)


def test_list_paginates(clerk_api):
    with travel(2018, 3, 29):
        for _ in range(3):
            clerk_api("POST", "/api/v1/requests", json=BODY)
        page2 = clerk_api("GET", "/api/v1/requests", query_string={"per_page": 2, "page": 2}).json
    assert page2["total"] == 3 and len(page2["items"]) == 1


def test_actions_answer_200_or_409(clerk_api, users, api):
    with travel(2018, 3, 29):
        rid = clerk_api("POST", "/api/v1/requests", json=BODY).json["id"]
        url = f"/api/v1/requests/{rid}/actions"
        r = clerk_api("POST", url, json={"action": "assign", "executor": users["executor"].email})
        assert r.status_code == 200 and r.json["executor"] == users["executor"].email
    executor_api = api(users["executor"])
    with travel(2018, 4, 5):
        r = executor_api("POST", url, json={"action": "extend", "reason": "обсяг"})
        assert r.status_code == 409 and "04.04.2018" in r.json["error"]
        r = executor_api("POST", url, json={"action": "answer", "result": "full",
                                            "answered_on": "2018-04-05"})
        assert r.status_code == 200
        assert (r.json["status"], r.json["outcome"], r.json["answered_on"],
                r.json["deadline_state"]) == ("answered", "full", "2018-04-05", "late")

        def listed(state):  # the answered requests' states filter too
            return [i["id"] for i in clerk_api("GET", "/api/v1/requests",
                                               query_string={"deadline_state": state}).json["items"]]
        assert listed("late") == [rid] and listed("on_time") == []
        assert executor_api("POST", url, json={"action": "close"}).json["status"] == "closed"
        assert executor_api("POST", url, json={"action": "close"}).status_code == 409


@pytest.mark.parametrize("payload, field", [
    ({"action": "extend"}, "reason"),
    ({"action": "forward"}, "holder_name"),
    ({"action": "defer", "reason": "x"}, "new_date"),
    ({"action": "refuse", "ground": "bored", "explanation": "x"}, "ground"),
    ({"action": "answer", "result": "refused"}, "result"),
    ({"action": "jump"}, "action"),
])
def test_action_fields_are_checked(clerk_api, payload, field):
    with travel(2018, 3, 29):
        rid = clerk_api("POST", "/api/v1/requests", json=BODY).json["id"]
        r = clerk_api("POST", f"/api/v1/requests/{rid}/actions", json=payload)
    assert r.status_code == 400 and field in r.json["errors"]


def test_every_action_kind_through_the_api(clerk_api):
    with travel(2018, 3, 29):
        ids = [clerk_api("POST", "/api/v1/requests", json=BODY).json["id"] for _ in range(4)]
        def act(i, **body):
            r = clerk_api("POST", f"/api/v1/requests/{ids[i]}/actions", json=body)
            assert r.status_code == 200, r.json
            return r.json
        assert act(0, action="extend", reason="обсяг")["due_date"] == "2018-04-26"
        assert act(1, action="forward", holder_name="ОДА", holder_address="Житомир")["outcome"] \
            == "forwarded"
        assert act(2, action="defer", new_date="2018-05-10", reason="форс-мажор")["due_date"] \
            == "2018-05-10"
        assert act(3, action="refuse", ground="incomplete", explanation="Немає адреси")[
            "outcome"] == "refused"


def test_api_needs_a_valid_token(client, users):
    assert client.get("/api/v1/requests").status_code == 401
    bad = client.get("/api/v1/requests", headers={"Authorization": "Bearer zpt_nope"})
    assert bad.status_code == 401 and "error" in bad.json
    assert client.get("/api/v1/openapi.json").status_code == 401


def test_a_revoked_or_expired_token_is_refused(client, users):
    from tracker.auth.models import ApiToken
    from tracker.auth.operations import issue_token, revoke_token
    token = issue_token(None, users["clerk"], days=1)
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/requests", headers=auth).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)):
        assert client.get("/api/v1/requests", headers=auth).status_code == 401
    row = db.session.scalars(select(ApiToken)).one()
    assert row.token_hash != token and token.startswith(row.prefix)
    revoke_token(users["admin"], row.id)
    db.session.commit()
    assert client.get("/api/v1/requests", headers=auth).status_code == 401


def test_executors_cannot_register_through_the_api(api, users):
    r = api(users["executor"])("POST", "/api/v1/requests", json=BODY)
    assert r.status_code == 403


def test_openapi_document_describes_the_paths(clerk_api):
    doc = clerk_api("GET", "/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert {"/requests", "/requests/{id}", "/requests/{id}/actions"} <= set(doc["paths"])
    assert doc["components"]["schemas"]["NewRequest"]["properties"]["channel"]["enum"] == [
        "email", "post", "fax", "phone", "in_person", "website", "portal"]


def test_search_wildcards_are_literal(clerk_api):
    with travel(2018, 3, 29):
        clerk_api("POST", "/api/v1/requests", json=BODY)
        clerk_api("POST", "/api/v1/requests", json={**BODY, "subject": "Виконання на 100%"})
        total = lambda q: clerk_api("GET", "/api/v1/requests", query_string={"q": q}).json["total"]
        assert total("%") == 1 and total("_") == 0 and total("100%") == 1
