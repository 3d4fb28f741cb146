"""Every error answer of the app, in one place and through one helper: JSON under /api/,
the error page for people, in their language. Domain errors raised by operations (NotFound,
PermissionDenied, TransitionError …) become their status here, so views need no
``_x_or_404`` helpers."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..core.errors import DomainError, ValidationError
from ..core.i18n import translated
from ..core.sizes import file_size
from ..extensions import db

log = logging.getLogger(__name__)


def answer(message: str | None, code: int, **extra):
    """The same error as JSON for the API and as the error page for people."""
    if request.path.startswith("/api/"):
        return jsonify({"error": message, **extra}), code
    if request.path.startswith("/public/"):  # the public side keeps its own layout
        return render_template("public/error.html", code=code, message=message), code
    return render_template("errors/error.html", code=code, message=message), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        """An operation refused on purpose; whatever it changed is rolled back."""
        db.session.rollback()
        if isinstance(exc, ValidationError) and request.path.startswith("/api/"):
            return jsonify({"errors": exc.errors}), 400
        return answer(translated(exc.message), exc.status)

    @app.errorhandler(DBAPIError)
    def database_unavailable(exc: DBAPIError):
        """The database went away mid-request: the transaction is gone, nothing was saved."""
        log.error("database error on %s %s: %s", request.method, request.path, exc)
        db.session.rollback()
        return answer(_("База даних тимчасово недоступна. Зміни не збережено; спробуйте за "
                        "хвилину."), 503)

    @app.errorhandler(StaleDataError)
    def stale_write(exc: StaleDataError):
        """Two people changed the same request at once: the later write is refused."""
        db.session.rollback()
        return answer(_("Запит щойно змінив інший користувач. Ваші зміни не збережено: оновіть "
                        "сторінку, перегляньте зміни і повторіть дію."), 409)

    @app.errorhandler(429)
    def too_many(exc):
        return answer(_("Забагато спроб. Зачекайте хвилину і спробуйте знову."), 429)

    @app.errorhandler(413)
    def too_large(exc):
        db.session.rollback()
        limit = request.max_content_length or 0  # a view may set its own (public/uploads.py)
        return answer(_("Надіслані дані завеликі: усі файли разом — до %(size)s, полів форми — "
                        "до %(parts)s.", size=file_size(limit),
                        parts=app.config["MAX_FORM_PARTS"]), 413)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        if request.path.startswith("/api/"):
            return answer(exc.description or exc.name, exc.code or 500)
        if exc.code == 400 and "CSRF" in (exc.description or ""):
            # A form left open past its session (or without its token): say what to do.
            return render_template("errors/error.html", code=400,
                                   title=_("Сторінка застаріла"),
                                   message=_("Оновіть сторінку й надішліть ще раз.")), 400
        return answer(None, exc.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        # No stack trace reaches the user; the log keeps it.
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return answer(_("Внутрішня помилка сервера.") if request.path.startswith("/api/") else None,
                      500)
