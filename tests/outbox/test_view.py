"""The outbox for a person: a message's headers and text (as text, never markup), errors as
Ukrainian sentences, and the development catcher that sends nothing."""
import socket

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.outbox.delivery import _describe, deliver_due
from tracker.outbox.labels import readable_error
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.outbox.queueing import queue_message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_message_is_read_as_text_with_its_headers(client, users, login):
    msg = queue_message(kind="letter", recipients=["a@test.example"], subject="Тема <b>x</b>",
                        body_text="Шановна пані!\n<script>alert(1)</script>",
                        body_html="<p onclick='x()'>Шановна</p>", reply_to="r@test.example",
                        headers={"Auto-Submitted": "auto-generated"},
                        attachments=[("відповідь.pdf", "application/pdf", b"%PDF-1")])
    db.session.commit()
    login(users["admin"])
    r = client.get(f"/admin/outbox/{msg.id}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;p onclick=" in page and "<p onclick" not in page
    message_id = msg.message_id.replace("<", "&lt;").replace(">", "&gt;")
    for text in ("Message-ID", message_id, "Reply-To", "r@test.example", "Auto-Submitted",
                 "Тема &lt;b&gt;x&lt;/b&gt;", "відповідь.pdf", "лист"):
        assert text in page, text
    index = client.get("/admin/outbox").get_data(as_text=True)
    assert f"/admin/outbox/{msg.id}" in index
    login_as_head = client.post("/logout", data={"csrf_token": _token(client)})
    assert login_as_head.status_code == 302
    login(users["head"])
    assert client.get(f"/admin/outbox/{msg.id}").status_code == 403
    assert client.get("/admin/outbox/999999").status_code == 403


def _token(client):
    from tests.factories import csrf_token
    return csrf_token(client)


def test_exceptions_read_as_ukrainian_sentences():
    stored = _describe(ConnectionRefusedError(111, "Connection refused"))
    assert stored.startswith("Поштовий сервер недоступний (з'єднання відхилено); спробуємо")
    sentence, detail = readable_error(stored)
    assert sentence == "Поштовий сервер недоступний (з'єднання відхилено); спробуємо ще раз."
    assert detail.startswith("ConnectionRefusedError") and "Connection refused" in detail
    # What older versions stored, and bare Python text, read the same way.
    old = ("Поштовий сервер недоступний, спробуємо ще раз (ConnectionRefusedError: "
           "[Errno 111] Connection refused).")
    assert readable_error(old)[0] == ("Поштовий сервер недоступний (з'єднання відхилено); "
                                      "спробуємо ще раз.")
    assert readable_error("TimeoutError: timed out")[0] == \
        "Поштовий сервер не відповів вчасно (MAIL_TIMEOUT)."
    assert readable_error("socket.gaierror: [Errno -2] Name or service not known")[0] \
        .startswith("Адресу поштового сервера не знайдено")
    assert readable_error("Некоректна адреса «x».") == ("Некоректна адреса «x».", None)
    assert readable_error(None) == ("", None)


def test_the_outbox_page_shows_the_sentence_not_the_exception(app, client, users, login):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_TIMEOUT=2)
    msg = queue_message(kind="reminder", recipients=["a@test.example"], subject="s",
                        body_text="b")
    db.session.commit()
    deliver_due()
    db.session.expire_all()
    assert msg.state == OutboxState.PENDING and "ConnectionRefusedError" in msg.last_error
    login(users["admin"])
    index = client.get("/admin/outbox").get_data(as_text=True)
    assert "Поштовий сервер недоступний (з&#39;єднання відхилено)" in index
    assert "ConnectionRefusedError" not in index
    page = client.get(f"/admin/outbox/{msg.id}").get_data(as_text=True)
    assert "Технічні подробиці" in page and "ConnectionRefusedError" in page
    assert "у черзі" in page and "нагадування" in page


@pytest.mark.parametrize("backend", ["catcher"])
def test_the_catcher_marks_messages_delivered_without_a_server(app, client, users, login,
                                                               backend):
    app.config.update(MAIL_BACKEND=backend, MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    ok = queue_message(kind="reminder", recipients=["a@test.example"], subject="s",
                       body_text="b")
    bad = queue_message(kind="reminder", recipients=["no address"], subject="s",
                        body_text="b")
    db.session.commit()
    result = deliver_due()
    assert result.sent == 1 and result.gave_up == 1
    db.session.expire_all()
    assert ok.state == OutboxState.SENT and "Розробницький режим" in ok.last_error
    assert bad.state == OutboxState.FAILED  # what could not be written still fails
    login(users["admin"])
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Розробницький режим: листи не надсилаються, їх видно тут." in page


def test_smtp_is_the_default_backend(app):
    from config import Config
    assert Config.MAIL_BACKEND == "smtp" and app.config["MAIL_BACKEND"] == "smtp"
