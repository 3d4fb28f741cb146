"""The working-day calendar: Ukrainian law plus the council's own overrides. Pure: no Flask.

``holidays.UA(...).is_working_day`` knows public holidays, transferred days off, transferred
working Saturdays and the martial-law rule (holidays of Labour Code art. 73 are working days
while it lasts); the council can still declare its own extra day off or working day, and those
overrides win.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)
#: How far a search for the next working day may go before we call the calendar broken.
_MAX_SCAN_DAYS = 366


@lru_cache(maxsize=1)
def _ua_calendar() -> holidays.HolidayBase:
    # One shared instance: it fills years lazily as they are asked for.
    return holidays.UA(language="uk")


class CalendarError(ValueError):
    pass


class WorkCalendar:
    """Answers "is this a working day?" and counts working days.

    ``overrides`` maps a date to True (an extra working day) or False (an extra day off).
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self._cache: dict[dt.date, bool] = {}

    def is_working_day(self, day: dt.date) -> bool:
        cached = self._cache.get(day)
        if cached is None:
            if day in self.overrides:
                cached = self.overrides[day]
            else:
                cached = _ua_calendar().is_working_day(day)
            self._cache[day] = cached
        return cached

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday's Ukrainian name, if the day is one (working or not)."""
        return _ua_calendar().get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        for _ in range(_MAX_SCAN_DAYS):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        raise CalendarError(f"no working day within a year after {day}")

    def first_working_day_from(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day strictly after ``start`` (``start`` itself for 0)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def days_in_range(self, start: dt.date, end: dt.date):
        """Each day in [start, end] with its working flag and holiday name (for pickers)."""
        day = start
        while day <= end:
            yield day, self.is_working_day(day), self.holiday_name(day)
            day += ONE_DAY
