"""Drafts of every kind of letter from plain values. Pure: no app, no database.

The draft is a starting point the official edits; what the Law requires of each kind
(DOMAIN.md §5) is put in by default so that a letter finalised unchanged is lawful.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..activities.numbers import percent_of
from ..core.money import format_amount, format_percent
from .content import Council, LetterContent, Table
from .costs import FORMAT_LABELS, CopyCost
from .legal import LAW, REFUSAL_GROUNDS, appeal


@dataclass
class RequestInfo:
    number: str
    received: dt.date
    subject: str
    requester_name: str
    addressee: str  # the requester's name in the dative
    address_lines: list[str]


@dataclass
class Person:
    name: str
    position: str = ""
    phone: str = ""


@dataclass
class RecordInfo:
    measure: str
    text: str
    category: str | None  # the category's name; None: "other"
    category_order: int
    planned: Decimal | None
    financed: Decimal | None
    programme: str | None = None
    period: str | None = None
    quantities: list[dict] = field(default_factory=list)


@dataclass
class Common:
    council: Council
    today: dt.date
    number: str
    signatory: Person
    executor: Person
    signature: str  # "Наталія ЧИЖ"


_INFO_ABOUT = re.compile(r"^(?:запит\s+)?(?:на\s+)?(?:надання\s+)?інформаці[яюїі]\s+(про|щодо)\s+",
                         re.IGNORECASE)
_REQUEST_PREFIX = re.compile(r"^(?:інформаційний\s+)?запит\s*(щодо|про|на)?\s*[-–:]?\s*",
                             re.IGNORECASE)


def _subject_phrase(subject: str) -> str:
    """What follows "щодо" in the opening, grammatical without inflecting the subject:
    "Інформація про X" → "надання інформації про X" (as the sample writes it); a phrase
    that already starts with "надання …" stays; anything else is quoted: «X»."""
    s = " ".join((subject or "").split()).strip().rstrip(".")
    m = _INFO_ABOUT.match(s)
    if m:
        return f"надання інформації {m.group(1).lower()} {s[m.end():]}"
    m = _REQUEST_PREFIX.match(s)
    if m and s[m.end():]:
        rest = s[m.end():]
        if (m.group(1) or "").lower() == "щодо":
            return rest  # already in the genitive "щодо" wants
        if (m.group(1) or "").lower() == "про":
            return f"надання інформації про {rest}"
        s = rest
    if re.match(r"^(надання|отримання|ознайомлення)\b", s, re.IGNORECASE):
        return s[0].lower() + s[1:]
    return f"«{s}»"


def _opening(r: RequestInfo) -> str:
    return (f"Розглянувши Ваш запит від {r.received:%d.%m.%Y} щодо "
            f"{_subject_phrase(r.subject)}, повідомляємо")


def _base(kind: str, c: Common, r: RequestInfo, paragraphs: list[str], **kw) -> LetterContent:
    executor = ", ".join(p for p in (c.executor.name, c.executor.phone) if p)
    return LetterContent(
        kind=kind, council=c.council, date=c.today, number=c.number, ref_number=r.number,
        ref_date=r.received, addressee=r.addressee, addressee_lines=list(r.address_lines),
        paragraphs=paragraphs, signatory_position=c.signatory.position,
        signatory_name=c.signature, executor_line=executor, **kw)


def _sentence(text: str) -> str:
    """One clean sentence: whitespace folded, a full stop at the end if it has none."""
    text = " ".join((text or "").split()).strip().rstrip(",;:")
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def measures_table(records: list[RecordInfo]) -> Table | None:
    """Measure, planned, financed, percent; the totals row computed from the rows shown."""
    money = [r for r in records if r.planned is not None or r.financed is not None]
    if not money:
        return None
    rows = []
    for i, r in enumerate(money, start=1):
        rows.append([str(i), " ".join(r.measure.split()), format_amount(r.planned),
                     format_amount(r.financed),
                     format_percent(percent_of(r.financed, r.planned))])
    planned = sum((r.planned for r in money if r.planned is not None), Decimal("0.00"))
    financed = sum((r.financed for r in money if r.financed is not None), Decimal("0.00"))
    return Table(header=["№ з/п", "Захід", "Річний обсяг фінансування, грн",
                         "Профінансовано, грн", "Відсоток виконання, %"],
                 rows=rows, total=["", "Усього", format_amount(planned),
                                   format_amount(financed),
                                   format_percent(percent_of(financed, planned))])


def compose_answer(c: Common, r: RequestInfo, records: list[RecordInfo],
                   partial: bool = False) -> LetterContent:
    """The answer: an opening naming the request, paragraphs by category, the table."""
    paragraphs = [f"{_opening(r)} про наступне."]
    groups: dict[tuple[int, str], list[RecordInfo]] = {}
    for rec in records:
        groups.setdefault((rec.category_order, rec.category or "Інше"), []).append(rec)
    for (_, category), recs in sorted(groups.items()):
        sentences = [_sentence(rec.text) or _sentence(rec.measure) for rec in recs]
        paragraphs.append(f"{category}. " + " ".join(s for s in sentences if s))
    table = measures_table(records)
    intro = None
    if table is not None:
        sources = sorted({f"«{rec.programme}»" + (f" за {rec.period}" if rec.period else "")
                          for rec in records if rec.programme})
        intro = ("Відомості про фінансування заходів" +
                 (f" програми {', '.join(sources)}" if sources else "") + ":")
    closing = []
    if partial:
        closing.append("Інформацію в решті запиту не може бути надано з підстав, викладених "
                       "вище. " + appeal(c.council.head_title))
    return _base("answer", c, r, paragraphs, table=table, table_intro=intro, closing=closing)


def compose_extension(c: Common, r: RequestInfo, reason: str, new_date: dt.date) -> LetterContent:
    """Extension notice (Art. 20 part 4): the reasons and the new date."""
    return _base("extension", c, r, [
        f"{_opening(r)}, що відповідно до частини четвертої статті 20 {LAW} строк розгляду "
        f"Вашого запиту продовжено до 20 робочих днів з дня його надходження — до "
        f"{new_date:%d.%m.%Y} включно.",
        f"Причина продовження строку: {_sentence(reason)}",
    ])


def compose_forwarding(c: Common, r: RequestInfo, holder_name: str,
                       holder_address: str | None) -> LetterContent:
    """The notice to the requester that the request went to the proper holder."""
    where = f" ({holder_address})" if holder_address else ""
    return _base("forwarding", c, r, [
        f"{_opening(r)}, що {c.council.name.capitalize() if c.council.name.isupper() else c.council.name} "
        f"не володіє запитуваною інформацією.",
        f"Відповідно до частини третьої статті 22 {LAW} Ваш запит надіслано належному "
        f"розпоряднику інформації — {holder_name}{where}, який надасть відповідь у строк, "
        f"встановлений Законом.",
    ])


def compose_forwarding_to_holder(c: Common, r: RequestInfo, holder_name: str,
                                 holder_address: str | None) -> LetterContent:
    """The letter to the proper holder that carries the request (Art. 22 part 3)."""
    content = _base("forwarding_holder", c, r, [
        f"Відповідно до частини третьої статті 22 {LAW} надсилаємо для розгляду за "
        f"належністю запит на інформацію {r.requester_name} від {r.received:%d.%m.%Y} "
        f"(вх. № {r.number}) щодо {_subject_phrase(r.subject)}, оскільки "
        f"запитувана інформація у нас відсутня.",
        "Запитувача про надіслання запиту повідомлено.",
    ], attachments=["запит на інформацію."])
    content.addressee = holder_name
    content.addressee_lines = [holder_address] if holder_address else []
    return content


def _responsible(c: Common) -> str:
    return ", ".join(p for p in (c.executor.name, c.executor.position) if p)


def compose_refusal(c: Common, r: RequestInfo, ground: str, explanation: str) -> LetterContent:
    """Refusal: the five items of Art. 22 part 4 and the appeal wording of Art. 23."""
    basis, meaning = REFUSAL_GROUNDS[ground]
    return _base("refusal", c, r, [
        f"{_opening(r)} про відмову в його задоволенні.",
        f"1. Посадова особа, відповідальна за розгляд запиту: {_responsible(c)}.",
        f"2. Дата відмови: {c.today:%d.%m.%Y}.",
        f"3. Підстава відмови: {basis} {LAW} — {meaning}. {_sentence(explanation)}",
        f"4. Порядок оскарження: {appeal(c.council.head_title)}",
    ])


def compose_deferral(c: Common, r: RequestInfo, reason: str, new_date: dt.date) -> LetterContent:
    """Deferral notice: the five items (Art. 22) and the appeal wording."""
    return _base("deferral", c, r, [
        f"{_opening(r)} про відстрочку в його задоволенні.",
        f"1. Посадова особа, відповідальна за розгляд запиту: {_responsible(c)}.",
        f"2. Дата надіслання повідомлення: {c.today:%d.%m.%Y}.",
        f"3. Причини, з яких запит не може бути задоволено у встановлений строк: "
        f"{_sentence(reason)}",
        f"4. Строк, у який буде задоволено запит: до {new_date:%d.%m.%Y}.",
    ], closing=[appeal(c.council.head_title)])


def compose_invoice(c: Common, r: RequestInfo, cost: CopyCost, fmt: str,
                    payee: str, iban: str) -> LetterContent:
    """The cost notice (Art. 21): pages beyond 10, the rate, the amount, how to pay."""
    paragraphs = [f"{_opening(r)}, що запитувані документи становлять {cost.pages} сторінок."]
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
    return _base("invoice", c, r, paragraphs)
