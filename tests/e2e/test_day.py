"""The clerk's and the official's day in a real browser (Chromium via Playwright)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.activities import builders
from tests.factories import register
from tracker.core.timeutil import KYIV, utcnow
from tracker.extensions import db
from tracker.register import deadlines as dl
from tracker.register.models import Request
from tracker.register.queries import Clock
from tracker.outbox.delivery import deliver_due

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
SHOTS = Path(__file__).resolve().parent / "screenshots"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def count(page, key) -> int:
    return int(page.inner_text(f"#count-{key}"))


def tab_to(page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the field has focus (the keyboard path a clerk takes)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def due_soon_receipt() -> str:
    """A receipt moment that makes a request "due soon" today, whatever today is."""
    clock = Clock.current()
    day = clock.today
    for _ in range(30):
        moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=KYIV)
        due = dl.standard_due(moment, clock.cal, clock.settings.rules)
        state = dl.deadline_state(today=clock.today, due_date=due, cal=clock.cal,
                                  soon_days=clock.settings.due_soon_days)
        if state == dl.DeadlineState.DUE_SOON and moment <= utcnow() and \
                clock.today <= dl.extension_deadline(moment, clock.cal, clock.settings.rules):
            return moment.isoformat()
        day -= dt.timedelta(days=1)
    raise AssertionError("no receipt date gives a due-soon request")


def test_login_and_dashboard(page, live_server, sign_in, users):
    page.goto(f"{live_server}/requests")
    assert "/login" in page.url  # nothing without a session
    page.fill("#email", users["clerk"].email)
    page.fill("#password", "wrong password!!")
    page.click("main button[type=submit]")
    assert "Неправильна адреса або пароль" in page.content()
    sign_in(page, users["clerk"])
    assert page.inner_text("h1").startswith("Огляд на")
    shot(page, "dashboard")


def test_register_a_request_with_the_keyboard_only(page, live_server, sign_in, users):
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests/new")
    shot(page, "registration-form")
    assert page.evaluate("document.activeElement.id") == "channel"  # autofocus
    page.keyboard.press("ArrowDown")  # e-mail → post
    tab_to(page, "requester_name")
    page.keyboard.type("Петренко Олег")
    tab_to(page, "requester_gender")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "requester_postal_address")
    page.keyboard.type("вул. Київська, 1, м. Житомир, 10001")
    tab_to(page, "subject")
    page.keyboard.type("Копія рішення про бюджет участі")
    tab_to(page, "text")
    page.keyboard.type("Прошу надати копію рішення.")
    tab_to(page, "registration_number")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash-success")
    flash = page.inner_text(".flash-success")
    assert re.search(r"Запит зареєстровано за № 25/П-\d+із", flash)
    assert "поштою" in page.content() or "пошта" in page.content()
    req = db.session.query(Request).one()
    assert (req.channel.value, req.requester.gender.value) == ("post", "male")


def test_portal_email_registered_and_assigned(page, live_server, sign_in, users):
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/intake")
    page.set_input_files("#file", str(MAIL / "dostup-request.eml"))
    page.click("button.primary")
    page.wait_for_selector("#requester_name")
    assert page.input_value("#requester_name") == "Красновська Яна"
    assert page.input_value("#channel") == "portal"
    assert "Будь ласка, використовуйте" not in page.input_value("#text")
    page.click("form.grid-form button.primary")
    page.wait_for_selector(".flash-success")
    assert "25/К-1із" in page.inner_text(".flash-success")
    page.click("#action-assign summary")
    page.select_option("#assign-executor", users["executor"].email)
    page.click("#action-assign button")
    page.wait_for_selector(".flash-success")
    assert "Виконавця призначено" in page.inner_text(".flash-success")
    assert "foi+request-32845-3d497b34@dostup.pravda.com.ua" in page.content()
    shot(page, "request-page")


def test_answer_letter_drafted_edited_finalised_downloaded_and_sent(
        page, live_server, sign_in, users, runner, smtp_server):
    runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    req = register(users["clerk"], executor=users["executor"].email,
                   received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat())
    sign_in(page, users["executor"])
    page.goto(f"{live_server}/requests/{req.id}")
    page.click("text=Відповідь на запит")
    boxes = page.locator("input[name=activity_ids]")
    for i in range(3):
        boxes.nth(i).check()
    page.click("text=Створити чернетку")
    page.wait_for_selector("#letter-preview")
    assert "Красновській Я." in page.inner_text("#letter-preview")
    page.fill("#text", page.input_value("#text") + "\n\nДодаткову інформацію оприлюднено на сайті.")
    # The live preview (fetched as the official types) shows the new paragraph.
    page.locator("#letter-preview").get_by_text("оприлюднено на сайті").wait_for()
    shot(page, "letter-editor")
    page.click("text=Зберегти чернетку")
    page.wait_for_selector(".flash-success")
    page.click("form.finalize button")
    # The executor's letter waits for the signatory: no "send" until it is approved.
    page.wait_for_selector("text=Очікує на затвердження")
    assert page.locator("text=Надіслати на портал").count() == 0
    letter_url = page.url
    page.context.clear_cookies()
    sign_in(page, users["head"])
    page.goto(letter_url)
    page.click("text=Затвердити (підписати)")
    page.wait_for_selector(".flash-success")
    assert "Лист затверджено" in page.inner_text(".flash-success")
    page.wait_for_selector("text=Завантажити DOCX")
    with page.expect_download() as docx:
        page.click("text=Завантажити DOCX")
    assert Path(docx.value.path()).read_bytes()[:2] == b"PK"
    with page.expect_download() as pdf:
        page.click("text=Завантажити PDF")
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    page.click("text=Надіслати на портал")
    page.wait_for_selector(".flash-success")
    # The head's notice that a letter waits for the signature, and the letter itself.
    assert deliver_due().sent == 2
    notice, msg = sorted(smtp_server.messages, key=lambda m: m["To"] != users["head"].email)
    assert "Лист на затвердження" in str(notice["Subject"])
    assert msg["To"] == "foi+request-32845-3d497b34@dostup.pravda.com.ua"
    assert str(msg["Subject"]).startswith("Re: Інформаційний запит - ")
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "оприлюднено на сайті" in body
    page.goto(f"{live_server}/requests/{req.id}")
    assert "Надано відповідь" in page.content()


def test_extension_changes_the_dashboard_counts(page, live_server, sign_in, users):
    req = register(users["clerk"], received_at=due_soon_receipt(),
                   executor=users["executor"].email, requester={"name": "Коваль Ірина"})
    sign_in(page, users["head"])
    before = count(page, "due_soon")
    assert before >= 1
    page.goto(f"{live_server}/requests/{req.id}")
    page.click("#action-extend summary")
    page.fill("#extend-reason", "Великий обсяг інформації")
    page.click("#action-extend button")
    page.wait_for_selector(".flash-success")
    assert "Строк продовжено" in page.inner_text(".flash-success")
    page.goto(f"{live_server}/")
    assert count(page, "due_soon") == before - 1


def test_report_page(page, live_server, sign_in, users):
    register(users["clerk"], received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat())
    sign_in(page, users["head"])
    page.click("text=Звіти")
    page.wait_for_selector("#stat-total")
    assert int(page.inner_text("#stat-total")) >= 1
    assert page.locator("figure.chart svg").count() >= 2
    page.click("text=Журнал")
    assert "Журнал обліку запитів" in page.inner_text("h1")


def test_language_switch_is_remembered(page, live_server, sign_in, users):
    sign_in(page, users["clerk"])
    page.click("#lang-switch")
    page.wait_for_selector("text=Dashboard for")
    page.goto(f"{live_server}/requests")
    assert "Register a request" in page.content()
    page.click("#lang-switch")  # back to Ukrainian, on the same page
    page.wait_for_selector("text=Зареєструвати запит")
    assert page.locator("html").get_attribute("lang") == "uk"


@pytest.mark.parametrize("path", ["/", "/requests", "/requests/new", "/requests/{id}",
                                  "/letters/{letter}", "/reports/", "/activities/", "/intake"])
def test_main_pages_have_no_serious_accessibility_violations(axe, sign_in, users, path):
    from tracker.letters import operations as letter_ops
    req = register(users["clerk"], executor=users["executor"].email,
                   received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat())
    letter = letter_ops.create_letter(users["head"], req, "answer", {}, [])
    db.session.commit()
    violations = axe(path.format(id=req.id, letter=letter.id), users["clerk"], sign_in)
    assert violations == []


def test_login_page_is_accessible(browser, live_server):
    from tests.e2e.conftest import AXE
    if not AXE.exists():
        pytest.skip("axe-core not installed")
    context = browser.new_context(bypass_csp=True)
    pg = context.new_page()
    pg.goto(f"{live_server}/login")
    pg.add_script_tag(content=AXE.read_text())
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []


def test_phone_sized_window(browser, live_server, sign_in, users):
    req = register(users["clerk"], received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat())
    # A plain 390-px window: a mobile context would widen its layout viewport to fit the
    # content and hide exactly the overflow this test looks for.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="uk-UA")
    pg = context.new_page()
    sign_in(pg, users["clerk"])
    for path in ("/", f"/requests/{req.id}", "/requests/new"):
        pg.goto(f"{live_server}{path}")
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / "phone-request.png"), full_page=True)
    context.close()


def test_date_picker_greys_out_non_working_days(page, live_server, sign_in, users):
    sign_in(page, users["admin"])
    page.goto(f"{live_server}/admin/calendar")
    page.focus("#day")
    page.wait_for_selector(".workday-picker .wp-day")
    off = page.locator(".workday-picker .wp-off").count()
    assert off >= 8  # at least the weekends of a month
    first_off = page.locator(".workday-picker .wp-off").first
    day = first_off.get_attribute("data-day")
    assert dt.date.fromisoformat(day).weekday() >= 5 or first_off.get_attribute("title")
    first_off.click()
    assert page.input_value("#day") == day
