"""Reminder rules over a fake calendar of days (pure: no app)."""
import datetime as dt

import pytest

from tests.factories import at
from tracker.register.calendar import WorkCalendar
from tracker.reminders.rules import (ESCALATION, EXECUTOR, RequestFacts, due_reminders,
                                     working_day_before)

CAL = WorkCalendar()
D = dt.date.fromisoformat




def rules(f, now):
    return [(x.rule, x.key, x.audience) for x in due_reminders(f, now, CAL)]


# Received Friday 06.04.2018; Easter Monday 09.04 is a day off; due Monday 16.04.
OVER_EASTER = RequestFacts(due_date=D("2018-04-16"), due_at=None,
                           standard_due_date=D("2018-04-16"), extendable=False)


def test_working_day_before_skips_weekends_and_holidays():
    assert working_day_before(CAL, D("2018-04-10"), 1) == D("2018-04-06")  # over Easter Monday
    assert working_day_before(CAL, D("2018-04-16"), 2) == D("2018-04-12")


@pytest.mark.parametrize("now, expected", [
    (at(2018, 4, 11), []),
    (at(2018, 4, 12, 7, 59), []),
    (at(2018, 4, 12, 8, 0), [("before_2", "2018-04-16", EXECUTOR)]),
    (at(2018, 4, 13, 10), [("before_1", "2018-04-16", EXECUTOR)]),
    (at(2018, 4, 14, 10), [("before_1", "2018-04-16", EXECUTOR)]),  # Saturday: still valid
    (at(2018, 4, 16, 8, 0), [("due_today", "2018-04-16", EXECUTOR)]),
    (at(2018, 4, 16, 23, 59), [("due_today", "2018-04-16", EXECUTOR)]),
    (at(2018, 4, 17, 7, 0), []),  # overdue starts in the morning
    (at(2018, 4, 17, 8, 0), [("overdue", "2018-04-16:2018-04-17", ESCALATION)]),
    (at(2018, 4, 21, 9), []),  # Saturday: no escalation
    (at(2018, 4, 23, 9), [("overdue", "2018-04-16:2018-04-23", ESCALATION)]),
])
def test_schedule_across_a_weekend_and_a_holiday(now, expected):
    assert rules(OVER_EASTER, now) == expected


def test_a_late_sweep_catches_up_with_the_current_stage_only():
    # The server slept from Thursday to the due day's afternoon: one "due today", not three.
    assert rules(OVER_EASTER, at(2018, 4, 16, 15)) == [("due_today", "2018-04-16", EXECUTOR)]
    # Days after the term: only today's escalation, never the missed days'.
    assert rules(OVER_EASTER, at(2018, 4, 20, 9)) == [
        ("overdue", "2018-04-16:2018-04-20", ESCALATION)]


def test_extension_reminder_on_day_four_only_while_extendable():
    f = RequestFacts(due_date=D("2018-04-04"), due_at=None, standard_due_date=D("2018-04-04"),
                     extendable=True)
    assert ("extension_day4", "2018-04-04", EXECUTOR) in rules(f, at(2018, 4, 3, 8))
    assert ("extension_day4", "2018-04-04", EXECUTOR) in rules(f, at(2018, 4, 4, 17))
    assert not any(r[0] == "extension_day4" for r in rules(f, at(2018, 4, 5, 9)))
    closed = RequestFacts(D("2018-04-04"), None, D("2018-04-04"), extendable=False)
    assert not any(r[0] == "extension_day4" for r in rules(closed, at(2018, 4, 3, 8)))


def test_a_changed_due_date_starts_the_rules_again():
    extended = RequestFacts(due_date=D("2018-04-26"), due_at=None,
                            standard_due_date=D("2018-04-04"), extendable=False)
    assert rules(extended, at(2018, 4, 5, 9)) == []  # no longer overdue
    assert rules(extended, at(2018, 4, 24, 9)) == [("before_2", "2018-04-26", EXECUTOR)]


def test_urgent_requests_get_24_and_4_hours_then_escalate_at_once():
    due_at = at(2018, 3, 31, 16, 20)  # received Thursday 16:20; ends on Saturday
    f = RequestFacts(D("2018-03-31"), due_at, D("2018-04-06"), extendable=False)
    assert rules(f, at(2018, 3, 30, 16, 0)) == []
    key = due_at.astimezone(dt.timezone.utc).isoformat()
    assert rules(f, at(2018, 3, 30, 16, 20)) == [("urgent_24h", key, EXECUTOR)]
    assert rules(f, at(2018, 3, 31, 12, 20)) == [("urgent_4h", key, EXECUTOR)]
    # Saturday 16:21: the term has ended — escalate now, weekend or not.
    assert rules(f, at(2018, 3, 31, 16, 21)) == [("overdue", f"{key}:2018-03-31", ESCALATION)]
    assert rules(f, at(2018, 4, 1, 10)) == []  # Sunday: nothing more
    assert rules(f, at(2018, 4, 2, 8)) == [("overdue", f"{key}:2018-04-02", ESCALATION)]


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        due_reminders(OVER_EASTER, dt.datetime(2018, 4, 16, 9), CAL)


def test_a_stage_whose_successors_day_has_begun_is_skipped_with_the_real_wording():
    # Late registration: the "one day before" stage is still current at 00:15 on the due
    # date (until the 08:00 "due today"), but "due tomorrow" then makes no sense.
    [due] = due_reminders(OVER_EASTER, at(2018, 4, 16, 0, 15), CAL)
    assert (due.rule, due.skip, due.phrase) == ("before_1", True, "сьогодні")
    [due] = due_reminders(OVER_EASTER, at(2018, 4, 13, 0, 15), CAL)  # Friday 00:15
    assert (due.rule, due.skip, due.phrase) == ("before_2", True, "через 1 робочий день")
    [due] = due_reminders(OVER_EASTER, at(2018, 4, 14, 10), CAL)  # Saturday: still sent
    assert (due.rule, due.skip, due.phrase) == ("before_1", False, "через 1 робочий день")
    [due] = due_reminders(OVER_EASTER, at(2018, 4, 16, 8), CAL)
    assert (due.rule, due.skip, due.phrase) == ("due_today", False, "сьогодні")
    [due] = due_reminders(OVER_EASTER, at(2018, 4, 18, 8), CAL)
    assert (due.rule, due.skip, due.phrase) == ("overdue", False, "прострочено на 2 робочі дні")


def test_the_day_four_extension_warning_is_skipped_on_day_five():
    f = RequestFacts(due_date=D("2018-04-04"), due_at=None, standard_due_date=D("2018-04-04"),
                     extendable=True)
    day4 = {d.rule: d for d in due_reminders(f, at(2018, 4, 3, 8), CAL)}["extension_day4"]
    assert (day4.skip, day4.phrase) == (False, "завтра")
    day5 = {d.rule: d for d in due_reminders(f, at(2018, 4, 4, 0, 30), CAL)}["extension_day4"]
    assert day5.skip and day5.phrase == "сьогодні"
    assert {d.rule: d for d in due_reminders(f, at(2018, 4, 4, 17), CAL)}["extension_day4"].skip


def test_urgent_wording_is_the_time_really_left():
    due_at = at(2018, 3, 31, 16, 20)
    f = RequestFacts(D("2018-03-31"), due_at, D("2018-04-06"), extendable=False)
    [due] = due_reminders(f, at(2018, 3, 31, 5, 0), CAL)  # a sweep that ran late
    assert (due.rule, due.skip, due.phrase) == (
        "urgent_24h", False, "сьогодні о 16:20 (через 11 годин 20 хвилин)")
