"""Every error answer of the app, in one place and through one helper: JSON under /api/,
the Ukrainian error page for people. Domain errors raised by operations (NotFound,
PermissionDenied, TransitionError …) become their status here, so views need no
``_x_or_404`` helpers."""
from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..core.errors import DomainError, ValidationError
from ..extensions import db

log = logging.getLogger(__name__)


def answer(message: str | None, code: int, **extra):
    """The same error as JSON for the API and as the error page for people."""
    if request.path.startswith("/api/"):
        return jsonify({"error": message, **extra}), code
    return render_template("errors/error.html", code=code, message=message), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        """An operation refused on purpose; whatever it changed is rolled back."""
        db.session.rollback()
        if isinstance(exc, ValidationError) and request.path.startswith("/api/"):
            return jsonify({"errors": exc.errors}), 400
        return answer(exc.message, exc.status)

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

    @app.errorhandler(413)
    def too_large(exc):
        db.session.rollback()
        limit = app.config["MAX_CONTENT_LENGTH"] or 0
        size = f"{limit // 1048576} МБ" if limit >= 1048576 else f"{limit // 1024} КБ"
        return answer(f"Надіслані дані завеликі: усі файли разом — до {size}, полів форми — "
                      f"до {app.config['MAX_FORM_PARTS']}.", 413)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        if request.path.startswith("/api/"):
            return answer(exc.description or exc.name, exc.code or 500)
        if exc.code == 400 and "CSRF" in (exc.description or ""):
            flash(_("Сторінка застаріла (немає або неправильний CSRF-токен): спробуйте ще раз."),
                  "error")
        return answer(None, exc.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        # No stack trace reaches the user; the log keeps it.
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return answer("Внутрішня помилка сервера." if request.path.startswith("/api/") else None,
                      500)
