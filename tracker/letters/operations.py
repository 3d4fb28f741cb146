"""Service functions for reply letters: draft, edit, finalise (with its workflow action),
send through the outbox or mark for printing. Each is one transaction for the caller."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from ..auth import permissions as perm
from ..auth.models import User
from ..core.errors import ErrorCollector, TransitionError
from ..core.models import get_or_raise, record_event
from ..core.timeutil import utcnow
from ..extensions import db
from ..register import deadlines as dl
from ..register import operations as reg
from ..register.models import OPEN_STATUSES, Outcome, RefusalGround, Request, Status
from ..register.settings import current_settings, load_calendar
from ..core.validation import clean_bool, clean_date, clean_enum, clean_text
from . import compose, facts
from .content import LetterContent
from .costs import SHARES, copy_cost
from .models import Letter, LetterActivity, LetterKind, LetterStatus
from .render.docx import render_docx
from .render.pdf import render_pdf

CREATABLE = [k.value for k in LetterKind if k != LetterKind.FORWARDING_HOLDER]


def get_letter(letter_id: int) -> Letter:
    return get_or_raise(Letter, letter_id, "Лист не знайдено.")


# --- drafting --------------------------------------------------------------------------------

def _today() -> dt.date:
    return utcnow().astimezone(current_settings().tz).date()


def clean_fields(kind: LetterKind, raw: dict[str, Any], req: Request) -> dict[str, Any]:
    """The kind's own fields, checked; as JSON-friendly values."""
    e = ErrorCollector()
    f: dict[str, Any] = {}
    if kind == LetterKind.ANSWER:
        result = clean_enum(e, "result", raw.get("result") or "full", Outcome)
        if result not in (None, Outcome.FULL, Outcome.PARTIAL):
            e.add("result", "Допустимі значення: full, partial.")
        f["result"] = result.value if result else None
    elif kind == LetterKind.EXTENSION:
        f["reason"] = clean_text(e, "reason", raw.get("reason"), required=True)
    elif kind == LetterKind.FORWARDING:
        f["holder_name"] = clean_text(e, "holder_name", raw.get("holder_name"), required=True,
                                      multiline=False)
        f["holder_address"] = clean_text(e, "holder_address", raw.get("holder_address"))
    elif kind == LetterKind.REFUSAL:
        ground = clean_enum(e, "ground", raw.get("ground"), RefusalGround)
        f["ground"] = ground.value if ground else None
        f["explanation"] = clean_text(e, "explanation", raw.get("explanation"), required=True)
    elif kind == LetterKind.DEFERRAL:
        f["reason"] = clean_text(e, "reason", raw.get("reason"), required=True)
        new_date = clean_date(e, "new_date", raw.get("new_date"))
        if new_date and new_date <= _today():
            e.add("new_date", "Нова дата має бути пізнішою за сьогоднішню.")
        f["new_date"] = new_date.isoformat() if new_date else None
    elif kind == LetterKind.INVOICE:
        pages = raw.get("pages")
        try:
            pages = int(pages)
            if pages < 1 or pages > 100_000:
                raise ValueError
        except (TypeError, ValueError):
            e.add("pages", "Зазначте кількість сторінок (ціле число від 1).")
            pages = None
        fmt = raw.get("format") or "a4"
        if fmt not in SHARES:
            e.add("format", f"Допустимі формати: {', '.join(SHARES)}.")
        f.update(pages=pages, format=fmt,
                 exempt=clean_bool(e, "exempt", raw.get("exempt"), default=False))
    e.raise_if_any()
    return f


def _check_allowed(kind: LetterKind, req: Request, today: dt.date) -> None:
    """Refuse a letter whose action the request's state does not allow (checked again at
    finalising: the state may change in between)."""
    if kind in (LetterKind.EXTENSION, LetterKind.REFUSAL, LetterKind.DEFERRAL,
                LetterKind.FORWARDING) and req.status not in OPEN_STATUSES:
        raise TransitionError("Запит уже має результат: такий лист не потрібен.")
    if kind == LetterKind.EXTENSION and req.extension_refusal(today):
        raise TransitionError(req.extension_refusal(today))


def _compose(kind: LetterKind, f: dict, req: Request, records, today: dt.date) -> LetterContent:
    common, info = facts.common(req, today), facts.request_info(req)
    if kind == LetterKind.ANSWER:
        return compose.compose_answer(common, info, records, partial=f["result"] == "partial")
    if kind == LetterKind.EXTENSION:
        new_date = dl.extended_due(req.received_at, load_calendar(), current_settings().rules)
        return compose.compose_extension(common, info, f["reason"], new_date)
    if kind == LetterKind.FORWARDING:
        return compose.compose_forwarding(common, info, f["holder_name"], f["holder_address"])
    if kind == LetterKind.REFUSAL:
        return compose.compose_refusal(common, info, f["ground"], f["explanation"])
    if kind == LetterKind.DEFERRAL:
        return compose.compose_deferral(common, info, f["reason"],
                                        dt.date.fromisoformat(f["new_date"]))
    cfg = current_app.config
    cost = copy_cost(f["pages"], f["format"], Decimal(cfg["SUBSISTENCE_MINIMUM"]), f["exempt"])
    return compose.compose_invoice(common, info, cost, f["format"], cfg["COUNCIL_PAYEE"],
                                   cfg["COUNCIL_IBAN"])


def create_letter(actor: User, req: Request, kind: str, fields: dict[str, Any] | None = None,
                  activity_ids: list | None = None) -> Letter:
    """A draft of ``kind`` for ``req`` from the request and the chosen activity records."""
    perm.require_can_act(actor, req)
    e = ErrorCollector()
    kind_ = clean_enum(e, "kind", kind, LetterKind)
    if kind_ == LetterKind.FORWARDING_HOLDER:
        e.add("kind", "Лист розпоряднику створюється разом із повідомленням (forwarding).")
    ids = []
    for value in activity_ids or []:
        try:
            if isinstance(value, bool) or not 0 < int(value) < 2**63:
                raise ValueError
            ids.append(int(value))
        except (TypeError, ValueError):
            e.add("activity_ids", "Очікуються числові ідентифікатори записів.")
            break
    e.raise_if_any()
    today = _today()
    f = clean_fields(kind_, fields or {}, req)
    _check_allowed(kind_, req, today)
    content = _compose(kind_, f, req, facts.records(ids), today)
    letter = Letter(request_id=req.id, request=req, kind=kind_, status=LetterStatus.DRAFT,
                    number=content.number, date=today, fields=f, activity_ids=ids,
                    content=content.to_dict(), created_by_id=actor.id)
    db.session.add(letter)
    db.session.flush()
    for activity_id in dict.fromkeys(ids):
        db.session.add(LetterActivity(letter_id=letter.id, activity_id=activity_id))
    if kind_ == LetterKind.FORWARDING:
        holder = compose.compose_forwarding_to_holder(facts.common(req, today), facts.request_info(req),
                                                      f["holder_name"], f["holder_address"])
        companion = Letter(request_id=req.id, request=req, kind=LetterKind.FORWARDING_HOLDER,
                           status=LetterStatus.DRAFT, number=holder.number, date=today,
                           fields=f, activity_ids=[], content=holder.to_dict(),
                           created_by_id=actor.id)
        db.session.add(companion)
        db.session.flush()
        letter.companion_id = companion.id
    db.session.flush()
    record_event(actor, "letter_drafted", "letter", letter.id, request_id=req.id,
                 after={"kind": kind_.value, "records": len(ids)})
    return letter


def edited_content(letter: Letter, values: dict[str, Any]) -> LetterContent:
    """The letter's content with the official's edits applied (ValidationError if a value
    cannot be taken); what saving stores and what the live preview shows."""
    e = ErrorCollector()
    body = clean_text(e, "text", values.get("text"), required=True)
    addressee = clean_text(e, "addressee", values.get("addressee"), required=True, multiline=False,
                           limit_key="name")
    lines = clean_text(e, "addressee_lines", values.get("addressee_lines")) or ""
    position = clean_text(e, "signatory_position", values.get("signatory_position"),
                          multiline=False, limit_key="name") or ""
    signer = clean_text(e, "signatory_name", values.get("signatory_name"), required=True,
                        multiline=False, limit_key="name")
    e.raise_if_any()
    content = LetterContent.from_dict(letter.content)
    content.set_body_text(body)
    content.addressee, content.addressee_lines = addressee, [
        line.strip() for line in lines.splitlines() if line.strip()]
    content.signatory_position, content.signatory_name = position, signer
    return content


def update_letter(actor: User, letter: Letter, values: dict[str, Any]) -> Letter:
    """Save the official's edits. A finalised letter is frozen: edits make a new version."""
    perm.require_can_act(actor, letter.request)
    if letter.status == LetterStatus.SUPERSEDED:
        raise TransitionError("Це застаріла версія листа: редагуйте новішу.")
    content = edited_content(letter, values)
    if letter.status != LetterStatus.DRAFT:
        letter = _new_version(actor, letter)
        content.date = letter.date
    letter.content = content.to_dict()
    record_event(actor, "letter_edited", "letter", letter.id, request_id=letter.request_id,
                 after={"version": letter.version})
    return letter


def _new_version(actor: User, old: Letter) -> Letter:
    new = Letter(request_id=old.request_id, request=old.request, kind=old.kind,
                 status=LetterStatus.DRAFT, version=old.version + 1, previous_id=old.id,
                 number=old.number, date=_today(), fields=dict(old.fields or {}),
                 activity_ids=list(old.activity_ids or []), content=dict(old.content),
                 created_by_id=actor.id)
    content = LetterContent.from_dict(new.content)
    content.date = new.date
    new.content = content.to_dict()
    db.session.add(new)
    db.session.flush()
    for activity_id in dict.fromkeys(new.activity_ids):
        db.session.add(LetterActivity(letter_id=new.id, activity_id=activity_id))
    return new


# --- finalising: the letter and its workflow action, one transaction -------------------------

def _workflow_action(actor: User, letter: Letter, today: dt.date) -> None:
    req, f = letter.request, letter.fields or {}
    kind = letter.kind
    if kind == LetterKind.REFUSAL and req.status != Status.REFUSED:
        reg.refuse(actor, req, RefusalGround(f["ground"]), f["explanation"], on=today)
    elif kind == LetterKind.EXTENSION and req.status != Status.EXTENDED:
        reg.extend(actor, req, f["reason"], today=today)
    elif kind == LetterKind.DEFERRAL and req.status != Status.DEFERRED:
        reg.defer(actor, req, dt.date.fromisoformat(f["new_date"]), f["reason"], today=today)
    elif kind == LetterKind.FORWARDING and req.status != Status.FORWARDED:
        reg.forward(actor, req, f["holder_name"], f.get("holder_address"), on=today)


def _freeze(actor: User, letter: Letter) -> None:
    content = LetterContent.from_dict(letter.content)
    letterhead = None
    path = current_app.config["LETTERHEAD_DOCX"]
    if path:
        with open(path, "rb") as fh:
            letterhead = fh.read()
    letter.docx = render_docx(content, letterhead)
    letter.pdf = render_pdf(content)
    letter.status, letter.finalized_at, letter.finalized_by_id = (
        LetterStatus.FINAL, utcnow(), actor.id)


def finalize(actor: User, letter: Letter) -> Letter:
    """Freeze the letter (its DOCX and PDF stored) and record what it decides."""
    perm.require_can_act(actor, letter.request)
    if letter.status != LetterStatus.DRAFT:
        raise TransitionError("Остаточним можна зробити лише чернетку.")
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        raise TransitionError("Лист розпоряднику стає остаточним разом із повідомленням.")
    today = _today()
    # The register's action enforces the Law (e.g. no extension after the 5th working day);
    # it is skipped when the official already recorded the same decision on the request.
    _workflow_action(actor, letter, today)
    _freeze(actor, letter)
    if letter.companion_id:
        _freeze(actor, db.session.get(Letter, letter.companion_id))
    # Older versions of this letter step aside.
    if letter.previous_id:
        db.session.execute(update(Letter).where(Letter.id == letter.previous_id,
                                                Letter.status == LetterStatus.DRAFT)
                           .values(status=LetterStatus.SUPERSEDED))
    record_event(actor, "letter_finalized", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": letter.kind.value, "number": letter.number,
                        "version": letter.version})
    return letter


def letters_of(req: Request) -> list[Letter]:
    return list(db.session.scalars(select(Letter).where(Letter.request_id == req.id)
                                   .order_by(Letter.id)).unique())
