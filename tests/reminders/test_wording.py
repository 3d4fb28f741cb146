"""What a reminder says about when the term is (pure: no app)."""
import datetime as dt

import pytest

from tests.factories import at
from tracker.core.timeutil import KYIV
from tracker.register.calendar import WorkCalendar
from tracker.reminders.wording import day_phrase, duration, moment_phrase, plural, working_days

D = dt.date.fromisoformat
CAL = WorkCalendar()  # 2018: Easter Monday 09.04 is a day off


@pytest.mark.parametrize("n, expected", [
    (1, "1 робочий день"), (2, "2 робочі дні"), (4, "4 робочі дні"), (5, "5 робочих днів"),
    (11, "11 робочих днів"), (12, "12 робочих днів"), (14, "14 робочих днів"),
    (20, "20 робочих днів"), (21, "21 робочий день"), (22, "22 робочі дні"),
    (25, "25 робочих днів"), (101, "101 робочий день"), (111, "111 робочих днів"),
])
def test_number_agreement(n, expected):
    assert working_days(n) == expected


def test_plural_of_zero_is_the_many_form():
    assert plural(0, "година", "години", "годин") == "годин"


@pytest.mark.parametrize("today, due, expected", [
    ("2018-04-16", "2018-04-16", "сьогодні"),
    ("2018-04-12", "2018-04-13", "завтра"),
    ("2018-04-15", "2018-04-16", "завтра"),  # Sunday for Monday
    ("2018-04-13", "2018-04-16", "через 1 робочий день"),  # Friday for Monday: not tomorrow
    ("2018-04-14", "2018-04-16", "через 1 робочий день"),  # Saturday
    ("2018-04-12", "2018-04-16", "через 2 робочі дні"),
    ("2018-04-05", "2018-04-16", "через 6 робочих днів"),  # over Easter Monday
    ("2018-04-17", "2018-04-16", "прострочено на 1 робочий день"),
    ("2018-04-18", "2018-04-16", "прострочено на 2 робочі дні"),
    ("2018-04-23", "2018-04-16", "прострочено на 5 робочих днів"),
    ("2018-04-14", "2018-04-13", "прострочено: строк минув учора"),  # Saturday after Friday
    ("2018-04-15", "2018-04-13", "прострочено: строк минув 13.04.2018"),
])
def test_day_phrase_counts_the_councils_working_days(today, due, expected):
    assert day_phrase(D(today), D(due), CAL) == expected


def test_a_council_day_off_counts():
    cal = WorkCalendar({D("2018-04-12"): False})
    assert day_phrase(D("2018-04-11"), D("2018-04-13"), cal) == "через 1 робочий день"


@pytest.mark.parametrize("minutes, expected", [
    (0, "менше ніж 1 хвилину"), (1, "1 хвилину"), (3, "3 хвилини"), (15, "15 хвилин"),
    (60, "1 годину"), (61, "1 годину 1 хвилину"), (4 * 60, "4 години"),
    (23 * 60 + 52, "23 години 52 хвилини"), (24 * 60, "24 години"), (21 * 60 + 22, "21 годину 22 хвилини"),
])
def test_duration(minutes, expected):
    assert duration(dt.timedelta(minutes=minutes, seconds=30)) == expected


def test_moment_phrase_for_urgent_terms():
    due_at = at(2018, 3, 31, 16, 20)  # Saturday
    assert moment_phrase(at(2018, 3, 30, 16, 20), due_at, CAL, KYIV) == \
        "завтра о 16:20 (через 24 години)"
    assert moment_phrase(at(2018, 3, 31, 12, 30), due_at, CAL, KYIV) == \
        "сьогодні о 16:20 (через 3 години 50 хвилин)"
    assert moment_phrase(at(2018, 3, 29, 16, 20), due_at, CAL, KYIV) == \
        "післязавтра о 16:20 (через 48 годин)"
    assert moment_phrase(at(2018, 3, 31, 16, 35), due_at, CAL, KYIV) == \
        "прострочено на 15 хвилин"
    assert moment_phrase(at(2018, 4, 2, 8), due_at, CAL, KYIV) == \
        "прострочено на 1 робочий день"  # Monday
