"""The outbox page (admin) and a user's notification settings."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField

from ..auth.access import roles_required
from ..auth.models import Role
from ..core.forms import EmptyForm
from ..core.models import record_event
from ..core.webutil import run_operation
from ..extensions import db
from ..outbox import delivery as ops
from ..outbox.models import OutboxMessage, OutboxState

bp = Blueprint("reminders", __name__)
PAGE = 50


class NotificationsForm(FlaskForm):
    digest_enabled = BooleanField("Щоденний огляд запитів о 08:30 (робочі дні)")


@bp.route("/admin/outbox")
@roles_required(Role.ADMIN)
def outbox():
    state = request.args.get("state") or None
    stmt = select(OutboxMessage)
    if state in {s.value for s in OutboxState}:
        stmt = stmt.where(OutboxMessage.state == OutboxState(state))
    try:
        page = min(max(1, int(request.args.get("page", 1))), 1_000_000)
    except ValueError:
        page = 1
    rows = db.session.scalars(stmt.order_by(OutboxMessage.id.desc()).limit(PAGE)
                              .offset((page - 1) * PAGE)).unique().all()
    counts = dict(db.session.execute(select(OutboxMessage.state, func.count())
                                     .group_by(OutboxMessage.state)).all())
    return render_template("reminders/outbox.html", rows=rows, counts=counts, state=state,
                           page=page, States=OutboxState, form=EmptyForm())


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN)
def retry(message_id: int):
    msg = db.session.get(OutboxMessage, message_id) or abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _done = run_operation(form, ops.retry, current_user, msg)
        if ok:
            flash("Лист знову в черзі: його буде надіслано протягом хвилини.", "success")
    return redirect(url_for("reminders.outbox", state="failed"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    form = NotificationsForm(obj=current_user)
    if form.validate_on_submit():
        before = current_user.digest_enabled
        current_user.digest_enabled = form.digest_enabled.data
        record_event(current_user, "notifications_changed", "user", current_user.id,
                     before={"digest_enabled": before},
                     after={"digest_enabled": current_user.digest_enabled})
        db.session.commit()
        flash("Налаштування сповіщень збережено.", "success")
        return redirect(url_for("reminders.notifications"))
    return render_template("reminders/notifications.html", form=form)
