"""The mail queue and a message in English; what the message says stays as it came."""
import datetime as dt
import io
from pathlib import Path

import time_machine
from sqlalchemy import select

from tests.factories import csrf_token
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.intake.models import IntakeMessage

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})


def test_the_queue_refuses_a_non_email_in_english(client, users, login):
    _english(client, users["clerk"], login)
    page = client.get("/intake").get_data(as_text=True)
    assert "Incoming mail" in page and "The queue is empty." in page
    page = client.post("/intake", data={"csrf_token": csrf_token(client),
                                        "file": (io.BytesIO(b"just some text"), "note.eml")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "The file does not look like an e-mail (.eml): it has no From or Subject header." \
        in page
    assert db.session.scalars(select(IntakeMessage)).first() is None


def test_a_portal_request_registered_from_the_english_page(client, users, login):
    with time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False):
        _english(client, users["clerk"], login)
        page = client.post("/intake", data={
            "csrf_token": csrf_token(client),
            "file": (io.BytesIO((MAIL / "dostup-request.eml").read_bytes()), "zapyt.eml")},
            content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
        assert "send the answer only to" in page and "Register as a new request" not in page
        assert "“Access to Truth”, request 32845" in page and "Доступ до правди" not in page
        waiting = client.get("/intake").get_data(as_text=True)
        assert '<span class="badge">Access to Truth</span>' in waiting
        assert ">Open</a>" in waiting and "Handle" not in waiting
        assert 'class="primary">Register</button>' in page
        assert 'value="PR-заходи міської ради"' in page  # the message's subject: data
        item = db.session.scalars(select(IntakeMessage)).one()
        page = client.post(f"/intake/{item.id}", data={
            "csrf_token": csrf_token(client), "channel": "portal",
            "received_at": "2018-03-28T10:00", "requester_name": "Красновська Я.",
            "requester_category": "individual", "requester_gender": "female",
            "requester_email": "foi+request-32845-3d497b34@dostup.pravda.com.ua",
            "subject": "PR-заходи міської ради", "text": "Прошу надати інформацію."},
            follow_redirects=True).get_data(as_text=True)
        assert "answer by 4 Apr 2018." in page  # the due date, the English way
        assert "portal: Access to Truth" in page  # the history's details
        queue = client.get("/intake").get_data(as_text=True)
    assert "Recently handled" in queue and "(registered)" in queue
