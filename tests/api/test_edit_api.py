"""PATCH /api/v1/requests/<id>: correct a request read at a version; 409 on a stale one;
the request with its events back, as the GET gives it."""
import datetime as dt

import pytest
import time_machine

from tests.factories import register
from tracker.api.openapi import DOCUMENT
from tracker.core.timeutil import KYIV


def travel(y, m, d, hh=12):
    return time_machine.travel(dt.datetime(y, m, d, hh, tzinfo=KYIV), tick=False)


@pytest.fixture
def req(users):
    with travel(2018, 3, 28):
        return register(users["clerk"], executor=users["executor"].email,
                        received_at="2018-03-28T10:00")


def test_patch_corrects_and_answers_with_the_new_event(api, users, req):
    call = api(users["clerk"])
    with travel(2018, 3, 30):
        read = call("GET", f"/api/v1/requests/{req.id}").json
        r = call("PATCH", f"/api/v1/requests/{req.id}", json={
            "version": read["version"], "subject": "PR-заходи 2018",
            "requester": {**read["requester"], "phone": "0412 00 00 00"},
            "received_at": "2018-03-29T09:15", "reason": "Дата з вхідного штампа",
            "tags": ["PR"], "status": "closed"})  # read-only properties are ignored
    assert r.status_code == 200, r.json
    j = r.json
    assert j["subject"] == "PR-заходи 2018" and j["requester"]["phone"] == "0412 00 00 00"
    assert j["received_at"] == "2018-03-29T09:15:00+03:00" and j["due_date"] == "2018-04-05"
    assert j["status"] == "in_progress" and j["tags"] == ["pr"]
    assert j["version"] == read["version"] + 1
    last = j["events"][-1]
    assert last["action"] == "edited" and last["actor"] == users["clerk"].email
    assert last["before"]["subject"] == "Інформація про PR-заходи"
    assert last["after"]["due_date"] == "2018-04-05" and last["after"]["reason"]
    # The old version is stale now.
    stale = call("PATCH", f"/api/v1/requests/{req.id}",
                 json={"version": read["version"], "subject": "Інше"})
    assert stale.status_code == 409 and "змінив інший користувач" in stale.json["error"]


def test_patch_refuses_bad_input_per_field(api, users, req):
    r = api(users["clerk"])("PATCH", f"/api/v1/requests/{req.id}", json={
        "version": req.version, "channel": "telegram", "subject": "",
        "received_at": "2099-01-01T10:00", "tags": True})
    assert r.status_code == 400
    assert set(r.json["errors"]) == {"channel", "subject", "received_at", "tags"}
    assert api(users["clerk"])("PATCH", f"/api/v1/requests/{req.id}",
                               json={"subject": "x"}).status_code == 400  # no version
    assert api(users["clerk"])("PATCH", f"/api/v1/requests/{req.id}",
                               json={"version": True}).status_code == 400


def test_who_corrects_what(api, users, req):
    from tests.conftest import create_test_user
    from tracker.auth.models import Role
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    path = f"/api/v1/requests/{req.id}"
    assert api(other)("PATCH", path, json={"version": req.version, "tags": ["x"]}).status_code == 403
    executor = api(users["executor"])
    assert executor("PATCH", path, json={"version": req.version,
                                         "subject": "Інше"}).status_code == 403
    r = executor("PATCH", path, json={"version": req.version, "tags": ["ЖКГ"]})
    assert r.status_code == 200 and r.json["tags"] == ["жкг"]
    r = executor("PATCH", path, json={"version": r.json["version"], "tags": ["жкг", "бюджет"]})
    assert r.status_code == 200 and r.json["tags"] == ["бюджет", "жкг"]
    with travel(2018, 3, 30):
        head = api(users["head"])("PATCH", path, json={
            "version": r.json["version"], "received_at": "2018-03-29T10:00", "reason": "x"})
    assert head.status_code == 403 and "діловод" in head.json["error"]


def test_the_patch_is_documented():
    op = DOCUMENT["paths"]["/requests/{id}"]["patch"]
    assert set(op["responses"]) >= {"200", "400", "403", "404", "409"}
    schema = DOCUMENT["components"]["schemas"]["RequestPatch"]
    assert schema["required"] == ["version"] and "received_at" in schema["properties"]


def test_an_executor_not_acting_on_it_does_not_read_changed_contacts(api, users, req):
    from tests.conftest import create_test_user
    from tracker.auth.models import Role
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    api(users["clerk"])("PATCH", f"/api/v1/requests/{req.id}", json={
        "version": req.version, "requester": {"phone": "0412 11 22 33"}})
    j = api(other)("GET", f"/api/v1/requests/{req.id}").json
    assert j["events"][-1]["action"] == "edited" and "0412" not in str(j)
