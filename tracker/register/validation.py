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

from ..core.errors import ErrorCollector
from ..core.i18n import gettext as _
from ..core.timeutil import parse_iso_moment
from ..core.validation import clean_bool, clean_date, clean_email, clean_enum, clean_text
from .models import Category, Channel, Gender

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
    #: Where replies must go, when it is not the requester's own address: a portal's
    #: request address, or the Reply-To of the message the request came in.
    portal_address: str | None = None
    reply_to: str | None = None
    #: The requester's own number and date of the request letter, if it has them.
    sender_number: str | None = None
    sender_date: dt.date | None = None


_SENDER_PREFIX = re.compile(r"^(?:вих(?:ідний)?(?:\.\s*|\s+))?(?:№|#)?\s*", re.IGNORECASE)


def clean_sender_reference(errors: ErrorCollector, number: Any, date: Any,
                           received: dt.date | None) -> tuple[str | None, dt.date | None]:
    """The requester's own number and date of the letter: both or neither (a reply refers to
    «№ … від …»), the date not after the request arrived."""
    number = clean_text(errors, "sender_number", number, multiline=False,
                        limit_key="registration_number")
    # «вих. № 15» is typed as it stands on the letter: the letter's own «на № …» adds the sign.
    number = _SENDER_PREFIX.sub("", number or "").strip() or None
    day = clean_date(errors, "sender_date", date, required=False)
    if number and day is None and "sender_date" not in errors.errors:
        errors.add("sender_date", _("Зазначте дату документа запитувача: відповідь посилається "
                                    "на його номер і дату."))
    if day is not None and not number and "sender_number" not in errors.errors:
        errors.add("sender_number", _("Зазначте номер документа запитувача (або зітріть дату)."))
    if day is not None and received is not None and day > received:
        errors.add("sender_date", _("Документ запитувача не може бути датований пізніше, ніж "
                                    "він надійшов (%(date)s).", date=received))
    return number, day


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
            errors.add(field, _("Неправильний час: очікується ISO 8601, напр. 2018-03-28T10:00."))
            return None
    if moment > now + skew:
        errors.add(field, _("Дата надходження не може бути в майбутньому."))
        return None
    if moment.year < 2011:
        errors.add(field, _("Дата надходження раніше чинності Закону (2011) — перевірте рік."))
        return None
    return moment


def validate_registration(raw: dict[str, Any], *, tz: ZoneInfo, now: dt.datetime,
                          skew: dt.timedelta) -> RegistrationInput:
    """Check raw registration values; raise ValidationError naming every bad field."""
    errors = ErrorCollector()
    req = raw.get("requester")
    if not isinstance(req, dict):
        errors.add("requester", _("Обов'язкове поле: дані запитувача."))
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
        errors.add("urgent_reason", _("Для термінового запиту потрібне обґрунтування терміновості "
                                      "(ч. 2 ст. 20 Закону)."))
    signed = clean_bool(errors, "signed", raw.get("signed"), default=True)
    executor_email = clean_email(errors, "executor", raw.get("executor"))
    number = clean_text(errors, "registration_number", raw.get("registration_number"),
                        multiline=False)
    portal_address = clean_email(errors, "portal_address", raw.get("portal_address"))
    reply_to = clean_email(errors, "reply_to", raw.get("reply_to"))
    sender_number, sender_date = clean_sender_reference(
        errors, raw.get("sender_number"), raw.get("sender_date"),
        received_at.astimezone(tz).date() if received_at else None)
    tags = raw.get("tags")
    if tags is not None and not isinstance(tags, (list, str)):
        errors.add("tags", _("Очікується список міток."))
        tags = None
    errors.raise_if_any()
    return RegistrationInput(tags=tags,
        requester=requester, channel=channel, received_at=received_at, subject=subject,
        text=text, urgent=urgent, urgent_reason=urgent_reason if urgent else None, signed=signed,
        executor_email=executor_email, registration_number=number,
        portal_address=portal_address, reply_to=reply_to,
        sender_number=sender_number, sender_date=sender_date,
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
