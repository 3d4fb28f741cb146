"""An IMAP round trip against a real IMAP server (pymap) started on loopback by the test."""
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted
from sqlalchemy import select

from tracker.extensions import db
from tracker.intake.mailbox import MailboxSettings, poll
from tracker.intake.models import IntakeMessage, IntakeStatus
from tracker.intake import operations as ops

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
USER, PASSWORD = "requests", "imap-test-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def imap_server():
    port = _free_port()
    pymap = Path(sys.executable).with_name("pymap")
    proc = subprocess.Popen([str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-tls",
                             "dict", "--demo-user", USER, "--demo-password", PASSWORD],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the IMAP test server did not start")
    yield MailboxSettings(host="127.0.0.1", port=port, user=USER, password=PASSWORD,
                          security="plain")
    proc.terminate()
    proc.wait(timeout=10)


def _mailbox(s: MailboxSettings):
    return MailBoxUnencrypted(s.host, s.port).login(s.user, s.password)


def _uids(s):
    with _mailbox(s) as mb:
        return list(mb.uids())


def test_poll_takes_each_message_once_and_tidies_only_handled_ones(app, users, imap_server):
    s = imap_server
    with _mailbox(s) as mb:
        for name in ("dostup-request.eml", "koi8u.eml", "malformed.eml"):
            mb.append((MAIL / name).read_bytes(), "INBOX")
    first = poll(s)
    assert (first.new, first.errors, first.removed) == (3, 1, 0)
    again = poll(s)
    assert (again.new, again.removed) == (0, 0)  # never taken twice
    items = db.session.scalars(select(IntakeMessage).order_by(IntakeMessage.uid)).all()
    assert [i.status for i in items] == [IntakeStatus.PENDING, IntakeStatus.PENDING,
                                         IntakeStatus.ERROR]
    assert len(_uids(s)) == 3  # nothing deleted before it is handled

    portal_item = items[0]
    ops.register_from_intake(None, portal_item)
    ops.dismiss(users["clerk"], items[2], "не лист")
    db.session.commit()
    tidy = poll(s)
    assert tidy.removed == 2
    assert _uids(s) == [str(items[1].uid)]  # the unhandled one stays in the mailbox

    # The portal's follow-up arrives: filed with its request at once.
    with _mailbox(s) as mb:
        mb.append((MAIL / "dostup-follow-up.eml").read_bytes(), "INBOX")
    result = poll(s)
    assert (result.new, result.attached) == (1, 1)
    follow = db.session.scalars(select(IntakeMessage).order_by(IntakeMessage.id.desc())).first()
    assert follow.status == IntakeStatus.ATTACHED and follow.request_id == portal_item.request_id
    assert follow.message_id == "<ogm-81299+5ac3a9-beef@dostup.pravda.com.ua>"


def test_cli_poll_needs_a_configured_mailbox(runner):
    result = runner.invoke(args=["intake", "poll"])
    assert result.exit_code != 0 and "IMAP_HOST" in result.output
