"""Read side of the register: filtered lists, deadline-state filters, dashboard counts.

Deadline states are turned into date conditions so that the database filters and counts;
no list loads every request into Python.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from ..core.models import Event
from ..core.search import words_condition
from ..core.timeutil import utcnow
from ..extensions import db
from . import deadlines as dl
from .calendar import WorkCalendar
from .models import OPEN_STATUSES, Channel, Request, Status
from .settings import RegisterSettings, current_settings, load_calendar


@dataclass
class RequestFilters:
    status: Status | None = None
    deadline_state: dl.DeadlineState | None = None
    channel: Channel | None = None
    executor_id: int | None = None
    unassigned: bool = False
    #: «зареєстровані мною»: requests this user registered.
    registered_by: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 25
    errors: dict[str, list[str]] = field(default_factory=dict)
    #: An executor searching: contact-like words match only their own requests.
    contacts_of_executor: int | None = None


@dataclass
class Clock:
    """"Now" as the register sees it: the moment, the local date and the calendar."""

    now: dt.datetime
    today: dt.date
    cal: WorkCalendar
    settings: RegisterSettings

    @classmethod
    def current(cls) -> Clock:
        return cls.at(utcnow())

    @classmethod
    def at(cls, now: dt.datetime) -> Clock:
        """The register's view of an arbitrary moment (sweeps run "as of" a time)."""
        settings = current_settings()
        return cls(now=now, today=now.astimezone(settings.tz).date(), cal=load_calendar(),
                   settings=settings)

    def state_of(self, req: Request) -> dl.DeadlineState:
        return dl.deadline_state(
            today=self.today, due_date=req.due_date, cal=self.cal,
            soon_days=self.settings.due_soon_days, due_at=req.due_at, now=self.now,
            answered_on=req.answered_on, tz=self.settings.tz)


def state_condition(state: dl.DeadlineState, clock: Clock):
    """A SQL condition selecting requests in ``state`` (mirrors deadlines.deadline_state)."""
    S = dl.DeadlineState
    is_open = Request.status.in_(OPEN_STATUSES)
    urgent_late = and_(Request.due_at.is_not(None), Request.due_at < clock.now)
    not_urgent = Request.due_at.is_(None)
    horizon = dl.due_soon_horizon(clock.today, clock.cal, clock.settings.due_soon_days)
    if state == S.OVERDUE:
        return and_(is_open, or_(urgent_late, and_(not_urgent, Request.due_date < clock.today)))
    if state == S.DUE_TODAY:
        return and_(is_open, Request.due_date == clock.today,
                    or_(not_urgent, Request.due_at >= clock.now))
    if state == S.DUE_SOON:
        return and_(is_open, or_(
            and_(Request.due_at.is_not(None), Request.due_at >= clock.now,
                 Request.due_date > clock.today),
            and_(not_urgent, Request.due_date > clock.today, Request.due_date <= horizon)))
    if state == S.ON_TRACK:
        return and_(is_open, not_urgent, Request.due_date > horizon)
    answered = Request.answered_on.is_not(None)
    if state == S.ON_TIME:
        return and_(answered, Request.answered_on <= Request.due_date)
    return and_(answered, Request.answered_on > Request.due_date)


def _local_day_start(day: dt.date, settings: RegisterSettings) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=settings.tz)


def filtered_select(f: RequestFilters, clock: Clock):
    stmt = select(Request)
    if f.status is not None:
        stmt = stmt.where(Request.status == f.status)
    if f.deadline_state is not None:
        stmt = stmt.where(state_condition(f.deadline_state, clock))
    if f.channel is not None:
        stmt = stmt.where(Request.channel == f.channel)
    if f.unassigned:
        stmt = stmt.where(Request.executor_id.is_(None))
    elif f.executor_id is not None:
        stmt = stmt.where(Request.executor_id == f.executor_id)
    if f.registered_by is not None:
        stmt = stmt.where(Request.registered_by_id == f.registered_by)
    if f.received_from is not None:
        stmt = stmt.where(Request.received_at >= _local_day_start(f.received_from, clock.settings))
    if f.received_to is not None:
        stmt = stmt.where(Request.received_at < _local_day_start(
            f.received_to + dt.timedelta(days=1), clock.settings))
    if f.q:
        stmt = stmt.where(*words_condition(Request.search_text, f.q))
        if f.contacts_of_executor is not None and any(map(is_contact_like, f.q.split())):
            # Searching by an e-mail or a phone finds only the executor's own requests: the
            # contacts of others are hidden from them, and a hit would tell whose they are.
            stmt = stmt.where(Request.executor_id == f.contacts_of_executor)
    return stmt


def is_contact_like(word: str) -> bool:
    """An e-mail address (or part with "@") or a phone number (five digits or more)."""
    return "@" in word or sum(ch.isdigit() for ch in word) >= 5


def list_requests(f: RequestFilters, clock: Clock,
                  count_cap: int | None = None) -> tuple[list[Request], int]:
    """One page of requests matching ``f`` (newest first) and the total count; with a
    ``count_cap`` the count stops at ``count_cap + 1`` (the HTML list shows "10000+": an
    exact count over a hundred thousand matches costs more than the page itself)."""
    base = filtered_select(f, clock)
    counted = base.order_by(None).with_only_columns(Request.id)
    if count_cap is not None:
        counted = counted.limit(count_cap + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    rows = db.session.scalars(
        base.order_by(Request.received_at.desc(), Request.id.desc())
        .limit(f.per_page).offset((max(f.page, 1) - 1) * f.per_page)
    ).unique().all()
    return list(rows), total


def dashboard(clock: Clock, user_id: int, limit: int = 10) -> dict:
    """Counts of open requests by deadline state (one query), and the short lists shown."""
    S = dl.DeadlineState
    open_cond = Request.status.in_(OPEN_STATUSES)
    mine_cond = and_(open_cond, Request.executor_id == user_id)
    conditions = {state.value: state_condition(state, clock)
                  for state in (S.OVERDUE, S.DUE_TODAY, S.DUE_SOON)}
    named = {**conditions, "open": open_cond,
             "unassigned": and_(open_cond, Request.executor_id.is_(None)), "mine": mine_cond}
    # Every count is of open requests: the WHERE lets the (status, due_date) index skip the
    # closed years instead of scanning the table.
    row = db.session.execute(select(*[func.count(Request.id).filter(c).label(k)
                                      for k, c in named.items()]).where(open_cond)).one()
    counts = dict(row._mapping)
    lists = {key: db.session.scalars(select(Request).where(cond)
                                     .order_by(Request.due_date, Request.id).limit(limit)
                                     ).unique().all()
             for key, cond in {**conditions, "mine": mine_cond}.items()}
    return {"counts": counts, "lists": lists}


def timeline(request_id: int) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.request_id == request_id).order_by(Event.at, Event.id)))


def access_log_rows(*, request_id: int | None = None, user_id: int | None = None,
                    limit: int = 500):
    """The latest access-log rows, those about one request including bulk reads that
    carried it (JSON containment: jsonb on PostgreSQL, json_each on SQLite)."""
    from sqlalchemy import cast, exists, text
    from sqlalchemy.dialects.postgresql import JSONB

    from .models import AccessLog
    stmt = select(AccessLog).order_by(AccessLog.id.desc())
    if request_id is not None:
        if db.engine.dialect.name == "postgresql":
            in_bulk = cast(AccessLog.request_ids, JSONB).contains([request_id])
        else:
            in_bulk = exists(select(text("1")).select_from(
                func.json_each(AccessLog.request_ids).table_valued("value"))
                .where(text("value = :rid")).params(rid=request_id))
        stmt = stmt.where(or_(AccessLog.request_id == request_id, in_bulk))
    if user_id is not None:
        stmt = stmt.where(AccessLog.user_id == user_id)
    return db.session.scalars(stmt.limit(limit)).all()

