"""The official's letter screens in a real browser (issue 16, items 4 and 11): the record
picker, the editor's buttons, truthful delivery states."""
from __future__ import annotations

from tests.activities import builders
from tests.e2e.test_day import shot
from tests.factories import register
from tracker.core.timeutil import KYIV, utcnow


def _request(users, **extra):
    return register(users["clerk"], executor=users["executor"].email,
                    received_at=utcnow().astimezone(KYIV).replace(microsecond=0).isoformat(),
                    **extra)


def _draft_refusal(page, live_server, req, explanation="У запиті немає адреси для відповіді."):
    """Draft a refusal (ground 4) on the new-letter page; the editor opens."""
    page.goto(f"{live_server}/requests/{req.id}/letters/new?kind=refusal")
    page.select_option("#ground", "incomplete")
    page.fill("#explanation", explanation)
    page.click("text=Створити чернетку")
    page.wait_for_selector("#letter-preview")


def test_the_record_picker_shows_all_found_ticks_suggestions_and_selects_all(
        page, live_server, sign_in, users, runner):
    runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    req = _request(users, subject="Інформація про виготовлення відеороликів і телебачення")
    sign_in(page, users["executor"])
    page.goto(f"{live_server}/requests/{req.id}/letters/new?kind=answer")
    boxes = page.locator("input[name=activity_ids]")
    assert boxes.count() == 16  # «Знайдені записи: 16», every one listed once
    assert "Знайдені записи: 16" in page.inner_text(".records-head")
    suggested = page.locator("li:has-text('пропоновано') input[name=activity_ids]")
    assert suggested.count() >= 1
    assert all(suggested.nth(i).is_checked() for i in range(suggested.count()))
    page.click("text=вибрати всі")
    assert page.locator("input[name=activity_ids]:checked").count() == 16
    shot(page, "letters-picker-all")
    page.click("text=зняти всі")
    assert page.locator("input[name=activity_ids]:checked").count() == 0


def test_finalise_is_above_the_preview_and_the_table_hint_only_with_a_table(
        page, live_server, sign_in, users):
    req = _request(users)
    sign_in(page, users["executor"])
    _draft_refusal(page, live_server, req)
    button = page.locator("form.finalize button")
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"]  # no scrolling
    assert "[ТАБЛИЦЯ]" not in page.inner_text("#letter-edit")  # a refusal has no table
    shot(page, "letters-editor-top")


def test_delivery_states_are_truthful(page, live_server, sign_in, users, app):
    # The mail server is down: the letter is «у черзі», never «надіслано».
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    from tracker.outbox.delivery import deliver_due
    req = _request(users)
    post = _request(users, channel="post", requester={
        "name": "Петренко Олег", "gender": "male", "email": None,
        "postal_address": "вул. Київська, 1, м. Житомир"})
    sign_in(page, users["head"])
    for r in (req, post):
        _draft_refusal(page, live_server, r, "У запиті немає опису інформації.")
        page.click("form.finalize button")
        page.wait_for_selector("text=Лист остаточний і затверджений")
        page.locator("form[action$='/send'] button").click()
        page.wait_for_selector(".flash")
        flashes = page.inner_text("main")
        if r is post:
            assert "до друку" in flashes and "у черзі" not in flashes.lower()
            shot(page, "letters-to-print")
        else:
            assert "Лист у черзі" in flashes
    deliver_due(ignore_backoff=True)
    page.goto(page.url.replace(f"/letters/{page.url.rsplit('/', 1)[1]}", "/letters/1"))
    page.goto(f"{live_server}/letters/1")
    state = page.inner_text(".delivery-state")
    assert "у черзі" in state and "ще не прийнято поштовим сервером" in state
    assert "надіслано:" not in state
    shot(page, "letters-queued-server-down")


def test_the_letter_editor_fits_a_phone(page, live_server, sign_in, users):
    req = _request(users)
    sign_in(page, users["executor"])
    _draft_refusal(page, live_server, req)
    page.set_viewport_size({"width": 390, "height": 800})
    for url in (page.url, f"{live_server}/requests/{req.id}"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 392).slice(0, 5)
            .map(e => e.tagName + '.' + e.className)""")  # named if it fails
        assert width <= 391, (url, width, wide)  # nothing scrolls the page sideways
    shot(page, "letters-phone")
