"""The period report computed from scratch over the requests (GROUP BY scans): the
reference the summary-table report (tracker/reports/figures.py) must equal. This is the
report as it was before issue 18; spam-marked requests are left out as the summary does."""
from __future__ import annotations

from sqlalchemy import String, and_, case, distinct, func, literal_column, select, type_coerce

from tracker.activities.models import ActivityRecord, Category
from tracker.auth.models import User
from tracker.extensions import db
from tracker.letters.models import Letter, LetterActivity
from tracker.register import deadlines as dl
from tracker.register.models import (Category as RequesterCategory, Channel, RefusalGround,
                                     Request, Requester, RequestTag, Status)
from tracker.register.queries import Clock, state_condition
from tracker.reports.figures import OUTCOME_KEYS
from tracker.reports.queries import Period
from tracker.reports.stats import weighted_median, weighted_percentile, working_day_counts


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


def reference_summary(period: Period, clock: Clock) -> dict:
    """The figures councils publish for a period (DOMAIN.md §7), as JSON-ready values."""
    where = and_(period.condition(), Request.spam_marked_at.is_(None))
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
