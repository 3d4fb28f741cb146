"""Registering requests: index, deadline, completeness, validation."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.models import Event
from tracker.extensions import db
from tracker.register.models import Request, Status
from tracker.register.numbering import PatternError, format_index, initial_letter

from tests.factories import register


def test_first_request_of_the_year_gets_the_default_index_pattern(users):
    req = register(users["clerk"])
    assert req.registration_number == "25/К-1із"
    assert (req.reg_year, req.reg_seq) == (2018, 1)
    assert req.due_date == dt.date(2018, 4, 4)
    assert req.status == Status.NEW


def test_the_sequence_runs_on_within_a_year_and_restarts_the_next(users):
    clerk = users["clerk"]
    numbers = [register(clerk, requester={"name": n}).registration_number
               for n in ("Петренко О.", "Іванова М.", "«Житомир-Медіа»")]
    assert numbers == ["25/П-1із", "25/І-2із", "25/Ж-3із"]
    next_year = register(clerk, received_at="2019-01-03T09:00:00")
    assert next_year.registration_number == "25/К-1із"
    assert register(clerk).registration_number == "25/К-4із"


def test_index_pattern_is_a_setting(app, users):
    app.config.update(INDEX_PATTERN="{seq}/{yy}-{dept}", INDEX_DEPT="01")
    assert register(users["clerk"]).registration_number == "1/18-01"


def test_index_helpers():
    assert initial_letter("«Житомирська правда»") == "Ж"
    assert initial_letter("  ʼЄвген") == "Є"
    assert initial_letter("") == "Б"
    assert format_index("{dept}/{letter}-{seq}{suffix}", seq=170, year=2018, letter="К",
                        dept="25", suffix="із") == "25/К-170із"
    with pytest.raises(PatternError):
        format_index("{dept}/{letter}", seq=1, year=2018, letter="К", dept="25", suffix="")
    with pytest.raises(PatternError):
        format_index("{seq}{oops}", seq=1, year=2018, letter="К", dept="25", suffix="")


def test_an_index_given_from_an_old_register_is_kept_and_skipped_by_the_sequence(users):
    clerk = users["clerk"]
    old = register(clerk, registration_number="25/К-1із")
    assert old.registration_number == "25/К-1із" and old.reg_seq is None
    # The sequence must not hand out the same index again.
    assert register(clerk).registration_number == "25/К-2із"
    with pytest.raises(ValidationError) as exc:
        register(clerk, registration_number="25/К-1із")
    assert "registration_number" in exc.value.errors


def test_registration_writes_an_event_with_the_deadline(users):
    req = register(users["clerk"])
    ev = db.session.scalar(select(Event).where(Event.request_id == req.id))
    assert ev.action == "registered" and ev.actor_id == users["clerk"].id
    assert ev.after["due_date"] == "2018-04-04"
    assert ev.after["registration_number"] == "25/К-1із"


def test_urgent_request_is_due_48_hours_after_receipt(users):
    req = register(users["clerk"], urgent=True, urgent_reason="Загроза життю: аварія",
                   received_at="2018-03-30T16:20:00+03:00")
    assert req.due_at == dt.datetime(2018, 4, 1, 13, 20, tzinfo=dt.timezone.utc)
    assert req.due_date == dt.date(2018, 4, 1)


def test_urgent_request_needs_its_reason(users):
    with pytest.raises(ValidationError) as exc:
        register(users["clerk"], urgent=True)
    assert "urgent_reason" in exc.value.errors


@pytest.mark.parametrize("changes, missing", [
    ({}, []),
    ({"requester": {"email": None}}, ["contact"]),
    ({"requester": {"email": None, "postal_address": "вул. Київська, 1"}}, []),
    ({"requester": {"name": ""}}, ["name"]),
    ({"text": ""}, ["description"]),
    ({"channel": "post", "signed": False}, ["signature"]),
    ({"channel": "email", "signed": False}, []),  # an e-mail needs no signature
])
def test_incomplete_requests_are_registered_and_flagged(users, changes, missing):
    req = register(users["clerk"], **changes)
    assert req.id is not None
    assert req.missing_items == missing


def test_received_at_in_the_future_is_refused_and_nothing_is_stored(users):
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).isoformat()
    with pytest.raises(ValidationError) as exc:
        register(users["clerk"], received_at=future)
    assert exc.value.errors["received_at"] == ["Дата надходження не може бути в майбутньому."]
    assert db.session.scalar(select(func.count(Request.id))) == 0


def test_bad_values_are_all_reported_at_once(users):
    with pytest.raises(ValidationError) as exc:
        register(users["clerk"], channel="pigeon", subject="",
                 requester={"category": "alien", "email": "not-an-address"})
    assert set(exc.value.errors) == {"channel", "subject", "requester.category",
                                     "requester.email"}


def test_executors_cannot_register(users):
    with pytest.raises(PermissionDenied):
        register(users["executor"])


def test_registering_with_an_executor_starts_the_work(users):
    req = register(users["clerk"], executor=users["executor"].email)
    assert req.executor_id == users["executor"].id and req.status == Status.IN_PROGRESS


def test_a_counter_increment_is_given_back_when_registration_fails(users):
    clerk = users["clerk"]
    register(clerk)
    with pytest.raises(ValidationError):
        register(clerk, executor="nobody@test.example")
    db.session.rollback()
    assert register(clerk).registration_number == "25/К-2із"


def test_duplicate_index_from_a_race_is_a_conflict_not_a_crash(users, app):
    # Simulate an index taken behind the counter's back (e.g. a manual SQL import).
    register(users["clerk"])
    db.session.execute(Request.__table__.update().values(reg_seq=None))
    db.session.commit()
    from tracker.register.models import IndexCounter
    db.session.execute(IndexCounter.__table__.update().values(value=0))
    db.session.commit()
    # The generator skips the taken number instead of failing.
    assert register(users["clerk"]).registration_number == "25/К-2із"
    assert ConflictError.status == 409


def test_the_same_index_recurs_in_a_new_year(users):
    # Numbering restarts each year; the pattern has no year: "25/К-1із" exists once a year.
    first = register(users["clerk"], received_at="2018-03-28T10:00")
    again = register(users["clerk"], received_at="2019-01-03T09:00")
    assert first.registration_number == again.registration_number == "25/К-1із"
    with pytest.raises(ValidationError):
        register(users["clerk"], received_at="2019-02-01T09:00", registration_number="25/К-1із")
