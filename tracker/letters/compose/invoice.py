"""The cost notice for copies (Art. 21; Cabinet of Ministers resolution No. 740)."""
from __future__ import annotations

from ...core.money import format_amount
from ..content import LetterContent
from ..costs import FORMAT_LABELS, CopyCost
from ..legal import LAW
from .common import Common, RequestInfo, base, opening


def compose_invoice(c: Common, r: RequestInfo, cost: CopyCost, fmt: str,
                    payee: str, iban: str) -> LetterContent:
    """The cost notice (Art. 21): pages beyond 10, the rate, the amount, how to pay."""
    paragraphs = [f"{opening(r)}, що запитувані документи становлять {cost.pages} сторінок."]
    if cost.exempt:
        paragraphs.append(f"Відповідно до частини четвертої статті 21 {LAW} плата за "
                          f"копіювання не стягується: запитувана інформація є суспільно "
                          f"необхідною або стосується Вас особисто. Копії надаються безоплатно.")
    elif cost.charged_pages == 0:
        paragraphs.append(f"Обсяг не перевищує {cost.free_pages} сторінок, тому відповідно до "
                          f"статті 21 {LAW} копії надаються безоплатно.")
    else:
        paragraphs += [
            f"Відповідно до статті 21 {LAW} та постанови Кабінету Міністрів України від "
            f"13.07.2011 № 740 перші {cost.free_pages} сторінок надаються безоплатно і "
            f"додаються до цього листа.",
            f"Вартість фактичних витрат на {FORMAT_LABELS[fmt]} решти {cost.charged_pages} "
            f"сторінок становить {format_amount(cost.rate)} грн за сторінку, разом "
            f"{format_amount(cost.amount)} грн.",
            f"Реквізити для оплати: отримувач — {payee}; IBAN {iban}; призначення платежу — "
            f"«Відшкодування витрат на копіювання за запитом № {r.number}».",
            "Копії решти документів буде надано протягом п'яти робочих днів після оплати.",
        ]
    return base("invoice", c, r, paragraphs)
