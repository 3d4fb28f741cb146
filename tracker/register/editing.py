"""Correcting a registered request: the requester's details, subject, text, channel, the
received time and tags. One service function behind the edit form and
``PATCH /api/v1/requests/<id>``; it never commits.

Who corrects what (a records office's rule: the registration card is the clerk's):
clerks, heads and admins correct every field; the received time only a clerk or an admin,
with a reason, and the term is then computed again as registration computes it; an
executor changes only the tags of a request assigned to them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from ..auth.models import Role, User
from ..auth.permissions import SUPERVISORS, require_can_act
from ..core.errors import ErrorCollector, PermissionDenied, ValidationError
from ..core.i18n import gettext as _
from ..core.models import Event, record_event
from ..core.timeutil import utcnow
from ..core.validation import clean_email, clean_enum, clean_text
from ..extensions import db
from . import deadlines as dl
from .actions import check_version
from .models import Category, Channel, Gender, Request, RequestTag, Status
from .operations import normalise_tags, recompute_due
from .portal import find_portal
from .search_index import index_request
from .settings import RegisterSettings, current_settings, load_calendar
from .validation import (RegistrationInput, RequesterInput, clean_moment,
                         clean_sender_reference, missing_items)

#: Who may move the received time (it moves the legal term).
RECEIPT_EDITORS = (Role.CLERK, Role.ADMIN)
#: What an executor may change on a request assigned to them.
EXECUTOR_FIELDS = frozenset({"tags"})
REQUESTER_FIELDS = ("name", "category", "gender", "email", "postal_address", "phone")
REQUEST_FIELDS = ("subject", "text", "channel", "sender_number", "sender_date")
#: The requester's contacts: hidden on the timeline from those who do not act on the request.
CONTACT_FIELDS = frozenset({"email", "postal_address", "phone"})


def current_values(req: Request) -> dict[str, Any]:
    r = req.requester
    return {"name": r.name or "", "category": r.category, "gender": r.gender, "email": r.email,
            "postal_address": r.postal_address, "phone": r.phone, "subject": req.subject,
            "text": req.text or "", "channel": req.channel, "received_at": req.received_at,
            "sender_number": req.sender_number, "sender_date": req.sender_date,
            "tags": sorted(t.tag for t in req.tags)}


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return getattr(value, "value", value)


def clean_changes(raw: dict[str, Any], req: Request, *, settings: RegisterSettings,
                  now: dt.datetime) -> tuple[dict[str, Any], str | None]:
    """The checked new values of the fields ``raw`` names that differ from the request's,
    and the reason given; every bad field is refused at once. Keys ``raw`` does not name
    stay as they are (other keys of the request's JSON are ignored)."""
    errors = ErrorCollector()
    new: dict[str, Any] = {}
    requester = raw.get("requester")
    if requester is not None and not isinstance(requester, dict):
        errors.add("requester", _("Очікується об'єкт із даними запитувача."))
    requester = requester if isinstance(requester, dict) else {}
    if "name" in requester:
        new["name"] = clean_text(errors, "requester.name", requester["name"],
                                 multiline=False) or ""
    if "category" in requester:
        new["category"] = clean_enum(errors, "requester.category", requester["category"],
                                     Category)
    if "gender" in requester:
        new["gender"] = clean_enum(errors, "requester.gender", requester["gender"], Gender,
                                   required=False)
    if "email" in requester:
        new["email"] = clean_email(errors, "requester.email", requester["email"])
    if "postal_address" in requester:
        new["postal_address"] = clean_text(errors, "requester.postal_address",
                                           requester["postal_address"])
    if "phone" in requester:
        new["phone"] = clean_text(errors, "requester.phone", requester["phone"], multiline=False)
    if "subject" in raw:
        new["subject"] = clean_text(errors, "subject", raw["subject"], required=True,
                                    multiline=False)
    if "text" in raw:
        new["text"] = clean_text(errors, "text", raw["text"]) or ""
    if "channel" in raw:
        new["channel"] = clean_enum(errors, "channel", raw["channel"], Channel)
    if "received_at" in raw:
        if raw["received_at"] in (None, ""):
            errors.add("received_at", _("Обов'язкове поле."))
        else:
            new["received_at"] = clean_moment(errors, "received_at", raw["received_at"],
                                              tz=settings.tz, now=now, skew=settings.future_skew)
    if "tags" in raw:
        if raw["tags"] is not None and not (isinstance(raw["tags"], str) or (
                isinstance(raw["tags"], list) and all(isinstance(t, str) for t in raw["tags"]))):
            errors.add("tags", _("Очікується список міток."))
        else:
            new["tags"] = normalise_tags(raw["tags"])
            if len(new["tags"]) > 20:
                errors.add("tags", _("Не більше 20 міток."))
    if "sender_number" in raw or "sender_date" in raw or "received_at" in new:
        # The pair is checked together, and against the received time, whichever changed.
        received = new.get("received_at") or req.received_at
        new["sender_number"], new["sender_date"] = clean_sender_reference(
            errors, raw.get("sender_number", req.sender_number),
            raw.get("sender_date", req.sender_date),
            received.astimezone(settings.tz).date() if received else None)
    reason = clean_text(errors, "reason", raw.get("reason"))
    errors.raise_if_any()
    current = current_values(req)
    return {k: v for k, v in new.items() if v != current[k]}, reason


def _check_rights(actor: User | None, req: Request, changes: dict[str, Any],
                  reason: str | None, settings: RegisterSettings) -> None:
    if actor is None:
        return
    if actor.role not in SUPERVISORS and set(changes) - EXECUTOR_FIELDS:
        raise PermissionDenied(_("Виконавець змінює лише мітки свого запиту; реквізити запиту "
                                 "виправляє діловод."))
    if "received_at" not in changes:
        return
    if actor.role not in RECEIPT_EDITORS:
        raise PermissionDenied(_("Час надходження виправляє лише діловод або адміністратор."))
    errors = ErrorCollector()
    if not reason:
        errors.add("reason", _("Зазначте причину зміни часу надходження: від нього "
                               "рахується строк."))
    if changes["received_at"].astimezone(settings.tz).year != req.reg_year:
        errors.add("received_at", _("Індекс видано за %(year)s рік: запит, що надійшов "
                                    "іншого року, зареєструйте наново.", year=req.reg_year))
    errors.raise_if_any()


def _recompute_terms(req: Request, settings: RegisterSettings) -> None:
    """The term from the new received time, by the rules registration uses (an extended
    request keeps its 20 days from receipt, a deferred one the decision's date)."""
    due_date, standard = recompute_due(req, load_calendar(), settings)
    due_at = req.due_at
    if req.status != Status.DEFERRED:
        due_at = dl.urgent_due_at(req.received_at) if req.urgent else None
    req.due_date, req.due_at, req.standard_due_date = due_date, due_at, standard


def edit_request(actor: User | None, req: Request, raw: dict[str, Any], *,
                 settings: RegisterSettings | None = None) -> Event | None:
    """Correct the fields ``raw`` gives (the registration's shape: ``requester`` {name,
    category, gender, email, postal_address, phone}, ``subject``, ``text``, ``channel``,
    ``received_at`` with ``reason``, ``tags``) on the request read at ``raw["version"]``.
    One Event "edited" with each changed field before and after; None when nothing changed.
    """
    require_can_act(actor, req)  # permission first: a stranger learns nothing from a 409
    if raw.get("version") in (None, ""):
        raise ValidationError({"version": [_("Зазначте версію запиту, яку ви бачили "
                                             "(поле version).")]})
    check_version(req, raw.get("version"))
    settings = settings or current_settings()
    changes, reason = clean_changes(raw, req, settings=settings, now=utcnow())
    _check_rights(actor, req, changes, reason, settings)
    if not changes:
        return None
    with db.session.no_autoflush:  # one UPDATE of the request: the version moves by one
        current = current_values(req)
        before = {k: _plain(current[k]) for k in changes}
        after = {k: _plain(v) for k, v in changes.items()}
        if "tags" in changes:  # the difference only: a kept tag's row stays as it is
            gone = set(current["tags"]) - set(changes["tags"])
            if gone:
                db.session.execute(RequestTag.__table__.delete().where(
                    RequestTag.request_id == req.id, RequestTag.tag.in_(gone)))
            for tag in sorted(set(changes["tags"]) - set(current["tags"])):
                db.session.add(RequestTag(request_id=req.id, tag=tag))
        for key in REQUESTER_FIELDS:
            if key in changes:
                setattr(req.requester, key, changes[key])
        for key in REQUEST_FIELDS:
            if key in changes:
                setattr(req, key, changes[key])
        if "received_at" in changes:
            terms = ("due_date", "due_at", "standard_due_date")
            before.update({k: _plain(getattr(req, k)) for k in terms})
            req.received_at = changes["received_at"]
            req.received_date = req.received_at.astimezone(settings.tz).date()
            _recompute_terms(req, settings)
            after.update({k: _plain(getattr(req, k)) for k in terms}, reason=reason)
        _refresh_derived(req, before, after, settings)
        # Every correction bumps the version, even one only of the requester's row or the tags.
        req.updated_at = utcnow()
        flag_modified(req, "updated_at")
    event = record_event(actor, "edited", "request", req.id, request_id=req.id,
                         before=before, after=after)
    db.session.flush()
    if "tags" in changes:
        db.session.expire(req, ["tags"])
    return event


def _refresh_derived(req: Request, before: dict, after: dict,
                     settings: RegisterSettings) -> None:
    """What follows from the corrected fields: Art. 19 part 5 flags, a portal address
    recognised in a corrected e-mail, the search text."""
    r = req.requester
    missing = missing_items(RegistrationInput(
        requester=RequesterInput(name=r.name, category=r.category, gender=r.gender,
                                 email=r.email, postal_address=r.postal_address, phone=r.phone),
        channel=req.channel, received_at=req.received_at, subject=req.subject, text=req.text,
        signed=req.signed))
    if missing != list(req.missing_items or []):
        before["missing_items"], after["missing_items"] = list(req.missing_items or []), missing
        req.missing_items = missing
    if "email" in after and not req.portal_address:
        found = find_portal([r.email or ""], settings.portals)
        if found:
            req.portal_name, req.portal_request_id = found.name, found.request_id
            req.portal_address = found.address
    index_request(req)
