"""Intake against the database: CLI, API, queue pages, follow-ups, duplicates, bad input."""
import io
import json
from pathlib import Path

import time_machine
import datetime as dt
from sqlalchemy import func, select

from tests.factories import csrf_token
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.intake.models import Attachment, IntakeMessage, IntakeStatus
from tracker.register.models import Channel, Request

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def eml(runner, name, *flags):
    result = runner.invoke(args=["intake", "eml", str(MAIL / name), *flags])
    return result


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_cli_json_has_the_acceptance_shape(runner):
    result = eml(runner, "dostup-request.eml", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"requester", "reply_to", "received_at", "subject", "title", "text",
                        "channel", "portal", "attachments", "follow_up_of"}
    assert out["requester"] == {"name": "Яна Красновська",
                                "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua"}
    assert out["channel"] == "portal" and out["title"] == "PR-заходи міської ради"
    assert out["portal"] == {"name": "Доступ до правди", "request_id": "32845",
                             "address": "foi+request-32845-3d497b34@dostup.pravda.com.ua"}
    assert out["received_at"] == "2018-03-28T10:00:00+03:00"
    assert "Будь ласка" not in out["text"] and out["follow_up_of"] is None
    assert count(IntakeMessage) == 0  # parsing alone stores nothing


def test_cli_register_then_the_follow_up_is_attached(runner):
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=KYIV), tick=False):
        first = eml(runner, "dostup-request.eml", "--register")
        assert first.exit_code == 0, first.output
        assert first.stdout.strip().splitlines()[-1] == "25/К-1із"
        req = db.session.scalars(select(Request)).one()
        assert req.channel == Channel.PORTAL and req.requester.name == "Красновська Яна"
        assert req.requester.gender.value == "female"
        assert (req.portal_name, req.portal_request_id, req.portal_address) == (
            "Доступ до правди", "32845", "foi+request-32845-3d497b34@dostup.pravda.com.ua")
        assert req.due_date == dt.date(2018, 4, 4) and req.missing_items == []
        follow = eml(runner, "dostup-follow-up.eml", "--register", "--json")
        out = json.loads(follow.stdout)
    assert out["follow_up_of"] == req.id and out["registration_number"] == "25/К-1із"
    assert count(Request) == 1
    items = db.session.scalars(select(IntakeMessage).order_by(IntakeMessage.id)).all()
    assert [i.status for i in items] == [IntakeStatus.REGISTERED, IntakeStatus.ATTACHED]
    from tracker.core.models import Event
    actions = db.session.scalars(select(Event.action).where(Event.request_id == req.id)
                                 .order_by(Event.id)).all()
    assert actions == ["registered", "registered_from_email", "correspondence_received"]


def test_a_re_subject_from_the_same_sender_is_a_follow_up(runner):
    from email.message import EmailMessage
    eml(runner, "koi8u.eml", "--register")
    msg = EmailMessage()
    msg["From"] = "Олег Петренко <o.petrenko@ukr.net>"
    msg["Subject"] = "Re: Запит на інформацію щодо ремонту доріг"
    msg["Date"] = "Tue, 03 Apr 2018 10:00:00 +0300"
    msg.set_content("Додаю: також акт приймання.")
    path = MAIL.parent / "tmp-follow.eml"
    try:
        path.write_bytes(msg.as_bytes())
        out = json.loads(runner.invoke(args=["intake", "eml", str(path), "--json"]).stdout)
    finally:
        path.unlink()
    assert out["follow_up_of"] == db.session.scalars(select(Request.id)).one()


def test_a_malformed_message_is_kept_with_its_reason(runner):
    result = eml(runner, "malformed.eml", "--register")
    assert result.exit_code != 0 and "Не схоже на e-mail" in result.stderr
    item = db.session.scalars(select(IntakeMessage)).one()
    assert item.status == IntakeStatus.ERROR and "From" in item.error
    assert item.raw == (MAIL / "malformed.eml").read_bytes()
    assert count(Request) == 0


def test_attachments_are_kept_with_the_request(runner, app):
    eml(runner, "attachments-cyrillic.eml", "--register")
    req = db.session.scalars(select(Request)).one()
    files = db.session.scalars(select(Attachment).where(Attachment.request_id == req.id)).all()
    assert sorted(f.filename for f in files) == ["Запит від 09.04.2018.pdf", "підпис.jpg"]


def test_an_oversized_attachment_is_kept_out_with_a_note(runner, app, monkeypatch):
    # Attachments are kept up to the message limit; the parser's own limit still notes them.
    from tracker.intake import operations as ops
    real = ops.parse_message
    monkeypatch.setattr(ops, "parse_message",
                        lambda raw, **kw: real(raw, **{**kw, "max_attachment_bytes": 30}))
    eml(runner, "attachments-cyrillic.eml", "--register")
    item = db.session.scalars(select(IntakeMessage)).one()
    assert [a.filename for a in item.attachments] == ["підпис.jpg"]
    assert any("не збережено" in n for n in item.parsed["notes"])


def test_an_oversized_message_is_kept_in_the_queue(runner, app):
    app.config["INTAKE_MAX_MESSAGE_BYTES"] = 100
    result = eml(runner, "dostup-request.eml", "--register")
    assert result.exit_code != 0 and "завеликий" in result.stderr
    assert db.session.scalars(select(IntakeMessage)).one().status == IntakeStatus.ERROR


def test_api_parses_and_registers(api, users):
    call = api(users["clerk"])
    data = (MAIL / "html-only.eml").read_bytes()
    r = call("POST", "/api/v1/intake/eml", data={"file": (io.BytesIO(data), "m.eml")},
             content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["channel"] == "email"
    assert r.json["requester"]["email"] == "maria@example.com" and r.json["portal"] is None
    assert count(IntakeMessage) == 0
    r = call("POST", "/api/v1/intake/eml", data={"file": (io.BytesIO(data), "m.eml"),
                                                 "register": "true"},
             content_type="multipart/form-data")
    assert r.status_code == 201 and r.json["registration_number"].startswith("25/")
    bad = call("POST", "/api/v1/intake/eml", data={"file": (io.BytesIO(b"junk"), "x.eml")},
               content_type="multipart/form-data")
    assert bad.status_code == 400 and "file" in bad.json["errors"]
    assert call("POST", "/api/v1/intake/eml", data={},
                content_type="multipart/form-data").status_code == 400


def test_upload_page_prefills_and_registers(client, users, login):
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        login(users["clerk"])
        r = client.post("/intake", data={
            "csrf_token": csrf_token(client),
            "file": (io.BytesIO((MAIL / "dostup-request.eml").read_bytes()), "zapyt.eml")},
            content_type="multipart/form-data", follow_redirects=True)
        page = r.get_data(as_text=True)
        assert 'value="Красновська Яна"' in page
        assert "foi+request-32845-3d497b34@dostup.pravda.com.ua" in page
        assert 'value="PR-заходи міської ради"' in page
        assert 'value="2018-03-28T10:00"' in page
        item = db.session.scalars(select(IntakeMessage)).one()
        form = {"csrf_token": csrf_token(client), "channel": "portal",
                "received_at": "2018-03-28T10:00", "requester_name": "Красновська Я.",
                "requester_category": "individual", "requester_gender": "female",
                "requester_email": "foi+request-32845-3d497b34@dostup.pravda.com.ua",
                "subject": "PR-заходи міської ради", "text": "Прошу надати інформацію."}
        r = client.post(f"/intake/{item.id}", data=form, follow_redirects=True)
    assert "Запит зареєстровано за № 25/К-1із" in r.get_data(as_text=True)
    req = db.session.scalars(select(Request)).one()
    assert req.portal_address == "foi+request-32845-3d497b34@dostup.pravda.com.ua"
    assert db.session.get(IntakeMessage, item.id).status == IntakeStatus.REGISTERED


def test_duplicate_warning_for_the_same_sender_and_text(client, users, login, runner):
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=KYIV), tick=False):
        eml(runner, "koi8u.eml", "--register")
        login(users["clerk"])
        r = client.post("/intake", data={
            "csrf_token": csrf_token(client),
            "file": (io.BytesIO((MAIL / "koi8u.eml").read_bytes()), "again.eml")},
            content_type="multipart/form-data", follow_redirects=True)
    assert "Можливий дублікат" in r.get_data(as_text=True)


def test_dismiss_keeps_the_reason(client, users, login):
    login(users["clerk"])
    client.post("/intake", data={"csrf_token": csrf_token(client),
                                 "file": (io.BytesIO(b"From: spam@x.example\n\nBuy"), "s.eml")},
                content_type="multipart/form-data")
    item = db.session.scalars(select(IntakeMessage)).one()
    r = client.post(f"/intake/{item.id}/dismiss", data={"csrf_token": csrf_token(client),
                                                        "reason": "спам"}, follow_redirects=True)
    assert "відхилено" in r.get_data(as_text=True)
    db.session.expire_all()
    assert item.status == IntakeStatus.DISMISSED and item.error == "спам"


def test_attachment_download_is_never_inline(client, users, login, runner):
    eml(runner, "attachments-cyrillic.eml", "--register")
    a = db.session.scalars(select(Attachment)).first()
    login(users["clerk"])
    r = client.get(f"/attachments/{a.id}")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Disposition"].startswith("attachment")
    r.close()


def test_executors_do_not_see_the_queue(client, users, login):
    login(users["executor"])
    assert client.get("/intake").status_code == 403
