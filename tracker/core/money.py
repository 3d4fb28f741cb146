"""Money as Ukrainian documents write it: ``180 000,00 грн``. Decimal only.

Two spellings of the same figure: letters (and the texts that quote them) keep plain spaces
between digit groups, as their tests and the printed blanks expect; pages use
non-breaking spaces (``NBSP``), so that a browser never wraps ``69 677,95 грн`` after
``69`` or before ``грн``.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: U+00A0: digit groups and the currency stay on one line on a page.
NBSP = "\u00a0"


def format_amount(value: Decimal | int | None, sep: str = " ") -> str:
    """``1640000`` → ``1 640 000,00`` (``sep`` between digit groups: a plain space by
    default, as letters write it; :data:`NBSP` for pages), comma decimals."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, frac = f"{abs(q):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{sep.join(groups)},{frac}"


def format_money(value: Decimal | int | None) -> str:
    """For pages (the ``money`` filter): ``69 677,95 грн`` with non-breaking spaces between
    the digit groups and before «грн»."""
    return f"{format_amount(value, NBSP)}{NBSP}грн" if value is not None else ""


def format_percent(value: Decimal | None) -> str:
    """``49.60`` → ``49,6``; ``20.00`` → ``20``: as people write percentages."""
    if value is None:
        return ""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_decimal(value: float | Decimal | int | None, places: int = 1) -> str:
    """A figure for people: ``1.0`` → ``1,0``, ``2.5`` → ``2,5`` (``places`` decimals, comma
    separator, half up); an int stays whole (``6`` → ``6``); None → ``""``."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:f}".replace(".", ",")
