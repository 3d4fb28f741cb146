"""Issue 13, break 1: one message that cannot be sent never stops the others, and a letter
counts as sent (and an answer as given) only when the mail server accepted it.

Every test talks to a real SMTP server on loopback (aiosmtpd), on SQLite and PostgreSQL.
"""
import pytest
from sqlalchemy import select

from tests.letters.test_letters import REQUESTER, head_api, on  # noqa: F401 (fixture)
from tests.smtp import SMTPServer
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due, retry
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.outbox.queueing import queue_message
from tracker.reminders.jobs import deliver_job


def _point_at(app, server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)


@pytest.fixture
def utf8_server(app):
    server = SMTPServer(smtputf8=True)
    server.start()
    _point_at(app, server)
    yield server
    server.stop()


def _queue(n: int, **overrides) -> list[int]:
    ids = []
    for i in range(n):
        msg = queue_message(**{"kind": "reminder", "recipients": [f"u{i}@test.example"],
                               "subject": f"Нагадування {i}", "body_text": "Текст", **overrides})
        db.session.flush()
        ids.append(msg.id)
    db.session.commit()
    return ids


def _state(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_one_unencodable_address_among_fifty_fails_alone(app, users, smtp_server):
    """The attack as reported: a Cyrillic local part, a server without SMTPUTF8."""
    first = _queue(25)
    poison = _queue(1, recipients=["тест@example.org"], subject="Отруєний лист")[0]
    rest = _queue(25)
    # The scheduler's job itself: it must neither crash nor leave anything claimed.
    deliver_job(app)
    assert len(smtp_server.messages) == 50
    assert sorted(e[1][0] for e in smtp_server.recorder.envelopes) == sorted(
        f"u{i}@test.example" for i in range(25) for _ in (0, 1))
    bad = _state(poison)
    assert bad.state == OutboxState.FAILED and bad.attempts == 1
    assert "SMTPUTF8" in bad.last_error and "тест@example.org" in bad.last_error
    assert {_state(i).state for i in first + rest} == {OutboxState.SENT}
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.state == OutboxState.SENDING)) is None
    # The admins are told; and delivery keeps going for what comes next.
    notice = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice")).one()
    assert notice.recipients == [users["admin"].email]
    later = _queue(1, recipients=["later@test.example"])[0]
    deliver_job(app)
    assert _state(later).state == OutboxState.SENT and _state(notice.id).state == OutboxState.SENT


def test_the_cli_delivers_around_a_poison_message(app, runner, smtp_server):
    _queue(3)
    _queue(1, recipients=["тест@example.org"])
    result = runner.invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 3


def test_an_international_address_goes_out_where_the_server_can_carry_it(app, users,
                                                                         utf8_server):
    cyrillic, idn = _queue(1, recipients=["тест@example.org"])[0], _queue(
        1, recipients=["user@приклад.укр"])[0]
    assert deliver_due().sent == 2
    assert _state(cyrillic).state == _state(idn).state == OutboxState.SENT
    rcpts = sorted(e[1][0] for e in utf8_server.recorder.envelopes)
    assert rcpts == ["user@xn--80aikifvh.xn--j1amh", "тест@example.org"]


def test_a_header_with_a_line_break_fails_that_message_at_once(app, users, smtp_server):
    ok = _queue(1)[0]
    bad = _queue(1, headers={"X-Note": "a\r\nBcc: victim@evil.example"})[0]
    deliver_due()
    assert _state(ok).state == OutboxState.SENT
    assert _state(bad).state == OutboxState.FAILED and _state(bad).attempts == 1
    assert all("victim@evil.example" not in e[1] for e in smtp_server.recorder.envelopes)


def test_a_mailbox_refused_for_good_fails_without_retries(app, users, smtp_server):
    smtp_server.recorder.refuse.add("gone@test.example")
    bad = _queue(1, recipients=["gone@test.example"])[0]
    deliver_due()
    msg = _state(bad)
    assert msg.state == OutboxState.FAILED and msg.attempts == 1
    assert "550" in msg.last_error and "відхилив" in msg.last_error
    retry(users["admin"], msg)  # the admin may still try again
    db.session.commit()
    assert _state(bad).state == OutboxState.PENDING


def _final_answer_to_an_unencodable_address(call) -> tuple[int, int]:
    """(request id, letter id): a final answer to тест@example.org (the server here has no
    SMTPUTF8, so it cannot be delivered)."""
    from tests.letters.test_letters import activity_ids, new_request
    rid = new_request(call, channel="email", registration_number=None,
                      requester={**REQUESTER, "email": "тест@example.org"})
    lid = call("POST", f"/api/v1/requests/{rid}/letters",
               json={"kind": "answer", "activity_ids": activity_ids(call)[:2]}).json["id"]
    call("POST", f"/api/v1/letters/{lid}/finalize")
    return rid, lid


def test_a_letter_that_cannot_be_delivered_does_not_answer_the_request(head_api, smtp_server):
    call = head_api
    with on(2018, 4, 3):
        rid, lid = _final_answer_to_an_unencodable_address(call)
        assert call("POST", f"/api/v1/letters/{lid}/send").json["status"] == "queued"
        deliver_due()
        letter = call("GET", f"/api/v1/letters/{lid}").json
        req = call("GET", f"/api/v1/requests/{rid}").json
    assert letter["status"] == "failed"
    assert (req["status"], req["answered_on"]) == ("in_progress", None)
    assert all("тест@example.org" not in e[1] for e in smtp_server.recorder.envelopes)


class RudeGoodbyeServer:
    """A real SMTP server on loopback that accepts the message and then answers QUIT with
    421 (some servers close that way under load)."""

    def __init__(self):
        import socketserver
        import threading
        received = self.received = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                say = lambda line: self.wfile.write(line.encode() + b"\r\n")  # noqa: E731
                say("220 rude.test ESMTP")
                while True:
                    line = self.rfile.readline().decode(errors="replace").strip()
                    verb = line[:4].upper()
                    if not line:
                        return
                    if verb in ("EHLO", "HELO"):
                        say("250 rude.test")
                    elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                        say("250 OK")
                    elif verb == "DATA":
                        say("354 go ahead")
                        data = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data.append(chunk)
                        received.append(b"".join(data))
                        say("250 queued")
                    elif verb == "QUIT":
                        say("421 closing, too busy")
                        return
                    else:
                        say("502 no")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_message_accepted_before_a_failing_goodbye_is_sent_once(app, users):
    server = RudeGoodbyeServer()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
        message = _queue(1)[0]
        assert deliver_due().sent == 1
        assert _state(message).state == OutboxState.SENT
        assert deliver_due(ignore_backoff=True).sent == 0 and len(server.received) == 1
    finally:
        server.stop()


def test_sending_a_failed_letter_again_reuses_its_outbox_row(head_api, smtp_server):
    call = head_api
    with on(2018, 4, 3):
        _, lid = _final_answer_to_an_unencodable_address(call)
        first = call("POST", f"/api/v1/letters/{lid}/send").json["outbox_message_id"]
        deliver_due()
        assert call("GET", f"/api/v1/letters/{lid}").json["status"] == "failed"
        again = call("POST", f"/api/v1/letters/{lid}/send").json
    assert again["status"] == "queued" and again["outbox_message_id"] == first
    letters = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "letter")).all()
    assert len(letters) == 1 and letters[0].state == OutboxState.PENDING
