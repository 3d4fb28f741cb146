"""The period report (read from the summary table: figures.py) and the register journal."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, and_, case, literal, select, type_coerce

from ..activities.models import Category
from ..auth.models import User
from ..core.i18n import N_
from .. import search
from ..extensions import db
from ..register.models import Channel, Request, Requester, Status
from ..register.queries import Clock
from .periods import dates_from_args
from . import figures
from .figures import OUTCOME_KEYS  # noqa: F401 (the report's outcome keys, in order)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def condition(self):
        return and_(Request.received_date >= self.start, Request.received_date <= self.end)


def period_from_args(args, today: dt.date) -> Period:
    """The period a page or an API call asks for (see periods.dates_from_args)."""
    return Period(*dates_from_args(args, today))


def summary(period: Period, clock: Clock) -> dict:
    """The figures councils publish for a period (DOMAIN.md §7), as JSON-ready values: read
    from the summary table (figures.py), not from the requests."""
    return figures.summary(period.start, period.end, clock)


def topic_names() -> dict[str, str]:
    """Every activity category's name by its slug (retired ones too: a past period's report
    still names them)."""
    return dict(db.session.execute(select(Category.slug, Category.name)).all())


# --- the register journal -------------------------------------------------------------------

#: The register journal's column titles (Ukrainian in its files; translated on the page).
JOURNAL_COLUMNS = [N_("Реєстраційний індекс"), N_("Дата надходження"), N_("Запитувач"),
                   N_("Категорія"), N_("Спосіб надходження"), N_("Короткий зміст"),
                   N_("Виконавець"), N_("Строк"), N_("Дата відповіді"), N_("Результат"),
                   N_("Статус")]


def journal_select(period: Period, *, channel: str | None = None, status: str | None = None,
                   executor_id: int | None = None, q: str | None = None):
    stmt = (select(Request.registration_number, Request.received_date, Requester.name,
                   Requester.category, Request.channel, Request.subject, User.name,
                   Request.due_date, Request.answered_on, Request.outcome,
                   # An annulled registration stays in the journal (its index is taken), so
                   # marked as such rather than «closed».
                   case((Request.voided_at.is_not(None), literal("voided")),
                        else_=type_coerce(Request.status, String)),
                   Request.refusal_ground)
            .join(Requester, Requester.id == Request.requester_id)
            .outerjoin(User, User.id == Request.executor_id)
            .where(period.condition()))
    if channel:
        stmt = stmt.where(Request.channel == Channel(channel))
    if status:
        stmt = stmt.where(Request.status == Status(status))
    if executor_id:
        stmt = stmt.where(Request.executor_id == executor_id)
    if q:
        query = search.prepare(q)
        if query:
            stmt = stmt.where(search.matches(Request, query))
    return stmt.order_by(Request.received_date, Request.reg_seq, Request.id)


def journal_ids(stmt, *, limit: int | None = None, offset: int = 0) -> list[int]:
    """The ids of the requests a journal selection shows (for the access log)."""
    ids = stmt.with_only_columns(Request.id)
    if limit is not None:
        ids = ids.limit(limit).offset(offset)
    return list(db.session.scalars(ids))


def journal_rows(stmt, batch: int = 2000):
    """Stream the journal's rows (no whole table in memory)."""
    result = db.session.execute(stmt.execution_options(yield_per=batch))
    for row in result:
        yield row
