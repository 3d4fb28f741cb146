"""A user's notification settings."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField

from ..core.models import record_event
from ..extensions import db

bp = Blueprint("reminders", __name__)


class NotificationsForm(FlaskForm):
    digest_enabled = BooleanField(_l("Щоденний огляд запитів о 08:30 (робочі дні)"))


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
        flash(_("Налаштування сповіщень збережено."), "success")
        return redirect(url_for("reminders.notifications"))
    return render_template("reminders/notifications.html", form=form)
