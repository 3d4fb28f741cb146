"""/api/v1/reports: the summary, the journal and the open data."""
from __future__ import annotations

from flask import Response, g, jsonify, request, stream_with_context

from ..core.errors import PermissionDenied, ValidationError
from ..core.spreadsheet import EXCEL_DELIMITER
from ..register.queries import Clock
from ..reports import exports
from ..auth.permissions import JOURNAL_ROLES
from ..extensions import db
from ..register.operations import log_access
from ..reports.exports import XLSX
from ..reports.queries import journal_ids, journal_rows, journal_select, period_from_args, summary
from . import bp


@bp.get("/reports/summary")
def report_summary():
    clock = Clock.current()
    return jsonify(summary(period_from_args(request.args, clock.today), clock))


@bp.get("/reports/open-data.json")
def report_open_data():
    clock = Clock.current()
    return jsonify(exports.open_data(summary(period_from_args(request.args, clock.today), clock)))


def _journal_stmt():
    if g.api_user.role not in JOURNAL_ROLES:
        raise PermissionDenied("Журнал містить персональні дані: лише діловоди, керівники, "
                               "адміністратори.")
    clock = Clock.current()
    period = period_from_args(request.args, clock.today)
    stmt = journal_select(period)
    log_access(g.api_user, "export:api", request_ids=journal_ids(stmt), address=request.remote_addr)
    db.session.commit()
    return period, stmt


#: ``?sep=`` of the journal's CSV: a comma unless a program asks for Excel's ";".
SEPARATORS = {"": ",", "comma": ",", ",": ",", "semicolon": EXCEL_DELIMITER, ";": EXCEL_DELIMITER}


def _separator() -> str:
    value = (request.args.get("sep") or "").strip().lower()
    if value not in SEPARATORS:
        raise ValidationError({"sep": ["Роздільник: comma (типово) або semicolon (;)."]})
    return SEPARATORS[value]


@bp.get("/reports/journal.csv")
def report_journal_csv():
    """The journal as CSV for programs: comma-separated; ``?sep=semicolon`` (or ``;``) gives
    the ";" of the pages' download."""
    delimiter = _separator()  # a bad value is refused before the access log is written
    _, stmt = _journal_stmt()
    return Response(stream_with_context(exports.journal_csv(journal_rows(stmt), delimiter)),
                    mimetype="text/csv")


@bp.get("/reports/journal.xlsx")
def report_journal_xlsx():
    period, stmt = _journal_stmt()
    title = f"Журнал обліку запитів на інформацію за {period.start:%d.%m.%Y}—{period.end:%d.%m.%Y}"
    return Response(exports.journal_xlsx(journal_rows(stmt), title), mimetype=XLSX)
