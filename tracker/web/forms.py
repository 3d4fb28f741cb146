"""Form plumbing shared by the HTML views: the CSRF-only form, the date picker's marker, and
running one operation as one transaction with its errors shown on the form."""
from __future__ import annotations

import datetime as dt

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import DataRequired

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


class DayField(DateField):
    """A date from the date input (YYYY-MM-DD) or typed by hand (DD.MM.YYYY). Empty is no
    date (None), not an error: pass ``required=True`` for «Вкажіть дату.»; a date that
    cannot be read says how to write one."""

    def __init__(self, label=None, validators=None, required: bool = False, **kwargs):
        validators = list(validators or [])
        if required:
            validators.insert(0, DataRequired(_l("Вкажіть дату.")))
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not sent at all: the data given to the form stays
        text = " ".join(valuelist).strip()
        self.data = None
        if not text:
            return
        for fmt in self.strptime_format:
            try:
                self.data = dt.datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        raise ValueError(_("Вкажіть дату у форматі ДД.ММ.РРРР, напр. 31.12.2026."))

    def pre_validate(self, form):
        if self.process_errors:  # the format's message alone, not «Вкажіть дату.» as well
            from wtforms.validators import StopValidation
            raise StopValidation()


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

