"""The council's calendar overrides: operations (add, remove) used by the admin page."""
from __future__ import annotations

import datetime as dt

from ..auth.models import Role, User
from ..core.errors import ErrorCollector, NotFound, PermissionDenied
from ..core.models import record_event
from ..extensions import db
from .models import CalendarOverride
from ..core.validation import clean_text


def set_override(actor: User, day: dt.date | None, is_working: bool, note: str | None) -> CalendarOverride:
    """Declare an extra day off or working day (replaces an existing override of that day).

    Deadlines already computed are not moved: a term starts from the calendar in force
    when the request was registered; the admin page says so.
    """
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Лише адміністратор змінює календар.")
    errors = ErrorCollector()
    if day is None:
        errors.add("day", "Оберіть дату.")
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
    return row


def remove_override(actor: User, day: dt.date) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Лише адміністратор змінює календар.")
    row = db.session.get(CalendarOverride, day)
    if row is None:
        raise NotFound("Такого винятку в календарі немає.")
    record_event(actor, "calendar_override_removed", "calendar_override", None,
                 before={"day": day.isoformat(), "is_working": row.is_working, "note": row.note})
    db.session.delete(row)
