"""Percentiles of working days to answer. Pure.

The database hands over (received date, answered date, how many) groups; the calendar turns
each distinct pair into working days once, and the percentiles are taken over the weights.
"""
from __future__ import annotations

import datetime as dt
import math

from ..register.calendar import WorkCalendar

ONE_DAY = dt.timedelta(days=1)


def working_day_counts(pairs: list[tuple[dt.date, dt.date, int]],
                       cal: WorkCalendar) -> list[tuple[int, int]]:
    """(working days, how many) per distinct pair, sorted by days."""
    by_days: dict[int, int] = {}
    days = days_between(pairs, cal)
    for received, answered, count in pairs:
        between = days(received, answered)
        by_days[between] = by_days.get(between, 0) + count
    return sorted(by_days.items())


def days_between(pairs, cal: WorkCalendar):
    """A function (received, answered) → working days to answer (never negative) for the
    dates of ``pairs`` ((received, answered, …) tuples).

    Each day of the span is asked of the calendar once: working days between two dates are
    then a difference of running counts (thousands of pairs in a five-year report)."""
    if not pairs:
        return lambda received, answered: max(cal.working_days_between(received, answered), 0)
    first = min(min(p[0], p[1]) for p in pairs)
    last = max(max(p[0], p[1]) for p in pairs)
    if (last - first).days > 40_000:  # a date typed wrong: count those pairs one by one
        return lambda received, answered: max(cal.working_days_between(received, answered), 0)
    running, total, day = {first: 0}, 0, first
    while day < last:
        day += ONE_DAY
        total += cal.is_working_day(day)
        running[day] = total
    return lambda received, answered: max(running[answered] - running[received], 0)


def weighted_percentile(counts: list[tuple[int, int]], q: float) -> int | None:
    """Nearest-rank percentile (q in (0, 1]) of values given with their counts."""
    total = sum(c for _, c in counts)
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value, count in counts:
        seen += count
        if seen >= rank:
            return value
    return counts[-1][0]


def weighted_median(counts: list[tuple[int, int]]) -> float | None:
    """The median; the mean of the two middle values when the count is even."""
    total = sum(c for _, c in counts)
    if total == 0:
        return None
    lower = weighted_percentile(counts, (total // 2 + (total % 2)) / total)
    if total % 2:
        return float(lower)
    upper = weighted_percentile(counts, (total // 2 + 1) / total)
    return (lower + upper) / 2


def calendar_stamp(cal: WorkCalendar) -> str:
    """What the working days of a calendar depend on, as a short digest: the council's
    overrides, the end of martial law and the holidays package's version (its rules)."""
    import hashlib

    import holidays
    basis = repr((sorted(cal.overrides.items()), cal.martial_law_until, holidays.__version__))
    return hashlib.sha1(basis.encode()).hexdigest()
