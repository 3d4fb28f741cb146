"""Screens of the activity records: list, record, edit, import with preview, categories."""
from __future__ import annotations

import io

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.access import roles_required
from ..auth.models import Role
from ..core.paging import page_arg
from ..core.errors import DomainError, ErrorCollector
from ..core.models import get_or_raise
from ..web.downloads import safe_filename
from ..web.forms import run_operation
from ..extensions import db
from ..core.validation import clean_date
from . import operations as ops
from . import staging
from .importers.limits import file_too_large
from .forms import ActivityForm, CategoryForm, ImportConfirmForm, ImportUploadForm
from .models import Category, Report
from .queries import ActivityFilters, active_categories, all_programmes, list_activities

bp = Blueprint("activities", __name__, url_prefix="/activities")


def _category_choices():
    return [("", _("— без категорії —"))] + [(c.slug, _(c.name)) for c in active_categories()]


@bp.route("/")
@login_required
def index():
    args = request.args
    errors = ErrorCollector()
    f = ActivityFilters(q=(args.get("q") or "").strip()[:200] or None,
                        category=args.get("category") or None,
                        programme=args.get("programme") or None,
                        period_from=clean_date(errors, "period_from", args.get("period_from"),
                                               required=False),
                        period_to=clean_date(errors, "period_to", args.get("period_to"),
                                             required=False))
    for messages in errors.errors.values():
        for m in messages:
            flash(m, "error")
    f.page = page_arg(args)
    items, total = list_activities(f)
    return render_template("activities/index.html", items=items, total=total, f=f, args=args,
                           pages=max(1, -(-total // f.per_page)),
                           categories=active_categories(), programmes=all_programmes(),
                           can_edit=current_user.role in ops.EDITORS)


@bp.route("/<int:record_id>")
@login_required
def record(record_id: int):
    return render_template("activities/record.html", r=ops.get_record(record_id),
                           can_edit=current_user.role in ops.EDITORS)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ops.EDITORS)
def new():
    form = ActivityForm()
    form.category.choices = _category_choices()
    if form.validate_on_submit():
        ok, rec = run_operation(form, ops.create_record, current_user, form.to_raw())
        if ok:
            flash(_("Запис додано."), "success")
            return redirect(url_for("activities.record", record_id=rec.id))
    return render_template("activities/form.html", form=form, r=None)


@bp.route("/<int:record_id>/edit", methods=["GET", "POST"])
@roles_required(*ops.EDITORS)
def edit(record_id: int):
    rec = ops.get_record(record_id)
    form = ActivityForm(obj=rec)
    form.category.choices = _category_choices()
    if request.method == "GET":
        form.category.data = rec.category.slug if rec.category else ""
        form.programme.data = rec.programme.title if rec.programme else ""
        form.tags.data = ", ".join(rec.tags or [])
        for name in ("planned", "financed", "percent_stated"):
            value = getattr(rec, name)
            getattr(form, name).data = "" if value is None else str(value).replace(".", ",")
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.update_record, current_user, rec, form.to_raw())
        if ok:
            flash(_("Зміни збережено."), "success")
            return redirect(url_for("activities.record", record_id=rec.id))
    return render_template("activities/form.html", form=form, r=rec)


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*ops.EDITORS)
def import_upload():
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        limit = current_app.config["IMPORT_MAX_BYTES"]
        size = _upload_size(upload.stream)
        if size is not None and size > limit:
            # Refused here with the file's real size: the operation sees only what is read
            # (the limit plus a byte), not how large the file is.
            flash(file_too_large(size, limit), "error")
            return render_template("activities/import.html", form=form)
        data = upload.read(limit + 1)
        filename = upload.filename or "report"
        try:
            analysis = ops.analyse_report(data, filename, programme=form.programme.data or None,
                                          period=form.period.data or None)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            token = staging.stage(data)
            confirm = ImportConfirmForm(formdata=None, token=token, filename=filename,
                                        programme=form.programme.data or "",
                                        period=form.period.data or "")
            return render_template("activities/preview.html", a=analysis, confirm=confirm,
                                   categories={c.slug: c.name for c in active_categories()})
    return render_template("activities/import.html", form=form)


def _upload_size(stream) -> int | None:
    """The uploaded file's size in bytes (Werkzeug has spooled it whole), or None when the
    stream cannot tell; the read position is left where it was."""
    try:
        here = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return size - here


@bp.route("/import/confirm", methods=["POST"])
@roles_required(*ops.EDITORS)
def import_confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    data = staging.load(form.token.data)
    if data is None:
        flash(_("Завантажений файл не знайдено (минуло більше доби?): завантажте його ще раз."),
              "error")
        return redirect(url_for("activities.import_upload"))
    ok, result = run_operation(form, ops.import_report, current_user, data, form.filename.data,
                               programme=form.programme.data or None,
                               period=form.period.data or None)
    if not ok:
        return redirect(url_for("activities.import_upload"))
    staging.discard(form.token.data)
    report, analysis = result
    flash(ngettext("Імпортовано звіт «%(title)s», %(period)s: %(num)s захід.",
                   "Імпортовано звіт «%(title)s», %(period)s: %(num)s заходів.",
                   len(analysis.table.records), title=report.programme.title,
                   period=report.period_label), "success")
    return redirect(url_for("activities.index", programme=report.programme_id))


@bp.route("/reports/<int:report_id>/source")
@login_required
def report_source(report_id: int):
    report = get_or_raise(Report, report_id, _("Звіт не знайдено."))
    return send_file(io.BytesIO(report.source_content), download_name=safe_filename(report.source_filename, "report"),
                     as_attachment=True, mimetype="application/octet-stream")


@bp.route("/categories", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def categories():
    form = CategoryForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.save_category, current_user, form.slug.data,
                              form.name.data, form.active.data)
        if ok:
            flash(_("Категорію додано."), "success")
            return redirect(url_for("activities.categories"))
    rows = db.session.scalars(select(Category).order_by(Category.position)).all()
    return render_template("activities/categories.html", form=form, rows=rows)


@bp.route("/categories/<int:category_id>", methods=["POST"])
@roles_required(Role.ADMIN)
def category_edit(category_id: int):
    form = CategoryForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.save_category, current_user, None, form.name.data,
                              form.active.data, category_id=category_id)
        if ok:
            flash(_("Категорію змінено."), "success")
    return redirect(url_for("activities.categories"))
