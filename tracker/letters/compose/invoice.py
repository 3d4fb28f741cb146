"""The cost notice for copies (Art. 21; Cabinet of Ministers resolution No. 740)."""
from __future__ import annotations

from ...core.i18n import N_, Note
from ...core.money import format_amount
from ..content import LetterContent
from ..costs import (FORMAT_LABELS, FREE_EXEMPT, FREE_NO_LIMIT, FREE_NO_RATE, FREE_PAGES,
                     CopyCost)
from ..legal import LAW
from ..payment import amount_with_words, compact_iban, pages_phrase, payment_problems
from .common import Common, RequestInfo, base, opening

RESOLUTION = ("постанови Кабінету Міністрів України від 13.07.2011 № 740 «Про затвердження "
              "граничних норм витрат на копіювання або друк документів, що надаються за "
              "запитом на інформацію»")


def _percent(share) -> str:
    """``0.002`` → ``0,2``."""
    return f"{share * 100:f}".rstrip("0").rstrip(".").replace(".", ",")


def _attached_sentence(n: int, cost: CopyCost) -> str:
    if cost.charges and n == FREE_PAGES:
        return f"Перші {pages_phrase(n)} копій додаються до цього листа."
    return f"До цього листа додаються копії документів ({pages_phrase(n)})."


#: Art. 21 part 4: why no fee is charged, by the ground the official chose.
EXEMPT_BECAUSE = {
    "public_interest": "запитувана інформація становить суспільний інтерес",
    "personal": "запитувана інформація є інформацією про Вас",
    None: "запитувана інформація становить суспільний інтерес або є інформацією про Вас",
}


def compose_invoice(c: Common, r: RequestInfo, cost: CopyCost, fmt: str,
                    payee: str, iban: str, *, edrpou: str, decision: str | None,
                    attached_pages: int, exempt_ground: str | None = None) -> LetterContent:
    """The cost notice (Art. 21): the first 10 pages free, the pages beyond them at the rate
    the council's ``decision`` set, the amount (also in words), how to pay.

    Without a ``decision`` (and for exempt requests, or 10 pages or fewer) the letter says the
    copies are free and why, and asks for nothing; ``exempt_ground`` (a key of
    costs.EXEMPT_GROUNDS) names which exemption of Art. 21 part 4 applies. ``attached_pages``: how many pages the
    caller actually attaches; the letter says pages are attached only then, and lists them.
    """
    if attached_pages < 0:
        raise ValueError("attached_pages must not be negative")
    decision = (decision or "").strip()
    if cost.charges and not decision:
        raise ValueError("a cost that charges money needs the council's rate decision")
    warnings: list[str] = []
    paragraphs = [f"{opening(r)}, що загальний обсяг копій запитуваних документів — "
                  f"{pages_phrase(cost.pages)}."]
    if not cost.charges:
        if cost.free_reason == FREE_EXEMPT:
            paragraphs.append(
                f"Відповідно до частини четвертої статті 21 {LAW} плата за копіювання або друк "
                f"не стягується, оскільки {EXEMPT_BECAUSE[exempt_ground]}. Копії надаються "
                f"безоплатно.")
        elif cost.free_reason == FREE_NO_RATE:
            paragraphs.append(
                f"Відповідно до частини третьої статті 21 {LAW}, якщо розпорядник інформації не "
                f"встановив розміру плати за копіювання або друк, інформація надається "
                f"безкоштовно. Розмір такої плати не встановлено, тому копії документів "
                f"надаються безоплатно.")
        elif cost.free_reason == FREE_NO_LIMIT:
            paragraphs.append(
                f"Граничних норм витрат на {FORMAT_LABELS[fmt]}, чинних на дату цього листа, "
                f"Кабінет Міністрів України не встановив, тому копії надаються безоплатно.")
        else:  # no more than 10 pages
            paragraphs.append(
                f"Обсяг не перевищує {pages_phrase(FREE_PAGES)}, тому відповідно до частини другої "
                f"статті 21 {LAW} копії надаються безоплатно.")
        if attached_pages:
            paragraphs.append(_attached_sentence(attached_pages, cost))
        if attached_pages < cost.pages:
            warnings.append(Note(N_("Копії надаються безоплатно, а до листа додано не всі "
                                    "сторінки (%(attached)s з %(pages)s): додайте решту або "
                                    "зазначте, коли і як їх буде надано."),
                                 attached=attached_pages, pages=cost.pages))
    else:
        base_note = ""
        if cost.share is not None and cost.base is not None:
            year = f" станом на 01.01.{cost.on.year}" if cost.on else ""
            base_note = (f" ({_percent(cost.share)} % прожиткового мінімуму для працездатних "
                         f"осіб{year} — {format_amount(cost.base)} грн)")
        paragraphs += [
            f"Відповідно до частин другої і третьої статті 21 {LAW}, {RESOLUTION} та "
            f"{decision} копії документів обсягом понад {pages_phrase(FREE_PAGES)} надаються "
            f"за умови відшкодування фактичних витрат на копіювання або друк; перші "
            f"{pages_phrase(FREE_PAGES)} надаються безоплатно.",
            f"Витрати на {FORMAT_LABELS[fmt]} становлять {format_amount(cost.rate)} грн за "
            f"сторінку{base_note}. Платних сторінок — {cost.charged_pages} "
            f"(понад {FREE_PAGES} безоплатних), до сплати разом "
            f"{amount_with_words(cost.amount)}.",
        ]
        if attached_pages:
            paragraphs.append(_attached_sentence(attached_pages, cost))
        else:
            warnings.append(Note(N_("Перші %(free)s сторінок надаються безоплатно в строк "
                                    "відповіді, а до листа їх не додано: додайте їх."),
                                 free=FREE_PAGES))
        paragraphs += [
            f"Реквізити для оплати: отримувач — {payee}, код ЄДРПОУ {edrpou}; рахунок "
            f"IBAN {compact_iban(iban)}; сума — {format_amount(cost.amount)} грн; "
            f"призначення платежу — «Відшкодування витрат на копіювання документів за "
            f"запитом на інформацію № {r.number} від {r.received:%d.%m.%Y}».",
            "Копії решти документів буде надано протягом п'яти робочих днів після оплати.",
        ]
        warnings += payment_problems(payee, edrpou, iban, decision)
        warnings.append(Note(N_("Перевірте, чи не становить інформація суспільний інтерес і "
                                "чи не є інформацією про самого запитувача (частина четверта "
                                "статті 21): тоді плата не стягується.")))
    content = base("invoice", c, r, paragraphs)
    if attached_pages:
        content.attachments.append(f"копії документів на {attached_pages} арк.")
    content.warnings.extend(warnings)
    return content
