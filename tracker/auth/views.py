"""Login, logout and the admin's user management."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..core.webutil import run_operation
from ..core.timeutil import fmt_datetime
from ..extensions import db, limiter
from . import operations as ops
from .access import roles_required
from .forms import LoginForm, UserForm
from .models import Role, User

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect a user off the app after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("register.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("register.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = ops.authenticate(form.email.data, form.password.data)
        except ops.AccountLocked as exc:
            db.session.commit()
            flash(f"Обліковий запис тимчасово заблоковано після кількох невдалих спроб: "
                  f"спробуйте після {fmt_datetime(exc.until)}.", "error")
            return render_template("auth/login.html", form=form), 429
        db.session.commit()  # the failed-login counter, or its reset
        if user is None:
            flash("Неправильна адреса або пароль.", "error")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Ви вийшли з системи.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/admin/users")
@roles_required(Role.ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("auth/users.html", users=rows, form=UserForm())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_new():
    form = UserForm()
    if form.validate_on_submit():
        ok, result = run_operation(
            form, ops.create_user, current_user, email=form.email.data, name=form.name.data,
            role=form.role.data, password=form.password.data or None,
            position=form.position.data, phone=form.phone.data)
        if ok:
            user, generated = result
            msg = f"Користувача {user.email} створено."
            if generated:
                msg += f" Тимчасовий пароль: {generated}"
            flash(msg, "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        ok, _done = run_operation(
            form, ops.update_user, current_user, user, name=form.name.data,
            role=form.role.data, position=form.position.data, phone=form.phone.data,
            active=form.active.data, password=form.password.data or None)
        if ok:
            flash("Зміни збережено.", "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


@bp.route("/admin/access-log")
@roles_required(Role.ADMIN)
def access_log():
    """Who opened which requester's data (filter by request or user)."""
    from ..register.models import AccessLog
    stmt = select(AccessLog).order_by(AccessLog.id.desc())
    if request.args.get("request", "").isdigit():
        stmt = stmt.where(AccessLog.request_id == int(request.args["request"]))
    if request.args.get("user", "").isdigit():
        stmt = stmt.where(AccessLog.user_id == int(request.args["user"]))
    rows = db.session.scalars(stmt.limit(500)).all()
    return render_template("auth/access_log.html", rows=rows)
