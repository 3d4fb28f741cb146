"""Money as Ukrainian documents write it: ``180 000,00 грн``. Decimal only."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_amount(value: Decimal | int | None) -> str:
    """``1640000`` → ``1 640 000,00`` (NBSP-free plain spaces, comma decimals)."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, frac = f"{abs(q):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{frac}"


def format_money(value: Decimal | int | None) -> str:
    return f"{format_amount(value)} грн" if value is not None else ""


def format_percent(value: Decimal | None) -> str:
    """``49.60`` → ``49,6``; ``20.00`` → ``20``: as people write percentages."""
    if value is None:
        return ""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
