"""The reminder's wording where a user sees it: the admin's outbox page on the due date."""
from __future__ import annotations

from pathlib import Path

import time_machine

from tests.factories import at, register
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due
from tracker.reminders.sweep import queue_reminders

SHOTS = Path(__file__).resolve().parent / "screenshots"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_the_due_day_reminder_says_today(page, live_server, sign_in, users, smtp_server):
    for u in users.values():
        u.digest_enabled = False
    db.session.commit()
    # Received Wednesday 28.03.2018, registered late; its due date is Wednesday 04.04.2018.
    # The sweeps at 00:30 and 09:00 of the due date: "due tomorrow" and the day-4 warning are
    # skipped, "due today" goes.
    with time_machine.travel(at(2018, 4, 4, 0, 30), tick=False):
        req = register(users["clerk"], received_at="2018-03-28T10:00",
                       executor=users["executor"].email)
        assert queue_reminders() == 0
        db.session.commit()
    with time_machine.travel(at(2018, 4, 4, 9, 0), tick=False):
        assert queue_reminders() == 1
        db.session.commit()
        assert deliver_due().sent == 1
    sign_in(page, users["admin"])
    page.goto(f"{live_server}/admin/outbox")
    row = page.locator("table tbody tr").first
    text = row.inner_text()
    assert f"Нагадування: строк відповіді на запит № {req.registration_number} — сьогодні " \
           f"(04.04.2018)" in text
    assert "завтра" not in page.inner_text("main") and page.locator("table tbody tr").count() == 1
    shot(page, "reminder-due-today-outbox")
    # The executor's copy, as it arrived.
    assert "— сьогодні" in smtp_server.messages[0].get_body(
        preferencelist=("plain",)).get_content()
