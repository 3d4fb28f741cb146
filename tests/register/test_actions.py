"""Workflow actions: what each does, what the state forbids, and the events they write."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.factories import on
from tracker.register.actions import perform_action
from tracker.core.errors import PermissionDenied, TransitionError, ValidationError
from tracker.core.models import AppendOnlyViolation, Event
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.models import Outcome, RefusalGround, Status

from tests.factories import register




def events_of(req):
    return [e.action for e in db.session.scalars(
        select(Event).where(Event.request_id == req.id).order_by(Event.id))]


@pytest.fixture
def req(users):
    with on(2018, 3, 28):
        return register(users["clerk"], executor=users["executor"].email)


def test_assign_moves_a_new_request_into_work_and_records_who(users):
    with on(2018, 3, 28):
        r = register(users["clerk"])
        ops.assign(users["clerk"], r, users["executor"].email)
        db.session.commit()
    assert r.status == Status.IN_PROGRESS and r.executor_id == users["executor"].id
    ev = db.session.scalars(select(Event).where(Event.action == "assigned")).one()
    assert ev.before == {"executor": None, "status": "new"}
    assert ev.after == {"executor": users["executor"].email, "status": "in_progress"}


def test_assign_refuses_someone_who_is_not_an_executor(users, req):
    with pytest.raises(ValidationError):
        ops.assign(users["clerk"], req, users["clerk"].email)


def test_extension_on_the_fifth_working_day_sets_the_twenty_day_date(users, req):
    with on(2018, 4, 4, 17):
        ops.extend(users["executor"], req, "Великий обсяг інформації")
        db.session.commit()
    assert req.status == Status.EXTENDED
    assert req.due_date == dt.date(2018, 4, 26)
    assert req.extended_on == dt.date(2018, 4, 4)
    assert events_of(req) == ["registered", "extended"]


def test_extension_after_the_fifth_working_day_is_refused_and_changes_nothing(users, req):
    with on(2018, 4, 5, 9):
        with pytest.raises(TransitionError, match="04.04.2018"):
            ops.extend(users["executor"], req, "Великий обсяг")
    db.session.rollback()
    assert req.status == Status.IN_PROGRESS and req.due_date == dt.date(2018, 4, 4)
    assert events_of(req) == ["registered"]


def test_extension_needs_a_reason_and_is_not_for_urgent_requests(users, req):
    with on(2018, 3, 29):
        with pytest.raises(ValidationError):
            ops.extend(users["executor"], req, "  ")
        urgent = register(users["clerk"], urgent=True, urgent_reason="Аварія",
                          received_at="2018-03-29T09:00:00")
        with pytest.raises(TransitionError):
            ops.extend(users["clerk"], urgent, "обсяг")


def test_a_second_extension_is_refused(users, req):
    with on(2018, 3, 29):
        ops.extend(users["executor"], req, "обсяг")
        with pytest.raises(TransitionError):
            ops.extend(users["executor"], req, "ще раз")


def test_answer_records_the_outcome_and_date_then_close(users, req):
    with on(2018, 4, 3):
        ops.answer(users["executor"], req, Outcome.PARTIAL, dt.date(2018, 4, 3))
        ops.close(users["executor"], req)
        db.session.commit()
    assert (req.status, req.outcome, req.answered_on, req.closed_on) == (
        Status.CLOSED, Outcome.PARTIAL, dt.date(2018, 4, 3), dt.date(2018, 4, 3))
    assert events_of(req) == ["registered", "answered", "closed"]


def test_answer_date_cannot_be_in_the_future_or_before_receipt(users, req):
    with on(2018, 4, 3):
        with pytest.raises(ValidationError):
            ops.answer(users["executor"], req, Outcome.FULL, dt.date(2018, 4, 4))
        with pytest.raises(ValidationError):
            ops.answer(users["executor"], req, Outcome.FULL, dt.date(2018, 3, 27))


def test_refuse_needs_a_ground_and_an_explanation(users, req):
    with on(2018, 3, 30):
        with pytest.raises(ValidationError) as exc:
            ops.refuse(users["executor"], req, None, "")
        assert set(exc.value.errors) == {"ground", "explanation"}
        ops.refuse(users["executor"], req, RefusalGround.NOT_HOLDER,
                   "Інформацією володіє обласна рада.")
    assert (req.status, req.outcome, req.answered_on) == (
        Status.REFUSED, Outcome.REFUSED, dt.date(2018, 3, 30))


def test_forward_records_the_holder(users, req):
    with on(2018, 3, 29):
        ops.forward(users["executor"], req, "Житомирська обласна рада", "м. Житомир")
    assert req.status == Status.FORWARDED and req.outcome == Outcome.FORWARDED
    assert req.forwarded_to == "Житомирська обласна рада"


def test_defer_sets_the_new_date_and_needs_it_later_than_today(users, req):
    with on(2018, 4, 2):
        with pytest.raises(ValidationError):
            ops.defer(users["executor"], req, dt.date(2018, 4, 2), "форс-мажор")
        ops.defer(users["executor"], req, dt.date(2018, 5, 15), "Відключення електроенергії")
    assert req.status == Status.DEFERRED and req.due_date == dt.date(2018, 5, 15)


@pytest.mark.parametrize("action, payload", [
    ("extend", {"reason": "обсяг"}),
    ("forward", {"holder_name": "ОДА"}),
    ("defer", {"new_date": "2018-06-01", "reason": "форс-мажор"}),
    ("refuse", {"ground": "restricted", "explanation": "Конфіденційна інформація"}),
    ("answer", {"result": "full"}),
    ("assign", {"executor": "executor@test.example"}),
])
def test_no_action_but_close_after_the_request_has_its_outcome(users, req, action, payload):
    with on(2018, 4, 2):
        ops.answer(users["executor"], req, Outcome.FULL)
        with pytest.raises(TransitionError):
            perform_action(users["head"], req, action, payload)


def test_close_is_only_for_requests_with_an_outcome(users, req):
    with pytest.raises(TransitionError):
        ops.close(users["head"], req)


def test_an_executor_acts_only_on_their_own_requests(users, req):
    from tests.conftest import create_test_user
    from tracker.auth.models import Role
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    with on(2018, 3, 29):
        with pytest.raises(PermissionDenied):
            ops.answer(other, req, Outcome.FULL)
        with pytest.raises(PermissionDenied):
            ops.assign(users["executor"], req, other.email)
        ops.answer(users["head"], req, Outcome.FULL)  # heads act on all


def test_perform_action_validates_raw_values(users, req):
    with pytest.raises(ValidationError) as exc:
        perform_action(users["head"], req, "defer", {"new_date": "31.02.2018"})
    assert set(exc.value.errors) == {"new_date", "reason"}
    with pytest.raises(ValidationError):
        perform_action(users["head"], req, "fly", {})


def test_events_are_append_only(users, req):
    ev = db.session.scalars(select(Event)).first()
    ev.action = "tampered"
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(Event)).first())
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
