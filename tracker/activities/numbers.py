"""Hand-written Ukrainian figures to Decimal. Pure.

Reports are typed by people: ``180 000,00``, `` 89 379, 95``, ``89 174, 4``, ``49,6 %``,
``61, 8%``, NBSP and narrow NBSP as thousands separators. Every kind of space is removed
first, then the rest is parsed strictly: an unreadable figure is an error, never a zero.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200b]+")
_AMOUNT = re.compile(r"^-?\d+([.,]\d{1,2})?$")
_PERCENT = re.compile(r"^-?\d+([.,]\d+)?$")
#: Cells that mean "no figure" rather than zero.
EMPTY = frozenset({"", "-", "–", "—", "х", "x"})
CENT = Decimal("0.01")
#: No council spends a quadrillion hryvnias: a larger figure is a typo (and would not fit
#: the Decimal context either).
MAX_AMOUNT = Decimal("1e15")


class NumberError(ValueError):
    """A figure that cannot be read; ``text`` is what was in the cell."""

    def __init__(self, text: str, kind: str):
        self.text = text
        super().__init__(f"не вдалося прочитати {kind} «{text.strip()}»")


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
        if not _AMOUNT.match(text):
            raise NumberError(str(value), "суму")
        amount = Decimal(text.replace(",", "."))
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise NumberError(str(value), "суму (завелике число)")
    return amount.quantize(CENT)


def parse_percent(value: str | Decimal | int | None) -> Decimal | None:
    """A percentage as written (``49,6 %`` → 49.6); None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, (Decimal, int)):
        percent = Decimal(value)
        if not percent.is_finite() or abs(percent) >= MAX_AMOUNT:
            raise NumberError(str(value), "відсоток (завелике число)")
        return percent
    text = _compact(str(value)).removesuffix("%")
    if text in EMPTY:
        return None
    if not _PERCENT.match(text):
        raise NumberError(str(value), "відсоток")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover — the pattern admits only valid numbers
        raise NumberError(str(value), "відсоток") from None


def percent_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100 to two decimals; None when it cannot be computed."""
    if part is None or whole is None or whole == 0:
        return None
    return (part * 100 / whole).quantize(CENT)
