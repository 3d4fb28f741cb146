"""How a reminder says *when*: the relation of the sending moment to a term, in working days
of the council's calendar (clock time for urgent requests), with Ukrainian number agreement.
Pure: no app, no database.

«сьогодні», «завтра», «через 1 робочий день» (Friday for Monday: tomorrow is Saturday),
«через 2 робочі дні», «через 5 робочих днів», «прострочено на 1 робочий день»; for an
urgent request «завтра о 16:20 (через 23 години 52 хвилини)», «прострочено на 15 хвилин».
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..register.calendar import WorkCalendar

ONE_DAY = dt.timedelta(days=1)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form agreeing with ``n``: 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 11–14 → many."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def working_days(n: int) -> str:
    """«1 робочий день», «3 робочі дні», «5 робочих днів» (the accusative after «через»,
    «на» has the nominative's form for these words)."""
    return f"{n} {plural(n, 'робочий день', 'робочі дні', 'робочих днів')}"


def calendar_days(n: int) -> str:
    return f"{n} {plural(n, 'день', 'дні', 'днів')}"


def duration(delta: dt.timedelta) -> str:
    """«23 години 52 хвилини», «1 годину», «15 хвилин» (accusative: after «через», «на»);
    whole minutes, rounded down."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} {plural(hours, 'годину', 'години', 'годин')}")
    if minutes:
        parts.append(f"{minutes} {plural(minutes, 'хвилину', 'хвилини', 'хвилин')}")
    return " ".join(parts) or "менше ніж 1 хвилину"


def day_phrase(today: dt.date, due: dt.date, cal: WorkCalendar) -> str:
    """When ``due`` is, seen from ``today``, in the council's working days."""
    if today == due:
        return "сьогодні"
    if today < due:
        if due == today + ONE_DAY:
            return "завтра"
        n = cal.working_days_between(today, due)
        if n >= 1:
            return f"через {working_days(n)}"
        return f"через {calendar_days((due - today).days)}"  # a term set on a day off
    n = cal.working_days_between(due, today)
    if n >= 1:
        return f"прострочено на {working_days(n)}"
    if due == today - ONE_DAY:
        return "прострочено: строк минув учора"
    return f"прострочено: строк минув {due:%d.%m.%Y}"


def _day_word(today: dt.date, day: dt.date) -> str:
    if day == today:
        return "сьогодні"
    if day == today + ONE_DAY:
        return "завтра"
    if day == today + 2 * ONE_DAY:
        return "післязавтра"
    return f"{day:%d.%m.%Y}"


def moment_phrase(now: dt.datetime, due_at: dt.datetime, cal: WorkCalendar,
                  tz: ZoneInfo) -> str:
    """When an urgent term (48 clock hours, weekends included) ends, seen from ``now``."""
    local_now, local_due = now.astimezone(tz), due_at.astimezone(tz)
    if now < due_at:
        return (f"{_day_word(local_now.date(), local_due.date())} о {local_due:%H:%M} "
                f"(через {duration(due_at - now)})")
    if local_now.date() != local_due.date():
        n = cal.working_days_between(local_due.date(), local_now.date())
        if n >= 1:
            return f"прострочено на {working_days(n)}"
    return f"прострочено на {duration(now - due_at)}"
