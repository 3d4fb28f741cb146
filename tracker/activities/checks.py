"""Arithmetic checks of a report: hand-written figures are checked, not trusted. Pure.

A warning's message is a ``Note`` whose figures are Decimals: its text is Ukrainian (the CLI,
the API, the stored report), and a page writes it in the reader's language and number forms
(``translated``): ``840 463,65`` / ``840,463.65``.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.i18n import N_, Note
from .numbers import CENT, percent_of


@dataclass
class Warning_:
    row: str
    field: str
    stated: str | None
    computed: str | None
    message: Note

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "stated": self.stated,
                "computed": self.computed, "message": str(self.message)}


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT)


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
                                Note(N_("№ %(row)s: відсоток виконання %(stated)s %% не "
                                        "відповідає профінансованому: %(financed)s з "
                                        "%(planned)s — це %(computed)s %%."), row=r.row,
                                     stated=r.percent_stated, financed=_money(r.financed),
                                     planned=_money(r.planned), computed=computed)))
        if r.planned is not None and r.financed is not None and r.financed > r.planned:
            out.append(Warning_(r.row, "financed", str(r.financed), str(r.planned),
                                Note(N_("№ %(row)s: профінансовано %(financed)s грн — більше "
                                        "за річний обсяг %(planned)s грн."), row=r.row,
                                     financed=_money(r.financed), planned=_money(r.planned))))
        if r.percent_stated is not None and r.percent_stated > 0 and r.financed == 0:
            out.append(Warning_(r.row, "percent", str(r.percent_stated), "0.00",
                                Note(N_("№ %(row)s: зазначено %(stated)s %%, але нічого не "
                                        "профінансовано."), row=r.row,
                                     stated=r.percent_stated)))
    total_planned = sum((r.planned for r in records if r.planned is not None), Decimal("0.00"))
    total_financed = sum((r.financed for r in records if r.financed is not None), Decimal("0.00"))
    for name, stated, computed, message in (
            ("planned", stated_planned, total_planned,
             N_("Всього річного обсягу: зазначено %(stated)s грн, сума рядків — %(sum)s грн.")),
            ("financed", stated_financed, total_financed,
             N_("Всього профінансованого: зазначено %(stated)s грн, сума рядків — %(sum)s "
                "грн."))):
        if stated is not None and stated != computed:
            out.append(Warning_("Всього", name, str(stated), str(computed),
                                Note(message, stated=_money(stated), sum=_money(computed))))
    if stated_percent is not None:
        basis_planned = stated_planned if stated_planned is not None else total_planned
        basis_financed = stated_financed if stated_financed is not None else total_financed
        computed = percent_of(basis_financed, basis_planned)
        if computed is not None and abs(stated_percent - computed) > total_tolerance:
            out.append(Warning_("Всього", "percent", str(stated_percent), str(computed),
                                Note(N_("Всього: відсоток виконання %(stated)s %% не "
                                        "відповідає підсумкам %(financed)s з %(planned)s — це "
                                        "%(computed)s %%."), stated=stated_percent,
                                     financed=_money(basis_financed),
                                     planned=_money(basis_planned), computed=computed)))
    return out
