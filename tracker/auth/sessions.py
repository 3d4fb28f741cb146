"""Revocable sessions: Flask-Login's user loader checks the session version.

The session cookie and the remember cookie both carry ``"<id>:<session_version>"``
(User.get_id). Raising a user's ``session_version`` (logout, password change, deactivation,
the admin's «Завершити всі сеанси», ``flask users logout-all``) makes every cookie issued
before it worthless, even one copied out of a browser: the loader below refuses it.
"""
from __future__ import annotations

from ..core.validation import row_id
from ..extensions import db
from .models import User


def load_user(user_id: str) -> User | None:
    """The active user named by a session or remember cookie of the current version."""
    ident, sep, version = (user_id or "").partition(":")
    if not (sep and row_id(ident) and version.isascii() and version.isdigit()
            and len(version) < 10):
        return None  # also cookies from before session versions: log in again
    user = db.session.get(User, row_id(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
