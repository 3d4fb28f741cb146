"""A request's life, swept every 15 minutes from receipt to two days overdue.

A request received on a Friday, with a council day off inside its term; the same request
registered late (in the small hours of its due date); an urgent (48-hour) request over a
weekend. Every message that went (through a real SMTP server on loopback) must say what the
council's calendar says at the moment it went — worked out here independently — and none
may go twice, say «завтра» on the due date, or warn about the extension after day 4.
"""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from tests.factories import at, register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due
from tracker.outbox.models import OutboxMessage, OutboxState
from tracker.register.calendar import WorkCalendar
from tracker.register.models import CalendarOverride, Request
from tracker.reminders.models import SentReminder
from tracker.reminders.sweep import queue_reminders

D = dt.date.fromisoformat
STEP = dt.timedelta(minutes=15)
DAY_OFF = D("2025-10-08")  # a Wednesday the council gives off
CAL = WorkCalendar({DAY_OFF: False})

# Number agreement spelled out, not computed: 1, 21 …; 2–4, 22–24 …; the rest.
ONE = {1, 21, 31, 41, 51}
FEW = {2, 3, 4, 22, 23, 24, 32, 33, 34, 42, 43, 44, 52, 53, 54}


def form(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {one if n in ONE else few if n in FEW else many}"


def working_days_in(after: dt.date, upto: dt.date) -> int:
    """Working days d with after < d <= upto, counted one by one."""
    days = (after + dt.timedelta(days=i) for i in range(1, (upto - after).days + 1))
    return sum(1 for d in days if CAL.is_working_day(d))


def expected_day_phrase(today: dt.date, due: dt.date) -> str:
    if today == due:
        return "сьогодні"
    if today < due:
        if due - today == dt.timedelta(days=1):
            return "завтра"
        return "через " + form(working_days_in(today, due), "робочий день", "робочі дні",
                               "робочих днів")
    return "прострочено на " + form(working_days_in(due, today), "робочий день", "робочі дні",
                                    "робочих днів")


def expected_urgent_phrase(now: dt.datetime, due_at: dt.datetime) -> str:
    local_now, local_due = now.astimezone(KYIV), due_at.astimezone(KYIV)
    if now < due_at:
        h, m = divmod(int((due_at - now).total_seconds()) // 60, 60)
        left = " ".join(p for p in (form(h, "годину", "години", "годин") if h else "",
                                    form(m, "хвилину", "хвилини", "хвилин") if m else "") if p)
        word = {0: "сьогодні", 1: "завтра", 2: "післязавтра"}[
            (local_due.date() - local_now.date()).days]
        return f"{word} о {local_due:%H:%M} (через {left})"
    if local_now.date() == local_due.date():
        return "прострочено на " + form(int((now - due_at).total_seconds()) // 60, "хвилину",
                                        "хвилини", "хвилин")
    return "прострочено на " + form(working_days_in(local_due.date(), local_now.date()),
                                    "робочий день", "робочі дні", "робочих днів")


def squeeze(text: str) -> str:
    """The stdlib's header folding may drop a space between encoded words: compare without."""
    return "".join(text.split())


@pytest.fixture
def quiet_users(users):
    for u in users.values():
        u.digest_enabled = False  # reminders only
    db.session.commit()
    return users


def live(users, smtp_server, start, end, registrations):
    """Sweep and deliver every 15 minutes (the clock frozen at each step) from ``start`` to
    ``end``; ``registrations``: moment → callable registering a request then. Returns the
    number of sweeps."""
    sweeps, moment = 0, start
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            if moment in registrations:
                registrations[moment]()
            if queue_reminders():
                db.session.commit()
                deliver_due()
            db.session.commit()
        sweeps += 1
        moment += STEP
    return sweeps


def sent_log():
    """(request, rule, sent at (Kyiv), outbox row) of every reminder that went."""
    rows = db.session.execute(
        select(Request, SentReminder.rule, OutboxMessage)
        .join(SentReminder, SentReminder.request_id == Request.id)
        .join(OutboxMessage, OutboxMessage.id == SentReminder.outbox_id)
        .order_by(OutboxMessage.sent_at, OutboxMessage.id)).unique().all()
    return [(req, rule, msg.sent_at.astimezone(KYIV), msg) for req, rule, msg in rows]


def check_every_message(smtp_server, log):
    """The wording of each message against the calendar at the moment it went."""
    by_id = {m["Message-ID"]: m for m in smtp_server.messages}
    assert len(by_id) == len(smtp_server.messages) == len(log)  # each went once
    assert len({(req.id, msg.subject) for req, _, _, msg in log}) == len(log)
    for req, rule, sent, msg in log:
        assert msg.state == OutboxState.SENT and msg.sent_at - msg.created_at < STEP
        if rule == "extension_day4":
            phrase = expected_day_phrase(sent.date(), req.standard_due_date)
            assert working_days_in(req.received_at.astimezone(KYIV).date(), sent.date()) <= 4
            assert sent.date() < req.standard_due_date
        elif req.due_at is not None:
            phrase = expected_urgent_phrase(msg.sent_at, req.due_at)
        else:
            phrase = expected_day_phrase(sent.date(), req.due_date)
        assert phrase in msg.subject, (rule, sent, msg.subject)
        mail = by_id[f"<{msg.message_id.strip('<>')}>"]
        body = mail.get_body(preferencelist=("plain",)).get_content()
        assert phrase in body and squeeze(msg.subject) == squeeze(str(mail["Subject"]))
        if sent.date() == req.due_date:
            assert "завтра" not in msg.subject and "завтра" not in body


def test_a_request_received_on_friday_with_a_council_day_off(quiet_users, smtp_server):
    users = quiet_users
    db.session.add(CalendarOverride(day=DAY_OFF, is_working=False, note="рішення ради"))
    db.session.commit()
    received = at(2025, 10, 3, 10, 0)  # Friday
    made = {}

    def on_time():
        made["on_time"] = register(users["clerk"], received_at="2025-10-03T10:00",
                                   executor=users["executor"].email)

    def late():  # found in the mailbox and registered at 00:30 on its due date
        made["late"] = register(users["clerk"], received_at="2025-10-03T10:00",
                                subject="Зареєстровано із запізненням")

    sweeps = live(users, smtp_server, received, at(2025, 10, 15, 23, 45),
                  {received: on_time, at(2025, 10, 13, 0, 30): late})
    req, late_req = made["on_time"], made["late"]
    # Day 0 Friday; Mon 6, Tue 7, (Wed 8 off), Thu 9, Fri 10; day 5 Monday 13.10.
    assert req.due_date == req.standard_due_date == D("2025-10-13") == late_req.due_date
    log = sent_log()
    check_every_message(smtp_server, log)
    mine = [(f"{sent:%d.%m %H:%M}", rule, msg.subject.split(" — ")[-1].split(" (")[0]
             if rule != "extension_day4" else msg.subject.split("(")[-1].rstrip(")"))
            for r, rule, sent, msg in log if r.id == req.id]
    assert mine == [
        ("09.10 08:00", "before_2", "через 2 робочі дні"),
        ("10.10 08:00", "before_1", "через 1 робочий день"),  # Friday: Monday is not tomorrow
        ("10.10 08:00", "extension_day4", "через 1 робочий день"),
        ("13.10 08:00", "due_today", "сьогодні"),
        ("14.10 08:00", "overdue", f"Запит № {req.registration_number}: прострочено на 1 робочий день"),
        ("15.10 08:00", "overdue", f"Запит № {req.registration_number}: прострочено на 2 робочі дні"),
    ]
    # The late one: "due tomorrow" and the day-4 warning were current at 00:30 on day 5 —
    # recorded as skipped, never sent; then the due day and the escalations.
    late_rules = db.session.execute(
        select(SentReminder.rule, SentReminder.outbox_id).where(
            SentReminder.request_id == late_req.id).order_by(SentReminder.id)).all()
    assert [(rule, oid is not None) for rule, oid in late_rules] == [
        ("before_1", False), ("extension_day4", False), ("due_today", True),
        ("overdue", True), ("overdue", True)]
    assert all(sent.date() >= D("2025-10-13") for r, _, sent, _ in log if r.id == late_req.id)
    assert (sweeps, len(log)) == (1208, 9)
    print(f"\nlife: {sweeps} sweeps, {len(log)} messages")


def test_an_urgent_request_over_a_weekend(quiet_users, smtp_server):
    users = quiet_users
    db.session.add(CalendarOverride(day=DAY_OFF, is_working=False, note="рішення ради"))
    db.session.commit()
    received = at(2025, 10, 3, 15, 7)  # Friday 15:07: 48 hours end on Sunday 15:07
    made = {}

    def urgent():
        made["req"] = register(users["clerk"], received_at="2025-10-03T15:07", urgent=True,
                               urgent_reason="Загроза життю: аварійний будинок",
                               executor=users["executor"].email)

    sweeps = live(users, smtp_server, at(2025, 10, 3, 15, 0), at(2025, 10, 9, 23, 45),
                  {at(2025, 10, 3, 15, 15): urgent})
    req = made["req"]
    assert req.due_at == at(2025, 10, 5, 15, 7)
    log = sent_log()
    check_every_message(smtp_server, log)
    assert [(f"{sent:%a %d.%m %H:%M}", rule) for _, rule, sent, _ in log] == [
        ("Sat 04.10 15:15", "urgent_24h"), ("Sun 05.10 11:15", "urgent_4h"),
        ("Sun 05.10 15:15", "overdue"), ("Mon 06.10 08:00", "overdue"),
        ("Tue 07.10 08:00", "overdue"), ("Thu 09.10 08:00", "overdue")]  # Wed 8: day off
    subjects = [msg.subject for *_, msg in log]
    assert "завтра о 15:07 (через 23 години 52 хвилини)" in subjects[0]
    assert "сьогодні о 15:07 (через 3 години 52 хвилини)" in subjects[1]
    assert subjects[2].endswith("прострочено на 8 хвилин (строк був 05.10.2025 15:07)")
    assert "прострочено на 3 робочі дні" in subjects[5]
    print(f"\nurgent: {sweeps} sweeps, {len(log)} messages")
