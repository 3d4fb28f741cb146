"""Which reminders are due for a request at a given moment. Pure: no app, no database.

Every reminder has a window: it fires at its time and stays valid until the next stage
begins. A sweep sends what is valid now and not yet logged, so a sweep that missed its time
(the server was down) catches up once — with the stage that is current, not with every
stage it slept through — and overdue escalations go once per working day, never for the
days that were missed.

A window opens at a morning but the day changes at midnight, so a stage can be current in
the early hours of the day its successor is for: "due tomorrow" at 00:15 on the due date,
"extend while you can" (day 4) on day 5. Such a stage is ``skip``: the sweep records it,
sends nothing, and never sends it later. What a message says about *when* (``phrase``) is
computed at the sweep's moment from the council's calendar (``wording``), never assumed
from the stage.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..core.timeutil import KYIV
from ..register.calendar import WorkCalendar
from .wording import day_phrase, moment_phrase

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
    days_left: int | None = None  # the stage's nominal days (2, 1, 0), not the real ones
    phrase: str = ""  # when the term is, seen from the sweep's moment («завтра», …)
    skip: bool = False  # the stage no longer makes sense: record it, send nothing


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
        phrase = moment_phrase(now, f.due_at, cal, s.tz)
    else:
        if today <= f.due_date or not cal.is_working_day(today):
            return None
        fire = _at(today, s.morning, s.tz)
        phrase = day_phrase(today, f.due_date, cal)
    if now < fire:
        return None
    return Due("overdue", f"{deadline_key}:{today.isoformat()}", fire, ESCALATION,
               phrase=phrase)


def _urgent(f: RequestFacts, now: dt.datetime, cal: WorkCalendar,
            s: ReminderSettings) -> list[Due]:
    key = f.due_at.astimezone(dt.timezone.utc).isoformat()
    hours = sorted(set(s.urgent_hours), reverse=True)
    stages = [(f"urgent_{h}h", f.due_at - dt.timedelta(hours=h)) for h in hours]
    for i, (rule, fire) in enumerate(stages):
        until = stages[i + 1][1] if i + 1 < len(stages) else f.due_at
        if fire <= now < until:  # clock hours: the next stage begins when its window does
            return [Due(rule, key, fire, EXECUTOR, phrase=moment_phrase(now, f.due_at, cal, s.tz))]
    return []


def _standard(f: RequestFacts, now: dt.datetime, cal: WorkCalendar,
              s: ReminderSettings) -> list[Due]:
    today = now.astimezone(s.tz).date()
    out: list[Due] = []
    key = f.due_date.isoformat()
    days = sorted(set(s.days_before), reverse=True)
    stages = [(f"before_{n}", working_day_before(cal, f.due_date, n), n) for n in days]
    stages.append(("due_today", f.due_date, 0))
    for i, (rule, day, n) in enumerate(stages):
        fire = _at(day, s.morning, s.tz)
        nxt = stages[i + 1][1] if i + 1 < len(stages) else f.due_date + dt.timedelta(days=1)
        if fire <= now < _at(nxt, s.morning if i + 1 < len(stages) else dt.time(0, 0), s.tz):
            # Between midnight and the next stage's morning the next stage's day has begun.
            out.append(Due(rule, key, fire, EXECUTOR, days_left=n,
                           phrase=day_phrase(today, f.due_date, cal),
                           skip=i + 1 < len(stages) and today >= nxt))
    if f.extendable:
        std = f.standard_due_date
        fire = _at(working_day_before(cal, std, 1), s.morning, s.tz)
        if fire <= now < _at(std + dt.timedelta(days=1), dt.time(0, 0), s.tz):
            # Only before the 5th working day: on it the warning comes too late to help.
            out.append(Due("extension_day4", std.isoformat(), fire, EXECUTOR,
                           phrase=day_phrase(today, std, cal), skip=today >= std))
    return out


def due_reminders(f: RequestFacts, now: dt.datetime, cal: WorkCalendar,
                  s: ReminderSettings = ReminderSettings()) -> list[Due]:
    """The reminders that should exist for this request as of ``now`` (``skip`` ones are
    to be recorded, not sent)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if f.due_at is not None:
        out = _urgent(f, now, cal, s)
        deadline_key = f.due_at.astimezone(dt.timezone.utc).isoformat()
    else:
        out = _standard(f, now, cal, s)
        deadline_key = f.due_date.isoformat()
    overdue = _overdue(f, now, cal, s, deadline_key)
    if overdue:
        out.append(overdue)
    return out
