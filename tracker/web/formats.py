"""Dates, numbers and money on pages in the reader's language (Babel), and the words the
scripts use (static/js/app.js reads them from a JSON block in base.html).

Ukrainian keeps the forms of the house (``28.03.2018``, ``180 000,00 грн``: ДСТУ 4163:2020,
the same as the letters); English gets Babel's English forms (``28 Mar 2018``,
``UAH 180,000.00``). Outside a request (e-mails, letters) the locale is Ukrainian.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask_babel import get_locale
from flask_babel import gettext as _

from ..core.i18n import Count, ukrainian_value
from ..core.money import NBSP, format_money, format_percent
from ..core.timeutil import fmt_date, fmt_datetime, local


def _english() -> bool:
    return str(get_locale() or "uk") == "en"


def page_date(value: dt.date | dt.datetime | None) -> str:
    if value is None or not _english():
        return fmt_date(value)
    if isinstance(value, dt.datetime):
        value = (local(value) if value.tzinfo else value).date()
    return babel_dates.format_date(value, "d MMM yyyy", locale="en")


def page_datetime(value: dt.datetime | None) -> str:
    if value is None or not _english():
        return fmt_datetime(value)
    value = local(value) if value.tzinfo else value
    return babel_dates.format_datetime(value, "d MMM yyyy HH:mm", locale="en")


def page_money(value: Decimal | int | None) -> str:
    if value is None or not _english():
        return format_money(value)
    amount = babel_numbers.format_currency(value, "UAH", "#,##0.00 ¤¤", locale="en")
    return amount.replace(" ", NBSP)


def page_percent(value: Decimal | None) -> str:
    if value is None or not _english():
        return format_percent(value)
    return babel_numbers.format_decimal(value, "#,##0.##", locale="en")


def page_number(value: int | float | Decimal | None, places: int = 0) -> str:
    """A figure with the locale's digit grouping and decimal sign (``12 345,6`` / ``12,345.6``)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return babel_numbers.format_decimal(value, pattern, locale=str(get_locale() or "uk"))


def page_decimal(value: Decimal) -> str:
    """A Decimal with its own places, in the page's locale (``840 463,65`` / ``840,463.65``)."""
    places = max(0, -value.as_tuple().exponent) if value.is_finite() else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return babel_numbers.format_decimal(value, pattern, locale=str(get_locale() or "uk"),
                                        decimal_quantization=False)


def page_value(value):
    """A value inside a message (``tracker.core.i18n``), written for the page: dates and
    moments by :func:`page_date` / :func:`page_datetime`; Decimals and counts with English
    digit groups in English, the house forms in Ukrainian (``840 463,65``, ``10 000``)."""
    if isinstance(value, dt.datetime):
        return page_datetime(value)
    if isinstance(value, dt.date):
        return page_date(value)
    if not _english():
        return ukrainian_value(value)
    if isinstance(value, Count):
        return page_number(int(value))
    if isinstance(value, Decimal) and value.is_finite():
        return page_decimal(value)
    return value


def page_quoted(text: str | None) -> str:
    """A name in the page language's quotation marks: «…» / “…”."""
    if not text:
        return ""
    return f"“{text}”" if _english() else f"«{text}»"


def page_decision(text: str | None) -> str:
    """A programme's decision as the report's heading gives it (``18.12.2017 № 879``), in
    the page's words: «рішення від 18.12.2017 № 879» / "decision of 18 Dec 2017, No. 879"."""
    from ..activities.heading import decision_parts
    if not text:
        return ""
    day, number = decision_parts(text)
    if day is None:
        return _("рішення %(decision)s", decision=text)
    return _("рішення від %(date)s № %(number)s", date=page_date(day), number=number)


FILTERS = {"date": page_date, "datetime": page_datetime, "money": page_money,
           "pct": page_percent, "number": page_number, "quoted": page_quoted,
           "decision": page_decision}


def js_messages() -> dict:
    """What the scripts show, in the reader's language: the date picker's weekday and month
    names (Babel's), its buttons, the confirm dialog's answers."""
    locale = str(get_locale() or "uk")
    days = babel_dates.get_day_names("short", context="stand-alone", locale=locale)
    months = babel_dates.get_month_names("wide", context="stand-alone", locale=locale)
    return {
        "weekdays": [days[i].capitalize() for i in range(7)],  # Monday first, as Babel counts
        "months": [months[i].capitalize() for i in range(1, 13)],
        "prev_month": _("Попередній місяць"), "next_month": _("Наступний місяць"),
        "day_off": _("вихідний"), "confirm_yes": _("Так, закрити"), "cancel": _("Скасувати"),
    }
