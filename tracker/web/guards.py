"""Checks every request passes before any view reads it."""
from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _


def refuse_nul_in_query() -> None:
    """A NUL in a query string («?category=%00») is no value a page or the API takes, and
    PostgreSQL refuses it in a text parameter: a 400 here, not a database error later."""
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400, description=_("Запит містить недопустимий символ (NUL)."))
