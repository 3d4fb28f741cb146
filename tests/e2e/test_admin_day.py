"""The admin's day in a real browser (Chromium via Playwright): the council's settings, a
new user, API tokens, the access log's filter, the outbox, and a realistic first run."""
from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, make_app
from tests.e2e.test_day import shot
from tests.factories import register
from tracker.core.timeutil import KYIV, utcnow
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due
from tracker.outbox.queueing import queue_message

VALID_IBAN = "UA213223130000026007233566001"


def _now() -> str:
    return utcnow().astimezone(KYIV).replace(microsecond=0).isoformat()


def test_council_settings_are_checked_saved_reset_and_used(page, live_server, sign_in, users):
    sign_in(page, users["admin"])
    page.click("nav summary >> text=Адміністрування")  # the admin's menu
    page.click("nav >> text=Налаштування ради")
    assert page.inner_text("h1") == "Налаштування ради"
    assert page.locator("a[href='/admin/letter-blank']").count() >= 1
    page.fill("#council_name", "КОРОСТЕНСЬКА МІСЬКА РАДА")
    page.fill("#council_edrpou", "12345679")
    page.fill("#index_pattern", "{dept}-{seq}/{yy}")
    page.fill("#index_dept", "42")
    page.fill("#council_iban", "DE89370400440532013000")
    page.fill("#reminder_morning", "8:00")
    page.select_option("#letter_signatory", users["head"].email)
    page.click("#council-form button.primary")
    # Refused with Ukrainian messages next to the fields; what was typed is kept.
    assert "Некоректний код ЄДРПОУ" in page.inner_text("#council_edrpou-err")
    assert "український" in page.inner_text("#council_iban-err")
    assert "ГГ:ХХ" in page.inner_text("#reminder_morning-err")
    assert page.input_value("#council_name") == "КОРОСТЕНСЬКА МІСЬКА РАДА"
    assert page.input_value("#letter_signatory") == users["head"].email
    shot(page, "council-settings-errors")
    page.fill("#council_edrpou", "04053625")
    page.fill("#council_iban", VALID_IBAN)
    page.fill("#reminder_morning", "07:45")
    page.click("#council-form button.primary")
    page.wait_for_selector(".flash-success")
    assert "Збережено змін" in page.inner_text(".flash-success")
    assert page.input_value("#council_name") == "КОРОСТЕНСЬКА МІСЬКА РАДА"
    assert page.locator("[data-key=REMINDER_MORNING]").inner_text().startswith("Змінено тут")
    shot(page, "council-settings")
    # One field back to its default.
    page.click("button[value=REMINDER_MORNING]")
    page.wait_for_selector(".flash-success")
    assert page.input_value("#reminder_morning") == "08:00"
    # The saved values reach a registration index and a drafted letter.
    req = register(users["clerk"], executor=users["executor"].email, received_at=_now())
    assert re.fullmatch(r"42-\d+/\d\d", req.registration_number)
    page.context.clear_cookies()
    sign_in(page, users["executor"])
    page.goto(f"{live_server}/requests/{req.id}")
    assert req.registration_number in page.content()
    page.click("text=Відповідь на запит")
    page.click("text=Створити чернетку")
    page.wait_for_selector("#letter-preview")
    preview = page.inner_text("#letter-preview")
    assert "КОРОСТЕНСЬКА МІСЬКА РАДА" in preview.upper() and req.registration_number in preview
    shot(page, "council-settings-letter")


def test_a_new_user_gets_a_chosen_role(page, live_server, sign_in, users):
    sign_in(page, users["admin"])
    page.goto(f"{live_server}/admin/users/new")
    assert page.input_value("#role") == ""
    assert page.locator("#role option").first.inner_text() == "— оберіть роль —"
    page.fill("#email", "nova@test.example")
    page.fill("#name", "Нова Виконавиця")
    page.click("main button[type=submit]")
    assert "Оберіть роль" in page.inner_text("#role-err")
    assert page.input_value("#name") == "Нова Виконавиця"
    page.select_option("#role", "executor")
    page.click("main button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert "nova@test.example" in page.inner_text(".flash-success")
    row = page.locator("tr", has_text="nova@test.example")
    assert "Виконавець" in row.inner_text()
    shot(page, "user-role-chosen")


def test_tokens_are_issued_once_and_revoked_on_the_users_page(page, live_server, sign_in,
                                                              users):
    sign_in(page, users["admin"])
    page.goto(f"{live_server}/admin/users/{users['clerk'].id}")
    assert "flask users token" not in page.content()
    page.fill("#days", "30")
    page.click("text=Видати токен")
    token = page.inner_text("#new-token-value")
    assert token.startswith("zpt_")
    shot(page, "user-token-issued")
    page.goto(f"{live_server}/admin/users/{users['clerk'].id}")
    assert token not in page.content() and token[:12] in page.content()
    page.locator("#tokens").get_by_role("button", name="Відкликати").click()
    page.wait_for_selector(".flash-success")
    assert "відкликано" in page.inner_text("#tokens")
    shot(page, "user-token-revoked")


def test_the_access_log_filter_is_a_form(page, live_server, sign_in, users):
    req = register(users["clerk"], executor=users["executor"].email, received_at=_now())
    sign_in(page, users["head"])
    page.goto(f"{live_server}/requests/{req.id}")
    page.goto(f"{live_server}/requests")
    page.context.clear_cookies()
    sign_in(page, users["admin"])
    page.click("nav summary >> text=Адміністрування")  # the admin's menu
    page.click("nav >> text=Журнал доступу")
    assert "?request=ID" not in page.content()
    page.fill("#request", req.registration_number)
    page.select_option("#action", "view")
    page.click("#access-filter button[type=submit]")
    page.wait_for_url(re.compile(r"action=view"))
    cells = page.locator("table tbody tr td:nth-child(3)").all_inner_texts()
    assert cells and set(cells) == {"перегляд картки запиту"}
    assert page.input_value("#request") == req.registration_number
    shot(page, "access-log-filter")


def test_the_outbox_shows_a_message_as_text_and_reasons_in_words(page, live_server,
                                                                 sign_in, users, app):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2)
    msg = queue_message(kind="reminder", recipients=["a@test.example"],
                        subject="Нагадування про строк",
                        body_text="Строк спливає завтра.\n<b>не розмітка</b>")
    db.session.commit()
    deliver_due()  # nobody listens on the port: connection refused
    sign_in(page, users["admin"])
    page.click("nav summary >> text=Адміністрування")  # the admin's menu
    page.click("nav >> text=Вихідні листи")
    assert "Поштовий сервер недоступний (з'єднання відхилено)" in page.inner_text("main")
    assert "ConnectionRefusedError" not in page.inner_text("main")
    page.click("text=Нагадування про строк")
    page.wait_for_selector("#body-text")
    assert page.inner_text("#body-text") == "Строк спливає завтра.\n<b>не розмітка</b>"
    assert page.locator("#body-text b").count() == 0
    assert msg.message_id in page.inner_text("#headers")
    assert "нагадування" in page.inner_text("main") and "у черзі" in page.inner_text("main")
    shot(page, "outbox-message")


@pytest.fixture
def catcher_server(app, database_url):
    """The app as `make run` serves it: MAIL_BACKEND=catcher."""
    server_app = make_app(database_url, MAIL_BACKEND="catcher")
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", server_app
    server.shutdown()
    thread.join(10)
    with server_app.app_context():
        db.engine.dispose()


def test_a_realistic_first_run_drafts_at_once_and_mail_stays_here(page, catcher_server,
                                                                 runner, app):
    url, server_app = catcher_server
    app.config["MAIL_BACKEND"] = "catcher"
    result = runner.invoke(args=["demo", "init"])
    assert result.exit_code == 0 and "Заходів зі зразкового звіту програми" in result.output
    from pathlib import Path
    email, password = (Path(app.instance_path) / "demo-login.txt").read_text().splitlines()[:2]
    page.goto(f"{url}/login")
    page.fill("#email", "executor@zapyt.example")
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/requests")
    page.locator("table a[href^='/requests/']").first.click()
    page.click("text=Відповідь на запит")
    boxes = page.locator("input[name=activity_ids]")
    assert boxes.count() >= 10  # the sample report's records are there at once
    boxes.nth(0).check()
    page.click("text=Створити чернетку")
    page.wait_for_selector("#letter-preview")
    shot(page, "first-run-draft")
    # The head's notice of a letter to sign goes to the outbox and stays on this machine.
    page.click("form.finalize button")
    page.wait_for_selector("text=Очікує на затвердження")
    with server_app.app_context():
        assert deliver_due().sent >= 1
    page.context.clear_cookies()
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/admin/outbox")
    assert "Розробницький режим: листи не надсилаються, їх видно тут." in page.inner_text(
        "#catcher-note")
    assert "надіслано" in page.inner_text("main table")
    shot(page, "outbox-catcher")
