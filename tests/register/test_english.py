"""The register's screens in English: the request page (tags, letters, the deadline panel,
history), the calendar (Babel's weekday names, holidays.UA's English holiday names) and the
domain's refusals. The JSON API keeps answering in Ukrainian by default."""
import datetime as dt

import time_machine

from tests.conftest import csrf_token
from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import CalendarOverride


def travel(y=2018, m=3, d=29):
    return time_machine.travel(dt.datetime(y, m, d, 12, tzinfo=KYIV), tick=False)


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})


def test_the_request_page_in_english(client, users, login):
    with travel():
        req = register(users["clerk"], requester={"email": None})
        _english(client, users["clerk"], login)
        page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert 'placeholder="e.g. housing, budget"' in page
    assert "The term can be extended to 20 working days by notifying the requester by " \
           "4 Apr 2018." in page
    assert "Prepare" in page and ">Answer</a>" in page  # one English name per letter kind
    assert ">Extension notice</a>" in page and ">Invoice (copying costs)</a>" in page
    assert "channel: “Access to Truth” portal" in page  # history details, labelled
    assert "Доступ до правди" not in page and "Продовжити до 20" not in page
    assert "напр. ЖКГ" not in page and "Підготувати" not in page


def test_a_refused_action_says_why_in_english(client, users, login):
    with travel():
        req = register(users["clerk"], executor=users["executor"].email)
    with travel(2018, 4, 5):
        _english(client, users["executor"], login)
        r = client.post(f"/requests/{req.id}/actions/extend",
                        data={"csrf_token": csrf_token(client), "extend-reason": "Big volume"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Too late to extend: the extension notice had to be sent by 4 Apr 2018 " \
           "(the 5th working day)." in page  # a date from the pure core, the English way


def test_the_calendar_in_english_with_babel_weekdays_and_english_holidays(client, users, login):
    db.session.add(CalendarOverride(day=dt.date(2027, 12, 31), is_working=False,
                                    note="Council decision 12"))
    db.session.commit()
    with travel(2027, 12, 1):
        _english(client, users["admin"], login)
        client.post("/admin/calendar/martial-law", data={
            "csrf_token": csrf_token(client), "martial_law_until": "01.01.2026"})
        page = client.get("/admin/calendar").get_data(as_text=True)
        days = client.get("/calendar/days?from=2027-12-20&to=2027-12-31").json["days"]
    assert "The council&#39;s working calendar" in page or "The council's working calendar" in page
    assert "Mon" in page and "Fri" in page and ">пн<" not in page and " пн " not in page
    assert "Christmas Day" in page and "Різдво" not in page
    assert "day off" in page and "Extra day off" in page
    assert days["2027-12-25"]["holiday"] == "Christmas Day"


def test_the_api_and_ukrainian_pages_stay_ukrainian(client, users, login, api):
    with travel():
        req = register(users["clerk"], requester={"email": None})
        r = api(users["clerk"])("POST", f"/api/v1/requests/{req.id}/actions",
                                json={"action": "close"})
        login(users["clerk"])
        page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert r.status_code == 409 and "Закрити можна лише запит із результатом" in r.json["error"]
    assert 'placeholder="напр. ЖКГ, бюджет"' in page and "Підготувати" in page


REGISTRATION = {
    "channel": "email", "received_at": "2018-03-28T10:00", "requester_name": "Ivan Petrenko",
    "requester_category": "individual", "requester_gender": "male",
    "requester_email": "ivan@example.org", "subject": "Budget", "text": "Please send it.",
    "signed": "y"}


def test_registration_flash_history_and_list_in_english_dates_and_words(client, users, login):
    with travel():
        _english(client, users["clerk"], login)
        r = client.post("/requests/new", data={"csrf_token": csrf_token(client),
                                               **REGISTRATION}, follow_redirects=True)
        page = r.get_data(as_text=True)
        listing = client.get("/requests").get_data(as_text=True)
    assert "Request registered as No. 25/" in page and "answer by 4 Apr 2018." in page
    assert "received: 28 Mar 2018 10:00" in page and "due date: 4 Apr 2018" in page
    assert "04.04.2018" not in page and ">Deadline<" not in page
    assert "<th>Due date</th>" in listing or ">Due date<" in listing
    assert "Due-date status" in listing and "Deadline" not in listing


def test_a_stale_form_says_page_expired_in_both_languages(client, users, login):
    _english(client, users["clerk"], login)
    r = client.post("/requests/new", data=REGISTRATION)  # no CSRF token
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "<h1>Page expired</h1>" in page and "Reload the page and submit again." in page
    client.post("/lang/uk", data={"csrf_token": csrf_token(client)})
    page = client.post("/requests/new", data=REGISTRATION).get_data(as_text=True)
    assert "<h1>Сторінка застаріла</h1>" in page and "Оновіть сторінку й надішліть ще раз." in page


def test_the_calendar_asks_for_a_date_in_words_in_both_languages(client, users, login):
    with travel(2027, 12, 1):
        _english(client, users["admin"], login)
        empty = client.post("/admin/calendar", data={
            "csrf_token": csrf_token(client), "day": "", "is_working": "0", "note": "x"})
        typed = client.post("/admin/calendar", data={
            "csrf_token": csrf_token(client), "day": "31/12/2027", "is_working": "0"})
        client.post("/lang/uk", data={"csrf_token": csrf_token(client)})
        ukrainian = client.post("/admin/calendar", data={
            "csrf_token": csrf_token(client), "day": "", "is_working": "0"})
    assert "Enter a date." in empty.get_data(as_text=True)
    assert "Not a valid date" not in empty.get_data(as_text=True)
    assert "Enter the date as DD.MM.YYYY" in typed.get_data(as_text=True)
    assert "Вкажіть дату." in ukrainian.get_data(as_text=True)
    assert db.session.query(CalendarOverride).count() == 0


def test_the_access_log_counts_a_list_in_english_and_in_ukrainian_cases(client, users, login):
    with travel():
        for _ in range(3):
            register(users["clerk"])
        login(users["admin"])
        client.get("/requests")  # one access-log row: a list of 3 requests
        ukrainian = client.get("/admin/access-log").get_data(as_text=True)
        client.post("/lang/en", data={"csrf_token": csrf_token(client)})
        english = client.get("/admin/access-log").get_data(as_text=True)
    assert "список із 3 запитів" in ukrainian
    assert "list of 3 requests" in english and ">Reset<" in english
    assert "<summary>Administration</summary>" in english  # the admin's menu

