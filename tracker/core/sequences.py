"""Gap-free yearly numbering (registration indexes, outgoing letter numbers)."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..extensions import db


def next_sequence(year: int, counter) -> int:
    """Draw the next number of ``year`` from ``counter`` (a model with ``year`` and ``value``:
    registration indexes, outgoing letter numbers) inside the caller's transaction.

    ``UPDATE … RETURNING`` takes a row lock on PostgreSQL that is held until commit, so
    concurrent registrations queue on it and get consecutive numbers; a rollback gives the
    number back. SQLite serialises writers anyway.
    """
    counters = counter.__table__
    stmt = (update(counters).where(counters.c.year == year)
            .values(value=counters.c.value + 1).returning(counters.c.value))
    value = db.session.execute(stmt).scalar()
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.add(counter(year=year, value=0))
        except IntegrityError:
            pass  # another transaction created the row first; the UPDATE below waits for it
        value = db.session.execute(stmt).scalar()
    return value
