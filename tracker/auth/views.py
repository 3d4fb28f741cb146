"""Login, logout and the admin's user management."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, redirect, render_template, request, session,
                   url_for)
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
from .access_labels import ACCESS_ACTIONS, access_action_label
from .forms import (AccessLogFilter, LoginForm, PasswordChangeForm, TokenIssueForm,
                    TokenRevokeForm, UserForm)
from .models import Role, User
from ..core.validation import row_id

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
            chosen = session.pop("lang_at_login", None)  # switched on the login page
            if chosen in ("uk", "en") and user.locale != chosen:
                user.locale = chosen
                db.session.commit()
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
    user = get_or_raise(User, user_id, _("Користувача не знайдено."))
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
    return _user_page(form, user)


def _user_page(form, user: User, new_token: str | None = None, issue_form=None,
               status: int = 200):
    """The user's page: the form, sessions, API tokens (list, revoke, issue), failures."""
    if issue_form is None:
        issue_form = TokenIssueForm(formdata=None, days=current_app.config["API_TOKEN_DAYS"])
    response = current_app.make_response((render_template(
        "auth/user_form.html", form=form, user=user, failures=throttle.addresses_for(user.email),
        tokens=ops.tokens_of(user), now=utcnow(), issue_form=issue_form,
        new_token=new_token), status))
    if new_token:  # shown once: no copy in any cache
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/users/<int:user_id>/tokens/new", methods=["POST"])
@roles_required(Role.ADMIN)
def user_token_new(user_id: int):
    """«Видати токен»: a new API token for the user, shown once on the page that answers."""
    user = get_or_raise(User, user_id, _("Користувача не знайдено."))
    issue_form = TokenIssueForm()
    form = UserForm(formdata=None, obj=user)
    form.role.data = user.role.value
    token = None
    if issue_form.validate_on_submit():
        ok, token = run_operation(issue_form, ops.issue_token, current_user, user,
                                  issue_form.days.data)
        if ok:
            flash(_("Токен видано. Скопіюйте його зараз: більше його не буде показано."),
                  "success")
    return _user_page(form, user, new_token=token, issue_form=issue_form,
                      status=200 if token else 400)


@bp.route("/admin/users/<int:user_id>/sessions", methods=["POST"])
@roles_required(Role.ADMIN)
def user_sessions(user_id: int):
    """«Завершити всі сеанси»: every session and remember cookie of the user stops working."""
    user = get_or_raise(User, user_id, _("Користувача не знайдено."))
    run_button(ops.end_sessions, current_user, user,
               done=_("Усі сеанси користувача %(email)s завершено.", email=user.email))
    return redirect(url_for("auth.user_edit", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/unlock", methods=["POST"])
@roles_required(Role.ADMIN)
def user_unlock(user_id: int):
    """Forget the user's failed logins from every address (as ``flask users unlock``)."""
    user = get_or_raise(User, user_id, _("Користувача не знайдено."))
    run_button(ops.unlock, current_user, user.email,
               done=_("Невдалі спроби входу для %(email)s забуто.", email=user.email))
    return redirect(url_for("auth.user_edit", user_id=user_id))


@bp.route("/admin/users/<int:user_id>/tokens", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_tokens(user_id: int):
    """A user's API tokens; the admin revokes any of them."""
    user = get_or_raise(User, user_id, _("Користувача не знайдено."))
    back = request.form.get("back") == "user"  # revoked from the user's page: back there
    return tokens_page(user, url_for("auth.user_edit", user_id=user.id, _anchor="tokens")
                       if back else url_for("auth.user_tokens", user_id=user.id))


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
    """Who opened which requester's data; the filter form: by request (its number in the
    system or its registration index), by user, by kind of read."""
    from ..register.models import Request
    from ..register.queries import access_log_rows

    form = AccessLogFilter(request.args)
    people = db.session.scalars(select(User).order_by(User.name)).all()
    form.user.choices = [("", _("усі"))] + [(str(u.id), f"{u.name} ({u.email})") for u in people]
    form.action.choices = [("", _("усі"))] + [(a, _(label)) for a, label in ACCESS_ACTIONS.items()]
    wanted = (form.request.data or "").strip()
    request_id, unknown = None, False
    if wanted:
        request_id = row_id(wanted) if row_id(wanted) is not None else db.session.scalar(
            select(Request.id).where(Request.registration_number == wanted))
        unknown = request_id is None
    user = request.args.get("user", "")
    user_id = row_id(user)
    action = form.action.data or None
    rows = [] if unknown else access_log_rows(request_id=request_id, user_id=user_id,
                                              limit=5000 if action else 500)
    if action:
        rows = [r for r in rows if r.action == action][:500]
    return render_template("auth/access_log.html", rows=rows, form=form, unknown=unknown,
                           label=access_action_label)


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
