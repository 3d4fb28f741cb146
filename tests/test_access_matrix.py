"""The access matrix: every route of the URL map, every role, web session and API token,
checked against the declared policy (tracker/web/policy.py)."""
import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from tests.activities import builders
from tests.conftest import PASSWORD, create_test_user
from tests.factories import register
from tracker.intake.receiving import take_in
from tracker.activities.models import ActivityRecord, Category, Report
from tracker.auth.models import Role
from tracker.auth.operations import issue_token
from tracker.web.policy import POLICY, allowed, rule_for
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.intake import operations as intake_ops
from tracker.intake.models import Attachment
from tracker.letters import operations as letter_ops
from tracker.register.models import CalendarOverride
from tracker.outbox.queueing import queue_message

MAIL = Path(__file__).resolve().parent / "data" / "mail"
ROLES = [None, Role.CLERK, Role.EXECUTOR, Role.HEAD, Role.ADMIN]
SKIP_METHODS = {"HEAD", "OPTIONS"}


def test_every_route_has_a_policy(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    missing = endpoints - set(POLICY)
    assert not missing, f"routes without an access policy: {sorted(missing)}"
    assert not set(POLICY) - endpoints, "policy entries for routes that do not exist"


@pytest.fixture
def world(app, users, runner):
    """One of everything a route can name; request B is not the executor's."""
    runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    with time_machine.travel(dt.datetime(2018, 4, 2, 12, tzinfo=KYIV), tick=False):
        own = register(users["clerk"], executor=users["executor"].email,
                       received_at="2018-03-28T10:00")
        foreign = register(users["clerk"], executor=other.email, received_at="2018-03-29T10:00")
        item = take_in(users["clerk"], (MAIL / "attachments-cyrillic.eml").read_bytes(),
                       "upload").item
        intake_ops.register_from_intake(users["clerk"], item)
        pending = take_in(users["clerk"], (MAIL / "koi8u.eml").read_bytes(), "upload").item
        own_letter = letter_ops.create_letter(users["head"], own, "answer", {}, [])
        foreign_letter = letter_ops.create_letter(users["head"], foreign, "answer", {}, [])
        db.session.add(CalendarOverride(day=dt.date(2026, 12, 31), is_working=False, note="x"))
        msg = queue_message(kind="reminder", recipients=["x@test.example"], subject="s",
                            body_text="b")
        db.session.commit()
    attachment = db.session.scalars(select(Attachment).where(
        Attachment.request_id.is_not(None))).first()
    attachment.request_id = foreign.id  # a file of request B …
    own_file = Attachment(request_id=own.id, filename="own.pdf", content_type="application/pdf",
                          size=3, sha256="0" * 64, content=b"pdf")  # … and one of request A
    db.session.add(own_file)
    db.session.commit()
    return {"own": own, "foreign": foreign, "pending": pending, "attachment": attachment,
            "own_attachment": own_file,
            "own_letter": own_letter, "foreign_letter": foreign_letter, "message": msg,
            "record": db.session.scalars(select(ActivityRecord)).first(),
            "report": db.session.scalars(select(Report)).first(),
            "category": db.session.scalars(select(Category)).first(), "users": users}


def _url(rule, w, owns: bool) -> str:
    values = {
        "request_id": (w["own"] if owns else w["foreign"]).id,
        "letter_id": (w["own_letter"] if owns else w["foreign_letter"]).id,
        "item_id": w["pending"].id,
        "attachment_id": (w["own_attachment"] if owns else w["attachment"]).id,
        "record_id": w["record"].id, "report_id": w["report"].id,
        "category_id": w["category"].id, "user_id": w["users"]["clerk"].id,
        "message_id": w["message"].id, "day": "2026-12-31", "action": "answer", "fmt": "csv",
        "code": "uk", "filename": "css/app.css", "file_id": 1,
        "index": w["own"].registration_number, "answer_id": 1}
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(values[arg]), url)
    return url


def _owns_matters(rule) -> bool:
    return any(a in rule.arguments for a in ("request_id", "letter_id", "attachment_id"))


def _denied(response, api: bool) -> bool:
    if api:
        return response.status_code in (401, 403)
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def _client_for(app, role, users, tokens):
    client = app.test_client()  # each request starts with a fresh g (conftest)
    if role is not None:
        client.post("/login", data={"email": users[role.value].email, "password": PASSWORD,
                                    "csrf_token": _token(client)})
    return client


def _token(client) -> str:
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1) if match else ""


def test_access_matrix(app, world):
    users = world["users"]
    tokens = {r: issue_token(None, users[r.value]) for r in ROLES if r}
    db.session.commit()
    checked, failures = 0, []
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "auth.logout"]
    for role in ROLES:
        client = _client_for(app, role, users, tokens)
        csrf = _token(client) if role else ""
        for rule in rules:
            api = rule.rule.startswith("/api/")
            for method in sorted(rule.methods - SKIP_METHODS):
                for owns in ((False, True) if _owns_matters(rule) else (True,)):
                    expected = allowed(rule_for(rule.endpoint, method), role, owns)
                    headers, kwargs = {}, {}
                    if api and role:
                        headers["Authorization"] = f"Bearer {tokens[role]}"
                    if method == "POST":
                        if api:
                            kwargs["json"] = {"action": "close", "kind": "answer"}
                        else:
                            kwargs["data"] = {"csrf_token": csrf}
                    response = client.open(_url(rule, world, owns), method=method,
                                           headers=headers, **kwargs)
                    denied = _denied(response, api)
                    response.close()
                    if denied == expected:
                        failures.append((rule.endpoint, method, role and role.value, owns,
                                         response.status_code))
                    checked += 1
    assert not failures, failures
    assert checked > 250


@pytest.mark.parametrize("role", [Role.CLERK, Role.EXECUTOR, Role.HEAD, Role.ADMIN])
def test_logout_is_for_logged_in_users(app, users, role):
    client = _client_for(app, role, users, {})
    assert client.post("/logout", data={"csrf_token": _token(client)}).status_code == 302
    assert client.get("/").status_code == 302
