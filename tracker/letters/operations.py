"""Service functions for reply letters: draft, edit, finalise (signed at once when the
signatory finalises). Approval is in approval.py, sending in delivery.py. Each is one
transaction for the caller."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth import permissions as perm
from ..auth.models import User
from ..core.council_settings import setting
from ..core.errors import ErrorCollector, TransitionError
from ..core.i18n import N_, Note, translated
from ..core.models import get_or_raise, record_event
from ..extensions import db
from ..register import deadlines as dl
from ..register.models import WRITTEN_CHANNELS, Channel, RefusalGround, Request
from ..register.settings import current_settings, load_calendar
from ..core.validation import clean_enum, clean_text, row_id
from . import approval, approval_mail, compose, facts, files, grammar, rules, signing
from .fields import HARM_TEST, clean_fields
from .content import LetterContent
from .costs import FREE_PAGES, copy_cost_on, parse_minimums
from .delivery import recipient
from .typography import typography
from .payment import payment_problems
from .models import Letter, LetterActivity, LetterKind, LetterStatus


CREATABLE = [k.value for k in LetterKind if k != LetterKind.FORWARDING_HOLDER]


def get_letter(letter_id: int) -> Letter:
    return get_or_raise(Letter, letter_id, _("Лист не знайдено."))


# --- drafting --------------------------------------------------------------------------------

def _compose(kind: LetterKind, f: dict, req: Request, ids: list[int],
             today: dt.date, holder_number: str | None = None) -> LetterContent:
    common, info = facts.common(req, today), facts.request_info(req)
    if kind == LetterKind.ANSWER:
        partial = f["result"] == "partial"
        return compose.compose_answer(common, info, facts.records(ids), partial=partial,
                                      stated_total_percent=facts.stated_total(ids),
                                      refused_parts=f.get("refused_parts"),
                                      refusal=_refusal(f) if partial else None)
    if kind == LetterKind.EXTENSION:
        new_date = dl.extended_due(req.received_at, load_calendar(), current_settings().rules)
        return compose.compose_extension(common, info, f["reason"], new_date)
    if kind == LetterKind.FORWARDING:
        return compose.compose_forwarding(common, info, facts.holder(f), holder_number)
    if kind == LetterKind.REFUSAL:
        refusal = _refusal(f)
        return compose.compose_refusal(common, info, f["ground"], f["explanation"],
                                       refusal.test, refusal.unpaid)
    if kind == LetterKind.DEFERRAL:
        return compose.compose_deferral(common, info, f["reason"],
                                        dt.date.fromisoformat(f["new_date"]))
    decision = (setting("COPY_RATE_DECISION") or "").strip()
    cost = copy_cost_on(today, f["pages"], f["format"], f["exempt"], rate_set=bool(decision),
                        overrides=parse_minimums(setting("SUBSISTENCE_MINIMUM_BY_YEAR")))
    # What the draft charges and promises to attach; both are checked when finalising.
    f["amount"] = str(cost.amount)
    f["attached_pages"] = min(f["pages"], FREE_PAGES) if cost.charges else f["pages"]
    content = compose.compose_invoice(common, info, cost, f["format"], setting("COUNCIL_PAYEE"),
                                      setting("COUNCIL_IBAN"), edrpou=setting("COUNCIL_PAYEE_EDRPOU"),
                                      decision=decision, attached_pages=f["attached_pages"],
                                      exempt_ground=f.get("exempt_ground"))
    content.attachments = []  # the files attached to the letter are listed instead
    return content


def _refusal(f: dict) -> compose.Refusal:
    test = (compose.HarmTest(**{name: f[name] for name in HARM_TEST})
            if f.get("ground") == RefusalGround.RESTRICTED.value else None)
    return compose.Refusal(ground=f["ground"], explanation=f["explanation"], test=test,
                           unpaid=facts.unpaid_copies(f.get("invoice_id")))


def _clean_ids(e: ErrorCollector, activity_ids: list | None) -> list[int]:
    ids = []
    for value in activity_ids or []:
        if row_id(value) is None:
            e.add("activity_ids", _("Очікуються числові ідентифікатори записів."))
            break
        ids.append(row_id(value))
    return ids


def create_letter(actor: User, req: Request, kind: str, fields: dict[str, Any] | None = None,
                  activity_ids: list | None = None) -> Letter:
    """A draft of ``kind`` for ``req`` from the request and the chosen activity records."""
    perm.require_can_act(actor, req)
    e = ErrorCollector()
    kind_ = clean_enum(e, "kind", kind, LetterKind)
    if kind_ == LetterKind.FORWARDING_HOLDER:
        e.add("kind", _("Лист розпоряднику створюється разом із повідомленням (forwarding)."))
    ids = _clean_ids(e, activity_ids)
    e.raise_if_any()
    today = rules.today()
    f = clean_fields(kind_, fields or {}, req)
    rules.check(kind_, req, today)
    rules.require_executor(kind_, req)  # the draft's text names them
    if ids and kind_ != LetterKind.ANSWER:
        facts.records(ids)  # unknown ids are an error for every kind
    # The letter to the holder has its own number, which the notice cites.
    holder_common = (facts.common(req, today, companion_of="notice")
                     if kind_ == LetterKind.FORWARDING else None)
    content = _compose(kind_, f, req, ids, today,
                       holder_common.number if holder_common else None)
    if warning := facts.addressee(req.requester)[1]:
        content.warnings.append(warning)
    letter = _new_letter(actor, req, kind_, content, f, ids, today)
    if kind_ == LetterKind.FORWARDING:
        letter.companion = _holder_letter(actor, req, f, letter, today, holder_common)
        db.session.flush()
        letter.companion_id = letter.companion.id
    db.session.flush()
    record_event(actor, "letter_drafted", "letter", letter.id, request_id=req.id,
                 after={"kind": kind_.value, "records": len(ids)})
    return letter


def _new_letter(actor: User, req: Request, kind: LetterKind, content: LetterContent,
                f: dict, ids: list[int], today: dt.date) -> Letter:
    signer = facts.default_signatory()
    if kind == LetterKind.FORWARDING and (warning := rules.forwarding_warning(req, today)):
        content.warnings.append(warning)
    name = setting("COUNCIL_NAME")
    name = name[0] + name[1:].lower() if name.isupper() else name
    content.warnings += rules.drafting_warnings(kind, f, req, name,
                                                grammar.inflect_phrase(name, "gent"))
    refuses = kind in (LetterKind.REFUSAL, LetterKind.DEFERRAL) or f.get("result") == "partial"
    if refuses and req.executor is not None and not req.executor.patronymic:
        content.warnings.append(Note(N_("У профілі виконавця «%(name)s» не зазначено по "
                                        "батькові: закон вимагає повне ім'я відповідальної "
                                        "особи."), name=req.executor.name))
    letter = Letter(request_id=req.id, request=req, kind=kind, status=LetterStatus.DRAFT,
                    number=content.number, date=today, fields=f, activity_ids=ids,
                    content=content.to_dict(), created_by_id=actor.id,
                    signatory_id=signer.id if signer else None)
    db.session.add(letter)
    db.session.flush()
    for activity_id in dict.fromkeys(ids):
        db.session.add(LetterActivity(letter_id=letter.id, activity_id=activity_id))
    return letter


#: Requests that arrive as a paper the requester wrote (and signed, where the Law asks).
PAPER_CHANNELS = WRITTEN_CHANNELS | {Channel.IN_PERSON}


def _holder_letter(actor: User, req: Request, f: dict, notice: Letter, today: dt.date,
                   common: compose.Common) -> Letter:
    """The letter to the proper holder that carries the request, its own outgoing number,
    and the request's files forwarded with it."""
    content = compose.compose_forwarding_to_holder(common, facts.request_info(req),
                                                   facts.holder(f), facts.forwarded(req, notice))
    letter = _new_letter(actor, req, LetterKind.FORWARDING_HOLDER, content, f, [], today)
    forwarded_files = facts.request_attachments(req)
    for attachment in forwarded_files:
        files.copy_request_attachment(actor, letter, attachment)
    if req.channel in PAPER_CHANNELS and not forwarded_files:
        # The holder answers a written request it can see signed: the text retyped in the
        # letter is not the request (Art. 19 part 5, Art. 22 part 3).
        content = LetterContent.from_dict(notice.content)
        content.warnings.append(Note(N_(
            "Запит надійшов на папері, а його скану немає: додайте до листа розпоряднику "
            "скан або оригінал запиту — у листі він стане додатком.")))
        notice.content = content.to_dict()
    return letter


def stale_reference(letter: Letter) -> list[str]:
    """A draft whose «на № … від …» no longer matches the request (its number or the
    requester's own number and date corrected since): said, since the line is not edited."""
    content = LetterContent.from_dict(letter.content)
    if letter.status != LetterStatus.DRAFT or not content.ref_number:
        return []
    number, day = facts.request_info(letter.request).reference
    if (content.ref_number, content.ref_date) == (number, day):
        return []
    return [_("Реквізити запиту виправлено після складання чернетки: лист посилається на "
              "«№ %(old)s від %(old_date)s», а тепер це «№ %(new)s від %(new_date)s». "
              "Складіть лист заново.", old=content.ref_number,
              old_date=f"{content.ref_date:%d.%m.%Y}", new=number, new_date=f"{day:%d.%m.%Y}")]


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
    content.set_body_text(typography(body, apostrophe=None))
    content.addressee, content.addressee_lines = addressee, [
        line.strip() for line in lines.splitlines() if line.strip()]
    content.signatory_position, content.signatory_name = position, signer
    return content


def update_letter(actor: User, letter: Letter, values: dict[str, Any]) -> Letter:
    """Save the official's edits. A finalised letter is frozen: edits make a new version."""
    perm.require_can_act(actor, letter.request)
    if letter.status == LetterStatus.SUPERSEDED:
        raise TransitionError(_("Це застаріла версія листа: редагуйте новішу."))
    content = edited_content(letter, values)
    if letter.status != LetterStatus.DRAFT:
        letter = _new_versions(actor, letter)
        content.date = letter.date
    letter.content = content.to_dict()
    record_event(actor, "letter_edited", "letter", letter.id, request_id=letter.request_id,
                 after={"version": letter.version})
    return letter


#: A letter that has not left: a new version replaces it (it can no longer be sent).
REPLACEABLE = (LetterStatus.FINAL, LetterStatus.FAILED, LetterStatus.TO_PRINT)


def _new_versions(actor: User, letter: Letter) -> Letter:
    """A new draft version of ``letter``; a forwarding pair (the notice and the letter to
    the holder) always gets new versions together, so a notice never leaves without its
    holder letter. Returns the new version of ``letter`` itself."""
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        notice = db.session.scalar(select(Letter).where(Letter.companion_id == letter.id))
        if notice is not None:
            return _new_versions(actor, notice).companion
    new = _new_version(actor, letter)
    if letter.companion_id:
        new.companion = _new_version(actor, letter.companion)
        db.session.flush()
        new.companion_id = new.companion.id
    return new


def _new_version(actor: User, old: Letter) -> Letter:
    new = Letter(request_id=old.request_id, request=old.request, kind=old.kind,
                 status=LetterStatus.DRAFT, version=old.version + 1, previous_id=old.id,
                 number=old.number, date=rules.today(), fields=dict(old.fields or {}),
                 activity_ids=list(old.activity_ids or []), content=dict(old.content),
                 created_by_id=actor.id, signatory_id=old.signatory_id)
    content = LetterContent.from_dict(new.content)
    content.date = new.date
    new.content = content.to_dict()
    db.session.add(new)
    db.session.flush()
    for activity_id in dict.fromkeys(new.activity_ids):
        db.session.add(LetterActivity(letter_id=new.id, activity_id=activity_id))
    files.copy_released(old, new)
    if old.status in REPLACEABLE:
        old.status = LetterStatus.SUPERSEDED
    record_event(actor, "letter_versioned", "letter", new.id, request_id=new.request_id,
                 before={"letter": old.id, "status": old.status.value},
                 after={"version": new.version})
    return new


# --- finalising: frozen, and signed at once when the signatory finalises ----------------------

def finalize(actor: User, letter: Letter) -> Letter:
    """Freeze the letter (its DOCX and PDF stored, dated today) for the signatory to approve;
    the signatory's own letter counts as approved when they finalise it."""
    perm.require_can_act(actor, letter.request)
    if letter.status != LetterStatus.DRAFT:
        raise TransitionError(_("Остаточним можна зробити лише чернетку."))
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        raise TransitionError(_("Лист розпоряднику стає остаточним разом із повідомленням."))
    today = rules.today()
    rules.check(letter.kind, letter.request, today)
    _check_invoice(letter, today)
    _check_answer(letter)
    if approval.may_approve(actor, letter):
        approval.sign(actor, letter)
    else:
        for each in (letter, letter.companion) if letter.companion_id else (letter,):
            signing.freeze(actor, each, today)
        approval_mail.waiting(letter, actor)
    record_event(actor, "letter_finalized", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": letter.kind.value, "number": letter.number,
                        "version": letter.version, "approved": letter.approved})
    return letter


def _check_answer(letter: Letter) -> None:
    """An answer carries the information itself (DOMAIN.md §5): not just its opening."""
    if letter.kind != LetterKind.ANSWER:
        return
    content = LetterContent.from_dict(letter.content)
    if (len(content.paragraphs) + len(content.closing) <= 1 and content.table is None
            and not files.released_pages(letter)):
        raise TransitionError(_("Відповідь не містить інформації: оберіть записи, допишіть "
                                "текст або додайте документи — відповідь має містити саму "
                                "інформацію."))


def _check_invoice(letter: Letter, today: dt.date) -> None:
    """An invoice charges what the rate in force today gives, to a real payee and account,
    and carries the copies it promises (the first 10 pages go within the term)."""
    if letter.kind != LetterKind.INVOICE:
        return
    f = letter.fields or {}
    decision = (setting("COPY_RATE_DECISION") or "").strip()
    cost = copy_cost_on(today, f["pages"], f["format"], f.get("exempt", False),
                        overrides=parse_minimums(setting("SUBSISTENCE_MINIMUM_BY_YEAR")),
                        rate_set=bool(decision))
    if "amount" in f and Decimal(f["amount"]) != cost.amount:
        raise TransitionError(_("Розмір плати змінився після складання чернетки (новий рік "
                                "або рішення ради): складіть повідомлення заново."))
    if cost.charges:
        problems = payment_problems(setting("COUNCIL_PAYEE"), setting("COUNCIL_PAYEE_EDRPOU"),
                                    setting("COUNCIL_IBAN"), decision)
        if problems:
            raise TransitionError(" ".join(translated(p) for p in problems))
    promised, attached = f.get("attached_pages", 0), files.released_pages(letter)
    if attached < promised and recipient(letter)[0]:  # by post, paper copies go in the envelope
        raise TransitionError(_("Лист обіцяє копії на %(promised)s арк., а до нього додано "
                                "%(attached)s арк.: додайте файли копій у розділі «Файли "
                                "листа».", promised=promised, attached=attached))


def letters_of(req: Request) -> list[Letter]:
    return list(db.session.scalars(select(Letter).where(Letter.request_id == req.id)
                                   .order_by(Letter.id)).unique())
