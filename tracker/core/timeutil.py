"""Time helpers: UTC in the database, Europe/Kyiv for people and calendars."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .i18n import gettext as _

KYIV = ZoneInfo("Europe/Kyiv")


def utcnow() -> dt.datetime:
    """The current moment, timezone-aware UTC (use as a column default callable)."""
    return dt.datetime.now(dt.timezone.utc)


def local(moment: dt.datetime, tz: ZoneInfo = KYIV) -> dt.datetime:
    """An aware moment shown in the council's timezone."""
    return moment.astimezone(tz)


def local_today(tz: ZoneInfo = KYIV) -> dt.date:
    return utcnow().astimezone(tz).date()


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """``dd.mm.yyyy`` (ДСТУ 4163:2020); empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value) if value.tzinfo else value
    return value.strftime("%d.%m.%Y")


def fmt_datetime(value: dt.datetime | None) -> str:
    """``dd.mm.yyyy HH:MM`` in Kyiv time; empty for None."""
    if value is None:
        return ""
    return (local(value) if value.tzinfo else value).strftime("%d.%m.%Y %H:%M")


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
_MOMENT_FORMATS = ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M")


#: Dates a user may give: a request, a letter or a report period of this app lies within
#: these years; beyond them a day's arithmetic (the next day of 9999-12-31, the UTC moment
#: of 0001-01-01 in Kyiv) overflows.
MIN_YEAR, MAX_YEAR = 1900, 2999


def iso_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` within MIN_YEAR…MAX_YEAR (ValueError otherwise): a date from a URL."""
    day = dt.date.fromisoformat(text)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"year out of range: {day.year}")
    return day


def parse_user_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY`` within MIN_YEAR…MAX_YEAR; ValueError with a
    translated message otherwise."""
    text = (text or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if MIN_YEAR <= day.year <= MAX_YEAR:
            return day
    raise ValueError(_("Не вдалося прочитати дату «%(text)s»: очікується РРРР-ММ-ДД або ДД.ММ.РРРР",
                       text=text))


def parse_user_moment(text: str, tz: ZoneInfo = KYIV, default_time: dt.time = dt.time(0, 0)) -> dt.datetime:
    """``YYYY-MM-DD[ HH:MM]`` or ``DD.MM.YYYY[ HH:MM]`` in ``tz``, returned aware.

    A date without a time means ``default_time`` on that day.
    """
    text = " ".join((text or "").split())
    for fmt in _MOMENT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    try:
        return dt.datetime.combine(parse_user_date(text), default_time, tzinfo=tz)
    except ValueError:
        raise ValueError(_("Не вдалося прочитати момент «%(text)s»: очікується РРРР-ММ-ДД[ ГГ:ХХ] "
                           "або ДД.ММ.РРРР[ ГГ:ХХ]", text=text)) from None


def parse_iso_moment(text: str, tz: ZoneInfo = KYIV) -> dt.datetime:
    """ISO 8601; a value without a UTC offset is read as ``tz`` local time."""
    value = dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=tz)
