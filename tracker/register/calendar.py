"""The working-day calendar: Ukrainian law plus the council's own overrides. Pure: no Flask.

``holidays.UA(...).is_working_day`` knows public holidays, transferred days off, transferred
working Saturdays and the martial-law rule (holidays of Labour Code art. 73 are working days
while it lasts); the council can still declare its own extra day off or working day, and those
overrides win.

Martial law (Law 2136-IX) has no end date in ``holidays.UA``: from 2022 it files the holidays
of Labour Code art. 73 under its WORKDAY category (working days) instead of PUBLIC, for good.
``martial_law_until`` tells the calendar when it ended: a holiday falling on a later day is a
day off again, and one falling on a Saturday or Sunday gives the next working day off (Labour
Code art. 67) — holidays.UA's own rule before 2022 (``SAT_SUN_TO_NEXT_WORKDAY``: the next
weekday of the same year that is neither a weekend nor already a holiday or moved day off,
taking the holidays in date order). A holiday on or before that date stays a working day and
moves nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from functools import lru_cache

import holidays
from holidays.constants import WORKDAY

ONE_DAY = dt.timedelta(days=1)
#: How far a search for the next working day may go before we call the calendar broken.
_MAX_SCAN_DAYS = 366


#: Holiday names come from holidays.UA in these languages (a page in English shows en_US).
LANGUAGES = ("uk", "en_US")
_DAY_OFF = {"uk": "{} (вихідний)", "en_US": "{} (day off)"}


@lru_cache(maxsize=len(LANGUAGES))
def _ua_calendar(language: str = "uk") -> holidays.HolidayBase:
    # One shared instance per language: it fills years lazily as they are asked for.
    return holidays.UA(language=language)


@lru_cache(maxsize=len(LANGUAGES))
def _martial_law_holidays(language: str = "uk") -> holidays.HolidayBase:
    # The holidays martial law turned into working days (holidays.UA's WORKDAY category).
    return holidays.UA(language=language, categories=(WORKDAY,))


def moved_days_off(holiday_days: Mapping[dt.date, str],
                   taken: Container[dt.date] = (), language: str = "uk") -> dict[dt.date, str]:
    """The weekdays off that holidays falling on a Saturday or Sunday move to (Labour Code
    art. 67), as holidays.UA's ``SAT_SUN_TO_NEXT_WORKDAY``: in date order, each to the next
    weekday of the same year that is not a holiday, not already a moved day off and not in
    ``taken``."""
    moved_to: dict[dt.date, str] = {}
    for day in sorted(holiday_days):
        if day.weekday() < 5:
            continue
        moved = day + ONE_DAY
        while moved.year == day.year and (moved.weekday() >= 5 or moved in holiday_days
                                          or moved in moved_to or moved in taken):
            moved += ONE_DAY
        if moved.year == day.year:
            moved_to[moved] = _DAY_OFF[language].format(holiday_days[day])
    return moved_to


@lru_cache(maxsize=256)
def _restored_days_off(year: int, martial_law_until: dt.date,
                       language: str = "uk") -> dict[dt.date, str]:
    """Holidays of ``year`` after ``martial_law_until`` and the weekdays off they move to."""
    wartime = _martial_law_holidays(language)
    wartime.get(dt.date(year, 1, 1))  # fill the year
    restored = {day: name for day, name in wartime.items()
                if day.year == year and day > martial_law_until}
    return {**restored, **moved_days_off(restored, _ua_calendar(), language)}


class CalendarError(ValueError):
    pass


class WorkCalendar:
    """Answers "is this a working day?" and counts working days.

    ``overrides`` maps a date to True (an extra working day) or False (an extra day off).
    ``martial_law_until``: the last day of martial law, after which public holidays are days
    off again; None (the default) while it lasts with no end date set.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None,
                 martial_law_until: dt.date | None = None):
        self.overrides = dict(overrides or {})
        self.martial_law_until = martial_law_until
        self._cache: dict[dt.date, bool] = {}

    def _restored(self, day: dt.date, language: str = "uk") -> str | None:
        """The holiday (or moved day off) name if ``day`` is off again after martial law."""
        if self.martial_law_until is None or day <= self.martial_law_until:
            return None
        return _restored_days_off(day.year, self.martial_law_until, language).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        cached = self._cache.get(day)
        if cached is None:
            if day in self.overrides:
                cached = self.overrides[day]
            elif self._restored(day) is not None:
                cached = False
            else:
                cached = _ua_calendar().is_working_day(day)
            self._cache[day] = cached
        return cached

    def holiday_name(self, day: dt.date, language: str = "uk") -> str | None:
        """The public holiday's name (Ukrainian, or ``language`` of :data:`LANGUAGES`), if the
        day is one (working or not)."""
        return _ua_calendar(language).get(day) or self._restored(day, language)

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

    def days_in_range(self, start: dt.date, end: dt.date, language: str = "uk"):
        """Each day in [start, end] with its working flag and holiday name (for pickers)."""
        day = start
        while day <= end:
            yield day, self.is_working_day(day), self.holiday_name(day, language)
            day += ONE_DAY
