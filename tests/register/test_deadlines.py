"""Terms of Art. 20 and deadline states (pure: no app)."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.core.timeutil import KYIV, parse_user_moment
from tracker.register import deadlines as dl
from tracker.register.calendar import WorkCalendar

D = dt.date.fromisoformat
CAL = WorkCalendar()
DEFAULT = dl.CountingRules()


def at(text: str) -> dt.datetime:
    return parse_user_moment(text, KYIV)


@pytest.mark.parametrize("received, due", [
    ("2018-03-28 10:00", "2018-04-04"),  # the sample: Wednesday to Wednesday
    ("2018-04-26 10:00", "2018-05-05"),  # over the May holidays to a working Saturday
    ("2018-03-30 17:00", "2018-04-06"),  # Friday: the weekend does not count
    ("2018-04-05 09:00", "2018-04-13"),  # Easter Monday 09.04.2018 is a day off
    ("2026-08-20 12:00", "2026-08-27"),  # martial law: Monday 24.08.2026 is a working day
    ("2026-11-21 12:00", "2026-11-27"),  # received on Saturday: counted from that day
])
def test_standard_term_is_the_fifth_working_day_after_receipt(received, due):
    assert dl.standard_due(at(received), CAL, DEFAULT) == D(due)


def test_extended_term_is_twenty_working_days_from_receipt():
    assert dl.extended_due(at("2018-03-28 10:00"), CAL, DEFAULT) == D("2018-04-26")


def test_urgent_term_is_48_clock_hours_across_a_weekend():
    due = dl.urgent_due_at(at("2018-03-30 16:20"))  # Friday
    assert due.astimezone(KYIV) == dt.datetime(2018, 4, 1, 16, 20, tzinfo=KYIV)  # Sunday


def test_urgent_term_counts_real_hours_across_the_dst_change():
    # Clocks went forward at 03:00 on 25.03.2018: 48 real hours end at 11:00 local time.
    due = dl.urgent_due_at(at("2018-03-24 10:00"))
    assert due.astimezone(KYIV).replace(tzinfo=None) == dt.datetime(2018, 3, 26, 11, 0)


def test_counting_the_receipt_day_as_day_one_shortens_the_term_by_a_day():
    rules = dl.CountingRules(count_receipt_day=True)
    assert dl.standard_due(at("2018-03-28 10:00"), CAL, rules) == D("2018-04-03")


def test_counting_the_receipt_day_on_a_day_off_starts_at_the_next_working_day():
    rules = dl.CountingRules(count_receipt_day=True)
    # Saturday 31.03 → day 1 is Monday 02.04 → day 5 is Friday 06.04.
    assert dl.standard_due(at("2018-03-31 10:00"), CAL, rules) == D("2018-04-06")


def test_rolling_moves_weekend_and_after_hours_receipt_to_the_next_working_day():
    rules = dl.CountingRules(roll_non_working_receipt=True)
    # Saturday 31.03.2018 rolls to Monday 02.04 (day 0): due Monday 09.04 is Easter → 10.04.
    assert dl.standard_due(at("2018-03-31 10:00"), CAL, rules) == D("2018-04-10")
    assert dl.standard_due(at("2018-03-31 10:00"), CAL, DEFAULT) == D("2018-04-06")
    # After hours on Wednesday: counted from Thursday.
    assert dl.standard_due(at("2018-03-28 19:30"), CAL, rules) == D("2018-04-05")
    assert dl.standard_due(at("2018-03-28 17:59"), CAL, rules) == D("2018-04-04")


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        dl.standard_due(dt.datetime(2018, 3, 28, 10), CAL, DEFAULT)


def test_receipt_date_is_taken_in_kyiv_time_not_utc():
    # 23:30 UTC on 27.03.2018 is 02:30 on 28.03 in Kyiv (summer time, UTC+3, since 25.03).
    moment = dt.datetime(2018, 3, 27, 23, 30, tzinfo=dt.timezone.utc)
    assert dl.receipt_day(moment, CAL, DEFAULT) == D("2018-03-28")


@pytest.mark.parametrize("today, state", [
    ("2018-03-29", dl.DeadlineState.ON_TRACK),
    ("2018-03-30", dl.DeadlineState.ON_TRACK),   # 3 working days left
    ("2018-04-02", dl.DeadlineState.DUE_SOON),   # 2 working days left
    ("2018-04-03", dl.DeadlineState.DUE_SOON),
    ("2018-04-04", dl.DeadlineState.DUE_TODAY),
    ("2018-04-05", dl.DeadlineState.OVERDUE),
])
def test_deadline_states_before_an_answer(today, state):
    assert dl.deadline_state(today=D(today), due_date=D("2018-04-04"), cal=CAL,
                             soon_days=2) == state


def test_due_soon_counts_working_days_not_calendar_days():
    # From Friday 30.03 to Tuesday 03.04 are 2 working days (Mon, Tue): due soon.
    assert dl.deadline_state(today=D("2018-03-30"), due_date=D("2018-04-03"), cal=CAL,
                             soon_days=2) == dl.DeadlineState.DUE_SOON


def test_answered_requests_are_on_time_or_late():
    kw = dict(today=D("2018-05-01"), due_date=D("2018-04-04"), cal=CAL)
    assert dl.deadline_state(answered_on=D("2018-04-04"), **kw) == dl.DeadlineState.ON_TIME
    assert dl.deadline_state(answered_on=D("2018-04-05"), **kw) == dl.DeadlineState.LATE


def test_urgent_request_is_overdue_the_minute_its_48_hours_end():
    due_at = dl.urgent_due_at(at("2018-03-28 10:00"))
    kw = dict(due_date=D("2018-03-30"), cal=CAL, due_at=due_at)
    assert dl.deadline_state(today=D("2018-03-28"), now=at("2018-03-28 12:00"), **kw) \
        == dl.DeadlineState.DUE_SOON
    assert dl.deadline_state(today=D("2018-03-30"), now=at("2018-03-30 09:59"), **kw) \
        == dl.DeadlineState.DUE_TODAY
    assert dl.deadline_state(today=D("2018-03-30"), now=at("2018-03-30 10:01"), **kw) \
        == dl.DeadlineState.OVERDUE


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D("2015-01-01"), max_value=D("2030-12-31")),
       minute=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_standard_due_is_always_five_working_days_after_the_receipt_date(day, minute):
    received = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=KYIV)
    due = dl.standard_due(received, CAL, DEFAULT)
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(day, due) == 5
    assert dl.extended_due(received, CAL, DEFAULT) > due
