"""The application factory."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from .extensions import babel, csrf, db, limiter, login, mail, migrate

log = logging.getLogger(__name__)

#: Endpoints anyone may reach without logging in.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "health"})


def create_app(config_object: object | str = "config.Config", **overrides) -> Flask:
    root = Path(__file__).resolve().parent.parent
    from config import INSTANCE_DIR
    app = Flask(__name__, template_folder=str(root / "templates"),
                static_folder=str(root / "static"), instance_relative_config=False,
                instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_object)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Several processes share the file: wait for a writer instead of failing at once.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 30})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    db.init_app(app)
    # SQLite cannot ALTER most things: batch mode recreates tables instead.
    migrate.init_app(app, db, directory=str(root / "migrations"), render_as_batch=True)
    mail.init_app(app)
    # The login check runs before the CSRF check: anonymous users are sent to log in.
    app.before_request(_require_login)
    csrf.init_app(app)
    login.init_app(app)
    from .auth.sessions import load_user
    login.user_loader(load_user)  # checks the session version: logout ends copied cookies
    login.login_view = "auth.login"
    login.login_message = "Увійдіть, щоб продовжити."
    login.login_message_category = "info"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(root / "translations"))
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    # Ids in URLs fit the databases' 64-bit integers; a longer number is simply not found.
    app.url_map.converters["int"] = BoundedInt

    from . import models  # noqa: F401  (every model registered before mappers configure)
    from .activities.views import bp as activities_bp
    from .api import bp as api_bp
    from .auth.views import bp as auth_bp
    from .intake.views import bp as intake_bp
    from .letters.views import bp as letters_bp
    from .reports.views import bp as reports_bp
    from .outbox.views import bp as outbox_bp
    from .reminders.views import bp as reminders_bp
    from .register.views import bp as register_bp
    app.register_blueprint(auth_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(activities_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(api_bp)

    # The outbox tells each area what became of the messages it queued.
    from .letters.delivery import on_outbox_outcome
    from .outbox.delivery import on_outcome
    on_outcome("letter", on_outbox_outcome)

    from .activities.cli import activities_cli
    from .auth.cli import users_cli
    from .intake.cli import intake_cli
    from .reminders.cli import (outbox_cli, reminders_cli, scheduler_command,
                                serve_command)
    from .core.demo import demo_cli
    from .core.maintenance_cli import backup_command, restore_command, retention_command
    from .register.cli import deadline_command
    from .reports.cli import report_command
    app.cli.add_command(users_cli)
    app.cli.add_command(activities_cli)
    app.cli.add_command(intake_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(serve_command)
    app.cli.add_command(demo_cli)
    app.cli.add_command(deadline_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(retention_command)
    app.cli.add_command(report_command)

    _register_web_hooks(app)
    _register_template_helpers(app)
    return app


from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1


class BoundedInt(IntegerConverter):
    """``<int:…>`` that matches only non-negative 64-bit integers."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _select_locale():
    """The user's saved choice, else the session's, else the browser's; Ukrainian by default.
    Outside a request (CLI, jobs: e-mails, letters) always Ukrainian."""
    from flask import has_request_context
    if not has_request_context():
        return "uk"
    if current_user.is_authenticated and getattr(current_user, "locale", None) in ("uk", "en"):
        return current_user.locale
    chosen = session.get("lang")
    if chosen in ("uk", "en"):
        return chosen
    return request.accept_languages.best_match(["uk", "en"]) or "uk"


def _require_login():
    """Login is required everywhere except the public endpoints and the token API."""
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS or request.path.startswith("/api/"):
        return None  # the API checks its own Bearer token
    if not current_user.is_authenticated:
        return login.unauthorized()
    return None


def _register_web_hooks(app: Flask) -> None:
    @app.route("/health")
    def health():
        """Liveness and database check for load balancers; no data in the answer."""
        try:
            db.session.execute(text("SELECT 1"))
            return jsonify({"status": "ok"})
        except Exception:  # noqa: BLE001 — any database failure means "not healthy"
            db.session.rollback()
            return jsonify({"status": "error", "database": "unavailable"}), 503

    @app.route("/lang/<code>", methods=["POST"])
    def set_language(code: str):
        """Switch the interface language; remembered in the session and on the account."""
        from .core.forms import EmptyForm
        if code in ("uk", "en") and EmptyForm().validate_on_submit():
            session["lang"] = code
            if current_user.is_authenticated and current_user.locale != code:
                current_user.locale = code
                db.session.commit()
        target = request.referrer or url_for("register.dashboard")
        return redirect(target if target.startswith(request.host_url) else url_for("register.dashboard"))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm.exc import StaleDataError

    def answer(message: str, code: int):
        """The same error as JSON for the API and as the error page for people."""
        if request.path.startswith("/api/"):
            return jsonify({"error": message}), code
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(DBAPIError)
    def database_unavailable(exc: DBAPIError):
        """The database went away mid-request: the transaction is gone, nothing was saved."""
        log.error("database error on %s %s: %s", request.method, request.path, exc)
        db.session.rollback()
        return answer("База даних тимчасово недоступна. Зміни не збережено; спробуйте за "
                      "хвилину.", 503)

    @app.errorhandler(StaleDataError)
    def stale_write(exc: StaleDataError):
        """Two people changed the same request at once: the later write is refused."""
        db.session.rollback()
        return answer("Запит щойно змінив інший користувач. Ваші зміни не збережено: оновіть "
                      "сторінку, перегляньте зміни і повторіть дію.", 409)

    @app.errorhandler(429)
    def too_many(exc):
        return answer("Забагато спроб. Зачекайте хвилину і спробуйте знову.", 429)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return jsonify({"error": exc.description or exc.name}), exc.code
        if exc.code == 400 and "CSRF" in (exc.description or ""):
            flash("Сторінка застаріла (немає або неправильний CSRF-токен): спробуйте ще раз.",
                  "error")
        return render_template("errors/error.html", code=exc.code), exc.code

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        # No stack trace reaches the user; the log keeps it.
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if request.path.startswith("/api/"):
            return jsonify({"error": "Внутрішня помилка сервера."}), 500
        return render_template("errors/error.html", code=500), 500


def _register_template_helpers(app: Flask) -> None:
    from .core.money import format_money, format_percent
    from .core.timeutil import fmt_date, fmt_datetime
    from .register.labels import (CATEGORY_LABELS, CHANNEL_LABELS, EVENT_LABELS, GENDER_LABELS,
                                  GROUND_LABELS, MISSING_LABELS, REMINDER_LABELS, STATE_LABELS,
                                  STATUS_LABELS, event_details)
    from .outbox.labels import KIND_LABELS as OUTBOX_KIND_LABELS
    from .outbox.labels import STATE_CLASSES as OUTBOX_STATE_CLASSES
    from .outbox.labels import STATE_LABELS as OUTBOX_STATE_LABELS
    from .outbox.labels import STATE_TABS as OUTBOX_STATE_TABS
    from .letters.labels import STATUS_LABELS as LETTER_STATUS_LABELS

    app.add_template_filter(fmt_date, "date")
    app.add_template_filter(fmt_datetime, "datetime")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_percent, "pct")

    from flask_babel import get_locale

    @app.context_processor
    def locale():
        return {"current_locale": lambda: str(get_locale() or "uk")}

    @app.context_processor
    def labels():
        return {"CATEGORY_LABELS": CATEGORY_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
                "GENDER_LABELS": GENDER_LABELS, "GROUND_LABELS": GROUND_LABELS,
                "MISSING_LABELS": MISSING_LABELS, "STATUS_LABELS": STATUS_LABELS,
                "STATE_LABELS": STATE_LABELS, "EVENT_LABELS": EVENT_LABELS,
                "event_details": event_details, "REMINDER_LABELS": REMINDER_LABELS,
                "LETTER_STATUS_LABELS": LETTER_STATUS_LABELS,
                "OUTBOX_STATE_LABELS": OUTBOX_STATE_LABELS, "OUTBOX_STATE_TABS": OUTBOX_STATE_TABS,
                "OUTBOX_STATE_CLASSES": OUTBOX_STATE_CLASSES, "OUTBOX_KIND_LABELS": OUTBOX_KIND_LABELS, "council_name": app.config["COUNCIL_NAME"]}
