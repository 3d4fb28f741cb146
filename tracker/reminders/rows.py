"""The row-by-row sweep's reads (SQLite), taken as the driver gives them.

A first sweep over 100 000 open requests reads 30 000 candidates and their mail rows, and
SQLAlchemy's conversion of each of SQLite's date strings took a third of its time. The
terms the rules read (due date and hour, status, urgency) are shared by thousands of
requests: they are converted once per distinct set; the received moment once per mail.
The same code reads PostgreSQL's native values (the test comparing the two sweeps).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, type_coerce

from ..register.models import Status, is_extendable
from .rules import RequestFacts


def raw(column):
    """``column`` read without SQLAlchemy's conversion (a string on SQLite)."""
    return type_coerce(column, String)


def day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def moment(value) -> dt.datetime | None:
    """A UTC moment, aware (as core.types.UTCDateTime returns it)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return (value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None
            else value.astimezone(dt.timezone.utc))


@dataclass(frozen=True)
class Terms:
    """A request's terms, converted: what the rules and a mail's frame read."""

    due_date: dt.date
    due_at: dt.datetime | None
    standard_due_date: dt.date
    status: Status
    urgent: bool

    @property
    def facts(self) -> RequestFacts:
        return RequestFacts(due_date=self.due_date, due_at=self.due_at,
                            standard_due_date=self.standard_due_date,
                            extendable=is_extendable(self.status, self.urgent))


class TermsCache:
    """Raw terms → Terms, converted once per distinct set."""

    def __init__(self):
        self._seen: dict[tuple, Terms] = {}

    def __call__(self, due_date, due_at, standard_due_date, status, urgent) -> Terms:
        key = (due_date, due_at, standard_due_date, status, urgent)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = Terms(day(due_date), moment(due_at),
                                            day(standard_due_date), Status(status),
                                            bool(urgent))
        return found
