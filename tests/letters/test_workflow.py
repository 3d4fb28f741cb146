"""The letter workflow the Law asks (issue 15): the signatory approves before anything
leaves; the Law's limits hold when a letter leaves; a letter carries the date it is signed;
forwarding carries the request itself; partial answers and restricted refusals carry every
refusal item; released documents and the signed copy go with the letter."""
import hashlib
import io

import docx
import pytest
from sqlalchemy import select

from tests.factories import csrf_token, on, with_information
from tests.letters.helpers import pdf_bytes, upload
from tests.letters.test_letters import REQUESTER, new_request, pdf_text
from tracker.core.models import Event
from tracker.extensions import db
from tracker.intake.models import Attachment
from tracker.outbox.delivery import deliver_due

IBAN = "UA213223130000026007233566001"


@pytest.fixture
def world(app, users, api):
    """The head signs (Наталія Чиж), the executor drafts (Ірина Коваль)."""
    head, executor = users["head"], users["executor"]
    head.name, head.patronymic, head.position = "Наталія Чиж", "Миколаївна", "Секретар міської ради"
    executor.name, executor.patronymic, executor.position = (
        "Ірина Коваль", "Петрівна", "Начальник управління")
    db.session.commit()
    return {"head": api(head), "executor": api(executor), "clerk": api(users["clerk"])}


def draft(call, rid, **body):
    """Draft a letter through the API; an answer without records gets a paragraph of
    information by an edit (an answer with only its opening cannot be finalised)."""
    r = call("POST", f"/api/v1/requests/{rid}/letters", json=body)
    assert r.status_code == 201, r.json
    if body.get("kind") == "answer" and not body.get("activity_ids") and \
            body.get("result") != "partial":
        from tracker.letters import operations as ops
        letter = ops.get_letter(r.json["id"])
        with_information(letter.request.executor or letter.signatory, letter)
        return call("GET", f"/api/v1/letters/{r.json['id']}").json
    return r.json


def events(kind):
    return db.session.scalars(select(Event).where(Event.action == kind)).all()


# --- approval --------------------------------------------------------------------------------

def test_an_executors_letter_waits_for_the_signatory(world):
    head, executor = world["head"], world["executor"]
    with on(2018, 4, 2):
        rid = new_request(head)
        letter = draft(executor, rid, kind="refusal", ground="not_holder",
                       explanation="Інформація належить до відання області.")
        lid = letter["id"]
        assert letter["signatory"] == "head@test.example"
        r = executor("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.json["status"] == "final"
        assert (r.json["approved_by"], r.json["approved_at"]) == (None, None)
        r = executor("POST", f"/api/v1/letters/{lid}/send")
        assert r.status_code == 409
        assert "не затверджено" in r.json["error"] and "Наталія Чиж" in r.json["error"]
        assert executor("POST", f"/api/v1/letters/{lid}/approve").status_code == 403
        assert world["clerk"]("POST", f"/api/v1/letters/{lid}/approve").status_code == 403
        r = head("POST", f"/api/v1/letters/{lid}/return", json={"comment": ""})
        assert r.status_code == 400 and "comment" in r.json["errors"]
        r = head("POST", f"/api/v1/letters/{lid}/return",
                 json={"comment": "Уточніть, який орган володіє інформацією."})
        assert r.status_code == 200
        assert (r.json["status"], r.json["return_comment"]) == (
            "draft", "Уточніть, який орган володіє інформацією.")
        assert executor("GET", f"/api/v1/letters/{lid}.pdf").status_code == 409
        executor("POST", f"/api/v1/letters/{lid}/finalize")
        r = head("POST", f"/api/v1/letters/{lid}/approve")
        assert r.status_code == 200, r.json
        assert r.json["approved_by"] == "head@test.example" and r.json["approved_at"]
        # Approval signs; the decision is the register's when the letter leaves.
        assert head("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"
        assert executor("POST", f"/api/v1/letters/{lid}/send").status_code == 202
        assert head("GET", f"/api/v1/requests/{rid}").json["status"] == "refused"
    assert [e.action for e in events("letter_returned")] == ["letter_returned"]
    assert len(events("letter_approved")) == 1


def test_a_refusal_or_deferral_waits_for_an_executor(world):
    """Both name the official responsible for the request (Art. 22 part 4 item 1, part 7
    item 1): without an executor the letter would leave the name blank."""
    head = world["head"]
    with on(2018, 4, 2):
        rid = new_request(head, executor=None)
        for body in ({"kind": "refusal", "ground": "not_holder",
                      "explanation": "Інформація належить до відання області."},
                     {"kind": "deferral", "reason": "Пожежа в архіві", "new_date": "2018-04-20"}):
            r = head("POST", f"/api/v1/requests/{rid}/letters", json=body)
            assert r.status_code == 409 and "Призначте виконавця" in r.json["error"], r.json
        head("POST", f"/api/v1/requests/{rid}/actions",
             json={"action": "assign", "executor": "executor@test.example"})
        lid = draft(head, rid, kind="refusal", ground="not_holder",
                    explanation="Інформація належить до відання області.")["id"]
        r = head("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.status_code == 200, r.json
        text = " ".join(pdf_text(head("GET", f"/api/v1/letters/{lid}.pdf").data).split())
        assert "відповідальна за розгляд запиту: Коваль Ірина Петрівна, начальник" in text


def test_the_signatorys_own_letter_is_approved_when_finalised(world):
    head = world["head"]
    with on(2018, 4, 2):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        r = head("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.json["approved_by"] == "head@test.example"
        assert head("POST", f"/api/v1/letters/{lid}/send").status_code == 202


def test_approval_and_return_through_the_letter_page(world, users, login):
    head_api, executor = world["head"], world["executor"]
    with on(2018, 4, 2):
        rid = new_request(head_api)
        lid = draft(executor, rid, kind="answer")["id"]
        executor("POST", f"/api/v1/letters/{lid}/finalize")
        client = login(users["head"])
        page = client.get(f"/letters/{lid}").get_data(as_text=True)
        assert "Очікує на затвердження" in page and "Затвердити (підписати)" in page
        token = csrf_token(client)
        r = client.post(f"/letters/{lid}/return", data={"csrf_token": token,
                                                        "comment": "Додайте таблицю."},
                        follow_redirects=True)
        assert "Лист повернуто автору" in r.get_data(as_text=True)
        assert "Додайте таблицю." in r.get_data(as_text=True)
        executor("POST", f"/api/v1/letters/{lid}/finalize")
        assert client.post(f"/letters/{lid}/approve", data={}).status_code in (302, 400)
        assert head_api("GET", f"/api/v1/letters/{lid}").json["approved_by"] is None  # no CSRF
        r = client.post(f"/letters/{lid}/approve", data={"csrf_token": csrf_token(client)},
                        follow_redirects=True)
        assert "Лист затверджено" in r.get_data(as_text=True)
        assert head_api("GET", f"/api/v1/letters/{lid}").json["approved_by"] == "head@test.example"


# --- dates and the Law's limits when a letter leaves -----------------------------------------

def test_a_letter_is_dated_the_day_it_is_signed(world):
    head, executor = world["head"], world["executor"]
    with on(2026, 11, 30):
        rid = new_request(head, received_at="2026-11-27T10:00", registration_number=None)
        lid = draft(executor, rid, kind="refusal", ground="not_holder",
                    explanation="Інформацією володіє обласна рада.")["id"]
    with on(2026, 12, 3):
        executor("POST", f"/api/v1/letters/{lid}/finalize")
    with on(2026, 12, 4):
        r = head("POST", f"/api/v1/letters/{lid}/approve")
        assert r.json["date"] == "2026-12-04"
        pdf = head("GET", f"/api/v1/letters/{lid}.pdf").data
        document = docx.Document(io.BytesIO(head("GET", f"/api/v1/letters/{lid}.docx").data))
        head("POST", f"/api/v1/letters/{lid}/send")
        assert head("GET", f"/api/v1/requests/{rid}").json["answered_on"] == "2026-12-04"
    text = " ".join(pdf_text(pdf).split())
    words = "\n".join(p.text for p in document.paragraphs)
    for rendered in (text, words, r.json["text"]):
        assert "Дата відмови: 04.12.2026" in rendered and "04.12.2026 №" in rendered
        assert "30.11.2026" not in rendered and "03.12.2026" not in rendered


def test_an_extension_finalised_on_day_5_and_sent_on_day_7_does_not_extend(world):
    head = world["head"]
    with on(2018, 4, 4):  # received 28.03: the 5th working day is 04.04
        rid = new_request(head)
        lid = draft(head, rid, kind="extension", reason="Великий обсяг інформації.")["id"]
        assert head("POST", f"/api/v1/letters/{lid}/finalize").json["approved_by"]
    with on(2018, 4, 6):
        r = head("POST", f"/api/v1/letters/{lid}/send")
        assert r.status_code == 409 and "04.04.2018" in r.json["error"]
        req = head("GET", f"/api/v1/requests/{rid}").json
        assert req["status"] == "in_progress" and req["due_date"] == "2018-04-04"


def test_a_posted_extension_counts_from_the_day_it_is_posted(world):
    head = world["head"]
    with on(2018, 4, 4):
        rid = new_request(head, channel="post", registration_number=None, requester={
            "name": "Петренко Олег", "category": "individual", "gender": "male", "email": None,
            "postal_address": "вул. Київська, 1\nм. Житомир, 10001"})
        lid = draft(head, rid, kind="extension", reason="Великий обсяг інформації.")["id"]
        head("POST", f"/api/v1/letters/{lid}/finalize")
        assert head("POST", f"/api/v1/letters/{lid}/send").json["status"] == "to_print"
    with on(2018, 4, 6):
        r = head("POST", f"/api/v1/letters/{lid}/posted")
        assert r.status_code == 409 and "5-й робочий день" in r.json["error"]
        assert head("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"


def test_a_deferral_only_while_the_term_runs(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        late_rid = new_request(head, registration_number=None)
        letter = draft(head, rid, kind="deferral", reason="Пошкоджено сервер архіву.",
                       new_date="2018-04-20")
        assert "частин шостої та сьомої статті 22" in letter["text"]
        head("POST", f"/api/v1/letters/{letter['id']}/finalize")
    with on(2026, 11, 30):  # the request of 28.03.2018 was due 04.04.2018
        r = head("POST", f"/api/v1/requests/{late_rid}/letters", json={
            "kind": "deferral", "reason": "Пошкоджено сервер.", "new_date": "2026-12-20"})
        assert r.status_code == 409 and "строк розгляду сплив 04.04.2018" in r.json["error"]
        r = head("POST", f"/api/v1/requests/{late_rid}/actions", json={"action": "defer",
            "new_date": "2026-12-20", "reason": "Пошкоджено сервер."})
        assert r.status_code == 409
        # Approved within the term, but leaving after it: refused too.
        r = head("POST", f"/api/v1/letters/{letter['id']}/send")
        assert r.status_code == 409
        assert head("GET", f"/api/v1/requests/{rid}").json["status"] == "in_progress"


# --- forwarding carries the request ----------------------------------------------------------

def test_forwarding_a_paper_request_without_its_scan_is_warned(world):
    """The holder answers a written request it can see: a letter that only retypes a paper
    request asks the official for the scan or the original."""
    head = world["head"]
    body = {"kind": "forwarding", "holder_name": "Житомирська обласна державна адміністрація",
            "holder_address": "oda@zt.gov.ua", "holder_reason": "договори укладала ОДА."}
    with on(2018, 4, 2):
        paper = new_request(head, channel="post", registration_number=None)
        warned = draft(head, paper, **body)["warnings"]
        assert any("скану немає" in w for w in warned), warned
        mailed = new_request(head, channel="email", registration_number=None)
        assert not any("скану немає" in w for w in draft(head, mailed, **body)["warnings"])


def test_forwarding_delivers_the_request_to_the_holder(world, smtp_server, app):
    head = world["head"]
    with on(2018, 4, 2):
        rid = new_request(head, text="Прошу надати копії договорів на рекламу за 2017 рік.",
                          requester={"name": "Петренко Олег", "category": "individual",
                                     "gender": "male", "email": "oleg@example.com",
                                     "postal_address": "вул. Київська, 1, м. Житомир"},
                          channel="email", registration_number=None)
        scan = pdf_bytes(2)
        db.session.add(Attachment(request_id=rid, filename="скан запиту.pdf",
                                  content_type="application/pdf", size=len(scan),
                                  sha256=hashlib.sha256(scan).hexdigest(), content=scan))
        db.session.commit()
        notice = draft(head, rid, kind="forwarding",
                       holder_name="Житомирська обласна державна адміністрація",
                       holder_address="oda@zt.gov.ua",
                       holder_reason="договори на рекламу укладала облдержадміністрація.")
        holder = head("GET", f"/api/v1/letters/{notice['companion_id']}").json
        assert "Житомирській обласній державній адміністрації" in notice["text"]
        assert "яка розгляне Ваш запит" in notice["text"]
        assert "з дня його надходження до належного розпорядника" in notice["text"]
        assert "договори на рекламу укладала облдержадміністрація" in notice["text"]
        assert "на № " not in holder["text"] and holder["number"] != notice["number"]
        assert "Петренка Олега" in holder["text"]
        assert "Прошу надати копії договорів на рекламу за 2017 рік." in holder["text"]
        assert "oleg@example.com" in holder["text"] and "вул. Київська, 1" in holder["text"]
        assert "Додаток: скан запиту на 2 арк." in holder["text"]
        assert [f["filename"] for f in holder["files"]] == ["скан запиту.pdf"]
        head("POST", f"/api/v1/letters/{notice['id']}/finalize")
        assert head("POST", f"/api/v1/letters/{notice['id']}/send").status_code == 202
    assert deliver_due().sent == 2
    to_holder = next(m for m in smtp_server.messages if m["To"] == "oda@zt.gov.ua")
    body = to_holder.get_body(preferencelist=("plain",)).get_content()
    assert "Прошу надати копії договорів на рекламу за 2017 рік." in body
    assert "Петренко Олег" in body and "oleg@example.com" in body
    files = {part.get_filename(): part.get_content() for part in to_holder.iter_attachments()}
    assert files["скан запиту.pdf"] == scan
    assert any(name.startswith("Лист ") for name in files)
    with on(2018, 4, 2):
        assert head("GET", f"/api/v1/requests/{rid}").json["status"] == "forwarded"


def test_forwarding_after_the_fifth_working_day_is_warned(world):
    head = world["head"]
    with on(2018, 4, 6):  # received 28.03, the 5th working day was 04.04
        rid = new_request(head)
        notice = draft(head, rid, kind="forwarding", holder_name="Департамент бюджету",
                       holder_reason="він розпоряджається коштами.")
        assert any("5-го робочого дня" in w for w in notice["warnings"])
        assert "Департаменту бюджету" in notice["text"] and "який розгляне" in notice["text"]
        page_warning = "П'ятий робочий день минув"
    with on(2018, 4, 3):
        early = draft(head, new_request(head, registration_number=None), kind="forwarding",
                      holder_name="Департамент бюджету", holder_reason="він розпоряджається.")
        assert early["warnings"] == []
    assert page_warning


# --- refusal items ---------------------------------------------------------------------------

def test_a_partial_answer_refuses_the_rest_with_every_item(world):
    head, executor = world["head"], world["executor"]
    with on(2018, 4, 3):
        rid = new_request(head)
        r = executor("POST", f"/api/v1/requests/{rid}/letters",
                     json={"kind": "answer", "result": "partial"})
        assert r.status_code == 400
        assert {"refused_parts", "ground", "explanation"} <= set(r.json["errors"])
        letter = draft(executor, rid, kind="answer", result="partial",
                       refused_parts="копії договорів з телеканалами",
                       ground="not_holder", explanation="Договори укладало комунальне підприємство.")
        lid = letter["id"]
        executor("POST", f"/api/v1/letters/{lid}/finalize")
        text = head("POST", f"/api/v1/letters/{lid}/approve").json["text"]
    assert "з підстав, викладених вище" not in text
    assert "в частині надання копій договорів з телеканалами відмовлено" in text
    assert "Коваль Ірина Петрівна, начальник управління" in text
    assert "Дата відмови: 03.04.2018" in text
    assert "пункт 1 частини першої статті 22" in text
    assert "статті 23" in text


def test_a_restricted_refusal_carries_the_three_part_test(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        r = head("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "restricted", "explanation": "Службова інформація."})
        assert r.status_code == 400
        assert {"interest", "harm", "balance"} <= set(r.json["errors"])
        letter = draft(head, rid, kind="refusal", ground="restricted",
                       explanation="Документ має гриф «Для службового користування».",
                       interest="громадський порядок", harm="ускладнить охорону об'єктів",
                       balance="схема охорони не стосується витрачання коштів")
    text = letter["text"]
    assert "частини другої статті 6" in text
    for part in ("громадський порядок", "ускладнить охорону об'єктів",
                 "схема охорони не стосується витрачання коштів"):
        assert part in text
    assert "Коваль Ірина Петрівна" in text or "Наталія" not in text.split("1.")[1][:80]


def test_the_refusing_official_is_named_in_full(world):
    executor = world["executor"]
    with on(2018, 4, 3):
        rid = new_request(world["head"])
        text = draft(executor, rid, kind="refusal", ground="incomplete",
                     explanation="У запиті немає поштової або електронної адреси.")["text"]
    assert ("1. Посадова особа, відповідальна за розгляд запиту: Коваль Ірина Петрівна, "
            "начальник управління.") in text


# --- files that go with a letter -------------------------------------------------------------

def test_released_documents_are_listed_counted_and_sent(world, smtp_server):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head, channel="email", registration_number=None,
                          requester={**REQUESTER, "email": "ya@example.com"})
        lid = draft(head, rid, kind="answer")["id"]
        r = upload(head, lid, "звіт.pdf", pdf_bytes(2))
        assert r.status_code == 201 and (r.json["pages"], r.json["kind"]) == (2, "attachment")
        assert upload(head, lid, "фото.pdf", b"\x89PNG\r\n\x1a\n....").status_code == 400
        assert upload(head, lid, "setup.exe", b"MZ....").status_code == 400
        assert upload(head, lid, "кошторис.xlsx", b"PK\x03\x04rest", pages=3).json["pages"] == 3
        assert upload(head, lid, "підпис.p7s", b"0\x82\x01\x00sig", kind="signed").status_code == 409
        letter = head("POST", f"/api/v1/letters/{lid}/finalize").json
        # ДСТУ 4163:2020: several attachments are numbered under «Додатки:».
        assert "Додатки: 1. Звіт на 2 арк.\n2. Кошторис на 3 арк." in letter["text"]
        pdf = head("GET", f"/api/v1/letters/{lid}.pdf").data
        assert "Додатки: 1. Звіт на 2 арк. 2. Кошторис на 3 арк." in " ".join(pdf_text(pdf).split())
        assert upload(head, lid, "ще.pdf", pdf_bytes(1)).status_code == 409  # final: frozen
        signed = upload(head, lid, "лист.pdf.p7s", b"0\x82\x01\x00signature", kind="signed")
        assert signed.status_code == 201 and signed.json["kind"] == "signed"
        assert head("POST", f"/api/v1/letters/{lid}/send").status_code == 202
    deliver_due()
    names = [p.get_filename() for p in smtp_server.messages[0].iter_attachments()]
    assert "звіт.pdf" in names and "кошторис.xlsx" in names and "лист.pdf.p7s" in names


def test_a_letter_too_big_for_email_is_stopped_before_sending(world, app):
    head = world["head"]
    app.config["LETTER_EMAIL_MAX_BYTES"] = 60_000
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        big = pdf_bytes(1) + b"%" + b"x" * 80_000
        assert upload(head, lid, "великий.pdf", big).status_code == 201
        head("POST", f"/api/v1/letters/{lid}/finalize")
        r = head("POST", f"/api/v1/letters/{lid}/send")
        assert r.status_code == 409 and "завеликий" in r.json["error"]
        assert head("GET", f"/api/v1/letters/{lid}").json["status"] == "final"


def test_an_invoice_needs_a_real_account_and_its_copies(world, app):
    head = world["head"]
    app.config.update(COPY_RATE_DECISION="рішення виконавчого комітету від 12.02.2021 № 123")
    with on(2026, 11, 30):
        rid = new_request(head, received_at="2026-11-27T10:00", registration_number=None,
                          channel="email", requester={**REQUESTER, "email": "ya@example.com"})
        lid = draft(head, rid, kind="invoice", pages=25, format="a4")["id"]
        r = head("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.status_code == 409 and "IBAN" in r.json["error"]
        app.config["COUNCIL_IBAN"] = IBAN
        r = head("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.status_code == 409 and "10 арк." in r.json["error"]
        assert upload(head, lid, "копії.pdf", pdf_bytes(10)).status_code == 201
        r = head("POST", f"/api/v1/letters/{lid}/finalize")
        assert r.status_code == 200, r.json
    text = r.json["text"]
    assert "Додаток: копії на 10 арк." in text
    assert "рішення виконавчого комітету від 12.02.2021 № 123" in text
    assert "до сплати разом 99,75 грн (дев'яносто дев'ять гривень 75 копійок)" in text


# --- what the editor tells the official --------------------------------------------------------

def test_the_letter_uses_computed_percents_and_shows_where_the_report_differs(world, runner):
    from tests.activities import builders
    head = world["head"]
    assert runner.invoke(args=["activities", "import", str(builders.SAMPLE)]).exit_code == 0
    with on(2018, 4, 3):
        rid = new_request(head)
        ids = [i["id"] for i in head("GET", "/api/v1/activities",
                                     query_string={"per_page": 100}).json["items"]]
        letter = draft(head, rid, kind="answer", activity_ids=ids)
    rows = [line for line in letter["text"].splitlines() if line.startswith("11 | ")]
    assert rows and rows[0].endswith("| 68,0")  # the report states 38 %
    assert "| Усього | 1 640 000,00 | 840 463,65 | 51,2" in letter["text"]  # it states 50,6 %
    assert any("38" in w and "68,0" in w for w in letter["warnings"])
    assert any("Усього" in w and "50,6" in w for w in letter["warnings"])


def test_an_individual_without_a_gender_is_flagged_in_the_editor(world, users, login):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head, requester={**REQUESTER, "name": "Коваль Саша", "gender": None})
        letter = draft(head, rid, kind="answer")
        assert letter["warnings"] and "рід" in letter["warnings"][0]
        assert "Коваль Саша" in letter["text"]  # as written, not a guessed ending
        page = login(users["head"]).get(f"/letters/{letter['id']}").get_data(as_text=True)
    assert "Перевірте перед підписом" in page and letter["warnings"][0] in page


def test_the_new_letter_form_takes_a_partial_answer_and_a_restricted_refusal(world, users, login):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        client = login(users["executor"])
        r = client.post(f"/requests/{rid}/letters/new?kind=answer", data={
            "csrf_token": csrf_token(client), "result": "partial",
            "refused_parts": "", "ground": "restricted", "explanation": "Службова інформація."})
        page = r.get_data(as_text=True)
        assert r.status_code == 200 and "Службова інформація." in page  # kept as typed
        assert page.count("Обов&#39;язкове поле.") >= 4  # refused_parts and the three-part test
        r = client.post(f"/requests/{rid}/letters/new?kind=answer", data={
            "csrf_token": csrf_token(client), "result": "partial",
            "refused_parts": "схема охорони будівлі", "ground": "restricted",
            "explanation": "Службова інформація.", "interest": "громадський порядок",
            "harm": "полегшить проникнення до будівлі", "balance": "схема не стосується коштів"})
        assert r.status_code == 302
        page = client.get(r.headers["Location"]).get_data(as_text=True)
    for part in ("схеми охорони будівлі", "громадський порядок", "частини другої статті 6"):
        assert part in page


def _upload_page(client, lid, name, data, **fields):
    """The letter page's upload form, as a browser posts it; the page it leads to."""
    return client.post(f"/letters/{lid}/files", data={
        "csrf_token": csrf_token(client), "kind": "attachment",
        "file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data", follow_redirects=True)


def test_files_are_added_and_removed_on_the_letter_page(world, users, login):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        client = login(users["head"])
        r = _upload_page(client, lid, "кошторис.pdf", pdf_bytes(3))
        page = r.get_data(as_text=True)
        assert "Файл додано до листа." in page and "кошторис.pdf" in page
        assert page.count('class="card letter-files"') == 1  # once, and not in the <title>
        assert "Додаток: кошторис на 3 арк." in page  # the preview lists it
        r = _upload_page(client, lid, "virus.exe", b"MZ\x90\x00")
        assert "Файл такого типу не приймається" in r.get_data(as_text=True)
        file_id = head("GET", f"/api/v1/letters/{lid}").json["files"][0]["id"]
        download = client.get(f"/letters/{lid}/files/{file_id}")
        assert download.data[:5] == b"%PDF-" and download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("inline")  # opens in the browser
        client.post(f"/letters/{lid}/files/{file_id}/delete", data={"csrf_token": csrf_token(client)})
        assert head("GET", f"/api/v1/letters/{lid}").json["files"] == []


def test_a_released_document_is_named_in_the_annex_as_the_official_names_it(world, users,
                                                                            login):
    """«scan0001.pdf» is no name for a signed letter's «Додаток» line: the official gives one
    on upload or later (web and API), while the letter is a draft; empty: from the file."""
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        client = login(users["head"])
        r = _upload_page(client, lid, "scan0001.pdf", pdf_bytes(2),
                         title="Копія рішення виконавчого комітету від 12.02.2015 № 100.")
        assert ("Додаток: Копія рішення виконавчого комітету від 12.02.2015 № 100 на 2 арк."
                in r.get_data(as_text=True).replace('<span class="nobr">', "").replace(
                    "</span>", ""))
        item = head("GET", f"/api/v1/letters/{lid}").json["files"][0]
        assert item["title"] == "Копія рішення виконавчого комітету від 12.02.2015 № 100"
        url = f"/api/v1/letters/{lid}/files/{item['id']}"
        assert head("PATCH", url, json={"title": ["x"]}).status_code == 400
        assert head("PATCH", url, json={"title": "я" * 301}).status_code == 400
        assert head("PATCH", url, json={"title": "кошторис на 2024 рік"}).json["title"] == (
            "кошторис на 2024 рік")
        r = client.post(f"/letters/{lid}/files/{item['id']}/title", data={
            "csrf_token": csrf_token(client), "title": "  "}, follow_redirects=True)
        assert "Назву документа в додатку змінено." in r.get_data(as_text=True)
        assert head("GET", f"/api/v1/letters/{lid}").json["files"][0]["title"] is None
        assert "Додаток: scan0001 на 2 арк." in head("GET", f"/api/v1/letters/{lid}").json["text"]
        head("PATCH", url, json={"title": "копія кошторису"})
        assert head("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
        assert head("PATCH", url, json={"title": "інше"}).status_code == 409  # signed text
        pdf = " ".join(pdf_text(head("GET", f"/api/v1/letters/{lid}.pdf").data).split())
    assert "Додаток: копія кошторису на 2 арк." in pdf


def test_an_uploaded_blank_heads_the_docx_and_the_pdf(world, users, login):
    document = docx.Document()
    document.add_paragraph("ЖИТОМИРСЬКА МІСЬКА РАДА — БЛАНК ЗРАЗКА")
    out = io.BytesIO()
    document.save(out)
    client = login(users["admin"])
    r = client.post("/admin/letter-blank", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(b"not a docx"), "бланк.docx")},
        content_type="multipart/form-data")
    assert r.status_code == 200 and "Бланк має бути документом Word" in r.get_data(as_text=True)
    r = client.post("/admin/letter-blank", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(out.getvalue()), "бланк.docx")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Бланк збережено" in r.get_data(as_text=True)
    def squeezed(pdf):  # the extractor splits bold capitals («Р АДА»)
        return "".join(pdf_text(pdf).split())
    assert "БЛАНКЗРАЗКА" in squeezed(client.get("/admin/letter-blank/sample.pdf").data)
    head = world["head"]
    with on(2018, 4, 3):
        lid = draft(head, new_request(head), kind="answer")["id"]
        head("POST", f"/api/v1/letters/{lid}/finalize")
        pdf = head("GET", f"/api/v1/letters/{lid}.pdf").data
        words = docx.Document(io.BytesIO(head("GET", f"/api/v1/letters/{lid}.docx").data))
    assert "БЛАНКЗРАЗКА" in squeezed(pdf)
    assert any("БЛАНК ЗРАЗКА" in p.text for p in words.paragraphs)


def test_a_refusal_for_unpaid_costs_needs_an_earlier_unpaid_invoice(world, app, smtp_server):
    head = world["head"]
    app.config.update(COPY_RATE_DECISION="рішення виконавчого комітету від 12.02.2015 № 100",
                      COUNCIL_IBAN=IBAN)
    with on(2018, 4, 2):
        rid = new_request(head, channel="email", registration_number=None,
                          requester={**REQUESTER, "email": "ya@example.com"})
        r = head("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "unpaid", "explanation": "Не оплачено."})
        assert r.status_code == 400 and "повідомлення про витрати" in r.json["errors"]["ground"][0]
        lid = draft(head, rid, kind="invoice", pages=25, format="a4")["id"]
        assert upload(head, lid, "копії.pdf", pdf_bytes(10)).status_code == 201
        head("POST", f"/api/v1/letters/{lid}/finalize")
        head("POST", f"/api/v1/letters/{lid}/send")
        deliver_due()
        same_day = head("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "unpaid", "explanation": "Не оплачено."})
        assert same_day.status_code == 400  # no time to pay
    with on(2018, 4, 20):
        refusal = draft(head, rid, kind="refusal", ground="unpaid",
                        explanation="Станом на 20.04.2018 оплата не надійшла.")
    # Only the copies charged for are refused: the first 10 pages went out with the notice.
    text = " ".join(refusal["text"].split())
    assert ("про відмову в його задоволенні в частині надання копій документів обсягом "
            "15 сторінок понад перші 10 сторінок, які надано безоплатно разом із "
            "повідомленням про витрати на копіювання від 02.04.2018 № 25/К-1із.") in text, text
    assert ("пункт 3 частини першої статті 22 Закону України «Про доступ до публічної "
            "інформації» — особа, яка подала запит на інформацію, не оплатила передбачені "
            "статтею 21 зазначеного Закону фактичні витрати, пов'язані з копіюванням або "
            "друком: витрати на копіювання документів обсягом 15 сторінок понад перші 10 "
            "сторінок у сумі 26,40 грн, визначені в повідомленні від 02.04.2018 № 25/К-1із, "
            "не відшкодовано. Станом на 20.04.2018 оплата не надійшла.") in text, text


def test_an_unpaid_refusal_is_a_partial_answer_and_a_later_free_notice_rules_it_out(
        world, app, smtp_server):
    """Sent, the refusal of the unpaid copies records a partial answer (the first 10 pages
    went out); a free notice sent after a charging one leaves nothing unpaid; a notice sent
    today leaves no time to pay, and the error says so."""
    head = world["head"]
    app.config.update(COPY_RATE_DECISION="рішення виконавчого комітету від 12.02.2015 № 100",
                      COUNCIL_IBAN=IBAN)

    def notice(rid, **body):
        lid = draft(head, rid, kind="invoice", pages=25, format="a4", **body)["id"]
        assert upload(head, lid, "копії.pdf", pdf_bytes(10 if not body else 25)).status_code == 201
        assert head("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
        head("POST", f"/api/v1/letters/{lid}/send")
        deliver_due()

    def refusal(rid):
        return head("POST", f"/api/v1/requests/{rid}/letters", json={
            "kind": "refusal", "ground": "unpaid", "explanation": "Оплата не надійшла."})

    requester = {**REQUESTER, "email": "ya@example.com"}
    with on(2018, 4, 2):
        paid_later = new_request(head, channel="email", registration_number=None,
                                 requester=requester)
        notice(paid_later)
        assert "сьогодні" in refusal(paid_later).json["errors"]["ground"][0]
        superseded = new_request(head, channel="email", registration_number=None,
                                 requester=requester, subject="Інше")
        notice(superseded)
    with on(2018, 4, 3):
        notice(superseded, exempt_ground="personal")
    with on(2018, 4, 20):
        r = refusal(superseded)
        assert r.status_code == 400 and "не вимагає плати" in r.json["errors"]["ground"][0]
        lid = refusal(paid_later).json["id"]
        assert head("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
        head("POST", f"/api/v1/letters/{lid}/send")
        deliver_due()
        req = head("GET", f"/api/v1/requests/{paid_later}").json
    assert (req["status"], req["outcome"], req["refusal_ground"]) == (
        "answered", "partial", "unpaid")


def test_drafts_warn_where_the_law_asks_a_judgement(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        not_holder = draft(head, rid, kind="refusal", ground="not_holder", explanation="x")
        incomplete = draft(head, rid, kind="refusal", ground="incomplete", explanation="x")
        own = draft(head, rid, kind="forwarding",
                    holder_name="Департамент бюджету і фінансів Житомирської міської ради",
                    holder_reason="він веде облік видатків.")
    assert any("частина третя статті 22" in w for w in not_holder["warnings"])
    assert any("частина п'ята статті 19" in w for w in incomplete["warnings"])
    assert any("підрозділ самої ради" in w for w in own["warnings"])


def test_the_forwarding_notice_speaks_for_the_body_and_cites_the_holder_letter(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        notice = draft(head, rid, kind="forwarding",
                       holder_name="Житомирська обласна державна адміністрація",
                       holder_reason="кошти виділяла облдержадміністрація.")
        holder = head("GET", f"/api/v1/letters/{notice['companion_id']}").json
        head("POST", f"/api/v1/letters/{notice['id']}/finalize")
        text = head("GET", f"/api/v1/letters/{notice['id']}").json["text"]
    assert ("виконавчий комітет Житомирської міської ради не володіє запитуваною інформацією і "
            "не зобов'язаний") in text
    assert f"листом від 03.04.2018 № {holder['number']} Житомирській обласній" in text
    # The letter to the holder names the body in the nominative (ДСТУ 4163:2020).
    assert "\nЖитомирська обласна державна адміністрація\n" in holder["text"]


# --- versions ----------------------------------------------------------------------------------

def edit(call, lid, text_suffix):
    """Save an edit through the letter page's fields (the API has no edit endpoint)."""
    from tracker.letters import operations as ops
    from tracker.letters.content import LetterContent
    letter = ops.get_letter(lid)
    content = LetterContent.from_dict(letter.content)
    new = ops.update_letter(letter.signatory or letter.request.executor, letter, {
        "text": content.body_text() + text_suffix, "addressee": content.addressee,
        "addressee_lines": "\n".join(content.addressee_lines),
        "signatory_position": content.signatory_position,
        "signatory_name": content.signatory_name})
    db.session.commit()
    return new.id


def test_a_new_version_retires_the_one_it_replaces(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        old = draft(head, rid, kind="answer")["id"]
        head("POST", f"/api/v1/letters/{old}/finalize")
        new = edit(head, old, "\n\nДодатково повідомляємо про сайт ради.")
        assert head("GET", f"/api/v1/letters/{old}").json["status"] == "superseded"
        assert head("POST", f"/api/v1/letters/{old}/send").status_code == 409
        letter = head("GET", f"/api/v1/letters/{new}").json
        assert (letter["version"], letter["signatory"]) == (2, "head@test.example")
        head("POST", f"/api/v1/letters/{new}/finalize")
        assert head("POST", f"/api/v1/letters/{new}/send").status_code == 202


def test_a_forwarding_notice_never_leaves_without_its_holder_letter(world, smtp_server):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        scan = pdf_bytes(1)
        db.session.add(Attachment(request_id=rid, filename="скан.pdf",
                                  content_type="application/pdf", size=len(scan),
                                  sha256=hashlib.sha256(scan).hexdigest(), content=scan))
        db.session.commit()
        notice = draft(head, rid, kind="forwarding", holder_name="Департамент бюджету",
                       holder_address="budget@example.gov.ua", holder_reason="він веде облік.")
        head("POST", f"/api/v1/letters/{notice['id']}/finalize")
        # Edit the holder letter: the pair gets new versions together.
        new_holder = edit(head, notice["companion_id"], "\n\nПросимо повідомити про отримання.")
        from tracker.letters.models import Letter
        new_id = db.session.scalar(select(Letter.id).where(Letter.previous_id == notice["id"]))
        new_notice = head("GET", f"/api/v1/letters/{new_id}").json
        assert new_notice["companion_id"] == new_holder and new_notice["version"] == 2
        assert head("GET", f"/api/v1/letters/{new_holder}").json["files"][0]["filename"] == "скан.pdf"
        for old in (notice["id"], notice["companion_id"]):
            assert head("GET", f"/api/v1/letters/{old}").json["status"] == "superseded"
        assert head("POST", f"/api/v1/letters/{notice['id']}/send").status_code == 409
        head("POST", f"/api/v1/letters/{new_notice['id']}/finalize")
        assert head("POST", f"/api/v1/letters/{new_notice['id']}/send").status_code == 202
    assert deliver_due().sent == 2
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "budget@example.gov.ua", "foi+request-32845-3d497b34@dostup.pravda.com.ua"]


def _docx(paragraph="ЖИТОМИРСЬКА МІСЬКА РАДА", image: bytes | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph(paragraph)
    if image is not None:
        document.add_picture(io.BytesIO(image))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_member(data: bytes, name: str, payload: bytes) -> bytes:
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == name:
                body = payload
            dst.writestr(item, body)
        if name not in src.namelist():
            dst.writestr(name, payload)
    return out.getvalue()


@pytest.mark.parametrize("case", ["zip bomb", "external link", "a book of text", "huge picture"])
def test_a_hostile_blank_is_refused_before_it_reaches_any_letter(users, login, case):
    from PIL import Image
    from tracker.letters.blank import current_blank
    plain = _docx()
    if case == "zip bomb":
        data = _with_member(plain, "word/padding.xml", b" " * 30_000_000)
        message = "після розпакування завеликий"
    elif case == "external link":
        rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships"><Relationship Id="rId99" Type="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships/image" Target="http://'
                '127.0.0.1:8765/track.png" TargetMode="External"/></Relationships>').encode()
        data = _with_member(plain, "word/_rels/header1.xml.rels", rels)
        message = "зовнішні ресурси"
    elif case == "a book of text":
        data = _docx("РАДА " * 2000)
        message = "символів тексту"
    else:
        picture = io.BytesIO()
        Image.new("1", (4100, 4100)).save(picture, "PNG")
        data = _docx(image=picture.getvalue())
        message = "завелике"
    client = login(users["admin"])
    r = client.post("/admin/letter-blank", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(data), "бланк.docx")},
        content_type="multipart/form-data")
    assert r.status_code == 200 and message in r.get_data(as_text=True)
    assert current_blank() is None


def test_file_names_and_pages_are_cleaned_or_refused(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        r = upload(head, lid, "inv\x00oi\x1b[31mce\u202efdp.exe.pdf", pdf_bytes(1))
        assert r.status_code == 201
        assert r.json["filename"] == "invoi[31mcefdp.exe.pdf"  # no NUL, ESC or RTL override
        long = upload(head, lid, "д" * 5000 + ".pdf", pdf_bytes(1))
        assert long.status_code == 201 and long.json["filename"].endswith(".pdf")
        assert len(long.json["filename"]) <= 150
        for pages in ("²", "-1", "abc", "١٢", "0", "10001"):
            r = upload(head, lid, "a.docx", b"PK\x03\x04rest", pages=pages)
            assert r.status_code == 400 and "pages" in r.json["errors"], pages
        assert upload(head, lid, "a.docx", b"PK\x03\x04rest", pages="12").json["pages"] == 12
        assert upload(head, lid, "html.p7s", b"0<html>", kind="signed").status_code in (400, 409)


def test_one_signed_copy_frozen_once_the_letter_has_left(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(head, rid, kind="answer")["id"]
        head("POST", f"/api/v1/letters/{lid}/finalize")
        assert upload(head, lid, "html.p7s", b"0<html>", kind="signed").status_code == 400
        first = upload(head, lid, "лист.p7s", b"0\x82\x01\x00sig", kind="signed")
        assert first.status_code == 201
        assert upload(head, lid, "ще.p7s", b"0\x82\x01\x00sig", kind="signed").status_code == 409
        head("POST", f"/api/v1/letters/{lid}/send")
        r = head("DELETE", f"/api/v1/letters/{lid}/files/{first.json['id']}")
        assert r.status_code == 409
        assert len(head("GET", f"/api/v1/letters/{lid}").json["files"]) == 1


def test_the_signatory_is_told_and_finds_what_waits_and_the_author_hears_back(
        world, users, login, smtp_server):
    head, executor = world["head"], world["executor"]
    with on(2018, 4, 3):
        rid = new_request(head)
        lid = draft(executor, rid, kind="answer")["id"]
        executor("POST", f"/api/v1/letters/{lid}/finalize")
        page = login(users["head"]).get("/letters/awaiting").get_data(as_text=True)
        assert f"/letters/{lid}" in page
        head("POST", f"/api/v1/letters/{lid}/return", json={"comment": "Додайте таблицю."})
        assert deliver_due().sent == 2
    to_head, to_author = smtp_server.messages
    assert to_head["To"] == "head@test.example" and "Лист на затвердження" in str(to_head["Subject"])
    assert f"/letters/{lid}" in to_head.get_body(preferencelist=("plain",)).get_content()
    assert to_author["To"] == "executor@test.example"
    assert "Додайте таблицю." in to_author.get_body(preferencelist=("plain",)).get_content()


def test_an_answer_with_only_its_opening_is_not_finalised(world):
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head)
        r = head("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer"})
        r = head("POST", f"/api/v1/letters/{r.json['id']}/finalize")
    assert r.status_code == 409 and "не містить інформації" in r.json["error"]
