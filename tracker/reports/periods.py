"""Report periods: explicit dates or quick picks. Pure."""
from __future__ import annotations

import calendar
import datetime as dt

from ..core.errors import ValidationError
from ..core.i18n import N_, gettext as _
from ..core.timeutil import iso_day

#: Quick picks: key → label (translated where shown).
PRESETS = {"month": N_("Цей місяць"), "prev_month": N_("Минулий місяць"),
           "quarter": N_("Цей квартал"), "prev_quarter": N_("Минулий квартал"),
           "year": N_("Цей рік"), "prev_year": N_("Минулий рік")}


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


def dates_from_args(args, today: dt.date) -> tuple[dt.date, dt.date]:
    """From ``from``/``to`` (YYYY-MM-DD) or a ``preset``; the current month by default."""
    if args.get("preset") in PRESETS:
        return preset(args["preset"], today)
    errors = {}
    values = []
    for name in ("from", "to"):
        raw = args.get(name)
        try:
            values.append(iso_day(raw) if raw else None)
        except ValueError:
            errors[name] = [_("Неправильна дата: очікується РРРР-ММ-ДД.")]
            values.append(None)
    start, end = values
    if not errors and start and end and end < start:
        errors["to"] = [_("Кінець періоду раніший за початок.")]
    if errors:
        raise ValidationError(errors)
    default = preset("month", today)
    return start or default[0], end or default[1]
