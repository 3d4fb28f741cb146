"""Which council settings the admin's page changes, how each is labelled and checked.

Values are stored as strings, in the same form as their config default (``config.py``), so
every reader (``core.council_settings.setting``) gets the same type whichever is in force.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from stdnum import iban as _iban
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.ua import edrpou as _edrpou

from ..register.numbering import PatternError, validate_pattern


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # lazy: translated where shown
    kind: str = "text"  # text, email, url, edrpou, iban, pattern, time, days, hours, user
    required: bool = False
    hint: str = ""  # lazy too
    limit: int = 300

    @property
    def name(self) -> str:
        """The form field's name: the key in lower case."""
        return self.key.lower()


GROUPS: list[tuple[str, list[Field]]] = [
    (_l("Рада (бланк листа)"), [
        Field("COUNCIL_NAME", _l("Назва ради"), required=True,
              hint=_l("Як у шапці бланка, напр. «ЖИТОМИРСЬКА МІСЬКА РАДА».")),
        Field("COUNCIL_UNIT", _l("Структурний підрозділ"), hint=_l("Напр. «ВИКОНАВЧИЙ КОМІТЕТ».")),
        Field("COUNCIL_ADDRESS", _l("Адреса"), required=True),
        Field("COUNCIL_PHONE", _l("Телефон"), limit=50),
        Field("COUNCIL_EMAIL", _l("Електронна пошта"), kind="email", limit=254),
        Field("COUNCIL_WEBSITE", _l("Вебсайт"), kind="url", limit=254),
        Field("COUNCIL_EDRPOU", _l("Код ЄДРПОУ"), kind="edrpou", required=True, limit=10),
        Field("COUNCIL_HEAD_TITLE", _l("Посада голови в родовому відмінку"), required=True,
              hint=_l("Для порядку оскарження: «…на ім'я міського голови».")),
        Field("LETTER_SIGNATORY", _l("Хто підписує листи"), kind="user",
              hint=_l("Порожньо — перший активний керівник.")),
    ]),
    (_l("Плата за копії (ст. 21 Закону)"), [
        Field("COUNCIL_PAYEE", _l("Отримувач платежу")),
        Field("COUNCIL_PAYEE_EDRPOU", _l("Код ЄДРПОУ отримувача"), kind="edrpou", limit=10),
        Field("COUNCIL_IBAN", _l("IBAN отримувача"), kind="iban", limit=40,
              hint=_l("UA і 27 символів.")),
        Field("SUBSISTENCE_MINIMUM_BY_YEAR", _l("Прожитковий мінімум за роками (грн)"),
              kind="minimums", limit=300,
              hint=_l("Роки, яких ще немає у вбудованій таблиці (2018–2027) або що змінилися: "
                      "«2028: 3500; 2029: 3700». Порожньо — лише вбудована таблиця.")),
        Field("COPY_RATE_DECISION", _l("Рішення про розмір плати за копії"), limit=500,
              hint=_l("Напр. «рішення виконавчого комітету від 12.02.2021 № 123». Порожньо — "
                      "розміру не встановлено, копії безоплатні.")),
    ]),
    (_l("Реєстраційний індекс"), [
        Field("INDEX_PATTERN", _l("Шаблон індексу"), kind="pattern", required=True, limit=100,
              hint=_l("Поля: {dept} {letter} {seq} {suffix} {year} {yy}; {seq} обов'язкове.")),
        Field("INDEX_DEPT", _l("Код підрозділу ({dept})"), limit=20),
        Field("INDEX_SUFFIX", _l("Суфікс ({suffix})"), limit=20),
    ]),
    (_l("Робочий день і нагадування"), [
        Field("WORKDAY_END", _l("Кінець робочого дня"), kind="time", required=True, limit=5,
              hint=_l("ГГ:ХХ, напр. 18:00.")),
        Field("REMINDER_DAYS_BEFORE", _l("Нагадувати за робочих днів до строку"), kind="days",
              required=True, limit=50, hint=_l("Числа через кому, напр. «2,1».")),
        Field("REMINDER_URGENT_HOURS", _l("Для термінових — за годин до строку"), kind="hours",
              required=True, limit=50, hint=_l("Числа від 1 до 47 через кому, напр. «24,4».")),
        Field("REMINDER_MORNING", _l("Час ранкових нагадувань"), kind="time", required=True,
              limit=5, hint=_l("ГГ:ХХ")),
        Field("DIGEST_TIME", _l("Час щоденного огляду"), kind="time", required=True, limit=5,
              hint=_l("ГГ:ХХ")),
    ]),
]

FIELDS: list[Field] = [f for _title, group in GROUPS for f in group]
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.I)


def _numbers(value: str, low: int, high: int, wrong: str) -> tuple[str | None, str | None]:
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if not parts or not all(p.isascii() and p.isdigit() for p in parts):  # not «²»
        return None, wrong
    numbers = sorted({int(p) for p in parts}, reverse=True)
    if not all(low <= n <= high for n in numbers):
        return None, _("Кожне число — від %(low)s до %(high)s.", low=low, high=high)
    return ",".join(str(n) for n in numbers), None


_MINIMUM = re.compile(r"^\s*(\d{4})\s*[:=]\s*(\d{3,5}(?:[.,]\d{1,2})?)\s*$")


def _minimums(value: str) -> tuple[str | None, str | None]:
    """«2028: 3500; 2029: 3700,50» → «2028:3500,2029:3700.50» (years 2011–2100)."""
    pairs = {}
    for part in re.split(r"[;\n]", value):
        if not part.strip():
            continue
        m = _MINIMUM.match(part)
        if not m or not 2011 <= int(m[1]) <= 2100:
            return None, _("Вкажіть рік і суму через двокрапку, пари — через крапку з комою: "
                           "«2028: 3500; 2029: 3700».")
        pairs[int(m[1])] = m[2].replace(",", ".")
    return ",".join(f"{y}:{v}" for y, v in sorted(pairs.items())), None


def iban_fault(value: str | None) -> str | None:
    """Why the payee's IBAN in force cannot go on invoices, in a few words (None: it can, or
    none is set)."""
    compact = _iban.compact(value or "")
    if not compact:
        return None
    if not compact.startswith("UA") or len(compact) != 29:
        return _("потрібно UA і ще 27 символів")
    try:
        _iban.validate(compact)
    except _StdnumError:
        return _("не збігаються контрольні цифри")
    return None


def check(field: Field, value: str, active_emails: set[str]) -> tuple[str | None, str | None]:
    """(the value to store, None) or (None, a message for the user). ``value`` is stripped."""
    if not value:
        if field.required:
            return None, _("Обов'язкове поле.")
        return "", None
    if len(value) > field.limit:
        return None, ngettext("Не довше %(num)s символу.", "Не довше %(num)s символів.",
                              field.limit)
    if any(ch in value for ch in "\r\n\0"):
        return None, _("Лише один рядок.")
    kind = field.kind
    if kind == "email" and not _EMAIL.match(value):
        return None, _("Некоректна адреса електронної пошти.")
    if kind == "url" and not _URL.match(value):
        return None, _("Адреса сайту починається з https:// (або http://).")
    if kind == "edrpou":
        try:
            return _edrpou.validate(value), None
        except _StdnumError:
            return None, _("Некоректний код ЄДРПОУ: 8 цифр із правильною контрольною цифрою.")
    if kind == "iban":
        compact = _iban.compact(value)
        if not compact.startswith("UA") or len(compact) != 29:
            return None, _("IBAN має бути український: UA і ще 27 символів.")
        try:
            return _iban.validate(compact), None
        except _StdnumError:
            return None, _("Некоректний IBAN: не збігається контрольне число — перевірте цифри.")
    if kind == "pattern":
        try:
            validate_pattern(value)
        except PatternError as exc:
            return None, str(exc)
    if kind == "time" and not _TIME.match(value):
        return None, _("Час у форматі ГГ:ХХ, напр. 08:30.")
    if kind == "minimums":
        return _minimums(value)
    if kind == "days":
        return _numbers(value, 1, 20, _("Вкажіть дні числами через кому, напр. «2,1»."))
    if kind == "hours":
        return _numbers(value, 1, 47, _("Вкажіть години числами через кому, напр. «24,4»."))
    if kind == "user":
        if value.lower() not in active_emails:
            return None, _("Оберіть активного користувача.")
        return value.lower(), None
    return value, None
