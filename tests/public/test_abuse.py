"""Bots are refused, each with a message that says why; a person is never blocked on their
first three requests from one address; duplicates are flagged and spam is marked by a clerk
(issue 19, item 2)."""
from __future__ import annotations

import datetime as dt
import re

import time_machine
from sqlalchemy import select

from tests.public.helpers import PERSON, file_request, form_fields
from tracker.core.models import Event
from tracker.extensions import db
from tracker.public import proof
from tracker.register.models import Request


def _count() -> int:
    return len(db.session.scalars(select(Request.id)).all())


def _refusal(response) -> str:
    match = re.search(r'id="refusal">([^<]+)<', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:3000]
    return match.group(1)


def test_a_filled_honeypot_is_refused(app, client):
    response = file_request(client, app, website="http://cheap-pills.example")
    assert response.status_code == 429
    assert "заповнено поле, якого людина не бачить" in _refusal(response)
    assert _count() == 0


def test_a_form_sent_too_fast_is_refused_and_the_same_form_later_is_not(app, client):
    app.config["PUBLIC_MIN_FILL_SECONDS"] = 3
    data = {**PERSON, **form_fields(client), "website": ""}
    data["proof"] = proof.solve(data["ticket"], app.config["PUBLIC_POW_BITS"])
    response = client.post("/public/request", data=data)
    assert "Форму надіслано надто швидко — менш ніж за 3 с" in _refusal(response)
    assert 'value="Коваленко Марія Петрівна"' in response.get_data(as_text=True)
    data = {**PERSON, **form_fields(client), "website": ""}
    data["proof"] = proof.solve(data["ticket"], app.config["PUBLIC_POW_BITS"])
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=4)):
        assert client.post("/public/request", data=data).status_code == 201
    assert _count() == 1


def test_a_forged_a_reused_and_an_unsolved_form_are_refused(app, client):
    app.config["PUBLIC_POW_BITS"] = 12
    data = {**PERSON, **form_fields(client), "website": ""}
    good = proof.solve(data["ticket"], 12)
    wrong = next(str(n) for n in range(10**6) if not proof.solves(data["ticket"], str(n), 12))
    assert "Перевірку браузера не пройдено" in _refusal(
        client.post("/public/request", data={**data, "proof": wrong}))
    forged = data["ticket"][:-2] + ("AA" if not data["ticket"].endswith("AA") else "BB")
    assert "Форма застаріла або пошкоджена" in _refusal(
        client.post("/public/request", data={**data, "ticket": forged, "proof": good}))
    data = {**PERSON, **form_fields(client), "website": ""}
    data["proof"] = proof.solve(data["ticket"], 12)
    assert client.post("/public/request", data=data).status_code == 201
    assert "Цю форму вже надіслано" in _refusal(client.post("/public/request", data=data))
    assert _count() == 1


def test_without_script_three_requests_pass_and_the_fourth_is_refused(app, client):
    for n in range(3):
        response = file_request(client, app, solve=False,
                                fields={"requester_email": f"p{n}@example.com"})
        assert response.status_code == 201, _refusal(response)
    response = file_request(client, app, solve=False, fields={"requester_email": "p4@example.com"})
    assert response.status_code == 429
    assert "Без JavaScript з однієї мережевої адреси можна подати лише кілька" in _refusal(response)
    # The same person with the page's script still gets through.
    assert file_request(client, app, fields={"requester_email": "p4@example.com"}).status_code == 201
    assert _count() == 4


def test_one_person_is_not_blocked_on_three_requests_but_a_flood_is(app, client):
    app.config.update(PUBLIC_ADDRESS_RATE_LIMIT="3 per day", PUBLIC_RATE_LIMIT="4 per hour")
    for n in range(3):  # one e-mail address, one client address, different requests
        response = file_request(client, app, fields={"text": f"Прошу надати звіт № {n} про бюджет "
                                                             f"за {2020 + n} рік."})
        assert response.status_code == 201, _refusal(response)
    response = file_request(client, app, fields={"text": "Прошу надати ще один звіт."})
    assert "Від цього запитувача (цієї адреси) за короткий час надійшло забагато" in \
        _refusal(response)
    assert file_request(client, app, fields={"requester_email": "other@example.com"}) \
        .status_code == 201
    response = file_request(client, app, fields={"requester_email": "third@example.com"})
    assert "Забагато запитів з вашої мережевої адреси" in _refusal(response)
    assert _count() == 4


def test_a_typo_does_not_count_against_the_limits(app, client):
    app.config["PUBLIC_RATE_LIMIT"] = "2 per hour"
    for _ in range(3):
        assert file_request(client, app, fields={"text": ""}).status_code == 400
    assert file_request(client, app).status_code == 201


def test_a_near_duplicate_is_flagged_for_the_clerk(app, client, users, login):
    file_request(client, app)
    file_request(client, app, fields={"text": PERSON["text"].replace("копію", "копії") + " "})
    first, second = db.session.scalars(select(Request).order_by(Request.id)).all()
    event = db.session.scalars(select(Event).where(Event.action == "registered_online",
                                                   Event.request_id == second.id)).one()
    assert event.after["duplicates"] == first.registration_number
    page = login(users["clerk"]).get(f"/requests/{second.id}").get_data(as_text=True)
    assert "Можливий повтор" in page and f"№ {first.registration_number}" in page


def test_a_clerk_marks_spam_and_takes_the_mark_back(app, client, users, login):
    file_request(client, app, fields={"text": "Купуйте наші чудові таблетки!!!"})
    req = db.session.scalars(select(Request)).one()
    executor = login(users["executor"])
    token = _csrf(executor.get("/").get_data(as_text=True))
    assert executor.post(f"/requests/{req.id}/spam", data={"csrf_token": token}).status_code == 403
    executor.post("/logout", data={"csrf_token": token})
    clerk = login(users["clerk"])
    page = clerk.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "Позначити як спам" in page
    clerk.post(f"/requests/{req.id}/spam", data={"csrf_token": _csrf(page), "spam": "1"})
    db.session.expire_all()
    req = db.session.get(Request, req.id)
    assert req.spam_marked_at is not None and req.spam_marked_by_id == users["clerk"].id
    page = clerk.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "Позначено як спам: запит не враховується в статистиці." in page
    clerk.post(f"/requests/{req.id}/spam", data={"csrf_token": _csrf(page), "spam": "0"})
    db.session.expire_all()
    assert db.session.get(Request, req.id).spam_marked_at is None
    assert db.session.scalars(select(Event.action).where(Event.action.like("spam%"))
                              .order_by(Event.id)).all() == ["spam_marked", "spam_unmarked"]


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
