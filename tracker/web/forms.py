"""Form plumbing shared by the HTML views: the CSRF-only form, the date picker's marker, and
running one operation as one transaction with its errors shown on the form."""
from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ..core.errors import DomainError, ValidationError


def apply_errors(form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a domain error on the form: field errors next to their fields, the rest flashed."""
    if not isinstance(exc, ValidationError):
        flash(exc.message, "error")
        return
    field_map = field_map or {}
    for key, messages in exc.errors.items():
        name = field_map.get(key, key.replace(".", "_"))
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
        else:
            for m in messages:
                flash(m, "error")
    flash(_("Форму не збережено: виправте позначені поля."), "error")


def run_operation(form, operation, *args, field_map: dict[str, str] | None = None, **kwargs):
    """Run one operation as one transaction: commit it, or roll back and show the error.

    Returns ``(True, result)`` on success, ``(False, None)`` when a domain error was shown.
    """
    from flask import abort

    from ..extensions import db
    from ..core.errors import PermissionDenied
    try:
        result = operation(*args, **kwargs)
        db.session.commit()
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        db.session.rollback()
        apply_errors(form, exc, field_map)
        return False, None
    return True, result


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state (logout, delete)."""


#: render_kw of a date field that gets the working-days picker (static/js/app.js).
WORKDAYS = {"data-workdays": "1"}


def run_button(operation, *args, done: str | None = None):
    """A button that changes state (a form with only the CSRF token): run ``operation`` as
    one transaction; flash ``done`` (already translated) on success, the error otherwise.
    Returns ``(ok, result)``."""
    form = EmptyForm()
    if not form.validate_on_submit():
        return False, None
    ok, result = run_operation(form, operation, *args)
    if ok and done:
        flash(done, "success")
    return ok, result

