"""Login, logout and the admin's user management."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..core.models import get_or_raise
from ..core.timeutil import utcnow
from ..extensions import db, limiter
from ..web.forms import run_button, run_operation
from . import operations as ops
from . import throttle
from .access import roles_required
from .forms import LoginForm, PasswordChangeForm, TokenRevokeForm, UserForm
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
        user = ops.authenticate(form.email.data, form.password.data, request.remote_addr)
        db.session.commit()  # the failure counter, or its reset
        if user is None:
            # One answer for every failure: no account is told apart, no unlock time given.
            flash(_("Неправильна адреса або пароль, або забагато спроб — спробуйте пізніше."),
                  "error")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends the user's sessions everywhere: a copied session or remember cookie dies too."""
    ops.logout(current_user)
    db.session.commit()
    logout_user()
    flash(_("Ви вийшли з системи."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/admin/users")
@roles_required(Role.ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("auth/users.html", users=rows, form=UserForm(),
                           bursts=throttle.bursts(hours=1))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_new():
    form = UserForm()
    if form.validate_on_submit():
        ok, result = run_operation(
            form, ops.create_user, current_user, email=form.email.data, name=form.name.data,
            role=form.role.data, password=form.password.data or None,
            position=form.position.data, phone=form.phone.data,
            patronymic=form.patronymic.data)
        if ok:
            user, generated = result
            msg = _("Користувача %(email)s створено.", email=user.email)
            if generated:
                msg += " " + _("Тимчасовий пароль: %(password)s", password=generated)
            flash(msg, "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id: int):
    user = get_or_raise(User, user_id, "Користувача не знайдено.")
    form = UserForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        ok, _done = run_operation(
            form, ops.update_user, current_user, user, name=form.name.data,
            role=form.role.data, position=form.position.data, phone=form.phone.data,
            active=form.active.data, password=form.password.data or None,
            patronymic=form.patronymic.data)
        if ok:
            flash(_("Зміни збережено."), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user,
                           failures=throttle.addresses_for(user.email))


@bp.route("/admin/users/<int:user_id>/sessions", methods=["POST"])
@roles_required(Role.ADMIN)
def user_sessions(user_id: int):
    """«Завершити всі сеанси»: every session and remember cookie of the user stops working."""
    user = get_or_raise(User, user_id, "Користувача не знайдено.")
    run_button(ops.end_sessions, current_user, user,
               done=_("Усі сеанси користувача %(email)s завершено.", email=user.email))
    return redirect(url_for("auth.user_edit", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/unlock", methods=["POST"])
@roles_required(Role.ADMIN)
def user_unlock(user_id: int):
    """Forget the user's failed logins from every address (as ``flask users unlock``)."""
    user = get_or_raise(User, user_id, "Користувача не знайдено.")
    run_button(ops.unlock, current_user, user.email,
               done=_("Невдалі спроби входу для %(email)s забуто.", email=user.email))
    return redirect(url_for("auth.user_edit", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/tokens", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_tokens(user_id: int):
    """A user's API tokens; the admin revokes any of them."""
    user = get_or_raise(User, user_id, "Користувача не знайдено.")
    return tokens_page(user, url_for("auth.user_tokens", user_id=user.id))


def tokens_page(owner: User, here: str):
    """The token list of ``owner`` with a «Відкликати» form per token (POST revokes)."""
    form = TokenRevokeForm()
    if request.method == "POST":
        if form.validate_on_submit():
            ok, row = run_operation(form, ops.revoke_token, current_user, form.token_id.data,
                                    owner=owner)
            if ok:
                flash(_("Токен %(prefix)s… відкликано.", prefix=row.prefix), "success")
        else:
            flash(_("Токен не знайдено."), "error")
        return redirect(here)
    return render_template("auth/tokens.html", owner=owner, tokens=ops.tokens_of(owner),
                           now=utcnow())


@bp.route("/admin/access-log")
@roles_required(Role.ADMIN)
def access_log():
    """Who opened which requester's data (filter by request or user)."""
    from ..register.queries import access_log_rows

    def number(name: str) -> int | None:
        value = request.args.get(name, "")
        return int(value) if value.isdigit() and len(value) < 19 else None
    rows = access_log_rows(request_id=number("request"), user_id=number("user"))
    return render_template("auth/access_log.html", rows=rows)


# --- the user's own account ------------------------------------------------------------

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
