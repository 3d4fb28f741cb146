"""Refusal (Art. 22 parts 1 and 4), whole or of the part of a request not answered."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...core.money import format_amount
from ..content import DATE_MARK, LetterContent
from ..costs import FREE_PAGES
from ..grammar import inflect_phrase
from ..legal import LAW, REFUSAL_GROUNDS, appeal
from ..payment import pages_phrase
from .common import Common, RequestInfo, base, opening, responsible, sentence


@dataclass
class HarmTest:
    """The three-part test of Art. 6 part 2 that a restricted-information refusal must pass."""
    interest: str  # which of the interests of Art. 6 part 2 item 1 is protected
    harm: str  # what substantial harm disclosure would cause to it
    balance: str  # why that harm outweighs the public interest in having the information


@dataclass
class UnpaidCopies:
    """The cost notice not paid (Art. 21): a refusal on that ground refuses only the copies
    it charged for, since the first 10 pages went out free with it."""
    date: dt.date
    number: str
    charged_pages: int
    amount: Decimal


@dataclass
class Refusal:
    """A refusal's ground (a key of legal.REFUSAL_GROUNDS), its reasons, the harm test."""
    ground: str
    explanation: str
    test: HarmTest | None = None
    #: For unpaid copying costs: the cost notice not paid.
    unpaid: UnpaidCopies | None = None


def lower_first(text: str) -> str:
    """A sentence that goes on after a colon: «…: відповідно до статті 23 …»."""
    return text[:1].lower() + text[1:]


def _clause(text: str) -> str:
    """A part of an enumerated sentence: folded, no full stop of its own."""
    return " ".join((text or "").split()).rstrip(".;,: ")


def refusal_items(c: Common, ground: str, explanation: str,
                  test: HarmTest | None = None, unpaid: UnpaidCopies | None = None) -> list[str]:
    """The items Art. 22 part 4 asks of a refusal (the signature is the letter's own):
    the responsible official's full name and position, the date (the letter's), the
    reasoned ground with its legal basis — for restricted information with the three-part
    test — and how to appeal (Art. 23)."""
    basis, meaning = REFUSAL_GROUNDS[ground]
    ground_text = f"3. Підстава відмови: {basis} {LAW} — {meaning}. {sentence(explanation)}"
    if ground == "unpaid" and unpaid is not None:
        ground_text = (
            f"3. Підстава відмови: {basis} {LAW} — {meaning}: витрати на копіювання документів "
            f"обсягом {pages_phrase(unpaid.charged_pages)} понад перші "
            f"{pages_phrase(FREE_PAGES)} у сумі {format_amount(unpaid.amount)} грн, визначені в "
            f"повідомленні від {unpaid.date:%d.%m.%Y} № {unpaid.number}, не відшкодовано. "
            f"{sentence(explanation)}")
    if ground == "restricted" and test is not None:
        # Art. 6 part 2 is cited once, with the test it asks for.
        ground_text = (
            f"3. Підстава відмови: {basis} {LAW} — інформація, що запитується, належить до "
            f"категорії інформації з обмеженим доступом. {sentence(explanation)} Обмеження "
            f"доступу до неї відповідає сукупності вимог частини другої статті 6 {LAW}: "
            f"1) інтерес, в якому обмежується доступ: {_clause(test.interest)}; "
            f"2) істотна шкода, якої може завдати розголошення інформації: "
            f"{_clause(test.harm)}; 3) шкода від оприлюднення інформації переважає "
            f"суспільний інтерес в її отриманні: {sentence(test.balance)}")
    return [
        f"1. Посадова особа, відповідальна за розгляд запиту: {responsible(c)}.",
        f"2. Дата відмови: {DATE_MARK}.",
        ground_text,
        f"4. Порядок оскарження: {lower_first(appeal(c.council.head_title))}",
    ]


def compose_refusal(c: Common, r: RequestInfo, ground: str, explanation: str,
                    test: HarmTest | None = None,
                    unpaid: UnpaidCopies | None = None) -> LetterContent:
    """Refusal: the items of Art. 22 part 4 and the appeal wording of Art. 23. For unpaid
    copying costs (``unpaid``), only the copies beyond the free pages are refused."""
    if ground == "unpaid" and unpaid is not None:
        lead = (f"{opening(r)} про відмову в його задоволенні в частині надання копій "
                f"документів обсягом {pages_phrase(unpaid.charged_pages)} понад перші "
                f"{pages_phrase(FREE_PAGES)}, які надано безоплатно разом із повідомленням "
                f"про витрати на копіювання від {unpaid.date:%d.%m.%Y} № {unpaid.number}.")
    else:
        lead = f"{opening(r)} про відмову в його задоволенні."
    return base("refusal", c, r, [lead, *refusal_items(c, ground, explanation, test, unpaid)])


def partial_refusal(c: Common, refused_parts: str, refusal: Refusal) -> list[str]:
    """The paragraphs of a partial answer for the part not given: what it is, and every
    refusal item for it (a partial answer is a refusal of the rest, Art. 22 part 4)."""
    parts = " ".join(refused_parts.split()).rstrip(".")
    gent = inflect_phrase(lower_first(parts), "gent")
    lead = (f"У задоволенні запиту в частині надання {gent} відмовлено." if gent else
            f"У задоволенні запиту в частині, що стосується такої інформації, відмовлено: "
            f"{sentence(parts)}")
    return [f"{lead} Щодо цієї частини запиту повідомляємо:",
            *refusal_items(c, refusal.ground, refusal.explanation, refusal.test,
                           refusal.unpaid)]
