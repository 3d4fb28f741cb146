"""reports: month histograms of working days to answer, answers by month, the overdue index
(issue 18)

The month grain of report_counts gains "answered" (by the answered month) and "days" (the
histogram of working days to answer, with the calendar digest in the grain "c" row), worked
out from the day grain already there (tracker/reports/summary.py); the open requests get an
index holding every column the report's "overdue now per executor" asks.

Revision ID: 0020_report_flat
Revises: 0019_search_flat
Create Date: 2026-11-30 14:00:00

"""
from collections import Counter

from alembic import op
import sqlalchemy as sa


revision = '0020_report_flat'
down_revision = '0019_search_flat'
branch_labels = None
depends_on = None

#: register.models._OPEN_SQL (SQLite uses a partial index only for a WHERE term identical
#: to its own).
OPEN = "status IN ('deferred', 'extended', 'in_progress', 'new')"


def upgrade():
    op.create_index('ix_requests_open_report', 'requests',
                    ['received_date', 'executor_id', 'due_date', 'due_at', 'spam_marked_at'],
                    unique=False, postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    from sqlalchemy.orm import Session
    from tracker.reports import summary
    from tracker.reports.models import ReportCount as c
    session = Session(bind=op.get_bind())
    entries = Counter()
    for day, key, sub, n in session.execute(
            sa.select(c.day, c.key, c.sub, c.n).where(c.grain == "d", c.kind == "answered",
                                                       c.n != 0)):
        entries[("m", day.replace(day=1), "answered", key[:7], sub)] += n
    summary._apply(session, entries)
    cal = _calendar(session)
    if cal is not None:
        summary.recount_days(session, cal)
    session.flush()
    session.close()


def _calendar(session):
    """The council's calendar as register.settings.load_calendar builds it, read on this
    migration's connection; None outside the app (the first answer works them out then)."""
    from flask import current_app, has_app_context
    from tracker.core.council_settings import MARTIAL_LAW_UNTIL, CouncilSetting
    from tracker.register.calendar import WorkCalendar
    from tracker.register.models import CalendarOverride
    from tracker.register.settings import parse_martial_law_until
    if not has_app_context():
        return None
    overrides = dict(session.execute(sa.select(CalendarOverride.day,
                                               CalendarOverride.is_working)).all())
    saved = session.execute(sa.select(CouncilSetting.value)
                            .where(CouncilSetting.key == MARTIAL_LAW_UNTIL)).all()
    value = saved[0][0] if saved else current_app.config.get(MARTIAL_LAW_UNTIL)
    return WorkCalendar(overrides, martial_law_until=parse_martial_law_until(value))


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM report_counts WHERE grain = 'c' "
                         "OR (grain = 'm' AND kind IN ('answered', 'days'))"))
    op.drop_index('ix_requests_open_report', table_name='requests',
                  postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
