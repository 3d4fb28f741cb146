"""Which reminders are due for a request at a given moment. Pure: no app, no database.

Every reminder has a window: it fires at its time and stays valid until the next stage
begins. A sweep sends what is valid now and not yet logged, so a sweep that missed its time
(the server was down) catches up once — with the stage that is current, not with every
stage it slept through — and overdue escalations go once per working day, never for the
days that were missed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..core.timeutil import KYIV
from ..register.calendar import WorkCalendar

EXECUTOR = "executor"  # the executor (the clerks while nobody is assigned)
ESCALATION = "escalation"  # the executor and the heads


@dataclass(frozen=True)
class ReminderSettings:
    days_before: tuple[int, ...] = (2, 1)
    urgent_hours: tuple[int, ...] = (24, 4)
    morning: dt.time = dt.time(8, 0)
    tz: ZoneInfo = KYIV


@dataclass(frozen=True)
class RequestFacts:
    due_date: dt.date
    due_at: dt.datetime | None  # urgent requests
    standard_due_date: dt.date
    extendable: bool  # an extension notice can still lawfully go (status and urgency)


@dataclass(frozen=True)
class Due:
    rule: str
    key: str  # with ``rule`` and the request: the exactly-once key
    fire_at: dt.datetime
    audience: str
    days_left: int | None = None


def working_day_before(cal: WorkCalendar, day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``day``."""
    for _ in range(count):
        day -= dt.timedelta(days=1)
        while not cal.is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


def _overdue(f: RequestFacts, now: dt.datetime, cal: WorkCalendar, s: ReminderSettings,
             deadline_key: str) -> Due | None:
    """Today's escalation, if the term has passed: once a working day, from its morning.
    An urgent request escalates the moment its 48 hours end, whatever the day."""
    local = now.astimezone(s.tz)
    today = local.date()
    if f.due_at is not None:
        if now <= f.due_at:
            return None
        first_day = f.due_at.astimezone(s.tz).date()
        fire = f.due_at if today == first_day else _at(today, s.morning, s.tz)
        if today != first_day and not cal.is_working_day(today):
            return None
    else:
        if today <= f.due_date or not cal.is_working_day(today):
            return None
        fire = _at(today, s.morning, s.tz)
    if now < fire:
        return None
    return Due("overdue", f"{deadline_key}:{today.isoformat()}", fire, ESCALATION)


def due_reminders(f: RequestFacts, now: dt.datetime, cal: WorkCalendar,
                  s: ReminderSettings = ReminderSettings()) -> list[Due]:
    """The reminders that should exist for this request as of ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    out: list[Due] = []
    if f.due_at is not None:
        deadline_key = f.due_at.astimezone(dt.timezone.utc).isoformat()
        hours = sorted(set(s.urgent_hours), reverse=True)
        stages = [(f"urgent_{h}h", f.due_at - dt.timedelta(hours=h)) for h in hours]
        for i, (rule, fire) in enumerate(stages):
            until = stages[i + 1][1] if i + 1 < len(stages) else f.due_at
            if fire <= now < until:
                out.append(Due(rule, deadline_key, fire, EXECUTOR))
    else:
        deadline_key = f.due_date.isoformat()
        days = sorted(set(s.days_before), reverse=True)
        stages = [(f"before_{n}", _at(working_day_before(cal, f.due_date, n), s.morning, s.tz), n)
                  for n in days]
        stages.append(("due_today", _at(f.due_date, s.morning, s.tz), 0))
        end_of_due_day = _at(f.due_date + dt.timedelta(days=1), dt.time(0, 0), s.tz)
        for i, (rule, fire, n) in enumerate(stages):
            until = stages[i + 1][1] if i + 1 < len(stages) else end_of_due_day
            if fire <= now < until:
                out.append(Due(rule, deadline_key, fire, EXECUTOR, days_left=n))
        if f.extendable:
            day4 = working_day_before(cal, f.standard_due_date, 1)
            fire = _at(day4, s.morning, s.tz)
            until = _at(f.standard_due_date + dt.timedelta(days=1), dt.time(0, 0), s.tz)
            if fire <= now < until:
                out.append(Due("extension_day4", f.standard_due_date.isoformat(), fire,
                               EXECUTOR))
    overdue = _overdue(f, now, cal, s, deadline_key)
    if overdue:
        out.append(overdue)
    return out
