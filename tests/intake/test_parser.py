"""Parsing real-world mail (pure: no app)."""
import datetime as dt
from email.message import EmailMessage
from pathlib import Path

import pytest

from tracker.register import portal as alaveteli
from tracker.intake.htmltext import html_to_text
from tracker.intake.names import surname_first
from tracker.intake.parser import MalformedMessage, parse_message

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
FOOTER_LINES = ["використовуйте цю електронну адресу", "неправильною адресою", "Відмова від відповідальності",
                "dostup.pravda.com.ua/help", "-----", "Доброго дня", "З повагою"]


def load(name: str):
    return parse_message((MAIL / name).read_bytes())


def test_dostup_pravda_request_is_recognised():
    p = load("dostup-request.eml")
    assert p.channel == "portal"
    assert (p.portal.name, p.portal.request_id, p.portal.hash) == ("Доступ до правди", "32845",
                                                                   "3d497b34")
    assert p.portal.address == "foi+request-32845-3d497b34@dostup.pravda.com.ua"
    assert p.reply_address == p.portal.address
    assert p.title == "PR-заходи міської ради"
    assert p.from_name == "Яна Красновська"
    assert p.sent_at == dt.datetime(2018, 3, 28, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert p.text.startswith("Прошу надати інформацію про проведені PR-заходи")
    assert "2. суми коштів, витрачених на кожен захід." in p.text
    for line in FOOTER_LINES:
        assert line not in p.text, line
    assert "Яна Красновська" not in p.text  # the sign-off went with the footer


def test_english_alaveteli_subject_and_reply_to_address():
    msg = EmailMessage()
    msg["From"] = "John Smith <john@example.com>"
    msg["Reply-To"] = "foi+request-77-0a1b2c3d@foi.example.org"
    msg["Subject"] = "Freedom of Information request - Road repairs"
    msg.set_content("Dear Council,\n\nPlease send the contracts.\n\nYours faithfully,\n\nJohn Smith\n\n"
                    "-------------------------------------------------------------------\n\n"
                    "Please use this email address for all replies to this request:\n"
                    "foi+request-77-0a1b2c3d@foi.example.org\n")
    p = parse_message(msg.as_bytes())
    assert p.portal.name == "foi.example.org" and p.portal.request_id == "77"
    assert p.title == "Road repairs" and p.text == "Please send the contracts."


@pytest.mark.parametrize("name, sender, subject, fragment", [
    ("koi8u.eml", "Олег Петренко", "Запит на інформацію щодо ремонту доріг",
     "копію договору на ремонт вулиці Київської"),
    ("windows-1251.eml", "Редакція «Житомир-Медіа»", "Витрати на рекламу в мережі Інтернет",
     "перелік рекламних кампаній у мережі Інтернет"),
])
def test_legacy_cyrillic_encodings(name, sender, subject, fragment):
    p = load(name)
    assert (p.from_name, p.subject, p.channel) == (sender, subject, "email")
    assert fragment in p.text


def test_reply_to_is_where_replies_go():
    p = load("windows-1251.eml")
    assert p.reply_to == "news@zt-media.example" and p.reply_address == "news@zt-media.example"


def test_html_only_mail_becomes_clean_text():
    p = load("html-only.eml")
    assert p.html_only
    assert "2018 року & відповіді на них" in p.text  # entities decoded
    assert "- звернення щодо ЖКГ;" in p.text
    assert "alert" not in p.text and "color" not in p.text and "<" not in p.text


def test_attachments_keep_their_cyrillic_names():
    p = load("attachments-cyrillic.eml")
    assert [(a.filename, a.content_type) for a in p.attachments] == [
        ("Запит від 09.04.2018.pdf", "application/pdf"), ("підпис.jpg", "image/jpeg")]
    assert p.attachments[0].content.startswith(b"%PDF")


def test_oversized_attachments_are_kept_out_with_a_note():
    p = parse_message((MAIL / "attachments-cyrillic.eml").read_bytes(), max_attachment_bytes=30)
    big = p.attachments[0]
    assert big.content is None and big.size == 56
    assert any("Запит від 09.04.2018.pdf" in n and "не збережено" in n for n in p.notes)
    assert p.attachments[1].content is not None


@pytest.mark.parametrize("name, requester, address, fragment", [
    ("forwarded-attached.eml", "Світлана Мельник", "s.melnyk@example.org", "тарифів на воду"),
    ("forwarded-inline.eml", "Андрій Бондар", "a.bondar@example.net", "кошторис капітального ремонту"),
])
def test_forwarded_requests_name_the_original_sender(name, requester, address, fragment):
    p = load(name)
    assert (p.from_name, p.from_address) == (requester, address)
    assert p.forwarded_by == "info@zt-rada.gov.ua"
    assert fragment in p.text and "Fwd" not in p.subject


def test_forwarded_attachment_counts_from_the_original_date():
    p = load("forwarded-attached.eml")
    assert p.sent_at.astimezone(dt.timezone.utc) == dt.datetime(2018, 4, 10, 5, 10,
                                                                tzinfo=dt.timezone.utc)


def test_follow_up_keeps_the_portal_and_its_reply_headers():
    p = load("dostup-follow-up.eml")
    assert p.portal.request_id == "32845" and p.title == "PR-заходи міської ради"
    assert p.in_reply_to == ["<ogm-81234+5abb4a1234567-abcd@dostup.pravda.com.ua>"]
    assert p.text == "Уточнюю: мене цікавлять також витрати на рекламу в мережі Інтернет."


@pytest.mark.parametrize("raw", [b"", b"   \n", (MAIL / "malformed.eml").read_bytes(),
                                 b"Subject: no sender\n\nbody"])
def test_malformed_messages_are_refused_with_a_reason(raw):
    with pytest.raises(MalformedMessage) as exc:
        parse_message(raw)
    assert str(exc.value)


def test_a_message_without_date_has_no_sent_time():
    p = parse_message(b"From: a@b.example\nSubject: x\n\nhello")
    assert p.sent_at is None and p.text == "hello"


def test_helpers():
    assert alaveteli.strip_reply_prefixes("Re: RE: Відп: Тема") == "Тема"
    assert alaveteli.title_from_subject("Re: Інформаційний запит - Бюджет") == "Бюджет"
    assert alaveteli.find_portal(["x@y.z"]) is None
    assert html_to_text("<p>a<br>b</p><p>c&nbsp;d</p>") == "a\nb\n\nc d"
    assert surname_first("Яна Красновська") == "Красновська Яна"
    assert surname_first("Андрій Бондар") == "Андрій Бондар"
