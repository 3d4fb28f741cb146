"""Hand-written Ukrainian figures to Decimal. Pure.

Reports are typed by people: ``180 000,00``, `` 89 379, 95``, ``89 174, 4``, ``49,6 %``,
``61, 8%``, NBSP and narrow NBSP as thousands separators; an amount typed the English way
(``180,000.00``) is read too. Every kind of space is removed
first, then the rest is parsed strictly: an unreadable figure is an error, never a zero.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from ..core.i18n import N_, gettext

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200b]+")
_AMOUNT = re.compile(r"^-?\d+([.,]\d{1,2})?$")
#: An amount typed the English way: comma thousands, a decimal point
#: (``180,000.00``); unambiguous, as a Ukrainian amount never has three decimals.
_ENGLISH_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$")
_PERCENT = re.compile(r"^-?\d+([.,]\d+)?$")
#: Cells that mean "no figure" rather than zero.
EMPTY = frozenset({"", "-", "–", "—", "х", "x"})
CENT = Decimal("0.01")
#: What the columns hold (models.Money, Numeric(14, 2); models.Percent, Numeric(9, 2)): a
#: larger figure is a typo (no council spends a trillion hryvnias), and PostgreSQL would
#: refuse it.
MAX_AMOUNT = Decimal("1e12")
MAX_PERCENT = Decimal("1e7")


#: What could not be read (the messages, for the catalogue).
AMOUNT = N_("не вдалося прочитати суму «%(text)s»")
AMOUNT_TOO_LARGE = N_("не вдалося прочитати суму (завелике число) «%(text)s»")
PERCENT = N_("не вдалося прочитати відсоток «%(text)s»")
PERCENT_TOO_LARGE = N_("не вдалося прочитати відсоток (завелике число) «%(text)s»")


class NumberError(ValueError):
    """A figure that cannot be read; ``text`` is what was in the cell."""

    def __init__(self, text: str, message: str):
        self.text = text
        super().__init__(gettext(message, text=text.strip()))


def _compact(text: str) -> str:
    return _SPACES.sub("", text)


def parse_amount(value: str | Decimal | int | None) -> Decimal | None:
    """An amount in hryvnias with two decimals; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, (Decimal, int)):
        amount = Decimal(value)
    else:
        text = _compact(str(value)).lower().removesuffix("грн.").removesuffix("грн")
        if text in EMPTY:
            return None
        if _ENGLISH_AMOUNT.match(text):
            text = text.replace(",", "")
        elif not _AMOUNT.match(text):
            raise NumberError(str(value), AMOUNT)
        amount = Decimal(text.replace(",", "."))
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise NumberError(str(value), AMOUNT_TOO_LARGE)
    return amount.quantize(CENT)


def parse_percent(value: str | Decimal | int | None) -> Decimal | None:
    """A percentage as written (``49,6 %`` → 49.6); None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, (Decimal, int)):
        percent = Decimal(value)
    else:
        text = _compact(str(value)).removesuffix("%")
        if text in EMPTY:
            return None
        if not _PERCENT.match(text):
            raise NumberError(str(value), PERCENT)
        try:
            percent = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover — the pattern admits only valid numbers
            raise NumberError(str(value), PERCENT) from None
    if not percent.is_finite() or abs(percent) >= MAX_PERCENT:
        raise NumberError(str(value), PERCENT_TOO_LARGE)
    return percent


def percent_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100 to two decimals; None when it cannot be computed."""
    if part is None or whole is None or whole == 0:
        return None
    percent = (part * 100 / whole).quantize(CENT)
    return percent if abs(percent) < MAX_PERCENT else None  # a typo's ratio, not a figure
