"""Read side of the register: filtered lists, deadline-state filters, dashboard counts.

Deadline states are turned into date conditions so that the database filters and counts;
no list loads every request into Python. Lists page by keyset (the page after a request, in
the list's order) so a deep page costs what the first one does, and count matches only up to
a cap: beyond it PostgreSQL's planner estimate is shown (≈), not a count of a million rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, func, literal, or_, select, true, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import lazyload
from sqlalchemy.sql.expression import ClauseElement, Executable

from ..core.models import Event
from .. import search
from ..core.timeutil import utcnow
from ..extensions import db
from . import deadlines as dl
from .calendar import WorkCalendar
from .models import OPEN_STATUSES, Channel, Request, Status
from .settings import RegisterSettings, current_settings, load_calendar


@dataclass
class RequestFilters:
    status: Status | None = None
    #: ``status=open``: every request still in work (the dashboard's tiles count these).
    open_only: bool = False
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
    #: Keyset cursors: the page after (or before) the request with this id in the list's
    #: order, instead of skipping ``page - 1`` pages (OFFSET reads every row it skips).
    after: int | None = None
    before: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    #: An executor searching: contact-like words match only their own requests.
    contacts_of_executor: int | None = None
    #: ``q`` prepared for the search (set by ``filtered_select``; the list highlights it).
    search: search.Query | None = None


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
        if req.voided_at is not None:
            return dl.DeadlineState.VOIDED
        return dl.deadline_state(
            today=self.today, due_date=req.due_date, cal=self.cal,
            soon_days=self.settings.due_soon_days, due_at=req.due_at, now=self.now,
            answered_on=req.answered_on, tz=self.settings.tz)


def open_condition():
    """Open requests, the statuses written into the SQL rather than bound: a prepared
    statement's generic plan can then still use the open requests' partial index."""
    return Request.status.in_(bindparam("open_statuses", sorted(OPEN_STATUSES),
                                        expanding=True, literal_execute=True))


def _open_state_terms(state: dl.DeadlineState, clock: Clock):
    """An open request's deadline state as a condition on its terms alone (due date and
    hour): the caller says it is open. None for the states of answered requests."""
    S = dl.DeadlineState
    urgent_late = and_(Request.due_at.is_not(None), Request.due_at < clock.now)
    not_urgent = Request.due_at.is_(None)
    horizon = dl.due_soon_horizon(clock.today, clock.cal, clock.settings.due_soon_days)
    if state == S.OVERDUE:
        return or_(urgent_late, and_(not_urgent, Request.due_date < clock.today))
    if state == S.DUE_TODAY:
        return and_(Request.due_date == clock.today, or_(not_urgent, Request.due_at >= clock.now))
    if state == S.DUE_SOON:
        return or_(
            and_(Request.due_at.is_not(None), Request.due_at >= clock.now,
                 Request.due_date > clock.today),
            and_(not_urgent, Request.due_date > clock.today, Request.due_date <= horizon))
    if state == S.ON_TRACK:
        return and_(not_urgent, Request.due_date > horizon)
    return None


def state_condition(state: dl.DeadlineState, clock: Clock):
    """A SQL condition selecting requests in ``state`` (mirrors deadlines.deadline_state)."""
    terms = _open_state_terms(state, clock)
    if terms is not None:
        return and_(open_condition(), terms)
    if state == dl.DeadlineState.VOIDED:
        return Request.voided_at.is_not(None)
    answered = Request.answered_on.is_not(None)
    if state == dl.DeadlineState.ON_TIME:
        return and_(answered, Request.answered_on <= Request.due_date)
    return and_(answered, Request.answered_on > Request.due_date)


def _local_day_start(day: dt.date, settings: RegisterSettings) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=settings.tz)


def filtered_select(f: RequestFilters, clock: Clock, *, with_search: bool = True):
    """The requests matching ``f`` (``with_search`` False: every filter but the words,
    which the index walk applies itself; ``f.search`` is prepared either way)."""
    stmt = select(Request)
    if f.status is not None:
        stmt = stmt.where(Request.status == f.status)
    if f.open_only:
        stmt = stmt.where(open_condition())
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
        if f.search is None:
            f.search = search.prepare(f.q)
        if f.search and with_search:
            stmt = stmt.where(search.matches(Request, f.search))
        if f.contacts_of_executor is not None and may_be_contact(f.q):
            # Searching by an e-mail or a phone, or a piece of one, finds only the executor's
            # own requests: the contacts of others are hidden from them, and a hit would tell
            # whose they are.
            stmt = stmt.where(Request.executor_id == f.contacts_of_executor)
    return stmt


def _latin(word: str) -> bool:
    return any("a" <= ch <= "z" for ch in word.casefold())


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def may_be_contact(q: str) -> bool:
    """Whether a search may be matching a requester's e-mail or phone, or a piece of one:
    a word with "@" or a Latin letter (an e-mail's name or domain: «kovalenko», «ukr.net»;
    the register's subjects, names and indexes are Cyrillic), a number that opens as a
    Ukrainian phone does («067»), or five digits or more in the words without Cyrillic
    letters taken together (a phone typed in groups, «123 45 67»; an index fragment such as
    «25/К-4812із» has its letter)."""
    words = q.split()
    digits = sum(ch.isdigit() for w in words if not _cyrillic(w) for ch in w)
    return digits >= 5 or any(
        "@" in w or _latin(w) or (w.lstrip("+(").startswith("0") and sum(map(str.isdigit, w)) >= 3)
        for w in words)


#: The list's order: newest first; the id breaks ties (and makes the keyset unique).
ORDER = (Request.received_at.desc(), Request.id.desc())


@dataclass
class RequestPage:
    items: list[Request]
    #: The number of matches: counted up to the cap; beyond it (``exact`` False) the
    #: planner's estimate on PostgreSQL, ``cap + 1`` elsewhere.
    total: int
    exact: bool
    #: Cursors for the pager: the next page starts after ``next_after``, the previous one
    #: ends before ``prev_before``; None where there is no such page.
    next_after: int | None
    prev_before: int | None
    page: int


def _keyed(stmt, f: RequestFilters):
    """``stmt`` ordered and positioned for ``f``'s page; True when it reads backwards (a
    previous page is read in reverse order, then turned round)."""
    # A search ranks first: the requests whose head (subject, requester) holds every
    # query word, then the rest, each newest (highest id) first, as the index walk reads
    # them (search/walk.py); the tier is part of the keyset.
    if f.search:
        ranked, cols = [search.top_tier(Request, f.search)], [Request.id]
    else:
        ranked, cols = [], [Request.received_at, Request.id]
    key = tuple_(*ranked, *cols)
    order = [c.desc() for c in (*ranked, *cols)]

    def cursor(request_id: int):  # the cursor row's key, read in the same statement
        return tuple_(*[select(c).where(Request.id == request_id).scalar_subquery()
                        for c in (*ranked, *cols[:-1])], literal(request_id))
    if f.after is not None:
        return stmt.where(key < cursor(f.after)).order_by(*order), False
    if f.before is not None:
        return stmt.where(key > cursor(f.before)).order_by(*ranked, *cols), True
    return stmt.order_by(*order).offset((max(f.page, 1) - 1) * f.per_page), False


class _Explain(Executable, ClauseElement):
    """``EXPLAIN (FORMAT JSON)`` of a statement, its parameters bound as when it runs."""

    inherit_cache = False

    def __init__(self, statement):
        self.statement = statement


@compiles(_Explain, "postgresql")
def _compile_explain(element, compiler, **kw):
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


def count_matches(stmt, cap: int | None) -> tuple[int, bool]:
    """How many rows ``stmt`` selects: exact without a cap; with one, counted up to ``cap``
    (cheap: the count stops there, and selective filters count from their index) and beyond
    it PostgreSQL's estimate (one EXPLAIN, run every time so a page's queries do not vary)."""
    counted = stmt.order_by(None).with_only_columns(Request.id)
    if cap is None:
        return db.session.scalar(select(func.count()).select_from(counted.subquery())), True
    estimate = None
    if db.engine.dialect.name == "postgresql":
        plan = db.session.execute(_Explain(counted)).scalar()
        estimate = int(plan[0]["Plan"]["Plan Rows"])
    total = db.session.scalar(select(func.count()).select_from(counted.limit(cap + 1).subquery()))
    if total <= cap:
        return total, True
    return max(estimate or 0, cap + 1), False


def request_page(f: RequestFilters, clock: Clock, count_cap: int | None = None) -> RequestPage:
    """One page of requests matching ``f`` (newest first), the count, and the cursors of
    the pages around it. The same number of queries at any depth and any size."""
    plain = filtered_select(f, clock, with_search=False)
    walk = search.index_walk(Request, f.search, plain.whereclause) if f.q else None
    if walk is not None:
        total, exact = _walk_count(walk, count_cap)
        rows, backwards = _walk_rows(walk, f), f.before is not None
    else:
        base = filtered_select(f, clock)
        total, exact = count_matches(base, count_cap)
        stmt, backwards = _keyed(base, f)
        # Tags are not shown in lists: not loading them keeps the queries the same.
        rows = list(db.session.scalars(stmt.options(lazyload(Request.tags))
                                       .limit(f.per_page + 1)).unique())
    more = len(rows) > f.per_page  # one row beyond the page: is there another page?
    rows = rows[:f.per_page]
    page = max(f.page, 1)
    if backwards:
        rows.reverse()
        page = page if more else 1  # reached the first page whatever the link said
        return RequestPage(rows, total, exact, rows[-1].id if rows else None,
                           rows[0].id if more and rows else None, page)
    if f.after is None and not exact and (rows or page == 1):
        # A page reached by its number tells more than a capped count or an estimate: the
        # last page gives the exact number, any other a lower bound (never «10+» above an
        # empty page, nor «page 7 of ≈ 3»).
        seen = (page - 1) * f.per_page + len(rows)
        total, exact = (seen, True) if not more else (max(total, seen + 1), False)
    earlier = rows and (f.after is not None or page > 1)
    return RequestPage(rows, total, exact, rows[-1].id if more else None,
                       rows[0].id if earlier else None, page)


def _walk_count(walk, cap: int | None) -> tuple[int, bool]:
    """A search's count through the postings: exact when the word's index entries number
    at most ``cap`` (a fifth of it when each entry reads its request for a filter); beyond,
    the matches seen or PostgreSQL's estimate, whichever is larger («≈»)."""
    if cap is None:
        cap = 2**31 - 2
    budget = cap if not walk.joins else max(cap // 5, 1)
    estimate = None
    if db.engine.dialect.name == "postgresql":
        plan = db.session.execute(_Explain(walk.uncapped())).scalar()
        estimate = int(plan[0]["Plan"]["Plan Rows"])
    examined, matched = db.session.execute(walk.count(budget)).one()
    if examined <= budget:
        return matched, True
    return max(estimate or 0, matched + 1), False


def _walk_rows(walk, f: RequestFilters) -> list[Request]:
    """A search page's rows in the walk's order (ids first, then just those rows: joining
    the requester before the LIMIT would read it for every candidate)."""
    skip = 0 if f.after is not None or f.before is not None else (max(f.page, 1) - 1) * f.per_page
    want = skip + f.per_page + 1
    ids = search.walk_ids(db.session.execute(walk.page(want, f.after, f.before)), want)[skip:]
    loaded = {r.id: r for r in db.session.scalars(
        select(Request).where(Request.id.in_(ids)).options(lazyload(Request.tags))).unique()}
    return [loaded[i] for i in ids if i in loaded]


def list_requests(f: RequestFilters, clock: Clock,
                  count_cap: int | None = None) -> tuple[list[Request], int]:
    """One page of requests matching ``f`` and the total count (see ``request_page``)."""
    p = request_page(f, clock, count_cap)
    return p.items, p.total


def dashboard(clock: Clock, user_id: int, limit: int = 10) -> dict:
    """Counts of open requests by deadline state (one query), and the short lists shown."""
    S = dl.DeadlineState
    open_cond = open_condition()
    mine_cond = and_(open_cond, Request.executor_id == user_id)
    conditions = {state.value: state_condition(state, clock)
                  for state in (S.OVERDUE, S.DUE_TODAY, S.DUE_SOON)}
    # Every count is of open requests: the WHERE says so once and reads the open requests'
    # partial index (ix_requests_open_due); the filters name only columns that index holds,
    # so the counts read it alone (not the status of 7 000 rows from the table at a million).
    # The lists read the same index, in due order.
    named = {**{state.value: _open_state_terms(state, clock)
                for state in (S.OVERDUE, S.DUE_TODAY, S.DUE_SOON)},
             "open": true(), "unassigned": Request.executor_id.is_(None),
             "mine": Request.executor_id == user_id}
    row = db.session.execute(select(*[func.count().filter(c).label(k)
                                      for k, c in named.items()]).where(open_cond)).one()
    counts = dict(row._mapping)
    lists = {key: db.session.scalars(select(Request).where(cond).options(lazyload(Request.tags))
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

