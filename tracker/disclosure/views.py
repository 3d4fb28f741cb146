"""The disclosure log (/public/answers), the public statistics (/public/statistics), and the
heads' list of published answers with the button that takes one down.

The public pages need no login and no script; they read only the redacted copies and the
open-data figures.
"""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import roles_required
from ..core.errors import ValidationError
from ..core.paging import page_arg
from ..core.timeutil import iso_day
from ..extensions import db
from ..register.models import Channel
from ..register.queries import Clock
from ..reports import charts, exports
from ..reports.labels import CHANNEL_NAMES, OUTCOME_LABELS, figure, month_label
from ..reports.periods import dates_from_args, preset
from ..web.forms import run_operation
from . import operations as ops
from . import queries
from .blocks import blocks
from .forms import UnpublishForm
from .models import PublishedAnswer

bp = Blueprint("disclosure", __name__)


# --- the disclosure log --------------------------------------------------------------------------
def _date_arg(name: str, errors: dict) -> dt.date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return iso_day(raw)
    except ValueError:
        errors[name] = _("Неправильна дата: очікується РРРР-ММ-ДД.")
        return None


def _search_args() -> tuple[queries.AnswerSearch, dict]:
    errors: dict[str, str] = {}
    field = request.args.get("date")
    start, end = _date_arg("from", errors), _date_arg("to", errors)
    if start and end and end < start:
        errors["to"] = _("Кінець періоду раніший за початок.")
    params = queries.AnswerSearch(
        q=(request.args.get("q") or "").strip()[:200] or None,
        date_field=field if field in queries.DATE_FIELDS else "answered",
        start=start, end=end)
    return params, errors


@bp.route("/public/answers")
def answers():
    params, errors = _search_args()
    page = page_arg(request.args)
    rows, total = queries.search(params, page) if not errors else ([], 0)
    pages = max(1, -(-total // queries.PER_PAGE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("disclosure/answers.html", rows=rows, total=total, page=page,
                           pages=pages, params=params, errors=errors, args=args,
                           searched=bool(args))


@bp.route("/public/answers/<int:answer_id>")
def answer(answer_id: int):
    row, received, answered = queries.public_answer(answer_id)
    return render_template("disclosure/answer.html", answer=row, received=received,
                           answered=answered, text_blocks=blocks(row.text))


@bp.route("/public/answers/<int:answer_id>.pdf")
def answer_pdf(answer_id: int):
    """The redacted answer as a PDF, drawn from the redacted text (never the letter's own
    PDF, which names the requester); drawn once, then kept."""
    row, _received, answered = queries.public_answer(answer_id)
    if row.pdf is None:
        from .pdf import redacted_pdf
        row.pdf = redacted_pdf(row, answered)
        db.session.commit()
    return Response(row.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="answer-{row.id}.pdf"'})


# --- the statistics --------------------------------------------------------------------------------
def _period(clock: Clock) -> tuple[dt.date, dt.date, dict]:
    if not any(request.args.get(k) for k in ("from", "to", "preset")):
        start, end = preset("year", clock.today)
        return start, end, {}
    try:
        start, end = dates_from_args(request.args, clock.today)
    except ValidationError as exc:
        start, end = preset("year", clock.today)
        return start, end, {k: v[0] for k, v in exc.errors.items()}
    return start, end, {}


@bp.route("/public/statistics")
def statistics():
    clock = Clock.current()
    start, end, errors = _period(clock)
    data = queries.public_summary(start, end, clock)
    locale = str(get_locale() or "uk")
    channel_labels = {k: _(v) for k, v in CHANNEL_NAMES.items()}
    outcome_labels = {k: _(v) for k, v in OUTCOME_LABELS.items()}
    answered = data["on_time"] + data["late"]
    return render_template(
        "disclosure/statistics.html", data=data, start=start, end=end, errors=errors,
        figure=figure, channel_labels=channel_labels, outcome_labels=outcome_labels,
        month_name=lambda m: month_label(m, locale),
        on_time_share=round(100 * data["on_time"] / answered) if answered else None,
        months=sorted(set(data["monthly"]["received"]) | set(data["monthly"]["answered"])),
        received_chart=charts.stacked_bars(data["monthly"]["received"],
                                           [c.value for c in Channel], channel_labels,
                                           locale=locale),
        outcome_chart=charts.horizontal_bars(data["by_outcome"], outcome_labels),
        share_chart=charts.share_bars(data["monthly"]["answered"], locale=locale),
        presets={"year": _("Цей рік"), "prev_year": _("Минулий рік"),
                 "quarter": _("Цей квартал"), "month": _("Цей місяць")})


@bp.route("/public/statistics.<fmt>")
def statistics_data(fmt: str):
    """The same figures as open data: JSON, or CSV (section, key, value)."""
    clock = Clock.current()
    start, end, errors = _period(clock)
    if errors:
        return jsonify({"errors": errors}), 400
    data = queries.public_summary(start, end, clock)
    if fmt == "json":
        return jsonify(data)
    if fmt == "csv":
        return Response(exports.open_data_csv(data), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename=open-data-{start:%Y%m%d}-{end:%Y%m%d}.csv"})
    abort(404)


# --- heads and admins ------------------------------------------------------------------------------
@bp.route("/disclosure")
@roles_required(*ops.UNPUBLISHERS)
def staff():
    page = page_arg(request.args)
    rows, total = queries.staff_list(page)
    return render_template("disclosure/staff.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // 50)), form=UnpublishForm(formdata=None))


@bp.route("/disclosure/<int:answer_id>/unpublish", methods=["POST"])
@roles_required(*ops.UNPUBLISHERS)
def unpublish(answer_id: int):
    form = UnpublishForm()
    if form.validate_on_submit():
        ok, _row = run_operation(form, ops.unpublish, current_user,
                                 ops.get_published(answer_id), form.reason.data)
        if ok:
            flash(_("Відповідь знято з публікації."), "success")
    return redirect(url_for("disclosure.staff"))


@bp.app_context_processor
def published_answer_of():
    """``published_answer(letter)`` for the letter page: its published copy, if any."""
    def published_answer(letter) -> PublishedAnswer | None:
        if letter is None or letter.kind not in ops.PUBLISHABLE:
            return None
        from sqlalchemy import select
        return db.session.scalar(select(PublishedAnswer)
                                 .where(PublishedAnswer.letter_id == letter.id))
    return {"published_answer": published_answer, "publishable_kinds":
            {k.value for k in ops.PUBLISHABLE}}

