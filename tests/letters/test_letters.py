"""Reply letters through the API and the screens, with the files opened back."""
import datetime as dt
import io
import re

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import on
from tests.activities import builders
from tests.factories import csrf_token
from tracker.extensions import db
from tracker.letters.models import Letter, LetterStatus
from tracker.register.models import Request
from tracker.outbox.delivery import deliver_due

REQUESTER = {"name": "Красновська Я.", "category": "individual", "gender": "female",
             "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua"}




@pytest.fixture
def head_api(api, users, runner):
    result = runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    assert result.exit_code == 0, result.output
    return api(users["head"])


def new_request(call, **extra):
    body = {"requester": REQUESTER, "channel": "portal", "received_at": "2018-03-28T10:00",
            "subject": "Інформація про PR-заходи міської ради",
            "text": "Прошу надати інформацію про PR-заходи.", "registration_number": "25/К-170із",
            "executor": "executor@test.example", **extra}
    r = call("POST", "/api/v1/requests", json=body)
    assert r.status_code == 201, r.json
    return r.json["id"]


def activity_ids(call, **query):
    return [i["id"] for i in call("GET", "/api/v1/activities",
                                  query_string={"per_page": 100, **query}).json["items"]]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_answer_from_the_sample_report_meets_the_acceptance(head_api):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        ids = activity_ids(call)
        r = call("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer",
                                                                  "activity_ids": ids})
        assert r.status_code == 201
        assert set(r.json) >= {"id", "kind", "number", "date", "status", "text"}
        assert (r.json["kind"], r.json["number"], r.json["date"], r.json["status"]) == (
            "answer", "25/К-170із", "2018-04-03", "draft")
        text = r.json["text"]
        assert "Красновській Я." in text and "на № 25/К-170із від 28.03.2018" in text
        totals = re.search(r"\| Усього \| ([\d ,]+) \| ([\d ,]+) \|", text)
        assert totals.groups() == ("1 640 000,00", "840 463,65")  # = the sums of the 16 rows
        lid = r.json["id"]
        assert call("GET", f"/api/v1/letters/{lid}.pdf").status_code == 409  # not final yet
        assert call("POST", f"/api/v1/letters/{lid}/finalize").json["status"] == "final"
        docx_bytes = call("GET", f"/api/v1/letters/{lid}.docx").data
        pdf = call("GET", f"/api/v1/letters/{lid}.pdf").data
        html = call("GET", f"/api/v1/letters/{lid}.html").get_data(as_text=True)
    document = docx.Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 10
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    body = next(p for p in document.paragraphs if p.text.startswith("Розглянувши"))
    assert all(run.font.size.pt == 14 for run in body.runs)
    assert body.runs[0].font.name == "Times New Roman"
    executor = document.paragraphs[-1]
    assert executor.text.startswith("Тест executor") and executor.runs[0].font.size.pt == 10
    assert section.different_first_page_header_footer  # page numbers from page 2
    table = document.tables[0]
    assert table.rows[-1].cells[2].text == "1 640 000,00"
    assert table.rows[-1].cells[3].text == "840 463,65"
    text = pdf_text(pdf)
    for needle in ("Красновській Я.", "на № 25/К-170із від 28.03.2018", "1 640 000,00",
                   "840 463,65", "Тест HEAD"):
        assert needle in text, needle
    # Bold capitals come out of the extractor with kerning gaps ("Р АДА").
    assert "ЖИТОМИРСЬКАМІСЬКАРАДА" in text.replace(" ", "")
    assert "Красновській Я." in html and "<script" not in html


def test_totals_follow_the_rows_chosen(head_api):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        tv_radio = activity_ids(call, category="radio") + activity_ids(call, category="tv")
        text = call("POST", f"/api/v1/requests/{rid}/letters",
                    json={"kind": "answer", "activity_ids": tv_radio}).json["text"]
    # Radio 80 000 + 120 000, TV 200 000 planned; 73 563,61 + 0 + 190 000 financed;
    # percents with one decimal place (65,89 %).
    assert "| Усього за наведеними заходами | 400 000,00 | 263 563,61 | 65,9\n" in text


def test_refusal_letter_carries_the_law_and_records_the_refusal(head_api):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        r = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "not_holder",
            "explanation": "Інформацією володіє Житомирська ОДА."})
        text = r.json["text"]
        assert "пункт 1 частини першої статті 22 Закону України «Про доступ до публічної інформації»" in text
        assert "статті 23" in text and "Кодексом адміністративного судочинства" in text
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
        call("POST", f"/api/v1/letters/{r.json['id']}/finalize")
        # Signed, not yet sent: the refusal is the register's when the letter leaves.
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
        call("POST", f"/api/v1/letters/{r.json['id']}/send")
        req = call("GET", f"/api/v1/requests/{rid}").json
    assert (req["status"], req["refusal_ground"], req["answered_on"]) == (
        "refused", "not_holder", "2018-04-03")


def test_deferral_letter_has_all_five_items(head_api):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        r = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "deferral", "reason": "Архів знеструмлено внаслідок аварії",
            "new_date": "2018-04-25"})
        call("POST", f"/api/v1/letters/{r.json['id']}/finalize")
        call("POST", f"/api/v1/letters/{r.json['id']}/send")
        text = call("GET", f"/api/v1/letters/{r.json['id']}").json["text"]
        req = call("GET", f"/api/v1/requests/{rid}").json
    for item in ("1. Посадова особа, відповідальна за розгляд запиту: Тест executor, посада",
                 "2. Дата надіслання повідомлення про відстрочку: 03.04.2018",
                 "3. Причини, з яких запит не може бути задоволено у встановлений зазначеним Законом "
                 "строк (обставини непереборної сили): Архів знеструмлено внаслідок аварії.",
                 "4. Строк, у який буде задоволено запит: до 25.04.2018.", "Тест HEAD"):
        assert item in text, item
    assert (req["status"], req["due_date"]) == ("deferred", "2018-04-25")


def test_an_extension_cannot_be_finalised_after_the_fifth_working_day(head_api):
    call = head_api
    with on(2018, 4, 4, 17):
        rid = new_request(call)
        lid = call("POST", f"/api/v1/requests/{rid}/letters",
                   json={"kind": "extension", "reason": "Великий обсяг"}).json["id"]
    with on(2018, 4, 5, 9):
        r = call("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.status_code == 409 and "04.04.2018" in r.json["error"]
        assert call("GET", f"/api/v1/letters/{lid}").json["status"] == "draft"
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
        late = call("POST", f"/api/v1/requests/{rid}/letters",
                    json={"kind": "extension", "reason": "x"})
        assert late.status_code == 409


def test_an_extension_on_day_five_records_the_extension(head_api):
    call = head_api
    with on(2018, 4, 4, 17):
        rid = new_request(call)
        r = call("POST", f"/api/v1/requests/{rid}/letters",
                 json={"kind": "extension", "reason": "Великий обсяг"})
        assert "до 26.04.2018 включно" in r.json["text"]
        call("POST", f"/api/v1/letters/{r.json['id']}/finalize")
        call("POST", f"/api/v1/letters/{r.json['id']}/send")
        req = call("GET", f"/api/v1/requests/{rid}").json
    assert (req["status"], req["due_date"]) == ("extended", "2018-04-26")


def test_kind_fields_are_checked(head_api):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        for body, field in [({"kind": "refusal", "ground": "lazy", "explanation": "x"}, "ground"),
                            ({"kind": "deferral", "reason": "x"}, "new_date"),
                            ({"kind": "invoice", "pages": "many"}, "pages"),
                            ({"kind": "poem"}, "kind"),
                            ({"kind": "answer", "activity_ids": [999999]}, "activity_ids")]:
            r = call("POST", f"/api/v1/requests/{rid}/letters", json=body)
            assert r.status_code == 400 and field in r.json["errors"], body


def test_send_to_the_portal_through_a_real_smtp_server(head_api, smtp_server):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        lid = call("POST", f"/api/v1/requests/{rid}/letters",
                   json={"kind": "answer", "activity_ids": activity_ids(call)[:3]}).json["id"]
        call("POST", f"/api/v1/letters/{lid}/finalize")
        r = call("POST", f"/api/v1/letters/{lid}/send")
        assert r.status_code == 202 and r.json["outbox_message_id"]
        # Queued is not sent: the answer counts once the mail server accepts the letter.
        assert r.json["status"] == "queued"
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
        assert call("POST", f"/api/v1/letters/{lid}/send").status_code == 409  # not twice
        assert deliver_due().sent == 1
        assert call("GET", f"/api/v1/letters/{lid}").json["status"] == "sent"
        req = call("GET", f"/api/v1/requests/{rid}").json
        assert (req["status"], req["outcome"], req["answered_on"]) == ("answered", "full",
                                                                       "2018-04-03")
    msg = smtp_server.messages[0]
    assert smtp_server.recorder.envelopes[0][1] == [REQUESTER["email"]]
    assert msg["To"] == REQUESTER["email"]
    assert str(msg["Subject"]) == "Re: Інформаційний запит - Інформація про PR-заходи міської ради"
    assert msg["Auto-Submitted"] is None and msg["Message-ID"]
    attachment = next(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().endswith(".pdf")
    assert "Красновській Я." in pdf_text(attachment.get_content())
    assert "на № 25/К-170із від 28.03.2018" in msg.get_body(preferencelist=("plain",)).get_content()


def test_a_letter_to_an_email_requester_gets_a_plain_subject(head_api, smtp_server, app):
    from tests.letters.helpers import pdf_bytes, upload
    call = head_api
    app.config.update(COPY_RATE_DECISION="рішення виконавчого комітету від 12.02.2015 № 100",
                      COUNCIL_IBAN="UA213223130000026007233566001")
    with on(2018, 4, 3):
        rid = new_request(call, channel="email", registration_number=None,
                          requester={**REQUESTER, "name": "Петренко Олег", "gender": "male",
                                     "email": "oleg@example.com"})
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "invoice", "pages": 25, "format": "a4"}).json["id"]
        assert upload(call, lid, "копії.pdf", pdf_bytes(10)).status_code == 201
        assert call("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
        call("POST", f"/api/v1/letters/{lid}/send")
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
    deliver_due()
    msg = smtp_server.messages[0]
    assert msg["To"] == "oleg@example.com"
    assert str(msg["Subject"]).startswith("Повідомлення про витрати на копіювання № 25/П-1із")
    body = msg.get_body(preferencelist=("plain",)).get_content()
    # 2018: 0,1 % of 1 762 грн per A4 page (the Resolution's rate before 2020), 15 pages.
    assert "Петренку Олегу" in body and "26,40 грн" in body


def test_a_request_file_id_beyond_64_bits_is_not_found(head_api):
    """The fuzzer's «attachment_id=23253276961602132770816» overflowed the driver (a 500)."""
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "invoice", "pages": 25, "format": "a4"}).json["id"]
        for value in ("23253276961602132770816", "-1", "²", "0"):
            r = call("POST", f"/api/v1/letters/{lid}/files", data={"attachment_id": value},
                     content_type="multipart/form-data")
            assert r.status_code == 404, value
        assert call("GET", f"/api/v1/letters/{lid}").json["files"] == []


def test_a_free_cost_notice_needs_its_exemption_ground(head_api):
    """Art. 21 part 4 has two grounds: the letter names the one that applies, so «exempt»
    alone is refused, and a page count must be a whole number."""
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        url = f"/api/v1/requests/{rid}/letters"
        r = call("POST", url, json={"kind": "invoice", "pages": 25, "exempt": True})
        assert r.status_code == 400 and "exempt_ground" in r.json["errors"]
        r = call("POST", url, json={"kind": "invoice", "pages": 25, "exempt_ground": "any"})
        assert r.status_code == 400 and "exempt_ground" in r.json["errors"]
        r = call("POST", url, json={"kind": "invoice", "pages": 25, "exempt": False,
                                    "exempt_ground": "personal"})
        assert r.status_code == 400 and "exempt" in r.json["errors"]
        for pages in (2.5, True, "25 сторінок", 0):
            r = call("POST", url, json={"kind": "invoice", "pages": pages})
            assert r.status_code == 400 and "pages" in r.json["errors"], pages
        r = call("POST", url, json={"kind": "invoice", "pages": 25, "exempt_ground": "personal"})
        assert r.status_code == 201
    text = " ".join(r.json["text"].split())
    assert "не стягується, оскільки запитувана інформація є інформацією про Вас" in text
    assert "суспільний інтерес" not in text


def test_a_posted_cost_notice_names_the_copies_it_encloses(head_api, app):
    """By post the first 10 pages go on paper in the envelope: the letter's «Додаток» names
    them though no file is in the app; by e-mail the attached files are named instead."""
    call = head_api
    app.config.update(COPY_RATE_DECISION="рішення виконавчого комітету від 12.02.2015 № 100",
                      COUNCIL_IBAN="UA213223130000026007233566001")
    with on(2018, 4, 3):
        rid = new_request(call, channel="post", registration_number=None, requester={
            "name": "Петренко Олег", "category": "individual", "gender": "male", "email": None,
            "postal_address": "вул. Київська, 1\nм. Житомир, 10001"})
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "invoice", "pages": 25, "format": "a4"}).json["id"]
        assert call("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
        text = " ".join(pdf_text(call("GET", f"/api/v1/letters/{lid}.pdf").data).split())
    assert "Перші 10 сторінок копій додаються" in text
    assert "Додаток: копії документів на 10 арк." in text


def test_postal_only_requesters_get_letters_to_print(head_api, users):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call, channel="post", registration_number=None, requester={
            "name": "Петренко Олег", "category": "individual", "gender": "male", "email": None,
            "postal_address": "вул. Київська, 1\nм. Житомир, 10001"})
        lid = call("POST", f"/api/v1/requests/{rid}/letters",
                   json={"kind": "answer", "activity_ids": activity_ids(call)[:1]}).json["id"]
        call("POST", f"/api/v1/letters/{lid}/finalize")
        r = call("POST", f"/api/v1/letters/{lid}/send")
        assert r.status_code == 202 and r.json["outbox_message_id"] is None
        assert r.json["status"] == "to_print" and r.json["delivery"] == "post"
        assert "вул. Київська, 1\nм. Житомир, 10001" in r.json["text"]
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
    from tracker.letters.delivery import mark_posted
    with on(2018, 4, 4):
        mark_posted(users["head"], db.session.get(Letter, lid))
        db.session.commit()
    assert db.session.get(Request, rid).answered_on == dt.date(2018, 4, 4)


def test_forwarding_makes_two_letters_and_records_the_forwarding(head_api, smtp_server):
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        r = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "forwarding", "holder_name": "Житомирська обласна державна адміністрація",
            "holder_address": "oda@example.gov.ua",
            "holder_reason": "кошти на рекламу виділяла облдержадміністрація"})
        companion = r.json["companion_id"]
        assert companion and "надіслано за належністю" in r.json["text"]
        call("POST", f"/api/v1/letters/{r.json['id']}/finalize")
        call("POST", f"/api/v1/letters/{r.json['id']}/send")
        assert call("GET", f"/api/v1/requests/{rid}").json["status"] == "forwarded"
        assert call("GET", f"/api/v1/letters/{companion}").json["status"] == "queued"
        deliver_due()
        assert call("GET", f"/api/v1/letters/{companion}").json["status"] == "sent"
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "foi+request-32845-3d497b34@dostup.pravda.com.ua", "oda@example.gov.ua"]


def test_a_final_letter_is_frozen_and_edits_make_a_new_version(head_api, users):
    from tracker.letters import operations as ops
    call = head_api
    with on(2018, 4, 3):
        rid = new_request(call)
        lid = call("POST", f"/api/v1/requests/{rid}/letters",
                   json={"kind": "answer", "activity_ids": activity_ids(call)[:2]}).json["id"]
        call("POST", f"/api/v1/letters/{lid}/finalize")
        letter = db.session.get(Letter, lid)
        frozen_pdf = letter.pdf
        from tracker.letters.content import LetterContent
        content = LetterContent.from_dict(letter.content)
        new = ops.update_letter(users["head"], letter, {
            "text": content.body_text() + "\n\nДодаємо посилання на сайт.",
            "addressee": "Красновській Яні", "addressee_lines": content.addressee_lines[0],
            "signatory_position": "Секретар міської ради", "signatory_name": "Наталія ЧИЖ"})
        db.session.commit()
    assert new.id != lid and new.version == 2 and new.previous_id == lid
    assert new.status == LetterStatus.DRAFT
    assert db.session.get(Letter, lid).pdf == frozen_pdf  # the old version's files stay
    # … but it can no longer be approved or sent: the new version replaces it.
    assert db.session.get(Letter, lid).status == LetterStatus.SUPERSEDED


def test_user_text_is_never_markup_in_any_rendering(head_api, client, users, login):
    call = head_api
    evil = '<script>alert(1)</script> {{ 7*7 }}'
    with on(2018, 4, 3):
        rid = new_request(call, subject=evil)
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "incomplete", "explanation": evil}).json["id"]
        html = call("GET", f"/api/v1/letters/{lid}.html").get_data(as_text=True)
        login(users["head"])
        page = client.get(f"/letters/{lid}").get_data(as_text=True)
    for out in (html, page):
        assert "<script>alert(1)</script>" not in out
        assert "&lt;script&gt;" in out and "{{ 7*7 }}" in out and "49" not in out.split("{{ 7*7 }}")[0][-5:]


def test_web_flow_draft_edit_preview_finalise_download(client, users, login, runner):
    runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    from tests.factories import register
    with on(2018, 4, 3):
        req = register(users["clerk"], executor=users["executor"].email)
        login(users["executor"])
        ids = [str(i) for i in db.session.scalars(select(__import__(
            "tracker.activities.models", fromlist=["ActivityRecord"]).ActivityRecord.id)).all()][:4]
        page = client.get(f"/requests/{req.id}/letters/new?kind=answer").get_data(as_text=True)
        assert "Пропоновані за змістом запиту" in page
        r = client.post(f"/requests/{req.id}/letters/new?kind=answer",
                        data={"csrf_token": csrf_token(client), "result": "full",
                              "activity_ids": ids}, follow_redirects=True)
        page = r.get_data(as_text=True)
        assert "Чернетку листа створено" in page, page[:2000]
        letter = db.session.scalars(select(Letter)).one()
        form = {"csrf_token": csrf_token(client), "addressee": "Красновській Я.",
                "addressee_lines": "e-mail: ya@example.com",
                "text": "Перший абзац.\n\n[ТАБЛИЦЯ]\n\nЗаключний абзац.",
                "signatory_position": "Секретар міської ради", "signatory_name": "Наталія ЧИЖ"}
        preview = client.post(f"/letters/{letter.id}/preview", data=form).get_data(as_text=True)
        assert "Заключний абзац." in preview and "Усього" in preview
        client.post(f"/letters/{letter.id}", data=form)
        r = client.post(f"/letters/{letter.id}/finalize", data={"csrf_token": csrf_token(client)},
                        follow_redirects=True)
        assert "Лист остаточний" in r.get_data(as_text=True)
        d = client.get(f"/letters/{letter.id}.docx")
        assert d.status_code == 200 and d.data[:2] == b"PK"
        assert "attachment" in d.headers["Content-Disposition"]
        p = client.get(f"/letters/{letter.id}.pdf")
        assert p.data[:4] == b"%PDF" and "Заключний абзац." in pdf_text(p.data)
        assert "Друкувати" in client.get(f"/letters/{letter.id}/print").get_data(as_text=True)
        view = client.get(f"/requests/{req.id}").get_data(as_text=True)
        assert "остаточний" in view and "DOCX" in view


def test_another_executor_cannot_write_letters(client, users, login):
    from tests.conftest import create_test_user
    from tests.factories import register
    from tracker.auth.models import Role
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    with on(2018, 4, 3):
        req = register(users["clerk"], executor=users["executor"].email)
        login(other)
        assert client.get(f"/requests/{req.id}/letters/new").status_code == 403


def test_a_reply_refers_to_the_organisations_own_number_and_date(head_api, login, users):
    """ДСТУ 4163:2020: «на № … від …» is the number and date of the document answered: an
    organisation's «вих. № 15 від 25.03.2018» when it has one, else our registration index."""
    call = head_api
    with on(2018, 4, 3):
        org = {"name": "ГО «Прозоре місто»", "category": "association",
               "email": "office@example.org"}
        bad = call("POST", "/api/v1/requests", json={
            "requester": org, "channel": "email", "subject": "Кошторис",
            "received_at": "2018-03-28T10:00", "sender_number": "15"})
        assert bad.status_code == 400 and "sender_date" in bad.json["errors"]
        late = call("POST", "/api/v1/requests", json={
            "requester": org, "channel": "email", "subject": "Кошторис",
            "received_at": "2018-03-28T10:00", "sender_number": "15",
            "sender_date": "2018-03-29"})
        assert late.status_code == 400 and "sender_date" in late.json["errors"]
        rid = new_request(call, requester=org, sender_number="вих. № вих-15/03",
                          sender_date="2018-03-25")
        req = call("GET", f"/api/v1/requests/{rid}").json
        # Typed as it stands on the letter; the reply adds «№» itself.
        assert (req["sender_number"], req["sender_date"]) == ("вих-15/03", "2018-03-25")
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "not_holder",
            "explanation": "Кошторис складає департамент бюджету."}).json["id"]
        text = call("GET", f"/api/v1/letters/{lid}").json["text"]
        assert "на № вих-15/03 від 25.03.2018" in text
        # The text names the same document as the reference line.
        assert "Розглянувши Ваш запит від 25.03.2018 № вих-15/03 щодо" in " ".join(text.split())
        # Receipt moved before the requester's own date: refused, whichever field changed.
        r = call("PATCH", f"/api/v1/requests/{rid}", json={
            "version": req["version"], "received_at": "2018-03-20T10:00", "reason": "Помилка."})
        assert r.status_code == 400 and "sender_date" in r.json["errors"]
        # The draft made before a correction says it refers to the old document.
        stale = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "not_holder", "explanation": "x"}).json["id"]
        # Corrected: the number is wiped with its date; the reply refers to our index again.
        r = call("PATCH", f"/api/v1/requests/{rid}", json={
            "version": req["version"], "sender_number": None, "sender_date": None})
        assert r.status_code == 200 and r.json["sender_number"] is None
        lid = call("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "not_holder", "explanation": "x"}).json["id"]
        assert f"на № {req['registration_number']} від 28.03.2018" in call(
            "GET", f"/api/v1/letters/{lid}").json["text"]
    page = login(users["head"]).get(f"/letters/{stale}").get_data(as_text=True)
    assert "Реквізити запиту виправлено після складання чернетки" in page
    assert "Складіть лист заново" not in login(users["head"]).get(
        f"/letters/{lid}").get_data(as_text=True)
