"""The period report read from the summary (report_counts), not from the requests.

Whole months inside the period are read at the month grain, the days at its edges at the
day grain, summed by the database: a five-year report gets a few hundred rows whatever the
number of requests. The exact median and p90 merge the whole months' histograms of working
days to answer with the edge days' (received, answered) pairs; when the histograms were
worked out with another calendar than today's (summary.py), the pairs of the whole months
are read instead (one statement more, until the next recount). What depends on "now"
(overdue per executor) is counted live over the open requests only (a small index).
"""
from __future__ import annotations

import datetime as dt

from collections import Counter

from sqlalchemy import Date, and_, cast, func, literal, null, or_, select, union_all

from ..activities.models import Category
from ..auth.models import User
from ..extensions import db
from ..register import deadlines as dl
from ..register.models import Channel, RefusalGround, Request
from ..register.models import Category as RequesterCategory
from ..register.queries import Clock, state_condition
from . import summary as tally
from .models import ReportCount
from .stats import calendar_stamp, weighted_median, weighted_percentile, working_day_counts

OUTCOME_KEYS = ("full", "partial", "refused", "forwarded", "extended", "deferred", "in_progress")
ONE_DAY = dt.timedelta(days=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def split(start: dt.date, end: dt.date):
    """(first, last) month starts wholly inside [start, end] (or None), and the edge day
    ranges outside them."""
    first = start if start.day == 1 else _next_month(start)
    after_last = _next_month(end) if _next_month(end) - ONE_DAY == end else end.replace(day=1)
    if first >= after_last:
        return None, [(start, end)]
    last = (after_last - ONE_DAY).replace(day=1)
    edges = [(a, b) for a, b in ((start, first - ONE_DAY), (after_last, end)) if a <= b]
    return (first, last), edges


def _rows(start: dt.date, end: dt.date):
    """(part, day, kind, key, sub, n) in one statement: part "t" the period's totals by
    (kind, key, sub); "r" requests received per day (a month's first day at the month grain)
    and channel, for the chart; "p" the edge days' (received, answered) pairs; "c" the
    calendar digest the month histograms were worked out with."""
    c = ReportCount
    months, edges = split(start, end)
    parts = [and_(c.grain == "m", c.day.between(*months))] if months else []
    parts += [and_(c.grain == "d", c.kind != "answered", c.day.between(a, b)) for a, b in edges]
    n = func.sum(c.n).label("n")
    no_day = cast(null(), Date)
    statements = [
        select(literal("c"), c.day, c.kind, c.key, c.sub, c.n)
        .where(c.grain == "c", c.day == tally.STAMP[0], c.kind == tally.STAMP[1])]
    if parts:
        where = or_(*parts)
        statements += [
            select(literal("t"), no_day, c.kind, c.key, c.sub, n).where(where)
            .group_by(c.kind, c.key, c.sub),
            select(literal("r"), c.day, c.kind, c.key, literal(""), n)
            .where(where, c.kind == "recv").group_by(c.day, c.kind, c.key)]
    statements += [select(literal("p"), c.day, c.kind, c.key, c.sub, c.n).where(
        c.grain == "d", c.kind == "answered", c.day.between(a, b), c.n != 0) for a, b in edges]
    return db.session.execute(union_all(*statements)).all()


def _month_pairs(first: dt.date, last: dt.date):
    """The (received, answered, how many) pairs of whole months, from the day grain."""
    c = ReportCount
    return [(day, dt.date.fromisoformat(key), n) for day, key, n in db.session.execute(
        select(c.day, c.key, func.sum(c.n)).where(
            c.grain == "d", c.kind == "answered", c.day.between(first, _next_month(last) - ONE_DAY))
        .group_by(c.day, c.key).having(func.sum(c.n) != 0))]


def _overdue_by_executor(start: dt.date, end: dt.date, clock: Clock) -> dict[int, int]:
    """Overdue now, per executor, of the requests received in the period (open ones only:
    their partial index ix_requests_open_report holds every column asked, migration 0020)."""
    rows = db.session.execute(
        select(Request.executor_id, func.count())
        .where(state_condition(dl.DeadlineState.OVERDUE, clock),
               Request.received_date.between(start, end), Request.executor_id.is_not(None),
               tally._counted())
        .group_by(Request.executor_id)).all()
    return dict(rows)


def summary(start: dt.date, end: dt.date, clock: Clock) -> dict:
    """The figures councils publish for a period (DOMAIN.md §7), as JSON-ready values."""
    tally.sync(db.session)  # this transaction's own changes first
    total = on_time = late = extended = urgent = 0
    by_channel = {c.value: 0 for c in Channel}
    by_category = {c.value: 0 for c in RequesterCategory}
    by_outcome = {k: 0 for k in OUTCOME_KEYS}
    by_ground = {g.value: 0 for g in RefusalGround}
    per_month: dict[str, dict[str, int]] = {}
    answered_month: dict[str, dict[str, int]] = {}
    executors: dict[int, dict[str, int]] = {}
    tags: dict[str, int] = {}
    topics: dict[str, int] = {}
    pairs, histogram, stamp = [], Counter(), None
    for part, day, kind, key, sub, n in _rows(start, end):
        if not n:
            continue
        if part == "c":
            stamp = key
        elif part == "r":
            month = per_month.setdefault(f"{day:%Y-%m}", {c.value: 0 for c in Channel})
            month[key] = month.get(key, 0) + n
        elif part == "p":
            pairs.append((day, dt.date.fromisoformat(key), n))
            month = answered_month.setdefault(key[:7], {"on_time": 0, "late": 0})
            month[sub] += n
        elif kind == "recv":
            total += n
            by_channel[key] = by_channel.get(key, 0) + n
            by_category[sub] = by_category.get(sub, 0) + n
        elif kind == "outcome":
            by_outcome[key] = by_outcome.get(key, 0) + n
            if sub:
                by_ground[sub] = by_ground.get(sub, 0) + n
        elif kind == "answered":  # the month grain's: by the answered month
            month = answered_month.setdefault(key, {"on_time": 0, "late": 0})
            month[sub] += n
        elif kind == "days":
            histogram[int(key)] += n
        elif kind == "exec":
            row = executors.setdefault(int(key), {"received": 0, "answered": 0, "late": 0})
            row[sub] += n
        elif kind == "urgent":
            urgent += n
        elif kind == "extended":
            extended += n
        elif kind == "tag":
            tags[key] = tags.get(key, 0) + n
        elif kind == "topic":
            topics[key] = topics.get(key, 0) + n
    on_time = sum(m["on_time"] for m in answered_month.values())
    late = sum(m["late"] for m in answered_month.values())
    months, _edges = split(start, end)
    if months and stamp != calendar_stamp(clock.cal):  # worked out with another calendar
        histogram = Counter()
        pairs += _month_pairs(*months)
    for days, n in working_day_counts(pairs, clock.cal):
        histogram[days] += n
    days = sorted((d, n) for d, n in histogram.items() if n)
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "total": total,
        "by_channel": by_channel,
        "by_category": by_category,
        "by_outcome": by_outcome,
        "by_refusal_ground": by_ground,
        "by_topic": _topic_slugs(topics),
        "by_tag": dict(sorted(tags.items())),
        "on_time": on_time, "late": late,
        "median_days": weighted_median(days), "p90_days": weighted_percentile(days, 0.9),
        "extended": extended, "urgent": urgent,
        "by_executor": _executors(executors, start, end, clock),
        "monthly": {"received": dict(sorted(per_month.items())),
                    "answered": dict(sorted(answered_month.items()))},
    }


def _topic_slugs(topics: dict[str, int]) -> dict[str, int]:
    if not topics:
        return {}
    slugs = dict(db.session.execute(select(Category.id, Category.slug).where(
        Category.id.in_([int(k) for k in topics]))).all())
    out: dict[str, int] = {}
    for key, n in topics.items():
        slug = slugs.get(int(key))
        if slug is not None:
            out[slug] = out.get(slug, 0) + n
    return dict(sorted(out.items()))


def _executors(rows: dict[int, dict], start, end, clock: Clock) -> dict[str, dict]:
    """Per executor: received (assigned), answered, late, and overdue now; by name."""
    rows = {k: v for k, v in rows.items() if v["received"]}
    if not rows:
        return {}
    overdue = _overdue_by_executor(start, end, clock)
    users = db.session.execute(select(User.id, User.email, User.name)
                               .where(User.id.in_(rows))).all()
    return {email: {"name": name, **rows[uid], "overdue": overdue.get(uid, 0)}
            for uid, email, name in sorted(users, key=lambda u: (u.name, u.email))}
