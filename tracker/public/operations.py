"""Service functions of the public side: file a request (the form and the API), reply to one,
e-mail the status link, and the clerk's spam mark and urgency decision. They never commit.

Who registers a request filed by the public? Nobody on the staff: the actor is the system
(``None``, as for jobs), so ``registered_by`` and the Events' actor are empty and the timeline
reads «система»; the Event "registered_online" records that it came through the website or
the API (``via``). No service account exists that could be logged into or lose its password.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..auth.models import User
from ..auth.permissions import REGISTRARS, require_role
from ..core.errors import ErrorCollector, TransitionError, ValidationError
from ..core.i18n import N_
from ..core.models import Event, record_event
from ..core.timeutil import utcnow
from ..core.validation import clean_text
from ..extensions import db
from ..intake.models import IntakeMessage, IntakeStatus
from ..intake.operations import attach_to_request
from ..register.duplicates import duplicate_candidates
from ..intake.request_files import check_file
from ..register.models import RUNNING_STATUSES, Channel, Request, Requester
from ..register.operations import compute_due, register_request
from ..register.settings import current_settings, load_calendar
from ..register.validation import RegistrationInput, validate_registration
from . import codes, filing, mail

REQUESTER_KEYS = ("name", "category", "email", "postal_address", "phone")
SUBJECT_FROM_TEXT = 120
URGENCY_ACTIONS = ("urgency_confirmed", "urgency_rejected")


def _subject_from(text: Any) -> str | None:
    """A request's short subject from its text's first line, when the requester gave none."""
    if not isinstance(text, str) or not text.strip():
        return None
    line = " ".join(text.strip().splitlines()[0].split())
    if len(line) <= SUBJECT_FROM_TEXT:
        return line
    return line[:SUBJECT_FROM_TEXT].rsplit(" ", 1)[0] + "…"


def clean_submission(raw: Any) -> RegistrationInput:
    """The form's or the API's values as a registration (channel «website», received now).
    Unlike a paper request, ours must carry the Art. 19 part 5 items: a name, an address
    for the answer (e-mail or postal) and a description. Every bad field is named at once."""
    if not isinstance(raw, dict):
        raise ValidationError({"body": [N_("Очікується JSON-об'єкт.")]})
    given = raw.get("requester")
    requester = {k: given.get(k) for k in REQUESTER_KEYS} if isinstance(given, dict) else given
    subject = raw.get("subject")
    if subject is None or (isinstance(subject, str) and not subject.strip()):
        subject = _subject_from(raw.get("text"))
    values = {"requester": requester, "channel": Channel.WEBSITE.value, "received_at": None,
              "subject": subject, "text": raw.get("text"), "urgent": raw.get("urgent"),
              "urgent_reason": raw.get("urgent_reason")}
    settings = current_settings()
    errors = ErrorCollector()
    inp = None
    try:
        inp = validate_registration(values, tz=settings.tz, now=utcnow(),
                                    skew=settings.future_skew)
    except ValidationError as exc:
        errors.errors.update({k: list(v) for k, v in exc.errors.items()})
    r = requester if isinstance(requester, dict) else {}

    def blank(value):
        return value is None or (isinstance(value, str) and not value.strip())
    if isinstance(given, dict) and blank(r.get("name")) and "requester.name" not in errors.errors:
        errors.add("requester.name", N_("Зазначте ім'я (найменування) запитувача (ч. 5 ст. 19 "
                                        "Закону)."))
    if isinstance(given, dict) and blank(r.get("email")) and blank(r.get("postal_address")):
        errors.add("requester.email", N_("Зазначте адресу електронної пошти або поштову адресу: "
                                         "на неї надійде відповідь (ч. 5 ст. 19 Закону)."))
    if blank(raw.get("text")) and "text" not in errors.errors:
        errors.add("text", N_("Опишіть інформацію, яку ви запитуєте (ч. 5 ст. 19 Закону)."))
    errors.raise_if_any()
    return inp


def check_files(files: list[tuple[str | None, bytes | None]], limit: int,
                field_name: str = "files") -> list[tuple[str, str, bytes]]:
    """(name, MIME type, content) of each file, checked as the clerk's uploads are; an error
    on ``field_name`` names every file refused."""
    errors = ErrorCollector()
    files = [(n, d) for n, d in files if n or d]
    if len(files) > limit:
        errors.add(field_name, N_("Забагато файлів: не більше %(n)s.") % {"n": limit})
    out = []
    for filename, data in files[:limit]:
        one = ErrorCollector()
        name, mime = check_file(one, field_name, filename, data)
        for message in one.errors.get(field_name, []):
            errors.add(field_name, f"«{name or filename}»: {message}")
        out.append((name, mime, data))
    errors.raise_if_any()
    return out


@dataclass
class Filed:
    request: Request
    #: The status page's code: given once (on the page, in the confirmation), kept as a hash.
    code: str
    duplicates: list[Request] = field(default_factory=list)


def submit(inp: RegistrationInput, files: list[tuple[str, str, bytes]], *, via: str) -> Filed:
    """Register a request from the public form (``via`` "form") or API ("api") at once, by
    the same function as the clerk's form; keep what was sent with it; flag a likely
    duplicate (the same e-mail, nearly the same text within 30 days) for the clerk; queue
    the confirmation to the requester's e-mail."""
    req = register_request(None, inp)
    filing.file_with(req, name=inp.requester.name, email=inp.requester.email,
                     subject=req.subject, text=req.text, files=files,
                     status=IntakeStatus.REGISTERED)
    code = codes.issue(req, "confirmation")
    duplicates = duplicate_candidates(inp.requester.email, inp.text or "", exclude=req.id,
                                      name=inp.requester.name)
    record_event(None, "registered_online", "request", req.id, request_id=req.id, after={
        "via": via, "attachments": len(files),
        "duplicates": ", ".join(d.registration_number for d in duplicates) or None})
    mail.confirmation(req, code)
    return Filed(req, code, duplicates)


def reply(req: Request, text: Any, files: list[tuple[str, str, bytes]]) -> IntakeMessage:
    """The requester's clarification or reply, filed with the request as a follow-up (as
    intake files one: the timeline's «Отримано лист у листуванні»); whoever works on it is
    told by e-mail."""
    errors = ErrorCollector()
    if req.voided_at is not None:  # the page offers no form; a stale one is refused
        errors.add("text", _("Реєстрацію цього запиту анульовано: уточнення надсилайте до "
                             "запиту, за яким його розглядають."))
    text = clean_text(errors, "text", text, required=True)
    errors.raise_if_any()
    item = filing.file_with(req, name=req.requester.name, email=req.requester.email,
                            subject=f"Уточнення до запиту № {req.registration_number}",
                            text=text, files=files, status=IntakeStatus.PENDING)
    attach_to_request(None, item, req)
    mail.reply_notice(req, item.id)
    return item


def send_status_link(index: str | None, email: str | None) -> int:
    """E-mail a new status link for request ``index`` to its requester's address when
    ``email`` is that address; how many were sent (the page says the same either way)."""
    index, email = " ".join((index or "").split())[:60], (email or "").strip().lower()[:254]
    if not index or not email:
        return 0
    found = db.session.scalars(select(Request).join(Requester).where(
        Request.registration_number == index, func.lower(Requester.email) == email)
        .order_by(Request.id.desc()).limit(3)).unique().all()
    for req in found:
        mail.status_link(req, codes.issue(req, "resent"))
        record_event(None, "status_link_sent", "request", req.id, request_id=req.id)
    return len(found)


def mark_spam(actor: User, req: Request, spam: bool) -> Request:
    """Mark a request as spam (left out of the statistics) or take the mark back."""
    require_role(actor, REGISTRARS, N_("позначати запити як спам"))
    if spam == (req.spam_marked_at is not None):
        return req  # already so: no Event
    before = {"spam_marked_at": req.spam_marked_at.isoformat() if req.spam_marked_at else None}
    req.spam_marked_at = utcnow() if spam else None
    req.spam_marked_by_id = getattr(actor, "id", None) if spam else None
    record_event(actor, "spam_marked" if spam else "spam_unmarked", "request", req.id,
                 request_id=req.id, before=before, after={
                     "spam_marked_at": req.spam_marked_at.isoformat() if spam else None})
    return req


def urgency_decided(req: Request) -> bool:
    return db.session.scalar(select(func.count(Event.id)).where(
        Event.request_id == req.id, Event.action.in_(URGENCY_ACTIONS))) > 0


def decide_urgency(actor: User, req: Request, confirm: bool) -> Request:
    """The clerk's decision on urgency the requester claimed (Art. 20 part 2). The 48 hours
    run from receipt until then; a rejection sets the term registration gives a request that
    is not urgent (5 working days)."""
    require_role(actor, REGISTRARS, N_("вирішувати щодо терміновості"))
    if not req.urgent:
        raise TransitionError(N_("Запит не позначено як терміновий."))
    if urgency_decided(req):
        raise TransitionError(N_("Щодо терміновості цього запиту вже вирішено."))
    if not confirm and req.status not in RUNNING_STATUSES:
        raise TransitionError(N_("Строк цього запиту вже змінено або на нього вже відповіли: "
                                 "терміновість не відхиляється."))
    before = {"due_date": req.due_date.isoformat(),
              "due_at": req.due_at.isoformat() if req.due_at else None}
    if not confirm:
        settings = current_settings()
        req.urgent = False
        req.due_date, req.due_at, req.standard_due_date = compute_due(
            req.received_at, False, load_calendar(), settings)
    record_event(actor, "urgency_confirmed" if confirm else "urgency_rejected", "request",
                 req.id, request_id=req.id, before=before, after={
                     "due_date": req.due_date.isoformat(),
                     "due_at": req.due_at.isoformat() if req.due_at else None})
    return req


def clerk_panel(req: Request) -> dict | None:
    """What the request page shows the clerk about a request filed online: likely
    duplicates, the spam mark, and whether urgency waits for a decision."""
    if req.channel != Channel.WEBSITE:
        return None
    received = req.received_at
    duplicates = duplicate_candidates(req.requester.email, req.text or "", exclude=req.id,
                                      name=req.requester.name,
                                      now=received)  # from 30 days before it, on
    duplicates = [d for d in duplicates if abs(d.received_at - received) <= dt.timedelta(days=30)]
    return {"duplicates": duplicates, "spam": req.spam_marked_at is not None,
            "urgency_pending": req.urgent and not urgency_decided(req)}
