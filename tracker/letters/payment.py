"""Payment details of a cost notice: their checks, and the amount in words. Pure: no app.

A notice that asks for money must name the council's own decision that set the rate (without
one the copies are free, Art. 21 part 3 of the Law), the payee with a valid ЄДРПОУ code and a
valid Ukrainian IBAN. :func:`payment_problems` lists what stops such a notice from being
finalised (``Note``s: Ukrainian text, translated where a page shows them).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words
from stdnum import iban as _iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.ua import edrpou as _edrpou

from ..core.i18n import N_, Note
from ..core.money import format_amount

UA_IBAN_LENGTH = 29  # UA + 2 check digits + 6-digit bank code + 19-digit account


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with ``n`` in the nominative: 1 сторінка, 2 сторінки,
    5 сторінок, 11 сторінок, 21 сторінка."""
    n = abs(n)
    if 11 <= n % 100 <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


def pages_phrase(n: int) -> str:
    """``21`` → ``21 сторінка``."""
    return f"{n} {plural(n, 'сторінка', 'сторінки', 'сторінок')}"


def amount_in_words(amount: Decimal) -> str:
    """``1234.56`` → ``одна тисяча двісті тридцять чотири гривні 56 копійок``: hryvnias in
    words (feminine: одна, дві), kopiykas in digits, as payment documents write it."""
    q = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q < 0:
        raise ValueError("amount must not be negative")
    hryvnias, kopiykas = divmod(int(q * 100), 100)
    words = num2words(hryvnias, lang="uk", gender="feminine")
    return (f"{words} {plural(hryvnias, 'гривня', 'гривні', 'гривень')} "
            f"{kopiykas:02d} {plural(kopiykas, 'копійка', 'копійки', 'копійок')}")


def amount_with_words(amount: Decimal) -> str:
    """``1 234,56 грн (одна тисяча двісті тридцять чотири гривні 56 копійок)``."""
    return f"{format_amount(amount)} грн ({amount_in_words(amount)})"


def compact_iban(value: str | None) -> str:
    return _iban.compact(value or "")


def _is_placeholder(value: str) -> bool:
    """A sample left in the settings: only zeros, or X / … / _ in place of digits."""
    digits = re.sub(r"[^0-9]", "", value)
    return (bool(re.search(r"[XxХх…_*?]|\.\.\.", value))
            or (value != "" and set(digits) <= {"0"}))


def iban_problem(value: str | None) -> str | None:
    """What is wrong with the council's IBAN, in Ukrainian (None: a valid Ukrainian IBAN)."""
    raw = (value or "").strip()
    code = compact_iban(raw)
    if not code:
        return Note(N_("Не зазначено IBAN рахунку для оплати (налаштування COUNCIL_IBAN)."))
    if _is_placeholder(code[2:] if code.startswith("UA") else code):
        return Note(N_("IBAN «%(value)s» — зразок, а не рахунок ради: зазначте справжній IBAN "
                       "(налаштування COUNCIL_IBAN)."), value=raw)
    if not code.startswith("UA"):
        return Note(N_("IBAN «%(value)s» не український: рахунок ради має починатися з UA."),
                    value=raw)
    if len(code) != UA_IBAN_LENGTH:
        return Note(N_("IBAN «%(value)s» має %(length)s знаків замість %(expected)s (UA і 27 "
                       "цифр)."), value=raw, length=len(code), expected=UA_IBAN_LENGTH)
    try:
        _iban.validate(code)
    except (InvalidChecksum, InvalidComponent):
        return Note(N_("IBAN «%(value)s» недійсний: не збігаються контрольні цифри. Перевірте, "
                       "чи немає помилки в номері рахунку."), value=raw)
    except (InvalidFormat, InvalidLength, _StdnumError):
        return Note(N_("IBAN «%(value)s» недійсний: після UA мають бути лише цифри (27)."),
                    value=raw)
    return None


def edrpou_problem(value: str | None) -> str | None:
    """What is wrong with the payee's ЄДРПОУ code, in Ukrainian (None: valid)."""
    raw = (value or "").strip()
    code = _edrpou.compact(raw)
    if not code:
        return Note(N_("Не зазначено код ЄДРПОУ отримувача платежу (налаштування "
                       "COUNCIL_PAYEE_EDRPOU)."))
    if _is_placeholder(code):
        return Note(N_("Код ЄДРПОУ «%(value)s» — зразок: зазначте справжній код отримувача "
                       "(налаштування COUNCIL_PAYEE_EDRPOU)."), value=raw)
    try:
        _edrpou.validate(code)
    except InvalidChecksum:
        return Note(N_("Код ЄДРПОУ «%(value)s» недійсний: не збігається контрольна цифра."),
                    value=raw)
    except _StdnumError:
        return Note(N_("Код ЄДРПОУ «%(value)s» недійсний: він має складатися з 8 цифр."),
                    value=raw)
    return None


def payment_problems(payee: str | None, edrpou: str | None, iban: str | None,
                     decision: str | None) -> list[str]:
    """What stops finalising a notice that charges money, in Ukrainian; empty: it may go."""
    problems = []
    if not (decision or "").strip():
        problems.append(Note(N_("Не зазначено рішення ради, яким установлено розмір плати за "
                                "копіювання (налаштування COPY_RATE_DECISION). Без такого "
                                "рішення копії надаються безоплатно (частина третя статті 21 "
                                "Закону), тож стягувати плату не можна.")))
    if not (payee or "").strip():
        problems.append(Note(N_("Не зазначено отримувача платежу (налаштування COUNCIL_PAYEE).")))
    for problem in (edrpou_problem(edrpou), iban_problem(iban)):
        if problem:
            problems.append(problem)
    return problems
