"""The register's own screens in a real browser: correcting a request, bulk actions on the
list, the confirm step before closing, the registration form's error summary, the date
picker typed on the keyboard, the phone-sized list and labels instead of codes."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import get_month_names

from tests.factories import register
from tracker.core.timeutil import KYIV, utcnow
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.models import Outcome, Request, Status

SHOTS = Path(__file__).resolve().parent / "screenshots"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def now_local() -> dt.datetime:
    return utcnow().astimezone(KYIV).replace(second=0, microsecond=0)


def a_request(users, *, ago=dt.timedelta(hours=2), answered=False, **kw):
    req = register(users["clerk"], executor=users["executor"].email,
                   received_at=(now_local() - ago).isoformat(), **kw)
    if answered:
        ops.answer(users["executor"], req, Outcome.FULL)
        db.session.commit()
    return req


def type_date(page, selector: str, day: dt.date) -> None:
    """Type ``day`` into a date input with the keyboard. The segments' order is the
    browser's (дд.мм.рррр in Ukrainian, mm/dd/yyyy in American English): a probe finds it."""
    box = page.locator(selector).bounding_box()
    first_segment = {"x": 6, "y": box["height"] / 2}
    page.click(selector, position=first_segment)
    page.keyboard.type("01022030")
    probe = page.input_value(selector)
    order = {"2030-02-01": "%d%m%Y", "2030-01-02": "%m%d%Y"}.get(probe, "%Y%m%d")
    page.click("h1")  # away, and back into the first segment: typing replaces each one
    page.click(selector, position=first_segment)
    page.keyboard.type(day.strftime(order))


def fresh(req) -> Request:
    db.session.expire_all()
    return db.session.get(Request, req.id)


def test_a_clerk_corrects_a_request_and_the_timeline_says_what_changed(page, live_server,
                                                                       sign_in, users):
    req = a_request(users, channel="post", requester={"name": "Петренко О."})
    old = req.received_at.astimezone(KYIV)
    new = old - dt.timedelta(minutes=30)
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests/{req.id}")
    page.click("#edit-request")
    page.fill("#subject", "Копія рішення про бюджет участі")
    page.select_option("#channel", "in_person")
    page.fill("#received_at", new.strftime("%Y-%m-%dT%H:%M"))
    page.click("form#edit-form button.primary")
    # The received time needs a reason: the form comes back with everything typed.
    page.wait_for_selector("#error-summary")
    assert page.input_value("#subject") == "Копія рішення про бюджет участі"
    page.fill("#reason", "Час зі штампа вхідної кореспонденції")
    shot(page, "register-edit-form")
    page.click("form#edit-form button.primary")
    page.wait_for_selector(".flash-success")
    timeline = page.inner_text("ol.timeline")
    assert "Реквізити виправлено" in timeline
    assert "канал: пошта → особисто" in timeline
    assert f"надійшов: {old:%d.%m.%Y %H:%M} → {new:%d.%m.%Y %H:%M}" in timeline
    assert "причина: Час зі штампа" in timeline
    assert f"виконавець: {users['executor'].name}" in timeline  # a name, not an address
    assert users["executor"].email not in timeline
    shot(page, "register-edit-timeline")
    assert fresh(req).subject == "Копія рішення про бюджет участі"


def test_closing_a_request_asks_in_a_dialog_first(page, live_server, sign_in, users):
    req = a_request(users, answered=True)
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests/{req.id}")
    assert "Надано відповідь (повністю)" in page.inner_text("dl.props")  # not "(full)"
    page.click("#action-close summary")
    page.click("#action-close button")
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert f"Закрити запит № {req.registration_number}?" in dialog.inner_text()
    shot(page, "register-close-dialog")
    page.click("#confirm-no")
    assert page.locator("dialog[open]").count() == 0
    assert fresh(req).status == Status.ANSWERED
    page.click("#action-close button")
    page.click("#confirm-yes")
    page.wait_for_selector(".flash-success")
    assert "Запит закрито" in page.inner_text(".flash-success")
    assert fresh(req).status == Status.CLOSED


def test_bulk_close_from_the_list(page, live_server, sign_in, users):
    done = [a_request(users, answered=True, subject=f"Відповідь є {i}") for i in range(2)]
    still = a_request(users, subject="Ще в роботі")
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests")
    for r in done + [still]:
        page.check(f"#pick-{r.id}")
    page.select_option("#bulk-action", "close")
    page.fill("#bulk-reason", "Відповіді надіслано")
    page.click("form#bulk button.primary")
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert "Закрити позначені запити (3)?" in dialog.inner_text()
    page.click("#confirm-yes")
    page.wait_for_selector(".flash")
    flash = page.inner_text(".flash")
    assert "2 закрито, 1 пропущено" in flash and still.registration_number in flash
    shot(page, "register-bulk-close")
    assert [fresh(r).status for r in done] == [Status.CLOSED, Status.CLOSED]
    assert fresh(still).status == Status.IN_PROGRESS


def test_bulk_assign_and_registered_by_me(page, live_server, sign_in, users):
    mine = [register(users["clerk"], subject=f"Мій {i}",
                     received_at=(now_local() - dt.timedelta(hours=1)).isoformat())
            for i in range(2)]
    register(users["head"], subject="Зареєстрував керівник",
             received_at=(now_local() - dt.timedelta(hours=1)).isoformat())
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests")
    page.check("input[name=registered]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**registered=me**")
    table = page.inner_text("table.requests")
    assert "Мій 0" in table and "Зареєстрував керівник" not in table
    for r in mine:
        page.check(f"#pick-{r.id}")
    page.select_option("#bulk-action", "assign")
    page.select_option("#bulk-executor", users["executor"].email)
    page.click("form#bulk button.primary")  # assigning asks nothing
    page.wait_for_selector(".flash-success")
    assert "2 призначено" in page.inner_text(".flash-success")
    assert "registered=me" in page.url  # back on the same filtered list
    assert all(fresh(r).executor_id == users["executor"].id for r in mine)


def test_registration_shows_every_error_at_once_and_keeps_the_input(page, live_server,
                                                                    sign_in, users):
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests/new")
    page.fill("#requester_name", "Коваль Ірина")
    page.fill("#requester_email", "коваль@")
    page.fill("#registration_number", "25/К-1із")
    register(users["clerk"], registration_number="25/К-1із",
             received_at=(now_local() - dt.timedelta(hours=1)).isoformat())
    page.click("form.grid-form button.primary")
    summary = page.locator("#error-summary")
    summary.wait_for()
    text = summary.inner_text()
    # The input's errors and the database's (a taken index) together.
    assert "Короткий зміст" in text and "Електронна пошта" in text and "Індекс" in text
    # app.js (deferred) moves the focus to the summary once the page is parsed.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'",
                           timeout=5000)
    assert page.input_value("#requester_name") == "Коваль Ірина"
    assert page.input_value("#requester_email") == "коваль@"
    shot(page, "register-error-summary")
    summary.locator("a[href='#subject']").click()
    assert page.evaluate("document.activeElement.id") == "subject"


def test_a_date_typed_on_the_keyboard_moves_the_picker_and_the_button_works(
        page, live_server, sign_in, users):
    req = a_request(users, ago=dt.timedelta(days=40))
    day = req.received_at.astimezone(KYIV).date() + dt.timedelta(days=1)
    sign_in(page, users["executor"])
    page.goto(f"{live_server}/requests/{req.id}")
    page.click("#action-answer summary")
    page.click("#answer-answered_on")
    picker = page.locator("#action-answer .workday-picker")
    picker.locator(".wp-day").first.wait_for()
    # Typed as a clerk types it, segment by segment, in the order the browser shows them.
    type_date(page, "#answer-answered_on", day)
    assert page.input_value("#answer-answered_on") == day.isoformat()
    page.wait_for_function(
        "t => document.querySelector('#action-answer .wp-head span').textContent === t",
        arg=f"{get_month_names('wide', 'stand-alone', 'uk')[day.month].capitalize()} {day.year}")
    assert picker.locator(f".wp-sel[data-day='{day.isoformat()}']").count() == 1
    button = page.locator("#action-answer button.primary").bounding_box()
    grid = picker.bounding_box()
    overlaps = not (grid["y"] + grid["height"] <= button["y"] or button["y"] + button["height"] <= grid["y"]
                    or grid["x"] + grid["width"] <= button["x"] or button["x"] + button["width"] <= grid["x"])
    assert not overlaps, (grid, button)
    shot(page, "register-date-typed")
    page.click("#action-answer button.primary")  # a real click at the button's place
    page.wait_for_selector(".flash-success")
    assert fresh(req).answered_on == day
    timeline = page.inner_text("ol.timeline")
    assert "результат: повністю" in timeline and "статус: У роботі → Надано відповідь" in timeline


def test_the_list_on_a_phone_keeps_the_due_date_and_the_state(browser, live_server, sign_in,
                                                             users):
    req = a_request(users, subject="Дуже довгий короткий зміст запиту про ремонт доріг у "
                                   "мікрорайоні Богунія протягом 2025–2026 років")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="uk-UA")
    pg = context.new_page()
    try:
        sign_in(pg, users["clerk"])
        pg.goto(f"{live_server}/requests")
        row = pg.locator("table.requests tbody tr").first
        for cell in ("td.col-due", "td.col-state .badge"):
            box = row.locator(cell).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (cell, box)
            assert row.locator(cell).is_visible()
        assert req.due_date.strftime("%d.%m.%Y") in row.locator("td.col-due").inner_text()
        assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        SHOTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SHOTS / "register-phone-list.png"), full_page=True)
    finally:
        context.close()
