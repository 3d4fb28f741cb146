"""Arithmetic checks of a report: hand-written figures are checked, not trusted. Pure."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from ..core.money import format_amount
from .numbers import percent_of


@dataclass
class Warning_:
    row: str
    field: str
    stated: str | None
    computed: str | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _pct(value: Decimal) -> str:
    """A percentage the Ukrainian way: ``51,25``."""
    return str(value).replace(".", ",")


def check_report(records, *, stated_planned: Decimal | None, stated_financed: Decimal | None,
                 stated_percent: Decimal | None, tolerance: Decimal = Decimal("1"),
                 total_tolerance: Decimal = Decimal("0.1")) -> list[Warning_]:
    """Warnings for each row's percent and over-spending, and for the stated totals.

    Row percents are hand-rounded, so they get ``tolerance`` percentage points; a total is
    computed from the rows and is held to ``total_tolerance``.
    """
    out: list[Warning_] = []
    for r in records:
        computed = percent_of(r.financed, r.planned)
        if r.percent_stated is not None and computed is not None \
                and abs(r.percent_stated - computed) > tolerance:
            out.append(Warning_(r.row, "percent", str(r.percent_stated), str(computed),
                                f"№ {r.row}: відсоток виконання {_pct(r.percent_stated)} % не відповідає "
                                f"профінансованому: {format_amount(r.financed)} з "
                                f"{format_amount(r.planned)} — це {_pct(computed)} %."))
        if r.planned is not None and r.financed is not None and r.financed > r.planned:
            out.append(Warning_(r.row, "financed", str(r.financed), str(r.planned),
                                f"№ {r.row}: профінансовано {format_amount(r.financed)} грн — "
                                f"більше за річний обсяг {format_amount(r.planned)} грн."))
        if r.percent_stated is not None and r.percent_stated > 0 and r.financed == 0:
            out.append(Warning_(r.row, "percent", str(r.percent_stated), "0.00",
                                f"№ {r.row}: зазначено {_pct(r.percent_stated)} %, але нічого не "
                                f"профінансовано."))
    total_planned = sum((r.planned for r in records if r.planned is not None), Decimal("0.00"))
    total_financed = sum((r.financed for r in records if r.financed is not None), Decimal("0.00"))
    for name, stated, computed, label in (
            ("planned", stated_planned, total_planned, "річного обсягу"),
            ("financed", stated_financed, total_financed, "профінансованого")):
        if stated is not None and stated != computed:
            out.append(Warning_("Всього", name, str(stated), str(computed),
                                f"Всього {label}: зазначено {format_amount(stated)} грн, сума "
                                f"рядків — {format_amount(computed)} грн."))
    if stated_percent is not None:
        basis_planned = stated_planned if stated_planned is not None else total_planned
        basis_financed = stated_financed if stated_financed is not None else total_financed
        computed = percent_of(basis_financed, basis_planned)
        if computed is not None and abs(stated_percent - computed) > total_tolerance:
            out.append(Warning_("Всього", "percent", str(stated_percent), str(computed),
                                f"Всього: відсоток виконання {_pct(stated_percent)} % не відповідає "
                                f"підсумкам {format_amount(basis_financed)} з "
                                f"{format_amount(basis_planned)} — це {_pct(computed)} %."))
    return out
