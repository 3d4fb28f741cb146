"""The period report and the register journal, computed in the database (GROUP BY)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, and_, case, distinct, func, literal_column, select, type_coerce

from ..activities.models import ActivityRecord, Category
from ..auth.models import User
from ..core.search import words_condition
from ..extensions import db
from ..letters.models import Letter, LetterActivity
from ..register import deadlines as dl
from ..register.models import (Category as RequesterCategory, Channel, RefusalGround, Request,
                               Requester, RequestTag, Status)
from ..register.queries import Clock, state_condition
from .periods import dates_from_args
from .stats import weighted_median, weighted_percentile, working_day_counts

OUTCOME_KEYS = ("full", "partial", "refused", "forwarded", "extended", "deferred", "in_progress")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def condition(self):
        return and_(Request.received_date >= self.start, Request.received_date <= self.end)


def period_from_args(args, today: dt.date) -> Period:
    """The period a page or an API call asks for (see periods.dates_from_args)."""
    return Period(*dates_from_args(args, today))


def _month(column):
    """'YYYY-MM' of a date column, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), column)


def _outcome_key():
    """One bucket per request: its outcome, else extended / deferred / in progress.

    Literals are inlined (not bound) so that the GROUP BY repeats the very same expression
    PostgreSQL sees in the SELECT list.
    """
    return case(
        (Request.outcome.is_not(None), type_coerce(Request.outcome, String)),
        (Request.status == Status.EXTENDED, literal_column("'extended'")),
        (Request.status == Status.DEFERRED, literal_column("'deferred'")),
        else_=literal_column("'in_progress'")).label("outcome_key")


def summary(period: Period, clock: Clock) -> dict:
    """The figures councils publish for a period (DOMAIN.md §7), as JSON-ready values."""
    where = period.condition()
    # The scalar figures in one pass.
    total, on_time, late, extended, urgent = db.session.execute(select(
        func.count(Request.id),
        func.count(Request.id).filter(Request.answered_on <= Request.due_date),
        func.count(Request.id).filter(Request.answered_on > Request.due_date),
        func.count(Request.id).filter(Request.extended_on.is_not(None)),
        func.count(Request.id).filter(Request.urgent)).where(where)).one()
    # Outcomes and refusal grounds in one grouping.
    by_outcome = {k: 0 for k in OUTCOME_KEYS}
    by_ground = {g.value: 0 for g in RefusalGround}
    outcome = _outcome_key()
    for key, ground, count in db.session.execute(
            select(outcome, Request.refusal_ground, func.count(Request.id))
            .where(where).group_by(outcome, Request.refusal_ground)):
        by_outcome[key.value if hasattr(key, "value") else key] += count
        if ground is not None:
            by_ground[ground.value if hasattr(ground, "value") else ground] += count
    answered = and_(where, Request.answered_on.is_not(None))
    pairs = db.session.execute(select(Request.received_date, Request.answered_on,
                                      func.count(Request.id)).where(answered)
                               .group_by(Request.received_date, Request.answered_on)).all()
    days = working_day_counts([(r, a, c) for r, a, c in pairs], clock.cal)
    median = weighted_median(days)
    received, by_channel, by_category = received_counts(where)
    return {
        "from": period.start.isoformat(), "to": period.end.isoformat(),
        "total": total,
        "by_channel": by_channel,
        "by_category": by_category,
        "by_outcome": by_outcome,
        "by_refusal_ground": by_ground,
        "by_topic": by_topic(where),
        "by_tag": by_tag(where),
        "on_time": on_time, "late": late,
        "median_days": median, "p90_days": weighted_percentile(days, 0.9),
        "extended": extended, "urgent": urgent,
        "by_executor": by_executor(where, clock),
        "monthly": {"received": received, "answered": answered_by_month(where)},
    }


def by_topic(where) -> dict[str, int]:
    """Requests per category of the activity records their letters were drafted from."""
    rows = db.session.execute(
        select(Category.slug, func.count(distinct(Request.id)))
        .select_from(Request).join(Letter, Letter.request_id == Request.id)
        .join(LetterActivity, LetterActivity.letter_id == Letter.id)
        .join(ActivityRecord, ActivityRecord.id == LetterActivity.activity_id)
        .join(Category, Category.id == ActivityRecord.category_id)
        .where(where).group_by(Category.slug)).all()
    return dict(sorted(rows))


def topic_names() -> dict[str, str]:
    """Every activity category's name by its slug (retired ones too: a past period's report
    still names them)."""
    return dict(db.session.execute(select(Category.slug, Category.name)).all())


def by_tag(where) -> dict[str, int]:
    rows = db.session.execute(select(RequestTag.tag, func.count(RequestTag.request_id))
                              .join(Request, Request.id == RequestTag.request_id)
                              .where(where).group_by(RequestTag.tag)).all()
    return dict(sorted(rows))


def by_executor(where, clock: Clock) -> dict[str, dict]:
    """Per executor: received (assigned), answered, late, and overdue now."""
    overdue = state_condition(dl.DeadlineState.OVERDUE, clock)
    rows = db.session.execute(
        select(User.email, User.name, func.count(Request.id),
               func.count(Request.id).filter(Request.answered_on.is_not(None)),
               func.count(Request.id).filter(Request.answered_on > Request.due_date),
               func.count(Request.id).filter(overdue))
        .join(User, User.id == Request.executor_id).where(where)
        .group_by(User.email, User.name).order_by(User.name)).all()
    return {email: {"name": name, "received": received, "answered": answered, "late": late,
                    "overdue": overdue_now}
            for email, name, received, answered, late, overdue_now in rows}


def received_counts(where) -> tuple[dict, dict[str, int], dict[str, int]]:
    """Requests received per month and channel (for the chart), per channel and per requester
    category: one grouping, summed three ways."""
    month = _month(Request.received_date)
    per_month: dict[str, dict[str, int]] = {}
    by_channel = {c.value: 0 for c in Channel}
    by_category = {c.value: 0 for c in RequesterCategory}
    for m, channel, category, count in db.session.execute(
            select(month, Request.channel, Requester.category, func.count(Request.id))
            .join(Requester, Request.requester_id == Requester.id).where(where)
            .group_by(month, Request.channel, Requester.category).order_by(month)):
        per_month.setdefault(m, {c.value: 0 for c in Channel})[channel.value] += count
        by_channel[channel.value] += count
        by_category[category.value] += count
    return per_month, by_channel, by_category


def answered_by_month(where) -> dict[str, dict[str, int]]:
    """Per month of the answer: answers on time and late (for the chart)."""
    answered_month = _month(Request.answered_on)
    timeliness = {}
    for m, on_time, late in db.session.execute(
            select(answered_month,
                   func.count(Request.id).filter(Request.answered_on <= Request.due_date),
                   func.count(Request.id).filter(Request.answered_on > Request.due_date))
            .where(where, Request.answered_on.is_not(None))
            .group_by(answered_month).order_by(answered_month)):
        timeliness[m] = {"on_time": on_time, "late": late}
    return timeliness


# --- the register journal -------------------------------------------------------------------

JOURNAL_COLUMNS = ["Реєстраційний індекс", "Дата надходження", "Запитувач", "Категорія",
                   "Спосіб надходження", "Короткий зміст", "Виконавець", "Строк",
                   "Дата відповіді", "Результат", "Статус"]


def journal_select(period: Period, *, channel: str | None = None, status: str | None = None,
                   executor_id: int | None = None, q: str | None = None):
    stmt = (select(Request.registration_number, Request.received_date, Requester.name,
                   Requester.category, Request.channel, Request.subject, User.name,
                   Request.due_date, Request.answered_on, Request.outcome, Request.status,
                   Request.refusal_ground)
            .join(Requester, Requester.id == Request.requester_id)
            .outerjoin(User, User.id == Request.executor_id)
            .where(period.condition()))
    if channel:
        stmt = stmt.where(Request.channel == Channel(channel))
    if status:
        stmt = stmt.where(Request.status == Status(status))
    if executor_id:
        stmt = stmt.where(Request.executor_id == executor_id)
    if q:
        stmt = stmt.where(*words_condition(Request.search_text, q))
    return stmt.order_by(Request.received_date, Request.reg_seq, Request.id)


def journal_ids(stmt, *, limit: int | None = None, offset: int = 0) -> list[int]:
    """The ids of the requests a journal selection shows (for the access log)."""
    ids = stmt.with_only_columns(Request.id)
    if limit is not None:
        ids = ids.limit(limit).offset(offset)
    return list(db.session.scalars(ids))


def journal_rows(stmt, batch: int = 2000):
    """Stream the journal's rows (no whole table in memory)."""
    result = db.session.execute(stmt.execution_options(yield_per=batch))
    for row in result:
        yield row
