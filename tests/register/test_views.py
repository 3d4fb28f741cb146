"""The register's HTML screens, through the real forms with CSRF."""
import re

import pytest
import time_machine
import datetime as dt
from sqlalchemy import func, select

from tests.factories import csrf_token
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register.models import CalendarOverride, Request

from tests.factories import register


def form_data(client, **fields):
    return {"csrf_token": csrf_token(client), **fields}


REGISTRATION = {
    "channel": "email", "received_at": "2018-03-28T10:00",
    "requester_name": "Красновська Я.", "requester_category": "individual",
    "requester_gender": "female", "requester_email": "ya@example.com",
    "subject": "PR-заходи", "text": "Прошу надати інформацію.", "signed": "y",
}


def travel():
    return time_machine.travel(dt.datetime(2018, 3, 29, 12, tzinfo=KYIV), tick=False)


def test_login_page_and_wrong_password(client, users):
    assert "Вхід до системи" in client.get("/login").get_data(as_text=True)
    r = client.post("/login", data=form_data(client, email=users["clerk"].email,
                                             password="wrong password!"))
    assert r.status_code == 200 and "Неправильна адреса або пароль" in r.get_data(as_text=True)


def test_login_redirects_only_within_the_site(client, users):
    r = client.post("/login?next=//evil.example/x", data=form_data(
        client, email=users["clerk"].email, password="correct horse battery staple"))
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_logout_needs_post_with_csrf(client, users, login):
    login(users["clerk"])
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.post("/logout", data=form_data(client)).status_code == 302
    assert client.get("/").status_code == 302


def test_registration_form_registers_and_shows_the_deadline(client, users, login):
    with travel():
        login(users["clerk"])
        r = client.post("/requests/new", data=form_data(client, **REGISTRATION),
                        follow_redirects=True)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Запит зареєстровано за № 25/К-1із" in page and "04.04.2018" in page


def test_the_form_takes_an_organisations_own_number_and_date(client, users, login):
    """A wrong date comes back as typed, with the reason; a right one shows on the page."""
    org = {**REGISTRATION, "requester_name": "ТОВ «Ромашка»", "requester_category": "legal_entity",
           "requester_gender": "", "sender_number": "15/03"}
    with travel():
        login(users["clerk"])
        r = client.post("/requests/new", data=form_data(client, **org, sender_date="2018-04-01"))
        page = r.get_data(as_text=True)
        assert r.status_code == 200 and "пізніше, ніж він надійшов" in page
        assert 'value="2018-04-01"' in page and 'value="15/03"' in page
        r = client.post("/requests/new", data=form_data(client, **org, sender_date="26.03.2018"),
                        follow_redirects=True)
    assert "№ 15/03 від 26.03.2018" in r.get_data(as_text=True)


def test_a_failed_form_keeps_what_was_typed_and_says_what_is_wrong(client, users, login):
    bad = {**REGISTRATION, "subject": "", "requester_email": "ya@@example",
           "text": "Мій <b>довгий</b> текст запиту"}
    with travel():
        login(users["clerk"])
        r = client.post("/requests/new", data=form_data(client, **bad))
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Обов&#39;язкове поле." in page or "Обов'язкове поле." in page
    assert "Неправильна адреса електронної пошти." in page
    assert 'value="ya@@example"' in page and 'value="Красновська Я."' in page
    assert "Мій &lt;b&gt;довгий&lt;/b&gt; текст запиту" in page  # kept, and escaped
    assert db.session.scalar(select(func.count(Request.id))) == 0


def test_executors_do_not_get_the_registration_form(client, users, login):
    login(users["executor"])
    assert client.get("/requests/new").status_code == 403


def test_list_filters_and_search(client, users, login):
    with travel():
        register(users["clerk"], subject="Бюджет участі")
        register(users["clerk"], subject="PR-заходи", channel="post")
        login(users["clerk"])
        page = client.get("/requests?q=бюджет").get_data(as_text=True)
        assert "<mark>Бюджет</mark> участі" in page and "PR-заходи" not in page
        page = client.get("/requests?channel=post").get_data(as_text=True)
        assert "PR-заходи" in page and "Бюджет участі" not in page
        page = client.get("/requests?deadline_state=bogus").get_data(as_text=True)
        assert "Невідоме значення" in page


def test_a_long_list_shows_a_capped_count_while_the_api_counts_exactly(app, client, users,
                                                                      login, api):
    app.config["LIST_COUNT_CAP"] = 2
    with travel():
        for n in range(3):
            register(users["clerk"], subject=f"Запит {n}")
        login(users["clerk"])
        # Every row on the one page: the page itself counts them.
        assert "(3)" in client.get("/requests").get_data(as_text=True)
        app.config["PAGE_SIZE"] = 2
        page = client.get("/requests").get_data(as_text=True)
        app.config["PAGE_SIZE"] = 25
        assert sum(f"Запит {n}" in page for n in range(3)) == 2
        if db.engine.dialect.name == "postgresql":  # past the cap: the planner's estimate
            assert re.search(r"\(≈ \d+\)", page)
        else:
            assert "(2+)" in page
        assert api(users["clerk"])("GET", "/api/v1/requests").json["total"] == 3
        app.config["LIST_COUNT_CAP"] = 3
        assert "(3)" in client.get("/requests").get_data(as_text=True)


def test_user_text_is_escaped_on_every_page(client, users, login):
    payload = '<script>alert("x")</script>'
    with travel():
        req = register(users["clerk"], subject=payload, text=payload,
                       requester={"name": payload})
        login(users["clerk"])
        for url in ("/", "/requests", f"/requests/{req.id}"):
            page = client.get(url).get_data(as_text=True)
            assert payload not in page
        assert "&lt;script&gt;" in client.get(f"/requests/{req.id}").get_data(as_text=True)


def test_request_page_shows_deadline_panel_flags_and_timeline(client, users, login):
    with travel():
        req = register(users["clerk"], requester={"email": None})
        login(users["clerk"])
        page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "до <strong>04.04.2018</strong>" in page
    assert "поштова адреса або адреса електронної пошти" in page
    assert "Зареєстровано" in page
    assert "строк: 04.04.2018" in page
    assert "бракує реквізитів: поштова адреса або адреса електронної пошти" in page
    assert "канал: портал «Доступ до правди»" in page  # labels, not codes


def test_an_action_form_acts_and_a_refused_one_keeps_its_input(client, users, login):
    with travel():
        req = register(users["clerk"], executor=users["executor"].email)
    with time_machine.travel(dt.datetime(2018, 4, 5, 12, tzinfo=KYIV), tick=False):
        login(users["executor"])
        r = client.post(f"/requests/{req.id}/actions/extend",
                        data=form_data(client, **{"extend-reason": "Великий обсяг даних"}))
        page = r.get_data(as_text=True)
        assert r.status_code == 400 and "Продовжити строк уже не можна" in page
        assert "Великий обсяг даних" in page
        r = client.post(f"/requests/{req.id}/actions/answer", data=form_data(
            client, **{"answer-result": "full", "answer-answered_on": "2018-04-04"}),
            follow_redirects=True)
        assert "Відповідь зареєстровано." in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Request, req.id).answered_on == dt.date(2018, 4, 4)


def test_another_executor_cannot_act(client, users, login):
    from tests.conftest import create_test_user
    from tracker.auth.models import Role
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    with travel():
        req = register(users["clerk"], executor=users["executor"].email)
        login(other)
        r = client.post(f"/requests/{req.id}/actions/answer", data=form_data(
            client, **{"answer-result": "full", "answer-answered_on": "2018-03-29"}))
    assert r.status_code == 403 and "Доступ заборонено" in r.get_data(as_text=True)


def test_dashboard_counts(client, users, login):
    with time_machine.travel(dt.datetime(2018, 3, 19, 12, tzinfo=KYIV), tick=False):
        register(users["clerk"], received_at="2018-03-19T10:00")  # due 26.03
    with time_machine.travel(dt.datetime(2018, 3, 27, 12, tzinfo=KYIV), tick=False):
        register(users["clerk"], received_at="2018-03-27T10:00", executor=users["head"].email)
        login(users["head"])
        page = client.get("/").get_data(as_text=True)
    count = lambda key: re.search(rf'id="count-{key}">(\d+)<', page).group(1)
    assert (count("overdue"), count("due_today"), count("open"), count("mine"),
            count("unassigned")) == ("1", "0", "2", "1", "1")


def test_each_dashboard_tile_opens_the_list_it_counts(client, users, login):
    """Answered requests are counted by no tile: the lists the tiles open leave them out."""
    import html

    from tracker.register import operations as ops
    from tracker.register.models import Outcome
    with time_machine.travel(dt.datetime(2018, 3, 19, 12, tzinfo=KYIV), tick=False):
        register(users["clerk"], received_at="2018-03-19T10:00")
        done = register(users["clerk"], received_at="2018-03-19T11:00")
        ops.answer(users["clerk"], done, Outcome.FULL, answered_on=dt.date(2018, 3, 19))
        mine_done = register(users["clerk"], received_at="2018-03-19T08:00",
                             executor=users["head"].email)
        ops.answer(users["head"], mine_done, Outcome.FULL, answered_on=dt.date(2018, 3, 19))
        register(users["clerk"], received_at="2018-03-19T09:00", executor=users["head"].email)
        db.session.commit()
        login(users["head"])
        page = client.get("/").get_data(as_text=True)
        tiles = re.findall(r'<a class="tile[^"]*" href="([^"]+)"><span class="num" id="count-(\w+)">(\d+)<', page)
        assert len(tiles) == 6
        for href, key, n in tiles:
            listed = client.get(html.unescape(href)).get_data(as_text=True)
            assert re.search(r"<small>\((\d+)\)</small>", listed).group(1) == n, (key, href)


def test_admin_manages_calendar_overrides(client, users, login):
    login(users["admin"])
    r = client.post("/admin/calendar", data=form_data(
        client, day="2026-12-24", is_working="0", note="Розпорядження № 1"), follow_redirects=True)
    assert "Календар оновлено." in r.get_data(as_text=True)
    assert db.session.get(CalendarOverride, dt.date(2026, 12, 24)).is_working is False
    r = client.post("/admin/calendar/2026-12-24/delete", data=form_data(client),
                    follow_redirects=True)
    assert "Виняток видалено." in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CalendarOverride)) == 0


def test_a_council_day_off_moves_new_deadlines(users):
    db.session.add(CalendarOverride(day=dt.date(2018, 4, 2), is_working=False, note="x"))
    db.session.commit()
    with travel():
        assert register(users["clerk"]).due_date == dt.date(2018, 4, 5)


def test_only_admins_reach_admin_pages(client, users, login):
    login(users["head"])
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/calendar").status_code == 403


def test_admin_creates_and_edits_users(client, users, login):
    login(users["admin"])
    r = client.post("/admin/users/new", data=form_data(
        client, email="new@test.example", name="Нова Людина", role="executor", password="short"))
    assert "щонайменше 12 символів" in r.get_data(as_text=True)
    r = client.post("/admin/users/new", data=form_data(
        client, email="new@test.example", name="Нова Людина", role="executor"),
        follow_redirects=True)
    assert "Тимчасовий пароль" in r.get_data(as_text=True)
    from tracker.auth.models import User
    user = db.session.scalar(select(User).where(User.email == "new@test.example"))
    r = client.post(f"/admin/users/{user.id}", data=form_data(
        client, name="Нова Людина", role="head", active=""), follow_redirects=True)
    assert "Зміни збережено." in r.get_data(as_text=True)
    db.session.expire_all()
    assert user.role.value == "head" and user.active is False


@pytest.mark.parametrize("role, offered", [("clerk", True), ("executor", False)])
def test_an_empty_list_offers_registering_only_to_who_may(client, users, login, role, offered):
    login(users[role])
    page = client.get("/requests?q=неіснуючеслово").get_data(as_text=True)
    assert ("зареєструйте новий запит" in page) is offered
    assert "Запитів за цими умовами не знайдено." in page


def test_a_clerk_annuls_a_duplicate_on_the_request_page(client, users, login):
    with travel():
        login(users["clerk"])
        client.post("/requests/new", data=form_data(client, **REGISTRATION))
        client.post("/requests/new", data=form_data(client, **REGISTRATION))
        page = client.get("/requests/2").get_data(as_text=True)
        assert 'action="/requests/2/actions/void"' in page
        r = client.post("/requests/2/actions/void", data=form_data(
            client, **{"void-version": "1", "void-reason": "", "void-duplicate_of": "25/К-1із"}))
        page = r.get_data(as_text=True)
        assert r.status_code == 400 and 'value="25/К-1із"' in page  # kept as typed
        r = client.post("/requests/2/actions/void", data=form_data(
            client, **{"void-version": "1", "void-reason": "Той самий лист надійшов двічі.",
                       "void-duplicate_of": "25/К-1із"}), follow_redirects=True)
        page = r.get_data(as_text=True)
        assert "Реєстрацію анульовано: запит закрито" in page
        assert "Той самий лист надійшов двічі." in page and "дублікат запиту" in page
        assert 'action="/requests/2/actions/restore"' in page  # a mistake can be taken back
        listed = client.get("/requests?status=closed").get_data(as_text=True)
    assert "Анульовано" in listed


def test_the_same_letter_by_post_after_email_is_flagged_after_registration(client, users,
                                                                           login):
    """By post there is no e-mail to compare: the same name (any case, any word order) and
    nearly the same text are enough to warn, and the warning says what to do."""
    by_post = {**REGISTRATION, "channel": "post", "requester_email": "",
               "requester_name": "ПЕТРЕНКО Олег", "requester_postal_address": "вул. Київська, 1",
               "text": "Прошу надати інформацію!"}
    with travel():
        login(users["clerk"])
        client.post("/requests/new", data=form_data(client, **{
            **REGISTRATION, "requester_name": "Олег Петренко"}))
        r = client.post("/requests/new", data=form_data(client, **by_post),
                        follow_redirects=True)
        page = r.get_data(as_text=True)
        assert "Схожий запит уже зареєстровано: № 25/О-1із від 28.03.2018" in page
        assert "анулюйте нову реєстрацію" in page
        other = client.post("/requests/new", data=form_data(client, **{
            **by_post, "requester_name": "Іван Коваль"}), follow_redirects=True)
    assert "Схожий запит" not in other.get_data(as_text=True)
