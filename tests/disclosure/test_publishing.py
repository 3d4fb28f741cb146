"""Publishing an answer in the disclosure log (issue 19, item 4): never by default, only the
redacted copy, visible once the letter has left, taken down by a head with an Event."""
import pytest
from sqlalchemy import select

from tests.disclosure.helpers import send_answer
from tests.factories import csrf_token, on
from tests.letters.test_letters import new_request
from tracker.core.models import Event
from tracker.disclosure.models import PublishedAnswer
from tracker.extensions import db
from tracker.letters import operations as letter_ops
from tracker.letters.models import Letter, LetterStatus
from tracker.outbox.delivery import deliver_due

OLEG = {"name": "Петренко Олег Іванович", "category": "individual", "gender": "male",
        "email": "oleg.petrenko@example.com", "phone": "+380 67 123 45 67",
        "postal_address": "вул. Садова, 12, кв. 4, м. Житомир, 10001"}
SECRET = "Договір № 17 підписав директор ТОВ «Альфа»."


@pytest.fixture
def head(users, api):
    users["head"].name, users["head"].position = "Наталія Чиж", "Секретар міської ради"
    db.session.commit()
    return api(users["head"])


def oleg_request(call, requester=OLEG, **extra):
    return new_request(call, requester=requester, channel="email", registration_number=None,
                       subject="Ремонт доріг у 2025 році (запит Петренка О. І.)", **extra)


def events(action):
    return db.session.scalars(select(Event).where(Event.action == action)).all()


def test_nothing_is_published_by_default(app, client, head, users, smtp_server):
    with on(2018, 4, 2):
        rid = oleg_request(head)
        assert send_answer(head, users["head"], rid).status_code == 202
    assert deliver_due().sent == 1
    assert db.session.scalar(select(PublishedAnswer)) is None
    page = client.get("/public/answers").get_data(as_text=True)
    assert "Опублікованих відповідей ще немає" in page
    assert client.get("/public/answers/1").status_code == 404


def test_the_letter_page_offers_publishing_unticked(app, users, login, head):
    with on(2018, 4, 2):
        rid = oleg_request(head)
        r = head("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer"})
        letter = letter_ops.get_letter(r.json["id"])
        from tests.factories import with_information
        with_information(users["head"], letter)
        head("POST", f"/api/v1/letters/{letter.id}/finalize")
        page = login(users["head"]).get(f"/letters/{letter.id}").get_data(as_text=True)
    assert 'name="publish" value="1"' in page
    assert 'name="publish" value="1" id="publish-%d" checked' % letter.id not in page
    assert 'name="redact"' in page


def test_publishing_from_the_letter_page_removes_personal_data_and_marked_passages(
        app, client, users, login, head, smtp_server):
    with on(2018, 4, 2):
        rid = oleg_request(head)
        r = head("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer"})
        lid = r.json["id"]
        from tracker.letters.content import LetterContent
        letter = letter_ops.get_letter(lid)
        content = LetterContent.from_dict(letter.content)
        text = (content.body_text() + "\n\nШановний пане Олеже! Копію надіслано Петренку О. І. "
                "на oleg.petrenko@example.com і за адресою вул. Садова, 12, кв. 4; телефон "
                "067 123-45-67. " + SECRET + "\n\nОб'єктів відремонтовано: 15.")
        letter_ops.update_letter(users["head"], letter, {
            "text": text, "addressee": content.addressee,
            "addressee_lines": "\n".join(content.addressee_lines),
            "signatory_position": "Секретар міської ради", "signatory_name": "Наталія ЧИЖ"})
        db.session.commit()
        head("POST", f"/api/v1/letters/{lid}/finalize")
        web = login(users["head"])
        # A passage that is not in the text stops everything: nothing sent, nothing published.
        r = web.post(f"/letters/{lid}/send", data={
            "csrf_token": csrf_token(web), "publish": "1", "redact": "Договір № 18"},
            follow_redirects=True)
        page = r.get_data(as_text=True)
        assert "Фрагмент «Договір № 18» не знайдено" in page
        assert "Договір № 18</textarea>" in page  # the form keeps what was typed
        assert letter_ops.get_letter(lid).status == LetterStatus.FINAL
        r = web.post(f"/letters/{lid}/send", data={
            "csrf_token": csrf_token(web), "publish": "1", "redact": f"[[{SECRET}]]"})
        assert r.status_code == 302
    row = db.session.scalar(select(PublishedAnswer))
    assert row is not None and row.letter_id == lid
    # Queued, not yet accepted by the mail server: not public yet.
    assert client.get(f"/public/answers/{row.id}").status_code == 404
    assert deliver_due().sent == 1
    page = client.get(f"/public/answers/{row.id}").get_data(as_text=True)
    assert "єктів відремонтовано: 15." in page and "[вилучено]" in page
    for leak in ("Петренк", "Олег", "oleg.petrenko", "123-45-67", "Садова", "Альфа",
                 "Договір № 17"):
        assert leak not in page, leak
    assert "Ремонт доріг у 2025 році" in page  # the subject, its name removed
    listing = client.get("/public/answers").get_data(as_text=True)
    assert f"/public/answers/{row.id}" in listing and "Петренк" not in listing
    [event] = events("answer_published")
    assert event.after["letter"] == lid and event.after["marked"] == 1
    assert event.request_id == rid and event.actor_id == users["head"].id


def test_a_posted_answer_is_published_when_posted(app, client, head, users):
    postal = {**OLEG, "email": None}
    with on(2018, 4, 2):
        rid = oleg_request(head, requester=postal)
        r = send_answer(head, users["head"], rid, publish=True)
        assert r.status_code == 202 and r.json["status"] == "to_print"
        row = db.session.scalar(select(PublishedAnswer))
        assert client.get(f"/public/answers/{row.id}").status_code == 404
        assert head("POST", f"/api/v1/letters/{r.json['id']}/posted").status_code == 200
        page = client.get(f"/public/answers/{row.id}")
    assert page.status_code == 200 and "Петренк" not in page.get_data(as_text=True)


def test_the_api_publishes_only_when_asked_and_checks_the_passages(app, head, users):
    with on(2018, 4, 2):
        rid = oleg_request(head, requester={**OLEG, "email": None})
        r = send_answer(head, users["head"], rid, publish=True, redact=["немає такого"])
        assert r.status_code == 400 and "redact" in r.json["errors"]
        assert db.session.scalar(select(PublishedAnswer)) is None  # nothing was stored
        lid = db.session.scalar(select(Letter.id).where(Letter.status == LetterStatus.FINAL))
        r = head("POST", f"/api/v1/letters/{lid}/send",
                 json={"publish": "yes"})  # only a real true publishes
    assert r.status_code == 202 and db.session.scalar(select(PublishedAnswer)) is None
    doc = head("GET", "/api/v1/openapi.json").json
    assert "publish" in str(doc["paths"]["/letters/{id}/send"])


def test_unpublishing_is_for_heads_and_admins_and_leaves_an_event(app, client, head, users,
                                                                   login):
    with on(2018, 4, 2):
        rid = oleg_request(head, requester={**OLEG, "email": None})
        r = send_answer(head, users["head"], rid, publish=True)
        head("POST", f"/api/v1/letters/{r.json['id']}/posted")
    row = db.session.scalar(select(PublishedAnswer))
    assert client.get(f"/public/answers/{row.id}").status_code == 200
    for role in ("clerk", "executor"):
        other = app.test_client()
        login_as(other, users[role])
        r = other.post(f"/disclosure/{row.id}/unpublish", data={"csrf_token": csrf_token(other)})
        assert r.status_code == 403
    web = login(users["head"])
    staff = web.get("/disclosure").get_data(as_text=True)
    assert f"/disclosure/{row.id}/unpublish" in staff
    r = web.post(f"/disclosure/{row.id}/unpublish", data={
        "csrf_token": csrf_token(web), "reason": "Скарга заявника"}, follow_redirects=True)
    assert "Відповідь знято з публікації." in r.get_data(as_text=True)
    assert client.get(f"/public/answers/{row.id}").status_code == 404
    assert f"/public/answers/{row.id}" not in client.get("/public/answers").get_data(as_text=True)
    [event] = events("answer_unpublished")
    assert event.after["reason"] == "Скарга заявника" and event.actor_id == users["head"].id


def login_as(client, user):
    from tests.conftest import PASSWORD
    client.get("/login")
    r = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                    "csrf_token": csrf_token(client)})
    assert r.status_code == 302


def _published_with_table(users):
    """An answer with a table, published, its letter sent; (answer id, index, letter)."""
    import datetime as dt
    from tests.factories import register
    from tracker.disclosure import operations as publishing
    from tracker.letters.content import LetterContent, Table
    from tracker.register import operations as reg
    from tracker.register.models import Outcome
    head = users["head"]
    with on(2026, 11, 30):
        req = register(head, requester=OLEG, channel="email",
                       received_at="2026-11-20T10:00:00", subject="Фінансування заходів")
        letter = letter_ops.create_letter(head, req, "answer", {}, [])
        content = LetterContent.from_dict(letter.content)
        content.paragraphs = [f"На Ваш запит від 20.11.2026 № {req.registration_number} "
                              "повідомляємо таке."]
        content.table_intro = "Фінансування заходів у 2026 році:"
        content.table = Table(header=["№ з/п", "Захід", "Профінансовано, грн"],
                              rows=[["1", "Ремонт доріг | тротуарів", "1 250,00"],
                                    ["2", "Освітлення", "300,00"]],
                              total=["", "Усього", "1 550,00"])
        content.closing = []
        letter.content = content.to_dict()
        letter.status = LetterStatus.SENT
        reg.answer(head, req, Outcome.FULL, dt.date(2026, 11, 30))
        row = publishing.publish(head, letter, [])
        db.session.commit()
    return row.id, req.registration_number, letter.number


def test_the_public_copy_shows_dates_but_no_index_or_outgoing_number(app, client, users):
    import io
    from pypdf import PdfReader
    answer_id, index, number = _published_with_table(users)
    assert "П-" in index  # the default pattern: the requester's initial
    page = client.get(f"/public/answers/{answer_id}").get_data(as_text=True)
    listing = client.get("/public/answers").get_data(as_text=True)
    pdf = PdfReader(io.BytesIO(client.get(f"/public/answers/{answer_id}.pdf").data))
    text = " ".join(p.extract_text() for p in pdf.pages)
    title = pdf.metadata.title or ""
    for shown in (page, listing, text, title):
        assert index not in shown and number not in shown and "П-" not in shown
    assert "30.11.2026" in text and "№ [вилучено]" in text and "№" not in title
    assert "20.11.2026" in page and "30.11.2026" in page


def test_a_table_in_the_answer_is_a_table_on_the_page_and_in_the_pdf(app, client, users):
    import io
    import re
    from pypdf import PdfReader
    answer_id, _index, _number = _published_with_table(users)
    page = client.get(f"/public/answers/{answer_id}").get_data(as_text=True)
    table = re.search(r"<table.*?</table>", page, re.S).group()
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == [
        "№ з/п", "Захід", "Профінансовано, грн"]
    assert "<td>Освітлення</td>" in table and "<td>Усього</td>" in table
    assert "Ремонт доріг ¦ тротуарів" in table and " | " not in page
    pdf = client.get(f"/public/answers/{answer_id}.pdf").data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Освітлення" in text and "1 550,00" in text and "|" not in text.replace("¦", "")
