"""The council's calendar: its own days off and working days, and the end of martial law.

Operations used by the admin page. A change of the calendar moves the terms of the requests
still open (their due dates are recomputed as the register computes them, each change an
Event on the request's timeline), in the same transaction as the change itself; answered,
refused, forwarded and closed requests keep theirs.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..auth.models import Role, User
from ..core.council_settings import MARTIAL_LAW_UNTIL, set_setting
from ..core.errors import ErrorCollector, NotFound, PermissionDenied
from ..core.i18n import gettext as _
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..core.validation import clean_date, clean_text
from ..extensions import db
from .models import OPEN_STATUSES, CalendarOverride, Request
from .operations import recompute_due
from .settings import current_settings, load_calendar

#: Martial law in Ukraine since 24.02.2022 (Presidential decree No. 64/2022): it cannot end
#: earlier.
MARTIAL_LAW_SINCE = dt.date(2022, 2, 24)


def _require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Лише адміністратор змінює календар."))


def set_override(actor: User, day: dt.date | None, is_working: bool, note: str | None) -> CalendarOverride:
    """Declare an extra day off or working day (replaces an existing override of that day);
    the terms of open requests are recomputed."""
    _require_admin(actor)
    errors = ErrorCollector()
    if day is None:
        errors.add("day", _("Оберіть дату."))
    note = clean_text(errors, "note", note, multiline=False, limit_key="holder_name")
    errors.raise_if_any()
    row = db.session.get(CalendarOverride, day)
    before = {"is_working": row.is_working, "note": row.note} if row else None
    if row is None:
        row = CalendarOverride(day=day)
        db.session.add(row)
    row.is_working, row.note = is_working, note or ""
    record_event(actor, "calendar_override_set", "calendar_override", None, before=before,
                 after={"day": day.isoformat(), "is_working": is_working, "note": row.note})
    recompute_open_due_dates(actor, "calendar_override")
    return row


def remove_override(actor: User, day: dt.date) -> None:
    _require_admin(actor)
    row = db.session.get(CalendarOverride, day)
    if row is None:
        raise NotFound(_("Такого винятку в календарі немає."))
    record_event(actor, "calendar_override_removed", "calendar_override", None,
                 before={"day": day.isoformat(), "is_working": row.is_working, "note": row.note})
    db.session.delete(row)
    recompute_open_due_dates(actor, "calendar_override")


def set_martial_law_until(actor: User, value: str | dt.date | None) -> int:
    """Save the last day of martial law (``YYYY-MM-DD``/``DD.MM.YYYY``; empty: it lasts, no
    end date), which wins over the ``MARTIAL_LAW_UNTIL`` config default. Public holidays
    after it are days off again. Returns how many open requests' terms moved."""
    _require_admin(actor)
    errors = ErrorCollector()
    day = clean_date(errors, "martial_law_until", value, required=False)
    if day is not None and day < MARTIAL_LAW_SINCE:
        errors.add("martial_law_until", _("Воєнний стан діє з 24.02.2022: дата його закінчення "
                                          "не може бути раніше."))
    elif day and day > utcnow().date() + dt.timedelta(days=366 * 5):
        errors.add("martial_law_until", _("Дата закінчення воєнного стану — не далі ніж на п'ять "
                                          "років уперед: перевірте рік."))
    errors.raise_if_any()
    set_setting(actor, MARTIAL_LAW_UNTIL, day.isoformat() if day else None)
    return recompute_open_due_dates(actor, "martial_law_until")


def recompute_open_due_dates(actor: User | None, cause: str) -> int:
    """Recompute the due dates of every open request on the calendar as it now stands; an
    Event ``due_date_recomputed`` (before/after) for each one that moved. Returns the count.
    Runs in the caller's transaction (no commit)."""
    db.session.flush()  # the calendar read below sees the change just made
    cal, settings = load_calendar(), current_settings()
    moved = 0
    open_requests = db.session.scalars(
        select(Request).where(Request.status.in_(OPEN_STATUSES)).order_by(Request.id)).all()
    for req in open_requests:
        due, standard = recompute_due(req, cal, settings)
        if (due, standard) == (req.due_date, req.standard_due_date):
            continue
        before = {"due_date": req.due_date.isoformat(),
                  "standard_due_date": req.standard_due_date.isoformat()}
        req.due_date, req.standard_due_date = due, standard
        record_event(actor, "due_date_recomputed", "request", req.id, request_id=req.id,
                     before=before, after={"due_date": due.isoformat(),
                                           "standard_due_date": standard.isoformat(),
                                           "cause": cause})
        moved += 1
    return moved
