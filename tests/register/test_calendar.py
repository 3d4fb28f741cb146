"""The working-day calendar (pure: no app)."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.register.calendar import WorkCalendar

D = dt.date.fromisoformat


def test_transferred_working_saturday_is_a_working_day():
    # Saturday 05.05.2018 was worked in exchange for Monday 30.04.2018.
    cal = WorkCalendar()
    assert cal.is_working_day(D("2018-05-05"))
    assert not cal.is_working_day(D("2018-04-30"))


def test_public_holidays_and_weekends_are_days_off_in_peacetime():
    cal = WorkCalendar()
    assert not cal.is_working_day(D("2018-05-01"))  # Labour Day
    assert not cal.is_working_day(D("2018-04-09"))  # Easter Monday (Easter falls on Sunday)
    assert not cal.is_working_day(D("2018-03-31"))  # Saturday
    assert cal.is_working_day(D("2018-03-30"))


def test_martial_law_turns_public_holidays_into_working_days_but_not_weekends():
    cal = WorkCalendar()
    assert cal.is_working_day(D("2026-08-24"))  # Independence Day, a Monday
    assert cal.is_working_day(D("2026-01-01"))
    assert not cal.is_working_day(D("2026-08-22"))  # Saturday


def test_council_overrides_win_over_the_national_calendar():
    cal = WorkCalendar({D("2026-11-23"): False, D("2026-11-28"): True})
    assert not cal.is_working_day(D("2026-11-23"))  # a Monday the council gave off
    assert cal.is_working_day(D("2026-11-28"))  # a Saturday the council works


def test_add_working_days_counts_strictly_after_the_start():
    cal = WorkCalendar()
    assert cal.add_working_days(D("2018-03-28"), 0) == D("2018-03-28")
    assert cal.add_working_days(D("2018-03-28"), 1) == D("2018-03-29")
    assert cal.add_working_days(D("2018-03-30"), 1) == D("2018-04-02")  # over the weekend
    assert cal.add_working_days(D("2018-04-06"), 1) == D("2018-04-10")  # over Easter Monday


def test_working_days_between_is_signed():
    cal = WorkCalendar()
    assert cal.working_days_between(D("2018-03-28"), D("2018-04-04")) == 5
    assert cal.working_days_between(D("2018-04-04"), D("2018-03-28")) == -5
    assert cal.working_days_between(D("2018-03-28"), D("2018-03-28")) == 0


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=D("2012-01-01"), max_value=D("2030-12-31")),
       n=st.integers(min_value=1, max_value=30))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(start, n):
    cal = WorkCalendar()
    end = cal.add_working_days(start, n)
    assert end > start
    assert cal.is_working_day(end)
    assert cal.working_days_between(start, end) == n


def test_the_date_pickers_days_at_the_calendars_edge_are_400(client, users, login):
    login(users["clerk"])
    assert client.get("/calendar/days?from=9999-12-01&to=9999-12-31").status_code == 400
    assert client.get("/calendar/days?from=0001-01-01&to=0001-01-31").status_code == 400
    assert client.get("/calendar/days?from=2027-12-01&to=2027-12-31").status_code == 200
