"""Checking raw values (JSON or form input) into plain values, with messages in the
request's language (Ukrainian outside a request).

Each ``clean_*`` takes an ErrorCollector and the field's name, records what is wrong under
that name and returns None (or a default), so a caller checks every field and refuses them
all at once. Pure: no Flask, no database.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from email_validator import EmailNotValidError, validate_email

from .errors import ErrorCollector
from .i18n import gettext as _
from .timeutil import parse_user_date

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")

LIMITS = {"name": 300, "subject": 500, "text": 100_000, "email": 254, "phone": 50,
          "postal_address": 1000, "urgent_reason": 5000, "reason": 5000, "registration_number": 60,
          "holder_name": 300, "holder_address": 1000, "explanation": 10_000}


#: Ids are 32-bit INTEGER keys on PostgreSQL: a larger number is an error there (and beyond
#: 64 bits in SQLite), where it should simply match nothing.
MAX_ROW_ID = 2**31 - 1


def row_id(value: Any) -> int | None:
    """A database id given as text («17») or as a JSON number: ASCII digits only
    (``str.isdigit`` also takes «²», which ``int`` refuses), positive and within the key's
    range (MAX_ROW_ID); None otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ROW_ID else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) < 19:
        return int(value) if int(value) <= MAX_ROW_ID else None
    return None


def tag_text(value: Any) -> str:
    """A tag as stored: control characters and lone surrogates dropped (no database takes
    a NUL, no encoding a surrogate), whitespace folded, lower case, at most 50 characters."""
    text = "".join(ch for ch in str(value) if not (ch < " " or "\x7f" <= ch <= "\x9f"
                                                 or "\ud800" <= ch <= "\udfff"))
    return " ".join(text.split()).lower()[:50]


def has_surrogates(value: str) -> bool:
    """A lone surrogate (U+D800–U+DFFF, which JSON can carry as «\\ud800»): no encoding can
    store or print it."""
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def clean_text(errors: ErrorCollector, field: str, value: Any, *, required: bool = False,
               limit_key: str | None = None, multiline: bool = True) -> str | None:
    """A stripped string or None; records an error for a missing, too long or binary value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field, _("Обов'язкове поле."))
        return None
    if not isinstance(value, str):
        errors.add(field, _("Очікується текст."))
        return None
    if "\x00" in value:
        errors.add(field, _("Текст містить недопустимий символ (NUL)."))
        return None
    if has_surrogates(value):
        errors.add(field, _("Текст містить недопустимі символи (неповні пари UTF-16)."))
        return None
    # Other control characters (form feeds, escapes…) carry nothing a clerk typed.
    value = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
    if not multiline:
        value = " ".join(value.split())
    limit = LIMITS.get(limit_key or field.rsplit(".", 1)[-1])
    if limit and len(value) > limit:
        errors.add(field, _("Занадто довго: не більше %(limit)s символів (зараз %(length)s).",
                             limit=limit, length=len(value)))
        return None
    return value


def clean_enum(errors: ErrorCollector, field: str, value: Any, enum_cls, *, required: bool = True):
    if value in (None, ""):
        if required:
            errors.add(field, _("Обов'язкове поле."))
        return None
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        errors.add(field, _("Невідоме значення «%(value)s». Допустимі: %(allowed)s.", value=value,
                             allowed=allowed))
        return None


def clean_email(errors: ErrorCollector, field: str, value: Any) -> str | None:
    value = clean_text(errors, field, value, multiline=False)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors.add(field, _("Неправильна адреса електронної пошти."))
        return None


def clean_bool(errors: ErrorCollector, field: str, value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "1", "y", "yes", "on"}:
        return True
    if isinstance(value, str) and value.lower() in {"false", "0", "n", "no", "off"}:
        return False
    errors.add(field, _("Очікується так/ні (true/false)."))
    return default


def clean_date(errors: ErrorCollector, field: str, value: Any, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value in (None, ""):
        if required:
            errors.add(field, _("Обов'язкове поле."))
        return None
    try:
        return parse_user_date(str(value))
    except ValueError:
        errors.add(field, _("Неправильна дата: очікується РРРР-ММ-ДД або ДД.ММ.РРРР."))
        return None
