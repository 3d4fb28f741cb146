"""Turn raw registration input (JSON or form values) into checked plain values.

One place for the rules, so the web form and the API refuse the same things with the same
Ukrainian messages. Errors are keyed by field; nested requester fields as ``requester.name``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email

from ..core.errors import ErrorCollector
from ..core.i18n import N_
from ..core.timeutil import parse_iso_moment, parse_user_date
from .models import Category, Channel, Gender, RefusalGround

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")

LIMITS = {"name": 300, "subject": 500, "text": 100_000, "email": 254, "phone": 50,
          "postal_address": 1000, "urgent_reason": 5000, "reason": 5000, "registration_number": 60,
          "holder_name": 300, "holder_address": 1000, "explanation": 10_000}

CATEGORY_LABELS = {
    Category.INDIVIDUAL: N_("фізична особа"),
    Category.LEGAL_ENTITY: N_("юридична особа"),
    Category.ASSOCIATION: N_("об'єднання громадян без статусу юридичної особи"),
    Category.MEDIA: N_("засоби масової інформації"),
}
CHANNEL_LABELS = {
    Channel.EMAIL: N_("електронна пошта"),
    Channel.POST: N_("пошта"),
    Channel.FAX: N_("факс"),
    Channel.PHONE: N_("телефон"),
    Channel.IN_PERSON: N_("особисто"),
    Channel.WEBSITE: N_("вебсайт"),
    Channel.PORTAL: N_("портал «Доступ до правди»"),
}
GENDER_LABELS = {Gender.FEMALE: N_("жіночий"), Gender.MALE: N_("чоловічий")}
GROUND_LABELS = {
    RefusalGround.NOT_HOLDER: "не є розпорядником запитуваної інформації (п. 1 ч. 1 ст. 22)",
    RefusalGround.RESTRICTED: "інформація з обмеженим доступом (п. 2 ч. 1 ст. 22)",
    RefusalGround.UNPAID: "не оплачено витрати на копіювання (п. 3 ч. 1 ст. 22)",
    RefusalGround.INCOMPLETE: "запит не відповідає ч. 5 ст. 19 (п. 4 ч. 1 ст. 22)",
}


@dataclass
class RequesterInput:
    name: str
    category: Category
    gender: Gender | None = None
    email: str | None = None
    postal_address: str | None = None
    phone: str | None = None


@dataclass
class RegistrationInput:
    requester: RequesterInput
    channel: Channel
    received_at: dt.datetime
    subject: str
    text: str = ""
    urgent: bool = False
    urgent_reason: str | None = None
    signed: bool = True
    executor_email: str | None = None
    registration_number: str | None = None
    tags: list[str] | None = None


def clean_text(errors: ErrorCollector, field: str, value: Any, *, required: bool = False,
               limit_key: str | None = None, multiline: bool = True) -> str | None:
    """A stripped string or None; records an error for a missing, too long or binary value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field, "Обов'язкове поле.")
        return None
    if not isinstance(value, str):
        errors.add(field, "Очікується текст.")
        return None
    if "\x00" in value:
        errors.add(field, "Текст містить недопустимий символ (NUL).")
        return None
    # Other control characters (form feeds, escapes…) carry nothing a clerk typed.
    value = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
    if not multiline:
        value = " ".join(value.split())
    limit = LIMITS.get(limit_key or field.rsplit(".", 1)[-1])
    if limit and len(value) > limit:
        errors.add(field, f"Занадто довго: не більше {limit} символів (зараз {len(value)}).")
        return None
    return value


def clean_enum(errors: ErrorCollector, field: str, value: Any, enum_cls, *, required: bool = True):
    if value in (None, ""):
        if required:
            errors.add(field, "Обов'язкове поле.")
        return None
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        errors.add(field, f"Невідоме значення «{value}». Допустимі: {allowed}.")
        return None


def clean_email(errors: ErrorCollector, field: str, value: Any) -> str | None:
    value = clean_text(errors, field, value, multiline=False)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors.add(field, "Неправильна адреса електронної пошти.")
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
    errors.add(field, "Очікується так/ні (true/false).")
    return default


def clean_date(errors: ErrorCollector, field: str, value: Any, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value in (None, ""):
        if required:
            errors.add(field, "Обов'язкове поле.")
        return None
    try:
        return parse_user_date(str(value))
    except ValueError:
        errors.add(field, "Неправильна дата: очікується РРРР-ММ-ДД або ДД.ММ.РРРР.")
        return None


def clean_moment(errors: ErrorCollector, field: str, value: Any, *, tz: ZoneInfo,
                 now: dt.datetime, skew: dt.timedelta) -> dt.datetime | None:
    """An aware moment not in the future; a value without an offset is local (``tz``) time."""
    if value in (None, ""):
        return now
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=tz)
    else:
        try:
            moment = parse_iso_moment(str(value), tz)
        except ValueError:
            errors.add(field, "Неправильний час: очікується ISO 8601, напр. 2018-03-28T10:00.")
            return None
    if moment > now + skew:
        errors.add(field, "Дата надходження не може бути в майбутньому.")
        return None
    if moment.year < 2011:
        errors.add(field, "Дата надходження раніше чинності Закону (2011) — перевірте рік.")
        return None
    return moment


def validate_registration(raw: dict[str, Any], *, tz: ZoneInfo, now: dt.datetime,
                          skew: dt.timedelta) -> RegistrationInput:
    """Check raw registration values; raise ValidationError naming every bad field."""
    errors = ErrorCollector()
    req = raw.get("requester")
    if not isinstance(req, dict):
        errors.add("requester", "Обов'язкове поле: дані запитувача.")
        req = {}
    # A requester without a name is registered but flagged (Art. 19 part 5 item 1),
    # so the name is not required here.
    requester = RequesterInput(
        name=clean_text(errors, "requester.name", req.get("name"), multiline=False) or "",
        category=clean_enum(errors, "requester.category", req.get("category") or "individual",
                            Category),
        gender=clean_enum(errors, "requester.gender", req.get("gender"), Gender, required=False),
        email=clean_email(errors, "requester.email", req.get("email")),
        postal_address=clean_text(errors, "requester.postal_address", req.get("postal_address")),
        phone=clean_text(errors, "requester.phone", req.get("phone"), multiline=False),
    )
    channel = clean_enum(errors, "channel", raw.get("channel"), Channel)
    received_at = clean_moment(errors, "received_at", raw.get("received_at"), tz=tz, now=now,
                               skew=skew)
    subject = clean_text(errors, "subject", raw.get("subject"), required=True, multiline=False)
    text = clean_text(errors, "text", raw.get("text")) or ""
    urgent = clean_bool(errors, "urgent", raw.get("urgent"))
    urgent_reason = clean_text(errors, "urgent_reason", raw.get("urgent_reason"))
    if urgent and not urgent_reason:
        errors.add("urgent_reason", "Для термінового запиту потрібне обґрунтування терміновості "
                                    "(ч. 2 ст. 20 Закону).")
    signed = clean_bool(errors, "signed", raw.get("signed"), default=True)
    executor_email = clean_email(errors, "executor", raw.get("executor"))
    number = clean_text(errors, "registration_number", raw.get("registration_number"),
                        multiline=False)
    tags = raw.get("tags")
    if tags is not None and not isinstance(tags, (list, str)):
        errors.add("tags", "Очікується список міток.")
        tags = None
    errors.raise_if_any()
    return RegistrationInput(tags=tags,
        requester=requester, channel=channel, received_at=received_at, subject=subject,
        text=text, urgent=urgent, urgent_reason=urgent_reason if urgent else None, signed=signed,
        executor_email=executor_email, registration_number=number,
    )


def missing_items(inp: RegistrationInput) -> list[str]:
    """Art. 19 part 5 items a request lacks (registered anyway, but flagged)."""
    missing = []
    if not inp.requester.name:
        missing.append("name")
    if not (inp.requester.email or inp.requester.postal_address):
        missing.append("contact")
    if not (inp.text or "").strip():
        missing.append("description")
    if inp.channel in (Channel.POST, Channel.FAX) and not inp.signed:
        missing.append("signature")
    return missing


MISSING_LABELS = {
    "name": N_("ім'я (найменування) запитувача"),
    "contact": N_("поштова адреса або адреса електронної пошти"),
    "description": N_("загальний опис запитуваної інформації"),
    "signature": N_("підпис і дата (письмовий запит)"),
}
