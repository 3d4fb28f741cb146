"""The report from the summary table equals the report computed from scratch over the
requests (tests/reports/reference.py), whatever happened to them and by which path."""
import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select, update

from tests.conftest import create_test_user
from tests.factories import register
from tests.reports.reference import reference_summary
from tracker.auth.models import Role
from tracker.core.errors import DomainError
from tracker.core.models import Event
from tracker.core.timeutil import KYIV, utcnow
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.calendar_admin import set_override
from tracker.register.editing import edit_request
from tracker.register.models import (AccessLog, Channel, Outcome, RefusalGround, Request,
                                     RequestTag)
from tracker.register.queries import Clock
from tracker.reports import summary as tally
from tracker.reports.figures import split
from tracker.reports.models import ReportCount
from tracker.reports.queries import Period, summary

D = dt.date
NOW = dt.datetime(2018, 6, 4, 12, tzinfo=KYIV)
PERIODS = [Period(D(2018, 1, 1), D(2018, 12, 31)), Period(D(2018, 3, 15), D(2018, 5, 10)),
           Period(D(2018, 4, 1), D(2018, 4, 30)), Period(D(2018, 4, 10), D(2018, 4, 10)),
           Period(D(2018, 4, 30), D(2018, 6, 1))]
DAYS = [D(2018, 3, 30), D(2018, 4, 2), D(2018, 4, 6), D(2018, 4, 10), D(2018, 4, 30),
        D(2018, 5, 2), D(2018, 5, 31)]


def assert_report_is_exact():
    clock = Clock.at(NOW)
    for period in PERIODS:
        assert summary(period, clock) == reference_summary(period, clock), period
    assert tally.verify(db.session) == []


def test_period_split_into_whole_months_and_edge_days():
    assert split(D(2018, 1, 1), D(2018, 12, 31)) == ((D(2018, 1, 1), D(2018, 12, 1)), [])
    assert split(D(2018, 3, 15), D(2018, 5, 10)) == (
        (D(2018, 4, 1), D(2018, 4, 1)), [(D(2018, 3, 15), D(2018, 3, 31)),
                                         (D(2018, 5, 1), D(2018, 5, 10))])
    assert split(D(2018, 4, 10), D(2018, 4, 10)) == (None, [(D(2018, 4, 10), D(2018, 4, 10))])
    assert split(D(2018, 2, 1), D(2018, 2, 27)) == (None, [(D(2018, 2, 1), D(2018, 2, 27))])


def test_the_april_report_reads_the_summary_and_equals_the_scan(april):
    assert db.session.scalar(select(ReportCount.n).where(
        ReportCount.grain == "m", ReportCount.day == D(2018, 4, 1), ReportCount.kind == "tag",
        ReportCount.key == "жкг")) == 2
    with time_machine.travel(NOW, tick=False):
        assert_report_is_exact()


def test_a_report_page_runs_the_same_statements_for_a_month_and_five_years(
        april, client, users, login, count_queries):
    login(users["clerk"])
    counts = []
    for query in ("from=2018-04-01&to=2018-04-30", "from=2014-01-01&to=2018-12-31"):
        client.get(f"/reports/?{query}")
        with count_queries() as counter:
            assert client.get(f"/reports/?{query}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def _histogram():
    return dict(db.session.execute(select(ReportCount.key, ReportCount.n).where(
        ReportCount.grain == "m", ReportCount.day == D(2018, 4, 1), ReportCount.kind == "days",
        ReportCount.n != 0)).all())


def test_a_calendar_change_works_the_histograms_out_anew(april, users):
    # R1: received Mon 2 April, answered Fri 6 April — 4 working days, 3 with Thursday off.
    assert _histogram() == {"1": 2, "4": 1, "6": 1}
    set_override(users["admin"], D(2018, 4, 5), False, "День міста")
    db.session.commit()
    assert _histogram() == {"1": 2, "3": 1, "5": 1}
    with time_machine.travel(NOW, tick=False):
        assert_report_is_exact()


def test_a_report_takes_the_pairs_when_the_histograms_are_of_another_calendar(april, users):
    # As after a config change of MARTIAL_LAW_UNTIL or a new holidays package.
    db.session.execute(update(ReportCount).where(ReportCount.grain == "c").values(key="old"))
    db.session.execute(update(ReportCount).where(ReportCount.kind == "days")
                       .values(n=ReportCount.n * 7))
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        clock = Clock.at(NOW)
        for period in PERIODS:
            assert summary(period, clock) == reference_summary(period, clock), period
        ops.answer(users["executor"], april["R7"], Outcome.FULL, D(2018, 4, 13))
        db.session.commit()  # an answer recounts: every histogram anew
        assert tally.stored_stamp(db.session) != "old"
        assert_report_is_exact()


def test_rebuild_gives_what_the_changes_kept(april):
    before = sorted(db.session.execute(select(ReportCount.grain, ReportCount.day,
                                              ReportCount.kind, ReportCount.key,
                                              ReportCount.sub, ReportCount.n)
                                       .where(ReportCount.n != 0)).all())
    assert tally.rebuild(db.session) == 8
    db.session.commit()
    after = sorted(db.session.execute(select(ReportCount.grain, ReportCount.day,
                                             ReportCount.kind, ReportCount.key,
                                             ReportCount.sub, ReportCount.n)).all())
    assert before == after


def test_cli_rebuilds_and_verifies(april, runner):
    db.session.execute(update(ReportCount).values(n=ReportCount.n + 1))  # spoil it
    db.session.commit()
    bad = runner.invoke(args=["reports", "verify-summary"])
    assert bad.exit_code == 1 and "Розбіжностей: " in bad.output
    assert "Перераховано запитів: 8" in runner.invoke(args=["reports", "rebuild-summary"]).output
    good = runner.invoke(args=["reports", "verify-summary"])
    assert good.exit_code == 0 and "Розбіжностей: 0" in good.output


# --- random histories ---------------------------------------------------------------------

def _pick(reqs, i):
    return reqs[i % len(reqs)] if reqs else None


def _delete(req):
    """A request removed with its traces (Core statements for what the ORM may not delete)."""
    for model in (Event, RequestTag, AccessLog):
        db.session.execute(delete(model).where(model.request_id == req.id))
    db.session.delete(req)


def _apply(op, users, reqs):
    kind, i, k, choice = op
    head, executors = users["head"], [users["executor"], users["executor2"]]
    if kind == "register":
        reqs.append(register(users["clerk"], received_at=f"{DAYS[k % len(DAYS)]}T10:00",
                             channel=list(Channel)[choice % len(Channel)].value,
                             executor=executors[choice % 2].email if choice % 3 else None,
                             requester={"category": ["individual", "media", "legal_entity",
                                                     "association"][choice % 4]},
                             **({"urgent": True, "urgent_reason": "Аварія"}
                                if choice % 5 == 0 else {})))
        return
    req = _pick(reqs, i)
    if req is None:
        return
    day = req.received_date + dt.timedelta(days=k % 12)
    if kind == "answer":
        ops.answer(head, req, [Outcome.FULL, Outcome.PARTIAL][choice % 2], day)
    elif kind == "refuse":
        ops.refuse(head, req, list(RefusalGround)[choice % 4], "Пояснення", on=day)
    elif kind == "forward":
        ops.forward(head, req, "Житомирська ОДА", None, on=day)
    elif kind == "extend":
        ops.extend(head, req, "Великий обсяг", today=req.received_date + dt.timedelta(days=1))
    elif kind == "defer":
        ops.defer(head, req, D(2018, 6, 20), "Аварія", today=req.received_date)
    elif kind == "close":
        ops.close(head, req, on=day)
    elif kind == "assign":
        ops.assign(head, req, executors[choice % 2].email)
    elif kind == "tags":
        # set_tags deletes the rows with a statement and adds the kept ones anew: the loaded
        # ones (Request.tags) would clash in the identity map (SAWarning; a register matter).
        for tag in req.tags:
            db.session.expunge(tag)
        ops.set_tags(head, req, ["ЖКГ", "бюджет", "освіта"][:choice % 4])
    elif kind == "edit":
        raw = {"version": req.version, "requester": {"category": ["individual", "media"][choice % 2]},
               "channel": list(Channel)[choice % len(Channel)].value}
        if choice % 3 == 0:
            raw.update(received_at=f"{DAYS[k % len(DAYS)]}T09:00", reason="Помилка в даті")
        edit_request(head, req, raw)
    elif kind == "spam":
        req.spam_marked_at = None if req.spam_marked_at else utcnow()
    elif kind == "bulk":  # a statement, not an object: as the benchmark's bulk UPDATE
        db.session.execute(update(Request).where(Request.id == req.id).values(
            channel=list(Channel)[choice % len(Channel)]))
    elif kind == "delete":
        _delete(req)
        reqs.remove(req)


OPS = st.tuples(st.sampled_from(["register", "register", "answer", "refuse", "forward",
                                 "extend", "defer", "close", "assign", "tags", "edit", "spam",
                                 "bulk", "delete"]),
                st.integers(0, 20), st.integers(0, 30), st.integers(0, 60))


@pytest.fixture
def staff(users):
    users["executor2"] = create_test_user(Role.EXECUTOR, email="executor2@test.example",
                                          name="Друга Виконавиця")
    return users


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=st.lists(OPS, min_size=1, max_size=14), commit_last=st.booleans())
def test_random_histories_report_what_a_scan_reports(staff, history, commit_last):
    reqs = list(db.session.scalars(select(Request).order_by(Request.id)))
    with time_machine.travel(NOW, tick=False):
        for n, op in enumerate(history):
            try:
                _apply(op, staff, reqs)
            except DomainError:
                db.session.rollback()
                reqs = list(db.session.scalars(select(Request).order_by(Request.id)))
                continue
            if n < len(history) - 1 or commit_last:
                db.session.commit()
        # Uncommitted changes too: the report counts this transaction's own changes.
        assert_report_is_exact()
        db.session.commit()
        assert_report_is_exact()
