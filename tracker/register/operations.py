"""Service functions of the register: one per action, used by the web, the API and the CLI.

They change rows and write Events; they never commit (the caller does, once) and raise
domain errors instead of answering HTTP.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.queries import user_by_email
from ..auth.permissions import EXECUTOR_ROLES, REGISTRARS, SUPERVISORS, require_can_act, require_role
from ..core.errors import ConflictError, ErrorCollector, TransitionError, ValidationError
from ..core.i18n import gettext as _
from ..core.models import get_or_raise, record_event
from ..core.sequences import next_sequence
from ..core.timeutil import utcnow
from ..core.validation import tag_text
from ..extensions import db
from . import deadlines as dl
from .calendar import WorkCalendar
from .labels import STATUS_LABELS
from .models import (OPEN_STATUSES, RESPONDED_STATUSES, AccessLog, IndexCounter, Outcome,
                     RefusalGround, Request, Requester, RequestTag, Status)
from .numbering import format_index, initial_letter
from .portal import find_portal
from .search_index import index_request
from .settings import RegisterSettings, current_settings, load_calendar
from .validation import RegistrationInput, missing_items

# --- helpers -------------------------------------------------------------------------------

def get_request(request_id: int) -> Request:
    return get_or_raise(Request, request_id, _("Запит не знайдено."))


def _snapshot(req: Request, fields: tuple[str, ...]) -> dict[str, Any]:
    """JSON-friendly values of some fields, for an Event's before/after."""
    out = {}
    for f in fields:
        v = getattr(req, f)
        if isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        elif hasattr(v, "value"):
            v = v.value
        out[f] = v
    return out


def _today(settings: RegisterSettings) -> dt.date:
    return utcnow().astimezone(settings.tz).date()


# --- registration ------------------------------------------------------------------------

def _draw_index(settings: RegisterSettings, year: int, name: str) -> tuple[str, int]:
    """A free index of ``year``; skips numbers taken by indexes given from outside."""
    letter = initial_letter(name)
    while True:
        seq = next_sequence(year, IndexCounter)
        number = format_index(settings.index_pattern, seq=seq, year=year, letter=letter,
                              dept=settings.index_dept, suffix=settings.index_suffix)
        taken = db.session.scalar(
            select(func.count()).select_from(Request).where(
                Request.reg_year == year, Request.registration_number == number))
        if not taken:
            return number, seq


def _reply_addresses(req: Request, inp: RegistrationInput, settings: RegisterSettings) -> None:
    """A portal request — given, or recognised from an address like
    foi+request-32845-3d497b34@dostup.pravda.com.ua however it was registered — is answered
    at exactly that address; a Reply-To other than the requester's is kept too."""
    found = find_portal([inp.portal_address or "", req.requester.email or ""], settings.portals)
    if found:
        req.portal_name, req.portal_request_id = found.name, found.request_id
        req.portal_address = found.address
    if inp.reply_to and inp.reply_to != req.requester.email:
        req.reply_to = inp.reply_to


def compute_due(received_at: dt.datetime, urgent: bool, cal: WorkCalendar,
                settings: RegisterSettings) -> tuple[dt.date, dt.datetime | None, dt.date]:
    """(due_date, due_at, standard_due_date) for a new request."""
    standard = dl.standard_due(received_at, cal, settings.rules)
    if urgent:
        due_at = dl.urgent_due_at(received_at)
        return due_at.astimezone(settings.tz).date(), due_at, standard
    return standard, None, standard


def recompute_due(req: Request, cal: WorkCalendar,
                  settings: RegisterSettings) -> tuple[dt.date, dt.date]:
    """(due_date, standard_due_date) of an open request on calendar ``cal``, by the rules
    that set them: registration (5 working days, or the 48 hours' date for an urgent one),
    ``extend`` (20 working days) and ``defer`` (the date of the decision, kept)."""
    standard = dl.standard_due(req.received_at, cal, settings.rules)
    if req.status == Status.EXTENDED:
        return dl.extended_due(req.received_at, cal, settings.rules), standard
    if req.status == Status.DEFERRED:
        return req.due_date, standard
    return compute_due(req.received_at, req.urgent, cal, settings)[0], standard


def reference_errors(errors: ErrorCollector, executor_email: str | None,
                     registration_number: str | None, year: int) -> User | None:
    """Record what registration refuses by looking into the database (an unknown executor,
    an index taken this year); the executor when there is one. The form calls it with the
    input's own errors, so every error shows at once."""
    executor = None
    if executor_email:
        executor = user_by_email(executor_email)
        if executor is None or not executor.active or executor.role not in EXECUTOR_ROLES:
            errors.add("executor", _("Виконавця з такою адресою не знайдено."))
            executor = None
    if registration_number and db.session.scalar(
            select(Request.id).where(Request.reg_year == year,
                                     Request.registration_number == registration_number)):
        errors.add("registration_number", _("Такий реєстраційний індекс цього року вже існує."))
    return executor


def register_request(actor: User, inp: RegistrationInput,
                     settings: RegisterSettings | None = None) -> Request:
    """Register an incoming request: index, deadline, completeness flags, the Event."""
    require_role(actor, REGISTRARS, _("реєструвати запити"))
    settings = settings or current_settings()
    errors = ErrorCollector()
    executor = reference_errors(errors, inp.executor_email, inp.registration_number,
                                inp.received_at.astimezone(settings.tz).year)
    errors.raise_if_any()

    cal = load_calendar()
    local_received = inp.received_at.astimezone(settings.tz)
    year = local_received.year
    if inp.registration_number:
        number, seq = inp.registration_number, None
    else:
        number, seq = _draw_index(settings, year, inp.requester.name)
    due_date, due_at, standard = compute_due(inp.received_at, inp.urgent, cal, settings)

    r = inp.requester
    requester = Requester(name=r.name, category=r.category, gender=r.gender, email=r.email,
                          postal_address=r.postal_address, phone=r.phone)
    req = Request(
        registration_number=number, reg_year=year, reg_seq=seq, requester=requester,
        channel=inp.channel, received_at=inp.received_at, received_date=local_received.date(),
        registered_by_id=getattr(actor, "id", None),
        subject=inp.subject, text=inp.text, signed=inp.signed, urgent=inp.urgent,
        sender_number=inp.sender_number, sender_date=inp.sender_date,
        urgent_reason=inp.urgent_reason, missing_items=missing_items(inp),
        executor_id=executor.id if executor else None,
        status=Status.IN_PROGRESS if executor else Status.NEW,
        due_date=due_date, due_at=due_at, standard_due_date=standard,
    )
    _reply_addresses(req, inp, settings)
    index_request(req)
    db.session.add(req)
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(_("Реєстраційний індекс уже зайнято; спробуйте ще раз.")) from None
    if inp.tags:
        for tag in normalise_tags(inp.tags)[:20]:
            db.session.add(RequestTag(request_id=req.id, tag=tag))
    record_event(actor, "registered", "request", req.id, request_id=req.id, after={
        "registration_number": number, "received_at": inp.received_at.isoformat(),
        "channel": inp.channel.value, "due_date": due_date.isoformat(),
        "due_at": due_at.isoformat() if due_at else None, "missing_items": req.missing_items,
        "executor": executor.email if executor else None,
    })
    return req


# --- workflow actions --------------------------------------------------------------------

def _require_open(req: Request, action_label: str) -> None:
    if req.status not in OPEN_STATUSES:
        raise TransitionError(_("Не можна %(action)s: запит уже має результат (стан "
                                "«%(status)s»).", action=action_label,
                                status=_(STATUS_LABELS[req.status])))


def assign(actor: User, req: Request, executor_email: str) -> Request:
    """Give the request to an executor (or hand it to another one)."""
    require_role(actor, SUPERVISORS, _("призначати виконавців"))
    _require_open(req, _("призначити виконавця"))
    executor = user_by_email(executor_email or "")
    if executor is None or not executor.active or executor.role not in EXECUTOR_ROLES:
        raise ValidationError({"executor": [_("Виконавця з такою адресою не знайдено.")]})
    before = {"executor": req.executor.email if req.executor else None,
              "status": req.status.value}
    req.executor_id = executor.id
    req.executor = executor
    if req.status == Status.NEW:
        req.status = Status.IN_PROGRESS
    record_event(actor, "assigned", "request", req.id, request_id=req.id, before=before,
                 after={"executor": executor.email, "status": req.status.value})
    return req


def extend(actor: User, req: Request, reason: str, *, today: dt.date | None = None) -> Request:
    """Extend the term to 20 working days (Art. 20 part 4); only up to the 5th working day."""
    require_can_act(actor, req)
    settings = current_settings()
    today = today or _today(settings)
    refusal = req.extension_refusal(today)
    if refusal:
        raise TransitionError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Зазначте причину продовження (великий обсяг "
                                            "або пошук серед значної кількості даних).")]})
    before = _snapshot(req, ("status", "due_date"))
    req.due_date = dl.extended_due(req.received_at, load_calendar(), settings.rules)
    req.status = Status.EXTENDED
    req.extended_on = today
    req.extension_reason = reason
    record_event(actor, "extended", "request", req.id, request_id=req.id, before=before,
                 after=_snapshot(req, ("status", "due_date", "extension_reason")))
    return req


def forward(actor: User, req: Request, holder_name: str, holder_address: str | None,
            *, on: dt.date | None = None) -> Request:
    """Forward to the proper holder (Art. 22 part 3): the outcome is "forwarded"."""
    require_can_act(actor, req)
    _require_open(req, _("переслати запит"))
    if not (holder_name or "").strip():
        raise ValidationError({"holder_name": [_("Зазначте розпорядника, якому надсилається "
                                                 "запит.")]})
    before = _snapshot(req, ("status", "outcome"))
    req.status, req.outcome = Status.FORWARDED, Outcome.FORWARDED
    req.forwarded_to = holder_name.strip()
    req.forwarded_address = (holder_address or "").strip() or None
    req.answered_on = on or _today(current_settings())
    record_event(actor, "forwarded", "request", req.id, request_id=req.id, before=before,
                 after=_snapshot(req, ("status", "outcome", "forwarded_to", "answered_on")))
    return req


def defer(actor: User, req: Request, new_date: dt.date, reason: str,
          *, today: dt.date | None = None) -> Request:
    """Defer to a date set in a written decision (Art. 22, force majeure)."""
    require_can_act(actor, req)
    _require_open(req, _("відстрочити запит"))
    settings = current_settings()
    today = today or _today(settings)
    refusal = req.deferral_refusal(utcnow().astimezone(settings.tz))
    if refusal:
        raise TransitionError(refusal)
    errors = ErrorCollector()
    if new_date is None:
        errors.add("new_date", _("Зазначте дату, до якої буде задоволено запит."))
    elif new_date <= today:
        errors.add("new_date", _("Нова дата має бути пізнішою за сьогоднішню."))
    if not (reason or "").strip():
        errors.add("reason", _("Зазначте причини, з яких запит не може бути задоволено вчасно."))
    errors.raise_if_any()
    before = _snapshot(req, ("status", "due_date", "due_at"))
    req.status, req.due_date, req.due_at = Status.DEFERRED, new_date, None
    req.deferred_on, req.deferral_reason = today, reason.strip()
    record_event(actor, "deferred", "request", req.id, request_id=req.id, before=before,
                 after=_snapshot(req, ("status", "due_date", "deferral_reason")))
    return req


def refuse(actor: User, req: Request, ground: RefusalGround, explanation: str,
           *, on: dt.date | None = None, partly: bool = False) -> Request:
    """Refuse on a ground of Art. 22 part 1; ``partly``: the rest was given (copies beyond
    the free pages refused as unpaid, the first 10 sent): a partial answer with its ground."""
    require_can_act(actor, req)
    _require_open(req, _("відмовити"))
    errors = ErrorCollector()
    if ground is None:
        errors.add("ground", _("Оберіть підставу відмови (ч. 1 ст. 22)."))
    if not (explanation or "").strip():
        errors.add("explanation", _("Відмова має бути вмотивованою: поясніть підставу."))
    errors.raise_if_any()
    before = _snapshot(req, ("status", "outcome"))
    req.status, req.outcome = ((Status.ANSWERED, Outcome.PARTIAL) if partly
                               else (Status.REFUSED, Outcome.REFUSED))
    req.refusal_ground, req.refusal_explanation = ground, explanation.strip()
    req.answered_on = on or _today(current_settings())
    record_event(actor, "refused", "request", req.id, request_id=req.id, before=before,
                 after=_snapshot(req, ("status", "outcome", "refusal_ground", "answered_on")))
    return req


def answer(actor: User | None, req: Request, result: Outcome, answered_on: dt.date | None = None,
           *, permission_checked: bool = False) -> Request:
    """Record that the answer (full or partial) was given on a date.

    ``permission_checked``: the letter's sender was checked when it was sent; the mail
    server's acceptance later records the answer in their name even if reassigned since.
    """
    if not permission_checked:
        require_can_act(actor, req)
    _require_open(req, _("позначити відповідь"))
    settings = current_settings()
    today = _today(settings)
    answered_on = answered_on or today
    errors = ErrorCollector()
    if result not in (Outcome.FULL, Outcome.PARTIAL):
        errors.add("result", _("Оберіть результат: повністю (full) або частково (partial)."))
    if answered_on > today:
        errors.add("answered_on", _("Дата відповіді не може бути в майбутньому."))
    if answered_on < req.received_at.astimezone(settings.tz).date():
        errors.add("answered_on", _("Дата відповіді раніша за дату надходження."))
    errors.raise_if_any()
    before = _snapshot(req, ("status", "outcome", "answered_on"))
    req.status, req.outcome, req.answered_on = Status.ANSWERED, result, answered_on
    record_event(actor, "answered", "request", req.id, request_id=req.id, before=before,
                 after=_snapshot(req, ("status", "outcome", "answered_on")))
    return req


def close(actor: User, req: Request, *, on: dt.date | None = None,
          reason: str | None = None) -> Request:
    """Close a request that has its outcome (answered, refused or forwarded); ``reason``, when
    given (a bulk close gives one for all), goes into the Event."""
    require_can_act(actor, req)
    if req.status not in RESPONDED_STATUSES:
        raise TransitionError(_("Закрити можна лише запит із результатом: спершу позначте "
                                "відповідь, відмову або пересилання."))
    before = _snapshot(req, ("status", "closed_on"))
    req.status, req.closed_on = Status.CLOSED, on or _today(current_settings())
    after = _snapshot(req, ("status", "closed_on"))
    if reason:
        after["reason"] = reason
    record_event(actor, "closed", "request", req.id, request_id=req.id, before=before,
                 after=after)
    return req


def normalise_tags(tags) -> list[str]:
    """Tags as stored: trimmed, single-spaced, lower case, at most 50 characters, sorted,
    each once; ``tags`` a list or a comma-separated string."""
    if isinstance(tags, str):
        tags = tags.split(",")
    return sorted({tag_text(t) for t in tags or [] if tag_text(t)})


def set_tags(actor: User, req: Request, tags) -> list[str]:
    """Replace the request's free tags (topics for the statistics)."""
    require_can_act(actor, req)
    clean = normalise_tags(tags)
    if len(clean) > 20:
        raise ValidationError({"tags": [_("Не більше 20 міток.")]})
    existing = list(db.session.scalars(select(RequestTag).where(RequestTag.request_id == req.id)))
    before = sorted(t.tag for t in existing)
    if before == sorted(clean):
        return clean  # nothing changed: no Event
    # Through the ORM, tag by tag: a bulk DELETE would leave the loaded rows in the session,
    # and re-adding a kept tag would then clash with its stale twin.
    for row in existing:
        if row.tag not in clean:
            db.session.delete(row)
    for tag in clean:
        if tag not in before:
            db.session.add(RequestTag(request_id=req.id, tag=tag))
    record_event(actor, "tags_set", "request", req.id, request_id=req.id,
                 before={"tags": before}, after={"tags": clean})
    return clean


def tags_of(req: Request) -> list[str]:
    return sorted(db.session.scalars(select(RequestTag.tag).where(RequestTag.request_id == req.id)))


def log_access(actor: User | None, action: str, *, request: Request | None = None,
               request_ids: list[int] | None = None, address: str | None = None) -> None:
    """Record that ``actor`` read requesters' personal data (the caller commits): one
    request, or the ids of every request a bulk response carried, in one row."""
    db.session.add(AccessLog(at=utcnow(), user_id=getattr(actor, "id", None),
                             request_id=request.id if request else None,
                             requester_id=request.requester_id if request else None,
                             request_ids=request_ids, action=action[:20],
                             address=(address or "")[:64] or None))
