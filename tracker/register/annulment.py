"""A registration made in error (the same letter registered twice, a message that is no
request): annulled with its reason and kept, or the annulment taken back. Service functions
of the register, as operations.py's: they write Events and never commit."""
from __future__ import annotations

from sqlalchemy import func, select

from ..auth.models import User
from ..auth.permissions import REGISTRARS, require_role
from ..core.errors import TransitionError, ValidationError
from ..core.i18n import gettext as _
from ..core.models import Event, record_event
from ..core.timeutil import utcnow
from ..extensions import db
from .duplicates import same_requester
from .models import Request, Status
from .operations import _snapshot, _today
from .settings import current_settings


def void(actor: User, req: Request, reason: str, duplicate_of: Request | None = None) -> Request:
    """Annul a registration made in error (the same letter registered twice, a message that
    is no request): closed, kept with the reason, left out of the statistics and reminders.
    Only while no reply has gone out: an answered request was no mistake."""
    require_role(actor, REGISTRARS, _("анулювати реєстрацію"))
    if req.voided_at is not None:
        raise TransitionError(_("Реєстрацію цього запиту вже анульовано."))
    # Once the council has written to the requester about it (an extension or a deferral
    # notice, a cost notice), the request was no mistake: it is answered, not annulled.
    if req.status not in VOIDABLE_STATUSES or _wrote_to_requester(req):
        raise TransitionError(_("Анулювати можна лише реєстрацію запиту, щодо якого запитувачу "
                                "ще нічого не надсилали (ні відповіді, ні повідомлення)."))
    if duplicate_of is not None:
        _check_original(req, duplicate_of)
    before = _snapshot(req, ("status", "closed_on"))
    req.status, req.closed_on = Status.CLOSED, _today(current_settings())
    req.voided_at, req.voided_by_id, req.void_reason = utcnow(), getattr(actor, "id", None), reason
    req.duplicate_of_id = duplicate_of.id if duplicate_of is not None else None
    after = {**_snapshot(req, ("status", "closed_on")), "reason": reason}
    if duplicate_of is not None:
        after["duplicate_of"] = duplicate_of.registration_number
    record_event(actor, "voided", "request", req.id, request_id=req.id, before=before,
                 after=after)
    return req


def restore(actor: User, req: Request, reason: str) -> Request:
    """Take back an annulment made by mistake: the request is in work again, under its own
    index and receipt, with the term it had (overdue if it ran out meanwhile)."""
    require_role(actor, REGISTRARS, _("відновлювати анульовану реєстрацію"))
    if req.voided_at is None:
        raise TransitionError(_("Реєстрацію цього запиту не анульовано."))
    before = {**_snapshot(req, ("status", "closed_on")), "reason": req.void_reason}
    req.status = Status.IN_PROGRESS if req.executor_id else Status.NEW
    req.closed_on = req.voided_at = req.voided_by_id = req.void_reason = None
    req.duplicate_of_id = None
    record_event(actor, "void_undone", "request", req.id, request_id=req.id, before=before,
                 after={**_snapshot(req, ("status", "closed_on")), "reason": reason})
    return req


#: A registration can be annulled only before anything about it went to the requester.
VOIDABLE_STATUSES = (Status.NEW, Status.IN_PROGRESS)
#: Events of a letter that left for the requester (e-mail queued or sent, paper posted).
_LETTER_LEFT = ("letter_queued", "letter_delivered", "letter_posted")


def _wrote_to_requester(req: Request) -> bool:
    return db.session.scalar(select(func.count(Event.id)).where(
        Event.request_id == req.id, Event.action.in_(_LETTER_LEFT))) > 0


def _check_original(req: Request, original: Request) -> None:
    """The request a duplicate repeats: another one, itself in force, from the same
    requester (the same e-mail or name): else the annulled one would have no answer."""
    problem = None
    if original.id == req.id:
        problem = _("Запит не може бути дублікатом самого себе.")
    elif original.voided_at is not None:
        problem = _("Реєстрацію запиту № %(n)s теж анульовано: дублікатом можна назвати лише "
                    "запит, який розглядається.", n=original.registration_number)
    elif not same_requester(req.requester, original.requester):
        problem = _("Запит № %(n)s подав інший запитувач: дублікат — це той самий лист того "
                    "самого запитувача. Якщо ім'я записано з помилкою, спершу виправте "
                    "реквізити.", n=original.registration_number)
    if problem:
        raise ValidationError({"duplicate_of": [problem]})


def by_index(index: str) -> Request | None:
    """The latest request registered under ``index`` (an index is unique within its year),
    in any letter case («25/ч-11ІЗ» is «25/Ч-11із»): the letters are matched by position in
    SQL (SQLite folds only ASCII case), then compared case-folded."""
    index = " ".join(index.split())
    pattern = "".join("_" if ch.isalpha() else "\\" + ch if ch in "%_\\" else ch
                      for ch in index)
    for req in db.session.scalars(select(Request).where(
            Request.registration_number.like(pattern, escape="\\"))
            .order_by(Request.id.desc()).limit(200)):
        if req.registration_number.casefold() == index.casefold():
            return req
    return None
