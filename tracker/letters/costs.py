"""Copying costs (Art. 21; Cabinet of Ministers resolution No. 740 of 13.07.2011). Pure.

The first 10 pages are free; beyond them the rate per page is a share of the subsistence
minimum for able-bodied persons, rounded down to the kopiyka, and so is the amount.
Information about the requester or of public interest is never charged.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

FREE_PAGES = 10
#: Share of the subsistence minimum per page, by format.
SHARES = {
    "a4": Decimal("0.002"),  # A4 and smaller
    "a3": Decimal("0.003"),  # A3 and larger
    "restricted": Decimal("0.004"),  # any format with restricted parts to separate
    "scan": Decimal("0.001"),  # scanning into electronic form
}
FORMAT_LABELS = {
    "a4": "копіювання або друк на аркушах формату А4 і меншого розміру",
    "a3": "копіювання або друк на аркушах формату А3 і більшого розміру",
    "restricted": "копіювання або друк документів будь-якого формату з відокремленням "
                  "інформації з обмеженим доступом",
    "scan": "виготовлення цифрових копій документів шляхом сканування",
}
KOPIYKA = Decimal("0.01")


@dataclass(frozen=True)
class CopyCost:
    pages: int
    free_pages: int
    charged_pages: int
    rate: Decimal  # per page, hryvnias
    amount: Decimal
    exempt: bool


def copy_cost(pages: int, fmt: str, subsistence_minimum: Decimal,
              exempt: bool = False) -> CopyCost:
    """The cost of ``pages`` copies in format ``fmt`` (``a4``, ``a3``, ``restricted``, ``scan``)."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    if fmt not in SHARES:
        raise ValueError(f"unknown format {fmt!r}")
    rate = (subsistence_minimum * SHARES[fmt]).quantize(KOPIYKA, rounding=ROUND_DOWN)
    charged = 0 if exempt else max(pages - FREE_PAGES, 0)
    amount = (rate * charged).quantize(KOPIYKA, rounding=ROUND_DOWN)
    return CopyCost(pages=pages, free_pages=min(pages, FREE_PAGES), charged_pages=charged,
                    rate=rate, amount=amount, exempt=exempt)
