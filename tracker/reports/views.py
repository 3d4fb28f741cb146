"""The report page (figures and charts), the journal, and their exports."""
from __future__ import annotations


from flask import Blueprint, Response, abort, flash, render_template, request, stream_with_context
from flask_babel import force_locale, get_locale, get_translations
from flask_babel import gettext as _
from flask_login import login_required

from ..auth.access import roles_required
from ..auth.permissions import JOURNAL_ROLES
from ..core.paging import page_arg
from ..core.errors import ValidationError
from ..register.labels import STATUS_LABELS
from ..register.models import Channel
from ..register.queries import Clock
from ..web.formats import page_date
from ..register.labels import CATEGORY_LABELS, CHANNEL_LABELS, GROUND_LABELS
from . import charts, exports
from .labels import OUTCOME_LABELS, figure
from .periods import PRESETS, preset
from .queries import (Period, journal_ids, journal_rows, journal_select, period_from_args,
                      summary, topic_names)

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _period_or_flash(clock: Clock) -> Period:
    try:
        return period_from_args(request.args, clock.today)
    except ValidationError as exc:
        for messages in exc.errors.values():
            for m in messages:
                flash(m, "error")
        return Period(*preset("month", clock.today))


@bp.route("/")
@login_required
def index():
    clock = Clock.current()
    period = _period_or_flash(clock)
    data = summary(period, clock)
    channel_labels = {c.value: l for c, l in CHANNEL_LABELS.items()}
    locale = str(get_locale() or "uk")
    return render_template(
        "reports/index.html", data=data, period=period, presets=PRESETS,
        channel_labels=channel_labels,
        figure=lambda key, value: figure(key, value, locale),
        category_labels={c.value: l for c, l in CATEGORY_LABELS.items()},
        outcome_labels=OUTCOME_LABELS,
        ground_labels={g.value: l for g, l in GROUND_LABELS.items()},
        topic_labels=_translated(topic_names()),
        received_chart=charts.stacked_bars(data["monthly"]["received"],
                                           [c.value for c in Channel],
                                           _translated(channel_labels), locale=locale),
        outcome_chart=charts.horizontal_bars(data["by_outcome"], _translated(OUTCOME_LABELS)),
        share_chart=charts.share_bars(data["monthly"]["answered"], locale=locale))


def _translated(labels: dict[str, str]) -> dict[str, str]:
    """Labels in the page's language (the charts take them ready to draw; category names an
    admin typed come back as typed)."""
    return {key: _(label) for key, label in labels.items()}


def _export_language():
    """``(tr, locale)`` of a file for people: Ukrainian, or English when ``lang=en`` asks."""
    if request.args.get("lang") != "en":
        return exports.UKRAINIAN, "uk"
    with force_locale("en"):
        return get_translations().gettext, "en"


def _period_name(period: Period) -> str:
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


@bp.route("/report.<fmt>")
@login_required
def report_export(fmt: str):
    clock = Clock.current()
    period = _period_or_flash(clock)
    data = summary(period, clock)
    tr, locale = _export_language()
    name = f"zvit-{_period_name(period)}" + ("-en" if locale == "en" else "")
    if fmt == "csv":
        return Response(exports.report_csv_for_people(data, topic_names(), tr, locale),
                        mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if fmt == "xlsx":
        return Response(exports.report_xlsx(data, topic_names(), tr, locale),
                        mimetype=exports.XLSX,
                        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
    abort(404)




@bp.route("/open-data.<fmt>")
@login_required
def open_data(fmt: str):
    clock = Clock.current()
    data = summary(_period_or_flash(clock), clock)
    if fmt == "json":
        from flask import jsonify
        return jsonify(exports.open_data(data))
    if fmt == "csv":
        return Response(exports.open_data_csv(data), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=open-data.csv"})
    abort(404)


def _journal_filters(args) -> dict:
    out = {"channel": args.get("channel") or None, "status": args.get("status") or None,
           "q": (args.get("q") or "").strip()[:200] or None}
    if out["channel"] not in (None, *[c.value for c in Channel]):
        out["channel"] = None
    if out["status"] not in (None, *[s.value for s in STATUS_LABELS]):
        out["status"] = None
    return out


@bp.route("/journal")
@roles_required(*JOURNAL_ROLES)
def journal():
    clock = Clock.current()
    period = _period_or_flash(clock)
    filters = _journal_filters(request.args)
    page = page_arg(request.args)
    stmt = journal_select(period, **filters)
    from ..extensions import db
    from sqlalchemy import func, select
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.execute(stmt.limit(100).offset((page - 1) * 100)).all()
    _log_journal_read("journal", journal_ids(stmt, limit=100, offset=(page - 1) * 100))
    return render_template("reports/journal.html",
                           rows=[exports._journal_values(r, page_date, _) for r in rows],
                           columns=exports.JOURNAL_COLUMNS, period=period, total=total,
                           page=page, pages=max(1, -(-total // 100)), args=request.args,
                           presets=PRESETS, channel_labels=CHANNEL_LABELS,
                           status_labels=STATUS_LABELS, filters=filters)


def _log_journal_read(action: str, ids: list[int]) -> None:
    """The journal names requesters: one access-log row per page or file, with its ids."""
    from flask_login import current_user

    from ..extensions import db
    from ..register.operations import log_access
    log_access(current_user, action, request_ids=ids, address=request.remote_addr)
    db.session.commit()


@bp.route("/journal.<fmt>")
@roles_required(*JOURNAL_ROLES)
def journal_export(fmt: str):
    clock = Clock.current()
    period = _period_or_flash(clock)
    stmt = journal_select(period, **_journal_filters(request.args))
    tr, locale = _export_language()
    name = f"zhurnal-{_period_name(period)}" + ("-en" if locale == "en" else "")
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _log_journal_read(f"export:{fmt}", journal_ids(stmt))
    if fmt == "csv":
        return Response(stream_with_context(exports.journal_csv(
                            journal_rows(stmt), exports.DELIMITERS[locale], tr, locale)),
                        mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if fmt == "xlsx":
        title = tr(exports.JOURNAL_TITLE) % {"start": exports.day_text(period.start, locale),
                                             "end": exports.day_text(period.end, locale)}
        return Response(exports.journal_xlsx(journal_rows(stmt), title, tr, locale),
                        mimetype=exports.XLSX,
                        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
    abort(404)
