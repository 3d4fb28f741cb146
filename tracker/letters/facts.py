"""The facts a letter is drafted from: the council, the signatory, the request, the chosen
activity records and the outgoing number, as the plain values compose.py takes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..activities.models import ActivityRecord, Report
from ..auth.models import Role, User
from ..auth.queries import user_by_email
from ..core.council_settings import setting
from ..core.errors import ValidationError
from ..core.i18n import N_, Note
from ..core.sequences import next_sequence
from ..extensions import db
from ..register.models import Category, Request
from ..register.numbering import format_index
from ..register.settings import current_settings
from ..intake.models import Attachment
from . import compose, grammar
from .content import DATE_MARK, Council
from .costs import FREE_PAGES
from .models import Letter, LetterCounter
from .names import genitive, person_dative, signature_name


def council() -> Council:
    c = setting
    return Council(name=c("COUNCIL_NAME"), unit=c("COUNCIL_UNIT"), address=c("COUNCIL_ADDRESS"),
                   phone=c("COUNCIL_PHONE"), email=c("COUNCIL_EMAIL"),
                   website=c("COUNCIL_WEBSITE"), edrpou=c("COUNCIL_EDRPOU"),
                   head_title=c("COUNCIL_HEAD_TITLE"))


def default_signatory() -> User | None:
    email = setting("LETTER_SIGNATORY")
    if email:
        user = user_by_email(email)
        if user is not None:
            return user
    return db.session.scalar(select(User).where(User.role == Role.HEAD, User.active.is_(True))
                             .order_by(User.id))


def official_name(user: User) -> str:
    """«Коваль Ірина Петрівна» from the user's «Ірина Коваль» and patronymic «Петрівна»
    (names of users are written given name first); the name as written without one."""
    parts = (user.name or "").split()
    if not user.patronymic or len(parts) != 2:
        return user.name or ""
    given, family = parts
    return f"{family} {given} {user.patronymic}"


def _is_person(r) -> bool:
    return r.gender is not None or r.category == Category.INDIVIDUAL


def addressee(r) -> tuple[str, str | None]:
    """The addressee line: a person's name in the dative (with a warning for the editor
    where it could not be inflected safely: then it is kept as written); an organisation's
    name in the nominative, as ДСТУ 4163:2020 writes a body addressed as such."""
    if _is_person(r):
        return person_dative(r.name, r.gender.value if r.gender else None)
    return r.name, None


def requester_genitive(r) -> str:
    if _is_person(r):
        return genitive(r.name, r.gender.value if r.gender else None)
    return grammar.inflect_phrase(r.name, "gent") or r.name


def request_info(req: Request) -> compose.RequestInfo:
    r = req.requester
    address = req.portal_address or req.reply_to or r.email
    lines = [f"e-mail: {address}"] if address else []
    if not address and r.postal_address:
        lines = [line.strip() for line in r.postal_address.splitlines() if line.strip()]
    tz = current_settings().tz
    return compose.RequestInfo(number=req.registration_number,
                               received=req.received_at.astimezone(tz).date(),
                               subject=req.subject, requester_name=r.name,
                               addressee=addressee(r)[0], address_lines=lines,
                               sender_number=req.sender_number, sender_date=req.sender_date)


def records(ids: list[int]) -> list[compose.RecordInfo]:
    if not ids:
        return []
    rows = db.session.scalars(select(ActivityRecord).where(ActivityRecord.id.in_(ids))).unique().all()
    found = {r.id: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({"activity_ids": [_("Записів не знайдено: %(ids)s.", ids=missing)]})
    out = []
    for i in ids:
        r = found[i]
        out.append(compose.RecordInfo(
            measure=r.measure, text=r.text, category=r.category.name if r.category else None,
            category_order=r.category.position if r.category else 999, planned=r.planned,
            financed=r.financed, percent_stated=r.percent_stated,
            programme=r.programme.title if r.programme else None,
            period=r.report.period_label if r.report else None, quantities=r.quantities or []))
    return out


def stated_total(ids: list[int]):
    """The total percent the report states, when the letter's table is that report's whole
    table (every record of one report chosen): then the computed total can be held to it."""
    if not ids:
        return None
    report_ids = set(db.session.scalars(select(ActivityRecord.report_id)
                                        .where(ActivityRecord.id.in_(ids))))
    if len(report_ids) != 1 or None in report_ids:
        return None
    report_id = report_ids.pop()
    every = set(db.session.scalars(select(ActivityRecord.id)
                                   .where(ActivityRecord.report_id == report_id)))
    if every != set(ids):
        return None
    return db.session.scalar(select(Report.stated_total_percent).where(Report.id == report_id))


def number(req: Request, today: dt.date, companion_of: str | None = None) -> str:
    """The outgoing index: the next of the yearly outgoing register, or the request's own
    index; a second letter of the same step (to the holder) is told apart by "/1"."""
    cfg = current_app.config
    if cfg["OUTGOING_INDEX"] != "register":
        return f"{req.registration_number}/1" if companion_of else req.registration_number
    return format_index(cfg["OUTGOING_PATTERN"], seq=next_sequence(today.year, LetterCounter), year=today.year,
                        letter="", dept=setting("INDEX_DEPT"), suffix=setting("INDEX_SUFFIX"))


def common(req: Request, today: dt.date, companion_of: str | None = None) -> compose.Common:
    signer = default_signatory()
    executor = req.executor
    return compose.Common(
        council=council(), today=today, number=number(req, today, companion_of),
        signatory=compose.Person(name=signer.name if signer else "",
                                 position=(signer.position or "") if signer else ""),
        executor=compose.Person(name=executor.name if executor else "",
                                position=(executor.position or "") if executor else "",
                                phone=(executor.phone or "") if executor else "",
                                full_name=official_name(executor) if executor else ""),
        signature=signature_name(signer.name) if signer else "")


def holder(f: dict) -> compose.Holder:
    """The proper holder, named in the dative with a pronoun that agrees (a warning where
    the name could not be inflected: the official writes the form)."""
    name = f["holder_name"]
    inflected = grammar.inflect_phrase(name, "datv")
    result = compose.Holder(name=name, dative=inflected or name,
                            pronoun=grammar.relative_pronoun(name),
                            address=f.get("holder_address"), reason=f.get("holder_reason") or "")
    if inflected is None:
        result.warnings.append(Note(N_("Не вдалося відмінити назву розпорядника «%(name)s»: "
                                       "перевірте давальний відмінок у тексті."), name=name))
    return result


def forwarded(req: Request, notice) -> compose.ForwardedRequest:
    """What the proper holder needs: who asked and how to reach them, and the request."""
    r = req.requester
    contacts = [r.name]
    address = req.portal_address or req.reply_to or r.email
    if address:
        contacts.append(f"e-mail: {address}")
    if r.postal_address:
        contacts.append("поштова адреса: " + ", ".join(
            line.strip() for line in r.postal_address.splitlines() if line.strip()))
    if r.phone:
        contacts.append(f"тел. {r.phone}")
    return compose.ForwardedRequest(
        requester_genitive=requester_genitive(r),
        contact_lines=contacts, text=req.text or req.subject,
        notice_number=f"від {DATE_MARK} № {notice.number}")


def request_attachments(req: Request) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.request_id == req.id)
                                   .order_by(Attachment.id)))


def unpaid_copies(invoice_id: int | None) -> compose.UnpaidCopies | None:
    """The sent cost notice a refusal for unpaid costs refers to: its date, number, and
    the pages and sum it charged for."""
    invoice = db.session.get(Letter, invoice_id) if invoice_id else None
    if invoice is None:
        return None
    f = invoice.fields or {}
    return compose.UnpaidCopies(date=invoice.date, number=invoice.number,
                                charged_pages=max(int(f.get("pages") or 0) - FREE_PAGES, 0),
                                amount=Decimal(f.get("amount") or 0))
