"""Issue 13, break 4: hostile mail. Every message that arrives ends as a stored queue item —
read, or an error with its reason and the raw message kept — none is lost, none is taken
twice, and none takes over 2 s to read. Over the web upload, the API, the CLI and IMAP.
"""
import time
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import csrf_token
from tests.intake.test_imap import _mailbox, imap_server  # noqa: F401 (fixture)
from tracker.extensions import db
from tracker.intake.mailbox import poll
from tracker.intake.models import IntakeMessage, IntakeStatus
from tracker.intake.parser import MalformedMessage, parse_message
from tracker.intake.receiving import take_in

HEAD = b"From: a@test.example\r\nSubject: x\r\n"


def nested_multiparts(depth: int) -> bytes:
    parts = [HEAD + b"MIME-Version: 1.0\r\n"]
    for i in range(depth):
        parts.append(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i))
    parts.append(b"Content-Type: text/plain\r\n\r\nbody\r\n")
    for i in reversed(range(depth)):
        parts.append(b"--b%d--\r\n" % i)
    return b"".join(parts)


def nested_forwards(depth: int) -> bytes:
    raw = b"From: inner@test.example\r\nSubject: inner\r\n\r\ntext\r\n"
    for i in range(depth):
        raw = (b"From: f%d@test.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
               b"Content-Type: message/rfc822\r\n\r\n" % i) + raw
    return raw


def many_addresses(n: int) -> bytes:
    return (b"From: " + b", ".join(b"u%d@test.example" % i for i in range(n)) +
            b"\r\nSubject: x\r\n\r\nbody\r\n")


def many_attachments(n: int) -> bytes:
    parts = [HEAD + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
             b"--B\r\nContent-Type: text/plain\r\n\r\nrequest\r\n"]
    for i in range(n):
        parts.append(b'--B\r\nContent-Type: application/octet-stream\r\n'
                     b'Content-Disposition: attachment; filename="f%d"\r\n\r\nx\r\n' % i)
    parts.append(b"--B--\r\n")
    return b"".join(parts)


CRLF_NAME = (b"From: =?utf-8?q?Evil=0D=0ABcc=3A_x=40evil=2Eexample?= <evil@test.example>\r\n"
             b"Subject: =?utf-8?q?Budget=00request?=\r\nMIME-Version: 1.0\r\n"
             b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
             b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease\x00 send.\r\n"
             b"--B\r\nContent-Type: text/plain\r\n"
             b"Content-Disposition: attachment; filename=\"=?utf-8?q?a=00b.txt?=\"\r\n\r\nx\r\n"
             b"--B--\r\n")

HOSTILE = {
    "crlf-and-nul": CRLF_NAME,
    "1000 nested multiparts": nested_multiparts(1000),
    "1000 nested forwards": nested_forwards(1000),
    "160 000 addresses": many_addresses(160_000),
    "200 000 attachments": many_attachments(200_000),
    "binary junk": bytes(range(256)) * 64,
}


def _count() -> int:
    return db.session.scalar(select(func.count(IntakeMessage.id)))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_message_is_kept_with_a_reason_and_read_quickly(app, users, name):
    start = time.monotonic()
    try:
        parse_message(HOSTILE[name])
    except MalformedMessage:
        pass
    parsing = time.monotonic() - start
    assert parsing < 2, f"{name}: {parsing:.1f} s to parse"
    start = time.monotonic()
    # From the mailbox: kept whatever it is (an upload that is no e-mail is refused instead).
    item = take_in(users["clerk"], HOSTILE[name], "imap").item
    elapsed = time.monotonic() - start  # storing a 20 MB message included
    assert elapsed < 5, f"{name}: {elapsed:.1f} s in all"
    db.session.expire_all()
    stored = db.session.get(IntakeMessage, item.id)
    assert stored.raw == HOSTILE[name]  # the raw message, byte for byte
    if name == "crlf-and-nul":
        assert stored.status == IntakeStatus.PENDING
        assert "\r" not in stored.from_name and "\n" not in stored.from_name
        assert stored.subject == "Budget request" and "\x00" not in stored.parsed["text"]
        assert [a.filename for a in stored.attachments] == ["a b.txt"]
    else:
        assert stored.status == IntakeStatus.ERROR and stored.error
        assert len(stored.attachments) == 0  # never half-read


def test_limits_are_named_in_the_reason(app, users):
    reasons = {name: take_in(users["clerk"], HOSTILE[name], "cli").item.error
               for name in ("160 000 addresses", "200 000 attachments", "1000 nested forwards")}
    assert "Заголовки листа завеликі" in reasons["160 000 addresses"]
    assert "1 000 адрес" in take_in(users["clerk"], many_addresses(1000), "cli").item.error
    assert "понад 200 частин" in reasons["200 000 attachments"]
    assert "частин" in reasons["1000 nested forwards"]


def test_the_web_upload_keeps_every_hostile_message(app, users, login, client):
    """Every hostile e-mail is kept; a file that is no e-mail at all is refused, not kept."""
    login(users["clerk"])
    # Werkzeug's test client leaks the temporary file it spools a body over 500 KB into
    # (a ResourceWarning), so the large ones go in smaller variants here; take_in, which the
    # view calls, is tested with the full sizes above.
    small = {**HOSTILE, "160 000 addresses": many_addresses(1000),
             "200 000 attachments": many_attachments(3000)}
    for name, raw in small.items():
        assert len(raw) < 500_000, name
        before = _count()
        import io
        r = client.post("/intake", data={"csrf_token": csrf_token(client),
                                         "file": (io.BytesIO(raw), "m.eml")})
        if name == "binary junk":
            assert r.status_code == 200 and "не схожий на лист" in r.get_data(as_text=True)
            assert _count() == before, name
            continue
        assert r.status_code == 302, (name, r.status_code)
        assert _count() == before + 1, name


def test_the_api_keeps_a_hostile_message_and_answers_400(app, users, api):
    import io
    call = api(users["clerk"])
    r = call("POST", "/api/v1/intake/eml", data={"register": "1",
             "file": (io.BytesIO(HOSTILE["1000 nested multiparts"]), "m.eml")},
             content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["intake_id"]
    assert db.session.get(IntakeMessage, r.json["intake_id"]).status == IntakeStatus.ERROR


def test_imap_stores_hostile_mail_once_and_counts_it(app, users, imap_server):  # noqa: F811
    with _mailbox(imap_server) as mb:
        # (The test IMAP server itself cannot store the deeply nested ones.)
        for raw in (HOSTILE["crlf-and-nul"], nested_multiparts(300), many_addresses(1000)):
            mb.append(raw, "INBOX")
    first = poll(imap_server)
    assert (first.new, first.errors) == (3, 2)
    again = poll(imap_server)
    assert again.new == 0 and _count() == 3  # never fetched twice


# --- hypothesis: random MIME trees ------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def mime_trees(draw, depth=0):
    kind = draw(st.sampled_from(["text", "multipart", "rfc822"] if depth < 4 else ["text"]))
    if kind == "text":
        part = MIMEText(draw(_text), draw(st.sampled_from(["plain", "html"])), "utf-8")
        if draw(st.booleans()):
            part.add_header("Content-Disposition", "attachment", filename=draw(_text) or "f")
        return part
    if kind == "rfc822":
        inner = EmailMessage()
        inner["From"] = "inner@test.example"
        inner.set_content(draw(_text))
        outer = MIMEMultipart()
        outer.attach(MIMEText(draw(_text)))
        from email.mime.message import MIMEMessage
        outer.attach(MIMEMessage(inner))
        return outer
    outer = MIMEMultipart(draw(st.sampled_from(["mixed", "alternative", "related"])))
    for child in draw(st.lists(mime_trees(depth + 1), min_size=0, max_size=3)):
        outer.attach(child)
    return outer


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tree=mime_trees(), name=_text, subject=_text)
def test_random_mime_structures_always_end_as_a_queue_item(app, users, tree, name, subject):
    from email.header import Header
    tree["From"] = f"{Header(name, 'utf-8').encode()} <someone@test.example>"
    tree["Subject"] = Header(subject, "utf-8").encode()
    raw = tree.as_bytes()
    before = _count()
    start = time.monotonic()
    item = take_in(users["clerk"], raw, "imap").item  # (an upload must also have a body)
    assert time.monotonic() - start < 2
    assert _count() == before + 1
    assert item.status in (IntakeStatus.PENDING, IntakeStatus.ERROR)
    assert "\x00" not in (item.subject or "") + (item.from_name or "")
