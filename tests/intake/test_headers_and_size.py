"""Encoded-words folded inside a word, big mail, big attachments and files that are no mail."""
import base64
import io
import os
import re
import time
from email import policy
from email.header import decode_header
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from tests.factories import csrf_token
from tracker.extensions import db
from tracker.intake import operations as ops
from tracker.intake.models import Attachment, IntakeMessage, IntakeStatus
from tracker.intake.parser import MalformedMessage, check_upload, parse_message
from tracker.intake.receiving import take_in
from tracker.register.models import Request

NAME = "Бондаренко Олександр Іванович"
#: Long enough that Python's SMTP policy folds it into several encoded-words, splitting words.
LONG_NAME = f"{NAME} громадська організація «Прозоре місто»"
SUBJECT = ("Запит на публічну інформацію щодо ремонту доріг і тротуарів у Шевченківському "
           "районі у 2024 році")
_WORD = re.compile(rb"=\?utf-8\?[bq]\?[^?]*\?=", re.IGNORECASE)


def folded_message(**extra) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = f"{LONG_NAME} <Bondarenko@Example.org>"
    msg["Reply-To"] = f"{LONG_NAME} <reply@example.org>"
    msg["Subject"] = SUBJECT
    msg["Date"] = "Tue, 03 Apr 2018 10:00:00 +0300"
    msg.set_content("Прошу надати копії актів виконаних робіт.")
    for name, data in extra.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def words_of(raw: bytes, header: str) -> list[str]:
    """The header's encoded-words, each decoded on its own."""
    block = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ")
    line = next(v for v in block.split(b"\r\n") if v.lower().startswith(header.lower().encode() + b":"))
    return [b.decode(c) for w in _WORD.findall(line) for b, c in decode_header(w.decode())]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- 1. adjacent encoded-words are one text (RFC 2047 §6.2) ------------------------------

def test_the_standard_library_really_splits_a_word_across_encoded_words():
    words = words_of(folded_message(), "From")
    assert len(words) >= 3 and "".join(words) == LONG_NAME
    # A word of the name is cut between two encoded-words: joining with a space breaks it.
    assert any(a[-1:].isalpha() and b[:1].isalpha() for a, b in zip(words, words[1:]))
    assert " ".join(words) != LONG_NAME


def test_a_folded_display_name_and_subject_come_back_exactly(app, users):
    raw = folded_message()
    item = take_in(users["clerk"], raw, "upload", register=True)
    it = item.item
    assert it.status == IntakeStatus.REGISTERED
    assert it.from_name == LONG_NAME and it.parsed["requester"]["name"] == LONG_NAME
    assert it.subject == SUBJECT and it.parsed["title"] == SUBJECT
    assert it.parsed["reply_to"] == "reply@example.org"
    assert item.request.requester.name == LONG_NAME and item.request.subject == SUBJECT


def test_a_short_name_split_inside_a_word_is_whole_on_the_form(app, users, login, client):
    raw = folded_message()
    # The same fold a mailer makes with a shorter name: «Ів» + «анович».
    name_words = (base64.b64encode("Бондаренко Олександр Ів".encode()).decode(),
                  base64.b64encode("анович".encode()).decode())
    raw = re.sub(rb"(?m)^From:.*\r\n(?: .*\r\n)*", (
        f"From: =?utf-8?b?{name_words[0]}?=\r\n =?utf-8?b?{name_words[1]}?= "
        f"<b@example.org>\r\n").encode(), raw, count=1)
    assert b"?=\r\n =?utf-8?b?" in raw
    it = take_in(users["clerk"], raw, "upload").item
    assert it.from_name == NAME
    login(users["clerk"])
    page = client.get(f"/intake/{it.id}").get_data(as_text=True)
    assert 'value="Бондаренко Олександр Іванович"' in page and "Ів анович" not in page


def test_a_character_split_between_words_and_folded_filenames_are_whole():
    encoded = "Запит щодо бюджету".encode()
    first, second = encoded[:9], encoded[9:]  # byte 9 is inside «щ»
    raw = (b"From: a@example.org\r\nSubject: =?utf-8?b?" + base64.b64encode(first) +
           b"?=\r\n =?utf-8?b?" + base64.b64encode(second) + b"?=\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
           b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nText\r\n"
           b"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
           b' filename="=?utf-8?q?=D0=97=D0=B0=D0=BF?= =?utf-8?q?=D0=B8=D1=82.pdf?="\r\n\r\nx\r\n'
           b"--B--\r\n")
    p = parse_message(raw)
    assert p.subject == "Запит щодо бюджету"
    assert [a.filename for a in p.attachments] == ["Запит.pdf"]


def test_a_forwarded_message_keeps_the_folded_name():
    inner = EmailMessage(policy=policy.SMTP)
    inner["From"] = f"{LONG_NAME} <b@example.org>"
    inner["Subject"] = SUBJECT
    inner.set_content("Прошу.")
    outer = EmailMessage(policy=policy.SMTP)
    outer["From"] = "Секретар <sec@example.org>"
    outer["Subject"] = "Fwd"
    outer.set_content("Пересилаю.")
    outer.add_attachment(inner)
    p = parse_message(outer.as_bytes())
    assert (p.from_name, p.subject, p.forwarded_by) == (LONG_NAME, SUBJECT, "sec@example.org")


# --- 2. big mail: a bounded page, the whole text and the original as downloads -----------

def big_message(chars: int = 20 * 1024 * 1024) -> tuple[bytes, str]:
    line = "Прошу надати копії всіх рішень виконавчого комітету за 2024 рік. " * 2 + "\n"
    body = "Початок листа.\n" + line * (chars // len(line.encode()) + 1) + "Кінець листа."
    msg = EmailMessage()
    msg["From"] = "Петренко Олег <o.petrenko@example.org>"
    msg["Subject"] = "Дуже довгий лист"
    msg.set_content(body)
    return msg.as_bytes(), body.strip()


def test_a_20_mb_message_shows_a_bounded_preview_once(app, users, login, client):
    raw, body = big_message()
    it = take_in(users["clerk"], raw, "upload").item
    assert it.status == IntakeStatus.PENDING and len(it.parsed["text"]) == len(body)
    login(users["clerk"])
    start = time.monotonic()
    r = client.get(f"/intake/{it.id}")
    elapsed = time.monotonic() - start
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and len(r.data) < 200_000, len(r.data)  # was 42 MB
    assert elapsed < 5, elapsed
    # Once (in the registration form, not again above it), and not to the end.
    assert page.count("Початок листа.") == 1 and "Кінець листа." not in page
    assert "Показати все" in page and f"/intake/{it.id}/text" in page
    assert f"/intake/{it.id}/raw" in page
    assert "Текст скорочено" in page

    full = client.get(f"/intake/{it.id}/text")
    assert full.status_code == 200 and full.mimetype == "text/plain"
    assert full.headers["Content-Disposition"].startswith("attachment")
    assert full.get_data(as_text=True) == body
    original = client.get(f"/intake/{it.id}/raw")
    assert original.data == raw
    full.close(), original.close()


def test_a_long_message_registers_with_the_preview_and_a_note(app, users):
    raw, body = big_message(300_000)
    result = take_in(users["clerk"], raw, "api", register=True)
    req = result.request
    assert req.text.startswith(body[:1000]) and len(req.text) < 21_000
    assert "Текст скорочено" in req.text and f"№ {result.item.id}" in req.text


def test_a_short_message_is_shown_in_full(app, users, login, client):
    it = take_in(users["clerk"], folded_message(), "upload").item
    login(users["clerk"])
    page = client.get(f"/intake/{it.id}").get_data(as_text=True)
    assert "Прошу надати копії актів виконаних робіт." in page and "Показати все" not in page


def test_only_registrars_read_the_whole_text(app, users, login, client):
    it = take_in(users["clerk"], folded_message(), "upload").item
    login(users["executor"])
    assert client.get(f"/intake/{it.id}/text").status_code == 403


# --- 2. attachments are kept up to the message limit, and what is kept out is said -------

def test_a_15_mb_scan_is_kept_under_the_30_mb_message_limit(app, users, login, client):
    assert app.config["INTAKE_MAX_MESSAGE_BYTES"] == 30 * 1024 * 1024
    scan = os.urandom(15 * 1024 * 1024)
    raw = folded_message(**{"скан запиту.pdf": scan})
    assert 20 * 1024 * 1024 < len(raw) < 30 * 1024 * 1024
    it = take_in(users["clerk"], raw, "upload").item
    assert it.status == IntakeStatus.PENDING
    assert [(a.filename, a.size) for a in it.attachments] == [("скан запиту.pdf", len(scan))]
    assert not any("не збережено" in n for n in it.parsed["notes"])
    stored = db.session.scalars(select(Attachment)).one()
    assert stored.content == scan
    login(users["clerk"])
    page = client.get(f"/intake/{it.id}").get_data(as_text=True)
    assert "скан запиту.pdf" in page and "15 МБ" in page and 'id="kept-out"' not in page


def test_what_was_kept_out_is_named_on_the_item_page(app, users, login, client, monkeypatch):
    real = ops.parse_message
    monkeypatch.setattr(ops, "parse_message",
                        lambda raw, **kw: real(raw, **{**kw, "max_attachment_bytes": 1024}))
    raw = folded_message(**{"малий.pdf": b"%PDF small", "великий скан.pdf": b"x" * 4096})
    it = take_in(users["clerk"], raw, "upload").item
    assert [a.filename for a in it.attachments] == ["малий.pdf"]
    login(users["clerk"])
    page = client.get(f"/intake/{it.id}").get_data(as_text=True)
    box = page[page.index('id="kept-out"'):]
    box = box[:box.index("</div>")]
    assert "Не збережено вкладень: 1." in box and "«великий скан.pdf» (4 КБ)" in box
    assert "більше за дозволені 1 КБ" in box and f"/intake/{it.id}/raw" in box
    assert "малий.pdf" not in box
    assert page.count("більше за дозволені") == 1  # not repeated as a note


# --- 2. a file that is not an e-mail is refused at upload -------------------------------

JUNK = {"random bytes": os.urandom(4096),
        "a .txt": "Прошу надати інформацію про бюджет.\nЗ повагою, Олег".encode(),
        "a PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "headers only": b"From: a@example.org\r\nSubject: x\r\n",
        "empty": b""}


@pytest.mark.parametrize("name", list(JUNK))
def test_check_upload_refuses_what_is_not_a_message(name):
    with pytest.raises(MalformedMessage, match="не схожий на лист"):
        check_upload(JUNK[name])


@pytest.mark.parametrize("raw", [b"From: a@example.org\n\nhi", b"Subject: x\r\n\r\nbody",
                                 b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\n\nx",
                                 b"From: a@example.org\nno blank line, then text"])
def test_check_upload_accepts_a_message(raw):
    check_upload(raw)


@pytest.mark.parametrize("name", ["random bytes", "a .txt"])
def test_the_upload_page_refuses_junk_in_ukrainian(app, users, login, client, name):
    login(users["clerk"])
    r = client.post("/intake", data={"csrf_token": csrf_token(client),
                                     "file": (io.BytesIO(JUNK[name]), "x.eml")},
                    content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Файл не схожий на лист (.eml)" in page
    assert "немає заголовків листа From (Від) чи Subject (Тема)" in page
    assert count(IntakeMessage) == 0  # not queued as «(без теми) помилка»


def test_the_api_refuses_junk_with_400_and_stores_nothing(app, users, api):
    call = api(users["clerk"])
    for register in ("true", "false"):
        r = call("POST", "/api/v1/intake/eml", data={
            "register": register, "file": (io.BytesIO(JUNK["random bytes"]), "x.eml")},
            content_type="multipart/form-data")
        assert r.status_code == 400 and r.json["errors"]["file"], register
    r = call("POST", "/api/v1/intake/eml", data={
        "register": "true", "file": (io.BytesIO(JUNK["a .txt"]), "x.txt")},
        content_type="multipart/form-data")
    assert r.status_code == 400 and "не схожий на лист" in r.json["errors"]["file"][0]
    assert count(IntakeMessage) == 0 and count(Request) == 0


def test_the_mailbox_still_keeps_junk_with_a_reason(app, users):
    it = take_in(None, JUNK["random bytes"], "imap").item
    assert it.status == IntakeStatus.ERROR and it.error
