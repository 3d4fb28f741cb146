"""Copying costs (Art. 21; Cabinet of Ministers resolution No. 740 of 13.07.2011). Pure.

Art. 21 of the Law: information is free (part 1); copies of more than 10 pages are paid for
at actual cost (part 2) — the first 10 pages are free, only the pages beyond them are charged;
the holder sets the rate within the Cabinet's limits, and **if it set no rate, the copies are
free** (part 3); information about the requester or of public interest is never charged
(part 4).

Resolution No. 740 sets the limits per page as a share of the subsistence minimum for
able-bodied persons (прожитковий мінімум для працездатних осіб). Its text changed:

* until the resolution of 15.01.2020 No. 4 took effect: A4 0.1 %, A3 0.2 %, restricted parts
  0.3 %, no scanning service (the base was then the minimum wage "as a calculation unit",
  applied under Law No. 1774-VIII as the subsistence minimum on 1 January);
* since then: A4 0.2 %, A3 0.3 %, restricted parts 0.4 %, scanning 0.1 %.

The rate per page and the amount are rounded down to the kopiyka.

**Which date.** The cost is computed on the date of the letter that states it (the cost
notice): that is when the holder determines the actual cost the requester must pay, so the
limits and the subsistence minimum in force on that date apply — a letter written in 2018
uses the 2018 figures, whatever the date today. The caller passes that date. Of the
subsistence minimum, the value established **on 1 January** of that year is used (the rule of
Law No. 1774-VIII for the old text; the practice for the current one). The subsistence minimum
has only ever risen within a year, so this value never exceeds the one in force on the day
either: under both readings the charge stays within the limit.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from ..core.i18n import N_

FREE_PAGES = 10

#: Subsistence minimum for able-bodied persons, грн per month, from the annual State Budget
#: laws: (in force from, value), sorted. Mid-year changes are written in as further rows.
SUBSISTENCE_MINIMUM_TABLE: tuple[tuple[dt.date, Decimal], ...] = (
    (dt.date(2018, 1, 1), Decimal("1762")),  # Law No. 2246-VIII (budget 2018), art. 7
    (dt.date(2018, 7, 1), Decimal("1841")),
    (dt.date(2018, 12, 1), Decimal("1921")),
    (dt.date(2019, 1, 1), Decimal("1921")),  # Law No. 2629-VIII (budget 2019), art. 7
    (dt.date(2019, 7, 1), Decimal("2007")),
    (dt.date(2019, 12, 1), Decimal("2102")),
    (dt.date(2020, 1, 1), Decimal("2102")),  # Law No. 294-IX (budget 2020), art. 7
    (dt.date(2020, 7, 1), Decimal("2197")),
    (dt.date(2020, 12, 1), Decimal("2270")),
    (dt.date(2021, 1, 1), Decimal("2270")),  # Law No. 1082-IX (budget 2021), art. 7
    (dt.date(2021, 7, 1), Decimal("2379")),
    (dt.date(2021, 12, 1), Decimal("2481")),
    (dt.date(2022, 1, 1), Decimal("2481")),  # Law No. 1928-IX (budget 2022), art. 7
    (dt.date(2022, 7, 1), Decimal("2600")),
    (dt.date(2022, 12, 1), Decimal("2684")),
    (dt.date(2023, 1, 1), Decimal("2684")),  # Law No. 2710-IX (budget 2023): all year
    (dt.date(2024, 1, 1), Decimal("3028")),  # Law No. 3460-IX (budget 2024): all year
    (dt.date(2025, 1, 1), Decimal("3028")),  # Law No. 4059-IX (budget 2025): all year
    (dt.date(2026, 1, 1), Decimal("3328")),  # budget law for 2026: all year
    # 2027: no State Budget law for 2027 was found; the 2026 figure is carried over.
    # Replace it with the figure of the budget law for 2027 once adopted.
    (dt.date(2027, 1, 1), Decimal("3328")),
)
_TABLE_DATES = [d for d, _ in SUBSISTENCE_MINIMUM_TABLE]

#: Share of the subsistence minimum per page, by format (the current text of No. 740).
SHARES = {
    "a4": Decimal("0.002"),  # A4 and smaller
    "a3": Decimal("0.003"),  # A3 and larger
    "restricted": Decimal("0.004"),  # any format with restricted parts to separate
    "scan": Decimal("0.001"),  # scanning into electronic form
}
#: The text before the resolution of 15.01.2020 No. 4 (no scanning service: no limit, so
#: nothing may be charged for it).
SHARES_BEFORE_2020: dict[str, Decimal | None] = {
    "a4": Decimal("0.001"),
    "a3": Decimal("0.002"),
    "restricted": Decimal("0.003"),
    "scan": None,
}
#: When the resolution of 15.01.2020 No. 4 took effect (on publication). Reports of its entry
#: into force are dated 30.01.2020; check against its card on zakon.rada.gov.ua (4-2020-п).
#: A date too late only keeps the older, lower limits a few days longer.
SHARES_2020_FROM = dt.date(2020, 1, 30)

#: As letters write them (Ukrainian there); marked to be translated where a page shows them.
FORMAT_LABELS = {
    "a4": N_("копіювання або друк на аркушах формату А4 і меншого розміру"),
    "a3": N_("копіювання або друк на аркушах формату А3 і більшого розміру"),
    "restricted": N_("копіювання або друк документів будь-якого формату з відокремленням "
                     "інформації з обмеженим доступом"),
    "scan": N_("виготовлення цифрових копій документів шляхом сканування"),
}
KOPIYKA = Decimal("0.01")

#: Why nothing is charged (CopyCost.free_reason).
FREE_WITHIN_LIMIT = "within_free_pages"  # no more than 10 pages (part 2)
FREE_NO_RATE = "no_rate"  # the council set no rate (part 3)
FREE_EXEMPT = "exempt"  # about the requester / of public interest (part 4)
FREE_NO_LIMIT = "no_limit"  # the Resolution had no limit for this service on that date

#: Why copies are free under Art. 21 part 4 (the letter names the one that applies).
EXEMPT_GROUNDS = {"public_interest": "суспільний інтерес", "personal": "інформація про особу"}


def subsistence_minimum(on: dt.date) -> Decimal:
    """The subsistence minimum for able-bodied persons in force on ``on`` (ValueError before
    the table starts)."""
    i = bisect_right(_TABLE_DATES, on)
    if i == 0:
        raise ValueError(f"no subsistence minimum before {_TABLE_DATES[0]:%d.%m.%Y}")
    return SUBSISTENCE_MINIMUM_TABLE[i - 1][1]


def rate_base(on: dt.date, overrides: dict[int, Decimal] | None = None) -> Decimal:
    """The subsistence minimum the copy rate is a share of, for a cost computed on ``on``:
    the value established on 1 January of that year (see the module's docstring); a year
    the council set itself (``overrides``, e.g. a new year's budget law) wins."""
    if overrides and on.year in overrides:
        return overrides[on.year]
    return subsistence_minimum(dt.date(on.year, 1, 1))


def parse_minimums(text: str | None) -> dict[int, Decimal]:
    """``"2027:3328,2028:3500"`` (as the council settings store it) → {2027: 3328, …}."""
    out: dict[int, Decimal] = {}
    for part in (text or "").split(","):
        if ":" in part:
            year, value = part.split(":", 1)
            out[int(year)] = Decimal(value)
    return out


def shares_on(on: dt.date) -> dict[str, Decimal | None]:
    """The Resolution's shares per page in force on ``on`` (None: no limit for the service)."""
    return dict(SHARES if on >= SHARES_2020_FROM else SHARES_BEFORE_2020)


@dataclass(frozen=True)
class CopyCost:
    pages: int
    free_pages: int
    charged_pages: int
    rate: Decimal  # per page, hryvnias
    amount: Decimal
    exempt: bool
    #: None when money is charged; else one of the FREE_* reasons.
    free_reason: str | None = None
    #: What the rate was computed from (None when computed from a bare figure).
    on: dt.date | None = None
    base: Decimal | None = None  # the subsistence minimum used
    share: Decimal | None = None  # its share per page

    @property
    def charges(self) -> bool:
        """Whether the requester is asked to pay anything."""
        return self.amount > 0


def copy_cost(pages: int, fmt: str, subsistence_minimum: Decimal,
              exempt: bool = False, *, rate_set: bool = True,
              share: Decimal | None = None) -> CopyCost:
    """The cost of ``pages`` copies in format ``fmt`` (``a4``, ``a3``, ``restricted``, ``scan``)
    with the given subsistence minimum and the current shares (or ``share``).

    ``rate_set``: whether the council set its rate by a decision; without one nothing is
    charged (Art. 21 part 3). Prefer :func:`copy_cost_on`, which takes the figures in force
    on the letter's date."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    if fmt not in SHARES:
        raise ValueError(f"unknown format {fmt!r}")
    share = SHARES[fmt] if share is None else share
    rate = (subsistence_minimum * share).quantize(KOPIYKA, rounding=ROUND_DOWN)
    beyond = max(pages - FREE_PAGES, 0)
    if exempt:
        reason = FREE_EXEMPT
    elif beyond == 0:
        reason = FREE_WITHIN_LIMIT
    elif not rate_set:
        reason = FREE_NO_RATE
    else:
        reason = None
    charged = beyond if reason is None else 0
    amount = (rate * charged).quantize(KOPIYKA, rounding=ROUND_DOWN)
    return CopyCost(pages=pages, free_pages=min(pages, FREE_PAGES), charged_pages=charged,
                    rate=rate, amount=amount, exempt=exempt, free_reason=reason,
                    base=subsistence_minimum, share=share)


def copy_cost_on(on: dt.date, pages: int, fmt: str, exempt: bool = False, *,
                 rate_set: bool, overrides: dict[int, Decimal] | None = None) -> CopyCost:
    """The cost computed on ``on`` (the cost notice's date): the Resolution's shares in force
    then and the subsistence minimum of 1 January of that year."""
    if fmt not in SHARES:
        raise ValueError(f"unknown format {fmt!r}")
    base, share = rate_base(on, overrides), shares_on(on)[fmt]
    if share is None:  # the Resolution had no limit for this service: nothing may be charged
        cost = copy_cost(pages, fmt, base, exempt, rate_set=False, share=Decimal(0))
        if cost.free_reason == FREE_NO_RATE:
            cost = replace(cost, free_reason=FREE_NO_LIMIT)
        return replace(cost, on=on, share=None)
    return replace(copy_cost(pages, fmt, base, exempt, rate_set=rate_set, share=share), on=on)
