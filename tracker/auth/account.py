"""The user's own account pages: change the password, see and revoke one's API tokens."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..web.forms import run_operation
from ..extensions import limiter
from . import operations as ops
from .forms import PasswordChangeForm
from .views import bp, tokens_page


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def password():
    """«Змінити пароль»: the current password is required; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") \
            in request.cookies
        ok, _done = run_operation(form, ops.change_own_password, user,
                                  current=form.current.data, new=form.new.data,
                                  confirm=form.confirm.data)
        if ok:
            # The version went up: this browser gets a new session (and remember cookie).
            login_user(user, remember=remembered)
            flash(_("Пароль змінено. Інші сеанси завершено."), "success")
            return redirect(url_for("register.dashboard"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def my_tokens():
    """The user's own API tokens (list and revoke)."""
    return tokens_page(current_user._get_current_object(), url_for("auth.my_tokens"))
