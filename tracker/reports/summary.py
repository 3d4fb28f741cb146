"""The report summary kept current: every request's contribution, applied as a difference.

Whatever path changes a request (registration, actions, bulk, intake, letters' delivery,
editing, tags, retention, deletion, a bulk UPDATE), the session marks its id (summary_hooks:
``after_flush`` for objects, ``do_orm_execute`` for statements); before the transaction
commits, ``sync`` recounts the marked requests: their old contribution
(``report_facts``/``report_labels``) is taken off ``report_counts`` and the new one put on,
in the same transaction. ``rebuild`` recounts everything (after a bulk load; the migration's backfill); ``verify`` compares.

A request contributes, on its received day (grain "d") and month (grain "m", not "answered"):
  recv (channel, requester category) · outcome (outcome key, refusal ground) · urgent ·
  extended · answered (on_time/late by the answered date at the day grain: the exact pairs
  the percentiles need; by the answered month at the month grain) · exec (executor id,
  received/answered/late) · tag · topic (category id).

The month grain also holds the histogram of working days to answer (kind "days", key the
number of days: the exact median and p90 of whole months merge from it), worked out from the
day grain's pairs with the calendar whose digest (stats.calendar_stamp) the one grain "c" row
holds. A calendar change (an override, the end of martial law, a new holidays package, a
config change) makes the digest differ: the next recount of an answer or calendar change
works every histogram out anew, and until then a report takes the pairs themselves.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import (String, and_, case, cast, delete, false, func, null, literal, or_,
                        select, true, type_coerce, union_all)
from sqlalchemy.orm import Session

from ..activities.models import ActivityRecord, Category
from ..letters.models import Letter, LetterActivity
from ..register.models import Request, Requester, RequestTag, Status
from .models import ReportCount, ReportFact, ReportLabel
from .stats import calendar_stamp, days_between

PENDING = "report_summary_pending"
#: More requests than this marked in one transaction (a bulk load): recount everything.
REBUILD_OVER = 20_000
BATCH = 2_000
FACT_COLUMNS = ("request_id", "received_date", "channel", "category", "outcome",
                "refusal_ground", "executor_id", "urgent", "extended", "answered_on", "late")
#: The one grain "c" row: (day, kind); its key is the digest of the calendar the "days"
#: histograms were worked out with.
STAMP = (dt.date(2000, 1, 1), "calendar")


# --- what a request contributes ---------------------------------------------------------

def contributions(fact, labels=()) -> list[tuple[str, object, str, str, str]]:
    """(grain, day, kind, key, sub) entries, one count each, of a report_facts row and its
    (kind, label) pairs."""
    day = fact.received_date
    month = day.replace(day=1)
    entries = [("recv", fact.channel, fact.category),
               ("outcome", fact.outcome, fact.refusal_ground or "")]
    if fact.urgent:
        entries.append(("urgent", "", ""))
    if fact.extended:
        entries.append(("extended", "", ""))
    if fact.executor_id is not None:
        who = str(fact.executor_id)
        entries.append(("exec", who, "received"))
        if fact.answered_on is not None:
            entries.append(("exec", who, "answered"))
            if fact.late:
                entries.append(("exec", who, "late"))
    entries += [(kind, label, "") for kind, label in sorted(set(labels))]
    out = [("d", day, *e) for e in entries] + [("m", month, *e) for e in entries]
    if fact.answered_on is not None:
        timeliness = "late" if fact.late else "on_time"
        out += [("d", day, "answered", fact.answered_on.isoformat(), timeliness),
                ("m", month, "answered", f"{fact.answered_on:%Y-%m}", timeliness)]
    return out


def _pairs(delta) -> list[tuple[dt.date, dt.date, int]]:
    """(received, answered, how many) of the day grain's "answered" entries of ``delta``."""
    return [(day, dt.date.fromisoformat(key), n)
            for (grain, day, kind, key, _sub), n in delta.items()
            if grain == "d" and kind == "answered" and n]


def days_entries(pairs, cal) -> Counter:
    """The month grain's "days" entries (working days to answer) of (received, answered,
    how many) pairs, with this calendar."""
    days = days_between(pairs, cal)
    out: Counter = Counter()
    for received, answered, n in pairs:
        out[("m", received.replace(day=1), "days", str(days(received, answered)), "")] += n
    return out


# --- the histograms of working days to answer ---------------------------------------------

def _calendar(session: Session):
    """The working-day calendar now, read in ``session`` (None outside the app's own
    session, as in a migration: no histograms then)."""
    from flask import has_app_context
    if not has_app_context():
        return None
    from ..extensions import db
    if session is not db.session and session is not db.session():
        return None
    from ..register.settings import load_calendar
    return load_calendar()


def stored_stamp(session: Session) -> str | None:
    return session.scalar(select(ReportCount.key).where(
        ReportCount.grain == "c", ReportCount.day == STAMP[0], ReportCount.kind == STAMP[1]))


def recount_days(session: Session, cal) -> None:
    """Every month's histogram anew from the day grain's pairs, with this calendar and its
    digest (none with no calendar: reports then take the pairs)."""
    c = ReportCount
    session.execute(delete(c).where(or_(and_(c.grain == "m", c.kind == "days"), c.grain == "c")))
    if cal is None:
        return
    pairs = [(day, dt.date.fromisoformat(key), n) for day, key, n in session.execute(
        select(c.day, c.key, func.sum(c.n)).where(c.grain == "d", c.kind == "answered")
        .group_by(c.day, c.key).having(func.sum(c.n) != 0))]
    entries = days_entries(pairs, cal)
    entries[("c", STAMP[0], STAMP[1], calendar_stamp(cal), "")] = 1
    _apply(session, entries)


def _update_days(session: Session, delta: Counter, calendar_changed: bool = False) -> None:
    """Put the answers ``delta`` took off and on into the histograms; all of them anew when
    the calendar is not the one they were worked out with."""
    pairs = _pairs(delta)
    if not pairs and not calendar_changed:
        return
    cal = _calendar(session)
    if cal is not None and stored_stamp(session) == calendar_stamp(cal):
        _apply(session, days_entries(pairs, cal))
    else:
        recount_days(session, cal)


def _spam_column():
    """requests.spam_marked_at once it exists (migration 0016): spam is never counted."""
    column = Request.__table__.c.get("spam_marked_at")
    return None if column is None else getattr(Request, "spam_marked_at", column)


def _counted(exclude_spam: bool | None = None):
    """Requests the statistics count: not spam, and no registration annulled as made in error.
    ``exclude_spam`` False: a database from before both columns (migration 0015's rebuild)."""
    if exclude_spam is False:
        return true()
    terms = [c.is_(None) for c in (_spam_column(), Request.__table__.c.get("voided_at"))
             if c is not None]
    return and_(*terms) if terms else true()


def _facts_select(where, exclude_spam: bool | None = None):
    """The report_facts rows of the requests ``where`` selects (the same SQL feeds the
    backfill's INSERT … SELECT and each incremental recount)."""
    outcome = case((Request.outcome.is_not(None), type_coerce(Request.outcome, String)),
                   (Request.status == Status.EXTENDED, literal("extended")),
                   (Request.status == Status.DEFERRED, literal("deferred")),
                   else_=literal("in_progress"))
    late = case((Request.answered_on.is_(None), null()),
                (Request.answered_on > Request.due_date, true()), else_=false())
    columns = (Request.id, Request.received_date, type_coerce(Request.channel, String),
               type_coerce(Requester.category, String), outcome,
               type_coerce(Request.refusal_ground, String), Request.executor_id, Request.urgent,
               case((Request.extended_on.is_not(None), true()), else_=false()),
               Request.answered_on, late)
    return (select(*[c.label(name) for c, name in zip(columns, FACT_COLUMNS)])
            .join(Requester, Requester.id == Request.requester_id)
            .where(where, _counted(exclude_spam)))


def _labels_select(request_where, exclude_spam: bool | None = None):
    """(request id, kind, label): free tags, and the categories of the activity records
    the request's letters were drafted from (each once)."""
    counted = select(Request.id).where(request_where, _counted(exclude_spam))
    tags = select(RequestTag.request_id, literal("tag"), RequestTag.tag) \
        .where(RequestTag.request_id.in_(counted))
    topics = (select(Letter.request_id, literal("topic"), cast(Category.id, String(60)))
              .join(LetterActivity, LetterActivity.letter_id == Letter.id)
              .join(ActivityRecord, ActivityRecord.id == LetterActivity.activity_id)
              .join(Category, Category.id == ActivityRecord.category_id)
              .where(Letter.request_id.in_(counted)).distinct())
    return union_all(tags, topics)


def _fill_facts(session: Session, where, exclude_spam: bool | None = None) -> None:
    session.execute(ReportFact.__table__.insert().from_select(
        list(FACT_COLUMNS), _facts_select(where, exclude_spam)))
    session.execute(ReportLabel.__table__.insert().from_select(
        ["request_id", "kind", "label"], _labels_select(where, exclude_spam)))


def _labels_of(session: Session, ids) -> dict[int, list]:
    labels: dict[int, list] = {}
    for rid, kind, label in session.execute(
            select(ReportLabel.request_id, ReportLabel.kind, ReportLabel.label)
            .where(ReportLabel.request_id.in_(ids))):
        labels.setdefault(rid, []).append((kind, label))
    return labels


def _read(session: Session, ids, *, lock: bool = False) -> Counter:
    """The counts these requests contribute as report_facts/report_labels hold them."""
    query = select(*[getattr(ReportFact, c) for c in FACT_COLUMNS]) \
        .where(ReportFact.request_id.in_(ids))
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # two transactions recounting one request: in turn
    facts = session.execute(query).all()
    labels = _labels_of(session, ids) if facts else {}
    counts: Counter = Counter()
    for f in facts:
        counts.update(contributions(f, labels.get(f.request_id, ())))
    return counts


def _apply(session: Session, delta: Counter) -> None:
    # In (grain, kind, day) order: a rebuild writes a report's rows next to each other.
    rows = [{"grain": g, "day": d, "kind": k, "key": key, "sub": sub, "n": n}
            for (g, d, k, key, sub), n in sorted(delta.items(), key=lambda e: (
                e[0][0], e[0][2], e[0][1], e[0][3], e[0][4])) if n]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(ReportCount.__table__)
    stmt = stmt.on_conflict_do_update(index_elements=["grain", "day", "kind", "key", "sub"],
                                      set_={"n": ReportCount.__table__.c.n + stmt.excluded.n})
    for start in range(0, len(rows), BATCH):
        session.execute(stmt, rows[start:start + BATCH])


def recount(session: Session, ids) -> Counter:
    """Recount these requests: take off what they counted, put on what they count now;
    returns the answers' difference (the day grain's "answered" entries)."""
    ids = sorted(set(ids))
    answers: Counter = Counter()
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        delta = Counter({k: -v for k, v in _read(session, part, lock=True).items()})
        session.execute(delete(ReportLabel).where(ReportLabel.request_id.in_(part)))
        session.execute(delete(ReportFact).where(ReportFact.request_id.in_(part)))
        _fill_facts(session, Request.id.in_(part))
        delta.update(_read(session, part))
        _apply(session, delta)
        answers.update({k: n for k, n in delta.items()
                        if k[0] == "d" and k[2] == "answered" and n})
    return answers


def rebuild(session: Session, *, exclude_spam: bool | None = None, cal=None) -> int:
    """Recount every request from scratch (after a bulk load, or to repair); returns how
    many requests are counted. ``cal``: the calendar for the histograms (default: the
    council's now). The caller commits."""
    session.info.pop(PENDING, None)
    for model in (ReportCount, ReportLabel, ReportFact):
        session.execute(delete(model))
    _fill_facts(session, true(), exclude_spam)
    counts = _all_counts(session)
    _apply(session, counts)
    recount_days(session, cal if cal is not None else _calendar(session))
    return session.scalar(select(func.count()).select_from(ReportFact))


def _all_counts(session: Session) -> Counter:
    """Every contribution of report_facts/report_labels, streamed."""
    labels: dict[int, list] = {}
    for rid, kind, label in session.execute(select(ReportLabel.request_id, ReportLabel.kind,
                                                   ReportLabel.label)):
        labels.setdefault(rid, []).append((kind, label))
    counts: Counter = Counter()
    columns = [getattr(ReportFact, c) for c in FACT_COLUMNS]
    for f in session.execute(select(*columns).execution_options(yield_per=10_000)):
        counts.update(contributions(f, labels.get(f.request_id, ())))
    return counts


def verify(session: Session) -> list[tuple]:
    """Differences between report_counts and a recount from the requests themselves
    ((grain, day, kind, key, sub), stored, expected); empty when the summary is right."""
    sync(session)
    stored = Counter({(g, d, k, key, sub): n for g, d, k, key, sub, n in session.execute(
        select(ReportCount.grain, ReportCount.day, ReportCount.kind, ReportCount.key,
               ReportCount.sub, ReportCount.n).where(ReportCount.n != 0))})
    expected: Counter = Counter()
    labels: dict[int, list] = {}
    for rid, kind, label in session.execute(_labels_select(true())):
        labels.setdefault(rid, []).append((kind, label))
    for fact in session.execute(_facts_select(true())):
        expected.update(contributions(fact, labels.get(fact.request_id, ())))
    cal = _calendar(session)
    if cal is not None and stored_stamp(session) is not None:  # none yet: pairs are read
        expected.update(days_entries(_pairs(expected), cal))
        expected[("c", STAMP[0], STAMP[1], calendar_stamp(cal), "")] = 1
    return [(key, stored.get(key, 0), expected.get(key, 0))
            for key in sorted(set(stored) | set(expected), key=repr)
            if stored.get(key, 0) != expected.get(key, 0)]


# --- keeping it current -------------------------------------------------------------------


def _resolve(session: Session, marks: dict) -> set[int]:
    ids = set(marks["requests"])
    if marks["requesters"]:
        ids.update(session.scalars(select(Request.id).where(
            Request.requester_id.in_(marks["requesters"]))))
    activities = marks["activities"]
    letters = set(marks["letters"])
    if activities:
        letters.update(session.scalars(select(LetterActivity.letter_id).where(
            LetterActivity.activity_id.in_(activities))))
    if letters:
        ids.update(session.scalars(select(Letter.request_id).where(Letter.id.in_(letters))))
    return ids


def sync(session: Session) -> None:
    """Recount what this transaction changed (before it commits; before a report reads)."""
    if not session.info.get(PENDING):
        return
    session.flush()
    marks = session.info.pop(PENDING, None)
    if not marks:
        return
    if marks.get("rebuild") or len(marks["requests"]) > REBUILD_OVER:
        rebuild(session)  # a bulk load: one recount of everything is cheaper
    else:
        ids = _resolve(session, marks)
        if len(ids) > REBUILD_OVER:
            rebuild(session)
        else:
            _update_days(session, recount(session, ids) if ids else Counter(),
                         calendar_changed=marks["calendar"])
    session.info.pop(PENDING, None)  # what the recount itself touched is counted already


def discard_pending(session: Session) -> None:
    """The transaction wrote the summary tables itself, consistent with the rows it wrote (a
    restore from a backup): nothing it marked is to be recounted."""
    session.flush()
    session.info.pop(PENDING, None)
