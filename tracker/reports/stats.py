"""Percentiles of working days to answer. Pure.

The database hands over (received date, answered date, how many) groups; the calendar turns
each distinct pair into working days once, and the percentiles are taken over the weights.
"""
from __future__ import annotations

import datetime as dt
import math

from ..register.calendar import WorkCalendar


def working_day_counts(pairs: list[tuple[dt.date, dt.date, int]],
                       cal: WorkCalendar) -> list[tuple[int, int]]:
    """(working days, how many) per distinct pair, sorted by days."""
    by_days: dict[int, int] = {}
    for received, answered, count in pairs:
        days = max(cal.working_days_between(received, answered), 0)
        by_days[days] = by_days.get(days, 0) + count
    return sorted(by_days.items())


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
