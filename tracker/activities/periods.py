"""Report period labels to dates. Pure.

``9 місяців 2018 року`` → 01.01.2018–30.09.2018; also quarters, half-years, whole years and
explicit ranges. The label is kept as written; the dates serve filters.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_QUARTERS = {"перш": 1, "друг": 2, "трет": 3, "четверт": 4}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(label: str) -> tuple[dt.date, dt.date] | None:
    """(start, end) of a period label, or None if it is not understood."""
    text = " ".join((label or "").lower().replace("’", "'").split())
    years = re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", text)
    dates = re.findall(r"(\d{2})\.(\d{2})\.(\d{4})", text)
    if len(dates) >= 2:
        (d1, m1, y1), (d2, m2, y2) = dates[:2]
        try:
            return dt.date(int(y1), int(m1), int(d1)), dt.date(int(y2), int(m2), int(d2))
        except ValueError:  # «31.02.2018»: no such day, so no period read
            return None
    if not years:
        return None
    year = int(years[0])
    months = re.search(r"(\d{1,2})\s*місяц", text)
    if months:
        n = int(months.group(1))
        if 1 <= n <= 12:
            return dt.date(year, 1, 1), _month_end(year, n)
    quarter = re.search(r"\b(i{1,3}|iv|[1-4])\s*(-?й\s*)?квартал", text)
    if quarter:
        q = _ROMAN.get(quarter.group(1)) or int(quarter.group(1))
    else:
        q = next((n for stem, n in _WORD_QUARTERS.items() if re.search(stem + r"\w*\s+квартал", text)), None)
    if q:
        return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if "півріч" in text:
        second = re.search(r"(друг|ii\b|2)\w*\s*-?\s*\w*\s*півріч", text)
        return (dt.date(year, 7, 1), dt.date(year, 12, 31)) if second else \
            (dt.date(year, 1, 1), dt.date(year, 6, 30))
    if len(years) >= 2 and "-" in text:
        return dt.date(year, 1, 1), dt.date(int(years[1]), 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
