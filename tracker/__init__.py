"""The application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from .extensions import babel, csrf, db, limiter, login, mail, migrate
from .web.errors import register_error_handlers
from .web.hooks import register_hooks, require_login, select_locale
from .web.templating import register_template_helpers


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
    from .web.guards import refuse_nul_in_query
    app.before_request(refuse_nul_in_query)
    # The login check runs before the CSRF check: anonymous users are sent to log in.
    app.before_request(require_login)
    csrf.init_app(app)
    login.init_app(app)
    from .auth.sessions import load_user
    login.user_loader(load_user)  # checks the session version: logout ends copied cookies
    login.login_view = "auth.login"
    from .core.i18n import N_
    login.login_message = N_("Увійдіть, щоб продовжити.")
    login.localize_callback = _login_message  # flashed in the reader's language
    login.login_message_category = "info"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(root / "translations"))
    from .web.catalogues import ensure_compiled
    ensure_compiled(root / "translations")
    babel.init_app(app, locale_selector=select_locale)
    import flask_babel
    from .core import i18n  # the pure modules' messages follow the request's locale
    i18n.install(flask_babel.gettext, flask_babel.ngettext)
    limiter.init_app(app)
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    # Ids in URLs fit the databases' 64-bit integers; a longer number is simply not found.
    app.url_map.converters["int"] = BoundedInt

    from . import models  # noqa: F401  (every model registered before mappers configure)
    from .register.settings import parse_martial_law_until
    try:  # a mistyped default must stop the start, not every page that counts a term
        parse_martial_law_until(app.config.get("MARTIAL_LAW_UNTIL"))
    except ValueError as exc:
        raise ValueError(f"MARTIAL_LAW_UNTIL: {exc}") from None
    from .activities.views import bp as activities_bp
    from .api import bp as api_bp
    from .auth.views import bp as auth_bp
    from .intake.views import bp as intake_bp
    from .letters.views import bp as letters_bp
    from .reports.views import bp as reports_bp
    from .outbox.views import bp as outbox_bp
    from .reminders.views import bp as reminders_bp
    from .register.views import bp as register_bp
    from .intake.request_files_views import bp as request_files_bp  # also adds its API route
    app.register_blueprint(request_files_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(activities_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(outbox_bp)
    from .council.views import bp as council_bp
    app.register_blueprint(council_bp)
    from .disclosure.views import bp as disclosure_bp  # /public/answers, /public/statistics
    app.register_blueprint(disclosure_bp)
    app.register_blueprint(api_bp)
    from .public.clerk import bp as public_clerk_bp
    from .public.views import bp as public_bp
    app.register_blueprint(public_bp)
    app.register_blueprint(public_clerk_bp)

    # The outbox tells each area what became of the messages it queued.
    from .letters.delivery import on_outbox_outcome
    from .outbox.delivery import on_outcome
    on_outcome("letter", on_outbox_outcome)

    from .activities.cli import activities_cli
    from .auth.cli import users_cli
    from .intake.cli import intake_cli
    from .reminders.cli import (outbox_cli, reminders_cli, scheduler_command,
                                serve_command)
    from .maintenance.demo import demo_cli
    from .maintenance.cli import backup_command, restore_command, retention_command
    from .register.cli import deadline_command
    from .reports.cli import report_command, reports_cli
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
    app.cli.add_command(reports_cli)
    from .search.cli import search_cli
    app.cli.add_command(search_cli)

    register_hooks(app)
    register_error_handlers(app)
    register_template_helpers(app)
    return app


#: The largest id a table holds: its key is a 32-bit INTEGER on PostgreSQL (a larger value
#: there is an error, not «no such row»).
MAX_ID = 2**31 - 1


class BoundedInt(IntegerConverter):
    """``<int:…>`` that matches only ids a table can hold (else 404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _login_message(text: str) -> str:
    from flask_babel import gettext
    return gettext(text)
