"""The public request form: registered at once (channel website) through the register's own
function, what the requester sent kept as intake keeps mail, the confirmation queued; the
Art. 19 part 5 items demanded; attachments checked as the clerk's uploads are."""
from __future__ import annotations

import io

import pytest

from sqlalchemy import select

from tests.public.helpers import file_request, status_link
from tracker.core.models import Event
from tracker.extensions import db
from tracker.intake.models import Attachment, IntakeMessage, IntakeStatus
from tracker.outbox.models import OutboxMessage
from tracker.public.models import StatusCode
from tracker.register.models import Channel, Request

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_request_is_registered_at_once_with_its_index_and_due_date(app, client):
    response = file_request(client, app, fields={"subject": "Тарифи на вивезення сміття"},
                            files=[(io.BytesIO(PDF), "довіреність.pdf")])
    page = response.get_data(as_text=True)
    assert response.status_code == 201, page[:3000]
    req = db.session.scalars(select(Request)).one()
    assert req.channel == Channel.WEBSITE and req.registered_by_id is None
    assert req.registration_number in page and req.due_date.strftime("%d.%m.%Y") in page
    assert req.subject == "Тарифи на вивезення сміття" and req.missing_items == []
    assert req.requester.email == "maria@example.com"
    actions = [e.action for e in db.session.scalars(select(Event).where(
        Event.request_id == req.id).order_by(Event.id))]
    assert actions == ["registered", "registered_online"]
    item = db.session.scalars(select(IntakeMessage)).one()
    assert (item.source, item.status, item.request_id) == ("web", IntakeStatus.REGISTERED, req.id)
    kept = db.session.scalars(select(Attachment)).one()
    assert (kept.filename, kept.request_id, kept.content) == ("довіреність.pdf", req.id, PDF)
    assert b"maria@example.com" in item.raw and b"%PDF" not in item.raw  # base64 inside
    # The status link on the page opens the status page; only the code's hash is stored.
    link = status_link(page)
    code = link.rsplit("code=", 1)[1]
    assert db.session.scalars(select(StatusCode.code_hash)).one() != code
    assert client.get(link).status_code == 200
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipients == ["maria@example.com"] and link in mail.body_text


def test_the_subject_defaults_to_the_texts_first_line(app, client):
    assert file_request(client, app).status_code == 201
    assert db.session.scalars(select(Request.subject)).one().startswith("Прошу надати копію")


def test_the_art_19_items_are_demanded_and_what_was_typed_is_kept(app, client):
    response = file_request(client, app, fields={"requester_name": " ", "requester_email": "",
                                                 "text": "", "requester_phone": "067 000 11 22"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Зазначте ім&#39;я (найменування) запитувача" in page
    assert "Зазначте адресу електронної пошти або поштову адресу" in page
    assert "Опишіть інформацію, яку ви запитуєте" in page
    assert 'value="067 000 11 22"' in page
    assert db.session.scalars(select(Request)).first() is None


def test_a_postal_address_alone_is_enough_and_gets_no_mail(app, client):
    response = file_request(client, app, fields={"requester_email": "",
                                                 "requester_postal_address": "вул. Київська, 1"})
    assert response.status_code == 201
    assert db.session.scalars(select(OutboxMessage)).first() is None
    assert "Підтвердження з цим посиланням надіслано" not in response.get_data(as_text=True)


def test_attachments_are_checked_as_the_clerks_uploads_are(app, client):
    response = file_request(client, app, files=[(io.BytesIO(b"MZ\x90\x00"), "договір.exe"),
                                                (io.BytesIO(b"not a pdf"), "скан.pdf")])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "«договір.exe»: Файл такого типу не приймається" in page
    assert "«скан.pdf»: Вміст файлу не відповідає його розширенню .pdf" in page
    app.config["PUBLIC_MAX_FILES"] = 1
    response = file_request(client, app, files=[(io.BytesIO(PDF), "a.pdf"),
                                                (io.BytesIO(PDF), "b.pdf")])
    assert "Забагато файлів: не більше 1." in response.get_data(as_text=True)
    assert db.session.scalars(select(Request)).first() is None


def test_an_urgent_request_runs_48_hours_until_the_clerk_decides(app, client, users, login):
    response = file_request(client, app, urgent="y",
                            urgent_reason="Витік хлору на водоканалі: загроза життю.")
    assert response.status_code == 201
    req = db.session.scalars(select(Request)).one()
    assert req.urgent and req.due_at is not None
    assert "48 годин" in response.get_data(as_text=True)
    clerk = login(users["clerk"])
    page = clerk.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "Запитувач просить розглянути запит терміново" in page
    token = _csrf(page)
    clerk.post(f"/requests/{req.id}/urgency", data={"csrf_token": token, "confirm": "0"})
    db.session.expire_all()
    req = db.session.get(Request, req.id)
    assert not req.urgent and req.due_at is None and req.due_date == req.standard_due_date
    event = db.session.scalars(select(Event).where(Event.action == "urgency_rejected")).one()
    assert event.actor_id == users["clerk"].id and event.before["due_at"]
    page = clerk.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "Запитувач просить розглянути" not in page  # decided once


def test_a_confirmed_urgency_keeps_its_48_hours(app, client, users, login):
    file_request(client, app, urgent="y", urgent_reason="Аварія на тепломережі.")
    req = db.session.scalars(select(Request)).one()
    due_at = req.due_at
    clerk = login(users["clerk"])
    token = _csrf(clerk.get(f"/requests/{req.id}").get_data(as_text=True))
    clerk.post(f"/requests/{req.id}/urgency", data={"csrf_token": token, "confirm": "1"})
    db.session.expire_all()
    assert db.session.get(Request, req.id).due_at == due_at
    assert db.session.scalars(select(Event.action).where(
        Event.action.like("urgency%"))).all() == ["urgency_confirmed"]


def test_the_english_form_answers_in_english(app, client):
    client.get("/public/request")
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = client.get("/public/request").get_data(as_text=True)
    assert '<html lang="en">' in page


def _csrf(page: str) -> str:
    import re
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("name", ["Олег <boss@council.gov.ua>", "Олег\r\nBcc: x@evil.example",
                                  'Олег "boss@council.gov.ua" <a@b.example>, x@y.example',
                                  "Дем'яненко Мар'ян, ТОВ «Альфа»"])
def test_the_kept_original_names_the_requesters_address_only(app, client, name):
    """The From of the stored raw message parses back to exactly the requester's address,
    whatever the name holds (another address, a line break, quotes)."""
    import email
    from email import policy
    response = file_request(client, app, fields={"requester_name": name})
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    raw = db.session.scalars(select(IntakeMessage.raw)).one()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert [a.addr_spec for a in parsed["From"].addresses] == ["maria@example.com"]
    assert parsed.get_all("Bcc") is None and len(parsed.get_all("From")) == 1
    shown = parsed["From"].addresses[0].display_name
    assert "<" not in shown and "\n" not in shown and '"' not in shown
    assert shown.split()[0] == name.split()[0].split("\r")[0]


MB = 1024 * 1024


def _big_pdf(size: int) -> bytes:
    return PDF[:-6] + b"%" + b"x" * (size - len(PDF)) + b"\n%%EOF\n"


def _post_big(client, app, files: list[tuple[bytes, str]], **fields):
    """The form with large files, its body built in memory (the test client would spool a
    large body to a temporary file it never closes)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart
    from tests.public.helpers import PERSON, form_fields
    from tracker.public import proof
    values = {**PERSON, **fields, **form_fields(client), "website": ""}
    values["proof"] = proof.solve(values["ticket"], app.config["PUBLIC_POW_BITS"])
    parts = [(k, v) for k, v in values.items()] + [
        ("files", FileStorage(io.BytesIO(data), name, content_type="application/pdf"))
        for data, name in files]
    from werkzeug.datastructures import MultiDict
    boundary, body = encode_multipart(MultiDict(parts))
    return client.post("/public/request", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_files_over_the_total_bring_the_form_back_with_what_was_typed(app, client):
    # The app's own cap (MAX_CONTENT_LENGTH) below what the files add up to, as in production
    # (32 MB against 5 files of 20 MB).
    app.config.update(MAX_CONTENT_LENGTH=1 * MB, PUBLIC_UPLOAD_MAX_BYTES=1 * MB,
                      REQUEST_FILE_MAX_BYTES=1 * MB)
    page = client.get("/public/request").get_data(as_text=True)
    assert "До 5 файлів, разом не більше 1 МБ (кожен до 1 МБ)" in page.replace("&nbsp;", " ")
    response = _post_big(client, app, [(_big_pdf(700 * 1024), "a.pdf"),
                                       (_big_pdf(700 * 1024), "b.pdf")],
                         text="Прошу надати кошторис ремонту.")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'class="public"' in page and "Прошу надати кошторис ремонту." in page
    assert 'value="Коваленко Марія Петрівна"' in page
    assert "Додатки разом більші за 1" in page and "Виберіть додатки ще раз" in page
    assert db.session.scalars(select(Request)).first() is None
    # Within the total it goes through.
    response = _post_big(client, app, [(_big_pdf(600 * 1024), "a.pdf")])
    assert response.status_code == 201


def test_a_post_beyond_what_any_hint_allows_gets_the_public_413(app, client):
    app.config.update(MAX_CONTENT_LENGTH=1 * MB, PUBLIC_UPLOAD_MAX_BYTES=1 * MB,
                      REQUEST_FILE_MAX_BYTES=1 * MB, PUBLIC_MAX_FILES=1)
    response = _post_big(client, app, [(_big_pdf(3 * MB), "a.pdf")])
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and 'class="public"' in page
    assert "На головну" not in page


def test_after_any_refusal_the_form_says_to_choose_the_files_again(app, client):
    for overrides in ({"website": "bot"}, {"text": ""}):
        response = file_request(client, app, files=[(io.BytesIO(PDF), "a.pdf")],
                                **({} if "text" in overrides else overrides),
                                fields=overrides if "text" in overrides else None)
        page = response.get_data(as_text=True)
        assert response.status_code in (400, 429)
        assert "Додатки потрібно вибрати ще раз" in page and 'id="reselect"' in page
    page = file_request(client, app, fields={"text": ""}).get_data(as_text=True)
    assert "Додатки потрібно вибрати ще раз" not in page  # none were chosen


def test_the_requesters_fields_say_what_they_hold(client):
    """WCAG 1.3.5: a browser (or an assistive tool) can fill the form in."""
    import re
    page = client.get("/public/request").get_data(as_text=True)

    def tag(name):
        return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group()
    assert 'autocomplete="name"' in tag("requester_name")
    email, phone = tag("requester_email"), tag("requester_phone")
    assert 'type="email"' in email and 'autocomplete="email"' in email
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone
    assert 'autocomplete="street-address"' in tag("requester_postal_address")
    find = client.get("/public/requests").get_data(as_text=True)
    assert re.search(r'<input[^>]*type="email"[^>]*autocomplete="email"|'
                     r'<input[^>]*autocomplete="email"[^>]*type="email"', find)
