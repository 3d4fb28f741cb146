"""Keeping the report summary current: session hooks mark the requests a flush or a bulk
statement touched, and before the transaction commits they are recounted (summary.sync),
so no route of change can be missed. Installed on every ORM session when imported
(tracker/models.py imports it)."""
from __future__ import annotations

from itertools import chain

from sqlalchemy import event, inspect, select, true
from sqlalchemy.orm import Session

from ..activities.models import ActivityRecord
from ..core.council_settings import CouncilSetting
from ..core.models import Event
from ..letters.models import Letter, LetterActivity
from ..register.models import CalendarOverride, Request, Requester, RequestTag
from .summary import PENDING, sync


def _pending(session: Session) -> dict[str, set]:
    return session.info.setdefault(PENDING, {"requests": set(), "requesters": set(),
                                             "letters": set(), "activities": set(),
                                             "calendar": False})


def _changed(obj, *names) -> bool:
    state = inspect(obj)
    return state.deleted or any(state.attrs[n].history.has_changes() for n in names)


def _after_flush(session: Session, _context) -> None:
    marks = None
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Request):
            key, value = "requests", obj.id
        elif isinstance(obj, (RequestTag, Letter, Event)):
            key, value = "requests", obj.request_id
        elif isinstance(obj, LetterActivity):
            key, value = "letters", obj.letter_id
        elif isinstance(obj, Requester) and _changed(obj, "category"):
            key, value = "requesters", obj.id
        elif isinstance(obj, ActivityRecord) and _changed(obj, "category_id"):
            key, value = "activities", obj.id
        elif isinstance(obj, (CalendarOverride, CouncilSetting)):
            _pending(session)["calendar"] = True  # the histograms may need working out anew
            continue
        else:
            continue
        if value is not None:
            marks = marks or _pending(session)
            marks[key].add(value)


#: Statements on these tables mark what they touch: table → (pending key, id column).
_WATCHED = {"requests": ("requests", "id"), "request_tags": ("requests", "request_id"),
            "letters": ("requests", "request_id"), "requesters": ("requesters", "id"),
            "letter_activities": ("letters", "letter_id"),
            "activity_records": ("activities", "id")}


#: The columns whose change can change a count (an UPDATE setting none of them is ignored).
_RELEVANT = {"requests": {"id", "received_date", "channel", "requester_id", "outcome",
                          "status", "refusal_ground", "executor_id", "urgent", "extended_on",
                          "answered_on", "due_date", "spam_marked_at", "voided_at"},
             "requesters": {"category"}, "activity_records": {"category_id"},
             "letters": {"request_id"}}


def _set_columns(stmt, rows) -> set[str]:
    values = getattr(stmt, "_values", None) or dict(getattr(stmt, "_ordered_values", None) or ())
    names = {getattr(k, "key", getattr(k, "name", k)) for k in values}
    for row in rows:
        names.update(row)
    return {str(n) for n in names}


def _on_statement(state) -> None:
    """A bulk INSERT/UPDATE/DELETE run through the session: mark the rows it touches (from
    its parameters, else found by its WHERE before it runs)."""
    stmt = state.statement
    if not getattr(stmt, "is_dml", False):
        return
    name = getattr(getattr(stmt, "table", None), "name", None)
    if name in ("calendar_overrides", "council_settings"):
        _pending(state.session)["calendar"] = True
        return
    if name not in _WATCHED:
        return
    key, column = _WATCHED[name]
    params = state.parameters
    rows = params if isinstance(params, list) else ([params] if params else [])
    if stmt.is_update and name in _RELEVANT and not _set_columns(stmt, rows) & _RELEVANT[name]:
        return
    marks = _pending(state.session)
    if rows and all(column in r for r in rows) and (stmt.is_insert or stmt.whereclause is None):
        marks[key].update(r[column] for r in rows)
    elif stmt.is_insert:
        marks["rebuild"] = True  # rows whose ids the database chooses: recount everything
    else:
        col = Request.__table__.metadata.tables[name].c[column]
        where = stmt.whereclause if stmt.whereclause is not None else true()
        marks[key].update(state.session.execute(select(col).where(where)).scalars())


def _before_commit(session: Session) -> None:
    session.flush()
    sync(session)


def _after_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction: committed or rolled back
        session.info.pop(PENDING, None)


def install() -> None:
    """Listen on every ORM session (idempotent)."""
    for name, fn in (("after_flush", _after_flush), ("before_commit", _before_commit),
                     ("do_orm_execute", _on_statement),
                     ("after_transaction_end", _after_end)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


install()
