"""Correcting a registered request: who changes what, the term recomputed with the received
time, the optimistic lock, one Event with before and after, the edit form."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import create_test_user
from tests.factories import csrf_token, on, register
from tracker.auth.models import Role
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.models import Event
from tracker.extensions import db
from tracker.register.editing import edit_request
from tracker.register.labels import event_details
from tracker.register.models import Channel, Request


@pytest.fixture
def req(users):
    with on(2018, 3, 28):
        return register(users["clerk"], executor=users["executor"].email,
                        received_at="2018-03-28T10:00")


def edited(req):
    return db.session.scalars(select(Event).where(Event.request_id == req.id,
                                                  Event.action == "edited")).all()


def test_a_clerk_corrects_the_requester_subject_channel_and_tags_in_one_event(users, req):
    version = req.version
    with on(2018, 3, 29):
        ev = edit_request(users["clerk"], req, {
            "version": version, "subject": "PR-заходи 2018 року", "channel": "email",
            "requester": {"name": "Красновська Яна", "phone": "+380 67 000 00 00",
                          "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua"},
            "tags": "PR, Бюджет"})
        db.session.commit()
    assert req.subject == "PR-заходи 2018 року" and req.channel == Channel.EMAIL
    assert req.requester.name == "Красновська Яна" and req.requester.phone == "+380 67 000 00 00"
    assert sorted(t.tag for t in req.tags) == ["pr", "бюджет"]
    assert req.version == version + 1
    assert "красновська яна" in req.search_text
    assert ev.before == {"subject": "Інформація про PR-заходи", "channel": "portal",
                         "name": "Красновська Я.", "phone": None, "tags": []}
    assert ev.after["tags"] == ["pr", "бюджет"] and ev.after["channel"] == "email"
    assert "email" not in ev.after  # unchanged fields are not in the Event
    details = dict(event_details(ev.after, ev.before))
    assert details["канал"] == "портал «Доступ до правди» → електронна пошта"
    assert details["запитувач"] == "Красновська Я. → Красновська Яна"
    hidden = dict(event_details(ev.after, ev.before, contacts=False))
    assert hidden["телефон"] == "змінено" and "+380" not in str(hidden)


def test_nothing_changed_writes_no_event_and_keeps_the_version(users, req):
    version = req.version
    assert edit_request(users["clerk"], req, {"version": version, "subject": req.subject}) is None
    db.session.commit()
    assert req.version == version and edited(req) == []


def test_a_new_received_time_recomputes_the_term_like_registration(users, req):
    assert req.due_date == dt.date(2018, 4, 4)
    with on(2018, 3, 30):
        ev = edit_request(users["clerk"], req, {"version": req.version,
                                                "received_at": "2018-03-29T16:30",
                                                "reason": "Помилка в даті під час реєстрації"})
        db.session.commit()
    assert req.due_date == dt.date(2018, 4, 5) and req.standard_due_date == dt.date(2018, 4, 5)
    assert req.received_date == dt.date(2018, 3, 29)
    assert ev.before["due_date"] == "2018-04-04" and ev.after["due_date"] == "2018-04-05"
    assert ev.after["reason"] == "Помилка в даті під час реєстрації"
    details = dict(event_details(ev.after, ev.before))
    assert details["надійшов"] == "28.03.2018 10:00 → 29.03.2018 16:30"
    assert details["строк"] == "04.04.2018 → 05.04.2018"


def test_an_urgent_request_gets_its_48_hours_from_the_new_time(users):
    with on(2018, 3, 28, 13):
        r = register(users["clerk"], urgent=True, urgent_reason="Аварія",
                     received_at="2018-03-28T11:00")
        edit_request(users["clerk"], r, {"version": r.version, "received_at": "2018-03-28T09:00",
                                         "reason": "Час із конверта"})
        db.session.commit()
    assert r.due_at == dt.datetime(2018, 3, 30, 6, 0, tzinfo=dt.timezone.utc)


def test_the_received_time_needs_a_reason_and_a_clerk_or_admin(users, req):
    with on(2018, 3, 30):
        with pytest.raises(ValidationError) as err:
            edit_request(users["clerk"], req, {"version": req.version,
                                               "received_at": "2018-03-29T10:00"})
        assert set(err.value.errors) == {"reason"}
        db.session.rollback()
        with pytest.raises(PermissionDenied):
            edit_request(users["head"], req, {"version": req.version,
                                              "received_at": "2018-03-29T10:00", "reason": "x"})
        db.session.rollback()
        with pytest.raises(ValidationError) as err:
            edit_request(users["admin"], req, {"version": req.version, "reason": "x",
                                               "received_at": "2017-12-29T10:00"})
        assert "2018" in err.value.errors["received_at"][0]  # the index is of 2018


def test_an_executor_changes_only_tags_of_their_own_request(users, req):
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    edit_request(users["executor"], req, {"version": req.version, "tags": ["ЖКГ"],
                                          "subject": req.subject})  # unchanged: allowed
    db.session.commit()
    assert [t.tag for t in req.tags] == ["жкг"]
    with pytest.raises(PermissionDenied, match="лише мітки"):
        edit_request(users["executor"], req, {"version": req.version, "subject": "Інше"})
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        edit_request(other, req, {"version": req.version, "tags": ["x"]})


def test_a_stale_version_is_refused_and_every_bad_field_is_named(users, req):
    with pytest.raises(ConflictError):
        edit_request(users["clerk"], req, {"version": req.version - 1, "subject": "x"})
    with pytest.raises(ValidationError) as err:
        edit_request(users["clerk"], req, {"subject": "x"})
    assert set(err.value.errors) == {"version"}
    with pytest.raises(ValidationError) as err:
        edit_request(users["clerk"], req, {"version": req.version, "subject": " ",
                                           "channel": "telegram",
                                           "requester": {"email": "not-an-address"},
                                           "tags": [1]})
    assert set(err.value.errors) == {"subject", "channel", "requester.email", "tags"}


def test_completeness_flags_follow_the_correction(users):
    with on(2018, 3, 28):
        r = register(users["clerk"], requester={"email": None})
        assert r.missing_items == ["contact"]
        ev = edit_request(users["clerk"], r, {"version": r.version,
                                              "requester": {"email": "yana@example.com"}})
        db.session.commit()
    assert r.missing_items == [] and ev.before["missing_items"] == ["contact"]


def test_the_edit_form_saves_and_the_timeline_reads_labels(client, users, login, req):
    with on(2018, 3, 30):
        login(users["clerk"])
        page = client.get(f"/requests/{req.id}/edit").get_data(as_text=True)
        assert 'value="Інформація про PR-заходи"' in page and 'name="reason"' in page
        response = client.post(f"/requests/{req.id}/edit", data={
            "csrf_token": csrf_token(client), "version": req.version,
            "requester_name": "Красновська Яна", "requester_category": "individual",
            "requester_gender": "female",
            "requester_email": "foi+request-32845-3d497b34@dostup.pravda.com.ua",
            "channel": "in_person", "subject": "PR-заходи", "text": req.text,
            "received_at": "2018-03-28T10:00", "tags": "pr"})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "Реквізити виправлено" in page
    assert "канал: портал «Доступ до правди» → особисто" in page
    assert "in_person" not in page
    # The executor's name, not the address, on the timeline.
    assert f"виконавець: {users['executor'].name}" in page
    assert f"виконавець: {users['executor'].email}" not in page


def test_the_edit_form_shows_every_error_and_a_stale_one_is_409(client, users, login, req):
    login(users["clerk"])
    data = {"csrf_token": csrf_token(client), "version": req.version, "requester_name": "",
            "requester_category": "individual", "requester_email": "зіпсована",
            "channel": "portal", "subject": "", "text": "", "received_at": "2018-03-28T10:00"}
    page = client.post(f"/requests/{req.id}/edit", data=data)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#subject"' in html
    assert 'href="#requester_email"' in html and 'value="зіпсована"' in html
    page = client.post(f"/requests/{req.id}/edit", data={**data, "version": req.version - 1,
                                                         "subject": "x", "requester_email": ""})
    assert page.status_code == 409 and "щойно змінив інший користувач" in page.get_data(as_text=True)
    assert db.session.get(Request, req.id).subject == "Інформація про PR-заходи"


def test_an_executor_sees_only_the_tags_on_the_edit_form(client, users, login, req):
    login(users["executor"])
    page = client.get(f"/requests/{req.id}/edit").get_data(as_text=True)
    assert 'name="tags"' in page and 'name="subject"' not in page
    response = client.post(f"/requests/{req.id}/edit", data={
        "csrf_token": csrf_token(client), "version": req.version, "tags": "ЖКГ, бюджет",
        "subject": "спроба змінити"})
    assert response.status_code == 302
    db.session.expire_all()
    r = db.session.get(Request, req.id)
    assert sorted(t.tag for t in r.tags) == ["бюджет", "жкг"]
    assert r.subject == "Інформація про PR-заходи"


def test_a_registration_made_in_error_is_annulled_kept_and_not_counted(app, users, api):
    """The same letter registered twice: the clerk annuls the copy with a reason and the
    original's index; it is closed, shown as annulled, left out of the statistics and the
    reminders, and stays in the journal. An answered request cannot be annulled."""
    from tracker.register.queries import Clock
    clerk, executor = api(users["clerk"]), api(users["executor"])
    body = {"requester": {"name": "Петренко Олег", "email": "o@example.com"},
            "channel": "email", "subject": "Кошторис", "executor": users["executor"].email}
    first = clerk("POST", "/api/v1/requests", json=body).json
    copy = clerk("POST", "/api/v1/requests", json=body).json
    url = f"/api/v1/requests/{copy['id']}/actions"
    r = executor("POST", url, json={"action": "void", "reason": "Дублікат."})
    assert r.status_code == 403  # an executor does not undo a registration
    r = clerk("POST", url, json={"action": "void"})
    assert r.status_code == 400 and "reason" in r.json["errors"]
    r = clerk("POST", url, json={"action": "void", "reason": "Той самий лист.",
                                 "duplicate_of": "99/Х-1"})
    assert r.status_code == 400 and "duplicate_of" in r.json["errors"]
    r = clerk("POST", url, json={"action": "void", "reason": "Той самий лист надійшов двічі.",
                                 "duplicate_of": first["registration_number"]})
    assert r.status_code == 200, r.json
    voided = r.json
    assert (voided["status"], voided["deadline_state"]) == ("closed", "voided")
    events = clerk("GET", f"/api/v1/requests/{copy['id']}").json["events"]
    assert [e["after"]["duplicate_of"] for e in events if e["action"] == "voided"] == [
        first["registration_number"]]
    assert clerk("POST", url, json={"action": "void", "reason": "x"}).status_code == 409
    # Annulled by mistake: taken back, in work again under its own index and term.
    restored = clerk("POST", url, json={"action": "restore", "reason": "Це різні листи."})
    assert restored.status_code == 200
    assert (restored.json["status"], restored.json["voided"]) == ("in_progress", None)
    assert clerk("POST", url, json={"action": "restore", "reason": "x"}).status_code == 409
    assert clerk("POST", url, json={"action": "void", "reason": "Той самий лист надійшов "
                                    "двічі.", "duplicate_of": first["registration_number"]}
                 ).status_code == 200
    listed = clerk("GET", "/api/v1/requests", query_string={"deadline_state": "voided"}).json
    assert [i["id"] for i in listed["items"]] == [copy["id"]]
    today = Clock.current().today.isoformat()
    stats = clerk("GET", "/api/v1/reports/summary", query_string={"from": today,
                                                                 "to": today}).json
    assert stats["total"] == 1  # the original only
    answered = clerk("POST", f"/api/v1/requests/{first['id']}/actions", json={
        "action": "answer", "result": "full"})
    assert answered.status_code == 200
    r = clerk("POST", f"/api/v1/requests/{first['id']}/actions", json={
        "action": "void", "reason": "x"})
    assert r.status_code == 409  # a request answered was no mistake


def test_an_annulment_names_an_original_in_force_from_the_same_requester(app, users, api,
                                                                         client):
    """Two copies cannot annul each other (nobody would answer), another requester's request
    is no original, the index is found in any letter case; an annulled request takes no
    letters; once an extension notice went out, a request is no longer annulled."""
    clerk = api(users["clerk"])
    petrenko = {"name": "Петренко Олег", "email": "o@example.com"}
    body = {"requester": petrenko, "channel": "email", "subject": "Кошторис",
            "executor": users["executor"].email}
    first = clerk("POST", "/api/v1/requests", json=body).json
    copy = clerk("POST", "/api/v1/requests", json=body).json
    other = clerk("POST", "/api/v1/requests", json={
        **body, "requester": {"name": "ТОВ «Будсервіс»", "email": "b@example.com"}}).json

    def void(req, original, reason="Той самий лист надійшов двічі."):
        return clerk("POST", f"/api/v1/requests/{req['id']}/actions", json={
            "action": "void", "reason": reason, "duplicate_of": original})

    r = void(copy, other["registration_number"])
    assert r.status_code == 400 and "інший запитувач" in r.json["errors"]["duplicate_of"][0]
    assert void(copy, first["registration_number"].upper()).status_code == 200
    r = void(first, copy["registration_number"])
    assert r.status_code == 400 and "теж анульовано" in r.json["errors"]["duplicate_of"][0]
    voided = clerk("GET", f"/api/v1/requests/{copy['id']}").json["voided"]
    assert voided["duplicate_of"] == first["registration_number"]
    r = clerk("POST", f"/api/v1/requests/{copy['id']}/letters", json={
        "kind": "refusal", "ground": "not_holder", "explanation": "x"})
    assert r.status_code == 409 and "анульовано" in r.json["error"]
    # Written to about it (an extension notice): no longer a registration to annul.
    assert clerk("POST", f"/api/v1/requests/{first['id']}/actions", json={
        "action": "extend", "reason": "Значний обсяг."}).status_code == 200
    r = void(first, None, "Помилка.")
    assert r.status_code == 409 and "нічого не надсилали" in r.json["error"]
