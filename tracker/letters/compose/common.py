"""What every letter's draft is made of: the plain values (request, people, records)
and the shared opening and sentence helpers. Pure: no app, no database.

The draft is a starting point the official edits; what the Law requires of each kind
(DOMAIN.md §5) is put in by default so that a letter finalised unchanged is lawful.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..content import Council, LetterContent


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


def subject_phrase(subject: str) -> str:
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


def opening(r: RequestInfo) -> str:
    return (f"Розглянувши Ваш запит від {r.received:%d.%m.%Y} щодо "
            f"{subject_phrase(r.subject)}, повідомляємо")


def base(kind: str, c: Common, r: RequestInfo, paragraphs: list[str], **kw) -> LetterContent:
    executor = ", ".join(p for p in (c.executor.name, c.executor.phone) if p)
    return LetterContent(
        kind=kind, council=c.council, date=c.today, number=c.number, ref_number=r.number,
        ref_date=r.received, addressee=r.addressee, addressee_lines=list(r.address_lines),
        paragraphs=paragraphs, signatory_position=c.signatory.position,
        signatory_name=c.signature, executor_line=executor, **kw)


def sentence(text: str) -> str:
    """One clean sentence: whitespace folded, a full stop at the end if it has none."""
    text = " ".join((text or "").split()).strip().rstrip(",;:")
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def responsible(c: Common) -> str:
    return ", ".join(p for p in (c.executor.name, c.executor.position) if p)
