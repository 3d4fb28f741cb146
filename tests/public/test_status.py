"""The status page: opened only with its code, the same 404 for a wrong code and an unknown
index (the same work done either way), the letters' PDFs for the code holder, the reply filed
as a follow-up, and the link e-mailed on asking (issue 19, item 3)."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import answer_letter
from tests.public.helpers import file_request, path_of, status_link
from tracker.core.models import Event
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due
from tracker.intake.models import IntakeMessage, IntakeStatus
from tracker.outbox.models import OutboxMessage
from tracker.register.models import AccessLog, Request
from tracker.register.operations import assign


def _filed(client, app) -> tuple[Request, str]:
    link = status_link(file_request(client, app).get_data(as_text=True))
    return db.session.scalars(select(Request)).one(), path_of(link)


def _masked(response) -> str:
    """The page without what differs per session and second (the CSRF token)."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))


def test_the_status_page_shows_the_state_and_the_due_date(app, client):
    req, link = _filed(client, app)
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="state">у роботі<', page)
    assert req.due_date.strftime("%d.%m.%Y") in page and req.subject in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert db.session.scalars(select(AccessLog.action)).all() == ["public:view"]


def test_a_wrong_code_and_an_unknown_index_get_the_same_404(app, client, count_queries):
    req, link = _filed(client, app)
    path, code = link.split("?code=")
    wrong_code = client.get(f"{path}?code={code[:-1]}{'A' if code[-1] != 'A' else 'B'}")
    unknown = client.get(f"/public/requests/99/Щ-1?code={code}")
    no_code = client.get(path)
    assert wrong_code.status_code == unknown.status_code == no_code.status_code == 404
    assert _masked(wrong_code) == _masked(unknown) == _masked(no_code)
    assert req.requester.name not in _masked(wrong_code)
    # The same work either way: the hash computed, one lookup by it, nothing else.
    counts = []
    for url in (f"{path}?code=x{code[1:]}", f"/public/requests/99/Щ-1?code={code}",
                f"/public/requests/99/Щ-1?code=x{code[1:]}"):
        runs = []
        for _ in range(2):  # the fewer of two: a settings cache refresh (5 s) adds one
            with count_queries() as n:
                assert client.get(url).status_code == 404
            runs.append(n.count)
        counts.append(min(runs))
    assert len(set(counts)) == 1, counts
    pdf = client.get(f"{path}/letters/1.pdf?code=wrong")
    assert pdf.status_code == 404 and _masked(pdf) == _masked(unknown)


def test_the_letters_sent_are_listed_with_their_pdfs_for_the_code_holder(
        app, client, users, api, smtp_server):
    req, link = _filed(client, app)
    head = api(users["head"])
    letter = answer_letter(users["head"], req)
    assert head("POST", f"/api/v1/letters/{letter.id}/finalize").status_code == 200
    page = client.get(link).get_data(as_text=True)
    assert "Листів ще немає." in page  # final, not yet sent
    assert head("POST", f"/api/v1/letters/{letter.id}/send").status_code == 202
    page = client.get(link).get_data(as_text=True)
    assert "Листів ще немає." in page  # queued: not sent until the mail server takes it
    deliver_due()
    page = client.get(link).get_data(as_text=True)
    assert re.search(r'id="state">надано відповідь<', page)
    href = re.search(r'href="([^"]+\.pdf\?code=[^"]+)"', page).group(1).replace("&amp;", "&")
    pdf = client.get(href)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    other = file_request(client, app, fields={"requester_email": "b@example.com"})
    other_link = status_link(other.get_data(as_text=True))
    path, code = other_link.split("?code=")
    assert client.get(f"{path}/letters/{letter.id}.pdf?code={code}").status_code == 404


def test_a_reply_is_filed_as_a_follow_up_and_the_executor_is_told(app, client, users):
    req, link = _filed(client, app)
    assign(users["clerk"], req, users["executor"].email)
    db.session.commit()
    page = client.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    code = link.split("code=")[1]
    action = re.search(r'action="([^"]+/reply)"', page).group(1)
    empty = client.post(action, data={"csrf_token": token, "code": code, "text": " "})
    assert empty.status_code == 400 and "Обов&#39;язкове поле." in empty.get_data(as_text=True)
    response = client.post(action, data={"csrf_token": token, "code": code,
                                         "text": "Уточнюю: потрібне рішення 2024 року."})
    assert response.status_code == 302 and "code=" in response.headers["Location"]
    item = db.session.scalars(select(IntakeMessage).where(
        IntakeMessage.status == IntakeStatus.ATTACHED)).one()
    assert item.request_id == req.id and item.parsed["text"].startswith("Уточнюю")
    assert db.session.scalars(select(Event.action).where(Event.request_id == req.id)
                              .order_by(Event.id.desc())).first() == "correspondence_received"
    notice, = [m for m in db.session.scalars(select(OutboxMessage))
               if m.recipients == [users["executor"].email]]
    assert req.registration_number in notice.subject
    assert client.post(action, data={"csrf_token": token, "code": "nope",
                                     "text": "x"}).status_code == 404


def test_the_link_is_emailed_on_asking_and_the_page_says_the_same_either_way(app, client):
    req, _link = _filed(client, app)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    page = client.get("/public/requests").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answers = []
    for index, email in ((req.registration_number, "MARIA@example.com"),
                         (req.registration_number, "someone@example.com"),
                         ("99/Щ-1", "maria@example.com")):
        response = client.post("/public/requests", data={"csrf_token": token, "index": index,
                                                         "email": email})
        assert response.status_code == 200
        answers.append(re.search(r'id="link-sent">(.*?)</div>', response.get_data(as_text=True),
                                 re.S).group(1))
    assert len(set(answers)) == 1
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipients == ["maria@example.com"]
    new_link = re.search(r"(http://zapyt\.test/public/requests/\S+)", mail.body_text).group(1)
    assert client.get(new_link).status_code == 200
