"""Report periods: explicit dates or quick picks. Pure."""
from __future__ import annotations

import calendar
import datetime as dt

PRESETS = {"month": "Цей місяць", "prev_month": "Минулий місяць", "quarter": "Цей квартал",
           "prev_quarter": "Минулий квартал", "year": "Цей рік", "prev_year": "Минулий рік"}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def preset(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if name in ("month", "prev_month"):
        y, m = today.year, today.month
        if name == "prev_month":
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return dt.date(y, m, 1), _month_end(y, m)
    if name in ("quarter", "prev_quarter"):
        q = (today.month - 1) // 3
        y = today.year
        if name == "prev_quarter":
            y, q = (y - 1, 3) if q == 0 else (y, q - 1)
        return dt.date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3)
    if name in ("year", "prev_year"):
        y = today.year - (name == "prev_year")
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    raise ValueError(f"unknown preset {name!r}")
